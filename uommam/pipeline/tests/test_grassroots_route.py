"""A grassroots cell (chi bộ cơ sở) goes from its vote straight to the decision; a cell under a grassroots
committee waits for the committee's resolution (8-KNĐ). Who decides, and the citation, come from the
regulation set in force on the cell's meeting — the deployment's sets when it added some."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from uommam.pipeline import workflow
from uommam.pipeline.stages import Stage

pytestmark = pytest.mark.django_db
MEETING = date(2026, 8, 3)
TODAY = date(2026, 8, 10)

DEPLOYMENT_SETS = """
[[set]]
code = "2026-07"
[set.values]
grassroots_cell_deciding_organ = { value = "Ban Thường vụ Đảng ủy xã", confidence = "C1" }
[set.citations]
admission_route = [{ document = "208-QĐ/TW", point = "3.4", confidence = "C1" }]
"""


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def options(candidate, user):
    return {o.transition.name: o for o in workflow.available_transitions(candidate, user, today=TODAY)}


def test_a_grassroots_cell_is_decided_without_the_committee_resolution(make_candidate, personas) -> None:
    candidate = make_candidate(Stage.VOTED, cell_meeting_on=MEETING)
    route = workflow.admission_route(candidate, MEETING)
    assert not route.needs_committee_resolution
    assert workflow.guard_committee_resolution_first(candidate, {}, TODAY) is None
    reason = workflow.guard_cell_under_grassroots_committee(candidate, {}, TODAY)
    assert reason == (
        "Chi bộ Trường THPT A là chi bộ cơ sở: Ban Thường vụ cấp ủy cấp trên trực tiếp của chi bộ cơ sở quyết định "
        "trực tiếp, không cần nghị quyết của đảng ủy cơ sở (8-KNĐ) (Điều lệ Đảng, Điều 4)."
    )


def test_the_action_panel_offers_the_decision_and_explains_the_missing_resolution(make_candidate, personas) -> None:
    candidate = make_candidate(Stage.VOTED, cell_meeting_on=MEETING)
    panel = options(candidate, personas.user("committee_officer"))
    assert "decide" in panel
    assert "chi bộ cơ sở" in " ".join(panel["record_committee_resolution"].reasons)


def test_a_cell_under_a_grassroots_committee_waits_for_its_resolution(make_candidate, personas) -> None:
    candidate = make_candidate(Stage.VOTED, cell=personas.grassroots_cell, cell_meeting_on=MEETING)
    assert workflow.admission_route(candidate, MEETING).needs_committee_resolution
    assert workflow.guard_cell_under_grassroots_committee(candidate, {}, TODAY) is None
    assert workflow.guard_committee_resolution_first(candidate, {}, TODAY) == (
        "Cần có nghị quyết của Đảng ủy cơ sở G (mẫu 8-KNĐ) trước khi ra quyết định kết nạp."
    )


def test_the_deployments_sets_change_the_deciding_organ_and_its_citation(
    make_candidate, personas, settings, tmp_path
) -> None:
    candidate = make_candidate(Stage.VOTED, cell_meeting_on=MEETING)
    before = workflow.guard_cell_under_grassroots_committee(candidate, {}, TODAY)
    path = tmp_path / "sets.toml"
    path.write_text(DEPLOYMENT_SETS, encoding="utf-8")
    settings.UOMMAM_REGULATION_SETS_FILE = str(path)
    after = workflow.guard_cell_under_grassroots_committee(candidate, {}, TODAY)
    assert "Ban Thường vụ cấp ủy cấp trên trực tiếp của chi bộ cơ sở" in before and "(Điều lệ Đảng, Điều 4)" in before
    assert "Ban Thường vụ Đảng ủy xã quyết định" in after
    assert "(Quy định 208-QĐ/TW, điểm 3.4)" in after
    # A meeting before the deployment's set started keeps the built-in set's values.
    earlier = make_candidate(Stage.VOTED, cell_meeting_on=date(2026, 7, 25), given="Bình")
    assert "(Điều lệ Đảng, Điều 4)" in workflow.guard_cell_under_grassroots_committee(earlier, {}, TODAY)
