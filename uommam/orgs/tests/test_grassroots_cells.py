"""Which cells are grassroots cells (chi bộ cơ sở), read from the tree as it stood on a date."""

from __future__ import annotations

from datetime import date

import pytest

from uommam.orgs.authority import is_grassroots_cell_on
from uommam.orgs.models import UnitKind
from uommam.orgs.services import orgunit_create

pytestmark = pytest.mark.django_db


def test_a_school_cell_is_a_grassroots_cell_under_the_district_and_then_under_its_commune(world) -> None:
    cell = world.units["CB-S-A"]
    # Before 01/07/2025 the district committee decided; from that day the commune committee does.
    assert is_grassroots_cell_on(cell, date(2025, 6, 30))
    assert is_grassroots_cell_on(cell, date(2025, 7, 1))
    assert is_grassroots_cell_on(cell, date(2026, 9, 15))


def test_a_cell_under_a_grassroots_committee_is_not_a_grassroots_cell(world) -> None:
    committee = world.units["DU-U-X"]
    cell = orgunit_create(
        parent=committee,
        code="CB-U-X",
        name="Chi bộ Sinh viên",
        kind=UnitKind.CELL,
        superior_committee=committee,
    )
    assert not is_grassroots_cell_on(cell, date(2026, 9, 15))


def test_a_cell_placed_under_a_grassroots_committee_from_a_date_changes_route_on_that_date(world) -> None:
    committee = orgunit_create(
        parent=world.units["DU-A"],
        code="DU-CS-NEW",
        name="Đảng ủy cơ sở Khối trường học",
        kind=UnitKind.GRASSROOTS_COMMITTEE,
        active_from=date(2026, 9, 1),
    )
    cell = world.units["CB-S-A"]
    cell.superior_committee = committee
    cell.save(update_fields=["superior_committee"])
    assert is_grassroots_cell_on(cell, date(2026, 8, 31))  # the committee did not exist yet
    assert not is_grassroots_cell_on(cell, date(2026, 9, 1))
