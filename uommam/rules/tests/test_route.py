"""The admission route of a grassroots cell (chi bộ cơ sở) and of a cell under a grassroots committee."""

from datetime import date

import pytest

from uommam.rules import AdmissionRoute, Citation, admission_route, loader
from uommam.rules.route import AFTER_VOTE_FORMS

UNDER_COMMITTEE_ORGAN = "Ban Thường vụ cấp ủy cấp trên trực tiếp của tổ chức cơ sở đảng"
GRASSROOTS_CELL_ORGAN = "Ban Thường vụ cấp ủy cấp trên trực tiếp của chi bộ cơ sở"


def test_a_grassroots_cell_goes_from_its_resolution_straight_to_the_decision() -> None:
    route = admission_route(grassroots_cell=True, on=date(2025, 9, 15))
    assert route.forms == ("6-KNĐ", "9-KNĐ")
    assert not route.needs_committee_resolution
    assert route.grassroots_cell is True
    assert route.deciding_organ == GRASSROOTS_CELL_ORGAN
    assert route.regulation_set.code == "2025-07"


def test_a_cell_under_a_grassroots_committee_waits_for_its_resolution() -> None:
    route = admission_route(grassroots_cell=False, on=date(2025, 9, 15))
    assert route.forms == ("6-KNĐ", "8-KNĐ", "9-KNĐ")
    assert route.needs_committee_resolution
    assert route.grassroots_cell is False
    assert route.deciding_organ == UNDER_COMMITTEE_ORGAN


def test_the_route_table_differs_only_by_the_committee_resolution() -> None:
    assert set(AFTER_VOTE_FORMS[False]) - set(AFTER_VOTE_FORMS[True]) == {"8-KNĐ"}


@pytest.mark.parametrize("grassroots_cell", [True, False])
def test_the_route_cites_the_charter_and_the_forms_guidance(grassroots_cell: bool) -> None:
    route = admission_route(grassroots_cell=grassroots_cell, on=date(2024, 3, 1))
    assert route.regulation_set.code == "2021"
    assert route.citations == (Citation("Điều lệ Đảng", "Điều 4", "C1"), Citation("12-HD/BTCTW", None, "C1"))


def test_the_provisional_2026_deciding_organ_says_it_is_unverified() -> None:
    before = admission_route(grassroots_cell=False, on=date(2026, 7, 25))
    after = admission_route(grassroots_cell=False, on=date(2026, 7, 26))
    assert before.regulation_set.code == "2026-05"
    assert after.regulation_set.code == "2026-07"
    assert after.deciding.provisional
    assert after.deciding_organ == f"{UNDER_COMMITTEE_ORGAN} — chưa đối chiếu văn bản gốc"
    # The grassroots cell's organ rests on one source but is not awaiting a text: no warning.
    grassroots = admission_route(grassroots_cell=True, on=date(2026, 7, 26))
    assert grassroots.deciding.confidence == "C1"
    assert grassroots.deciding_organ == GRASSROOTS_CELL_ORGAN


DEPLOYMENT = """
[[set]]
code = "2026-07"
[set.values]
grassroots_cell_deciding_organ = { value = "Ban Thường vụ Đảng ủy phường", confidence = "C1" }

[[set]]
code = "2027-01"
valid_from = 2027-01-01
implementing = "300-QĐ/TW"
implementing_issued_on = 2026-12-20
guidance = "02-HD/TW"
guidance_issued_on = 2026-12-25
forms = "12-HD/BTCTW"
[set.values]
grassroots_cell_deciding_organ = { value = "Ban Thường vụ Đảng ủy xã", confidence = "U", provisional = true }
"""


def test_a_deployments_sets_change_the_deciding_organ_from_their_first_day() -> None:
    sets = loader.load_sets(DEPLOYMENT, source="deployment.toml")

    def organ(on: date) -> str:
        return admission_route(grassroots_cell=True, on=on, sets=sets).deciding_organ

    assert organ(date(2026, 7, 25)) == GRASSROOTS_CELL_ORGAN
    assert organ(date(2026, 7, 26)) == "Ban Thường vụ Đảng ủy phường"
    assert organ(date(2026, 12, 31)) == "Ban Thường vụ Đảng ủy phường"
    assert organ(date(2027, 1, 1)) == "Ban Thường vụ Đảng ủy xã — chưa đối chiếu văn bản gốc"
    # The other route keeps the value it inherited.
    other = admission_route(grassroots_cell=False, on=date(2027, 1, 1), sets=sets)
    assert isinstance(other, AdmissionRoute)
    assert other.deciding_organ == f"{UNDER_COMMITTEE_ORGAN} — chưa đối chiếu văn bản gốc"


def test_a_set_without_the_grassroots_cell_organ_is_refused() -> None:
    text = loader.BUILTIN_PATH.read_text(encoding="utf-8")
    broken = "\n".join(line for line in text.splitlines() if not line.startswith("grassroots_cell_deciding_organ"))
    with pytest.raises(loader.RegulationSetError, match="grassroots_cell_deciding_organ is missing"):
        loader.build(loader.parse_toml(broken))
