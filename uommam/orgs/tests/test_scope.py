"""Who sees which part of the tree, across the 2025 reorganisation."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from uommam.orgs.models import OrgUnit, UnitParentPeriod
from uommam.orgs.scope import get_visible_or_404, visible
from uommam.orgs.services import orgunit_move
from uommam.orgs.tree import subtree_prefixes
from uommam.people.models import Person
from uommam.people.scopes import PERSON_WRITE_ROLES
from uommam.testing.world import World
from uommam.training.models import AwarenessClass

pytestmark = pytest.mark.django_db


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def test_moved_school_keeps_its_history(world: World) -> None:
    school = world.units["S-A"]
    periods = list(UnitParentPeriod.objects.filter(unit=school))
    assert [(p.parent.code, p.valid_until) for p in periods] == [("HU-D", date(2025, 6, 30)), ("DU-A", None)]
    assert school.path.startswith(world.units["DU-A"].path)
    # The school's cell and Youth Union moved with it.
    assert world.units["CB-S-A"].path.startswith(school.path)


def test_closed_district_still_covers_the_schools_it_supervised(world: World) -> None:
    prefixes = subtree_prefixes(world.units["HU-D"])
    assert world.units["S-A"].path in prefixes and world.units["S-B"].path in prefixes
    assert codes(visible(OrgUnit.objects.all(), world.users["district"])) >= {"S-A", "CB-S-A", "S-B", "XA-OLD"}


def test_commune_committee_sees_only_its_own_school(world: World) -> None:
    seen = codes(visible(OrgUnit.objects.all(), world.users["commune_a"]))
    assert {"DU-A", "S-A", "CB-S-A", "DTN-S-A"} <= seen
    assert not seen & {"S-B", "CB-S-B", "HU-D", "TU-T"}


def test_cell_secretary_sees_their_school_and_its_students_only(world: World) -> None:
    user = world.users["cell_a"]
    assert codes(visible(OrgUnit.objects.all(), user)) == {"S-A", "CB-S-A", "DTN-S-A"}
    assert list(visible(Person.objects.all(), user)) == [world.students["a"]]


def test_receiving_officer_sees_no_student_without_a_referral(world: World) -> None:
    assert not visible(Person.objects.all(), world.users["receiver"]).exists()


def test_outside_scope_is_404_and_read_only_is_403(world: World) -> None:
    person = world.students["a"]
    with pytest.raises(Http404):
        get_visible_or_404(Person.objects.all(), world.users["cell_b"], person.pk, write_roles=PERSON_WRITE_ROLES)
    with pytest.raises(PermissionDenied):
        get_visible_or_404(Person.objects.all(), world.users["viewer"], person.pk, write_roles=PERSON_WRITE_ROLES)
    assert get_visible_or_404(Person.objects.all(), world.users["cell_a"], person.pk, write_roles=PERSON_WRITE_ROLES)


def test_garbage_ids_are_404_not_errors(world: World) -> None:
    for bad in ("abc", None, "1; DROP TABLE", -1, 10**12):
        with pytest.raises(Http404):
            get_visible_or_404(Person.objects.all(), world.users["admin"], bad)


def _class_reached_through_two_students(world: World) -> AwarenessClass:
    """Class D, attended by two students of school A: the cell secretary of A reaches it through each."""
    from uommam.testing.world import add_records, student
    from uommam.training.models import Enrolment

    school = world.units["S-A"]
    awareness_class = add_records(world).class_d  # student A of school A attends it
    second = student(school, "Lê", "Thị", "Bình")
    Enrolment.objects.create(
        awareness_class=awareness_class, person=second, enrolled_on=date(2024, 11, 1), school=school
    )
    assert Enrolment.objects.filter(awareness_class=awareness_class, school=school).count() == 2
    return awareness_class


def test_a_record_reached_through_several_rows_of_the_scope_opens_once(world: World) -> None:
    """Two students are two matching rows, and the page still opens the one class, fetched without a
    DISTINCT."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    awareness_class = _class_reached_through_two_students(world)
    user = world.users["cell_a"]
    with CaptureQueriesContext(connection) as queries:
        assert get_visible_or_404(AwarenessClass.objects.all(), user, awareness_class.pk) == awareness_class
    fetch = [q["sql"] for q in queries.captured_queries if "training_awarenessclass" in q["sql"]]
    assert fetch and not any("DISTINCT" in sql for sql in fetch)
    with pytest.raises(Http404):
        get_visible_or_404(AwarenessClass.objects.all(), world.users["cell_b"], awareness_class.pk)


def test_a_list_shows_and_counts_a_record_reached_through_several_rows_once(world: World) -> None:
    """The same class in a list, a count and a grouped count: once each, without a DISTINCT over the
    selected columns (which PostgreSQL plans slowly and which a GROUP BY would not undo)."""
    from django.db.models import Count

    from uommam.orgs.capabilities import READ, permitted

    awareness_class = _class_reached_through_two_students(world)
    user = world.users["cell_a"]
    for listed in (visible(AwarenessClass.objects.all(), user), permitted(AwarenessClass.objects.all(), user, READ)):
        assert list(listed) == [awareness_class]
        assert listed.count() == 1
        grouped = listed.values("organiser").annotate(classes=Count("id")).order_by()
        assert [row["classes"] for row in grouped] == [1]
        assert "DISTINCT" not in str(listed.query)


def test_a_unit_cannot_move_under_itself(world: World) -> None:
    with pytest.raises(ValueError):
        orgunit_move(unit=world.units["DU-A"], new_parent=world.units["S-A"], on=date(2026, 1, 1))


def test_unit_lists_sort_the_vietnamese_way_on_every_database(world: World) -> None:
    from uommam.orgs.models import UnitKind
    from uommam.orgs.services import orgunit_create

    for name in ("Trường THPT Đông Thọ", "Trường THPT Dương Quang", "Trường THPT Ân Thi", "Trường THPT Yên Hoa"):
        orgunit_create(parent=world.units["DU-B"], code=name[-8:], name=name, kind=UnitKind.SCHOOL)
    names = list(OrgUnit.objects.filter(parent=world.units["DU-B"]).order_by("sort_key").values_list("name", flat=True))
    assert names == [
        "Trường THPT Ân Thi",
        "Trường THPT B",
        "Trường THPT Dương Quang",
        "Trường THPT Đông Thọ",
        "Trường THPT Yên Hoa",
    ]
