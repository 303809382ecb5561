"""The demo district: deterministic, idempotent, one login per role."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from uommam.accounts.models import User
from uommam.orgs.models import OrgUnit, Role, UnitKind
from uommam.people.models import Person
from uommam.pipeline.models import CandidateEvent
from uommam.testing.planner import planner_row_estimate


@pytest.mark.django_db
def test_demo_models_chiem_hoa_before_and_after_2025(demo: str) -> None:
    district = OrgUnit.objects.get(code="HU-CHIEMHOA")
    assert str(district.active_until) == "2025-06-30" and district.successor is not None
    assert OrgUnit.objects.filter(kind=UnitKind.LOCALITY, parent=district).count() == 24
    assert OrgUnit.objects.filter(kind=UnitKind.SCHOOL).count() >= 3
    assert OrgUnit.objects.filter(code="THPT-CHIEMHOA", kind=UnitKind.SCHOOL).exists()
    for school in OrgUnit.objects.filter(kind=UnitKind.SCHOOL):
        assert school.school_bodies.filter(kind=UnitKind.CELL).count() == 1
        assert school.school_bodies.filter(kind=UnitKind.YOUTH_UNION).count() == 1
    assert OrgUnit.objects.filter(kind=UnitKind.UNIVERSITY).count() >= 2


@pytest.mark.django_db
def test_demo_students_are_realistic(demo: str) -> None:
    students = Person.objects.all()
    assert 2800 <= students.count() <= 3600
    assert set(students.values_list("cohort", flat=True).distinct()) >= set(range(2019, 2026))
    # Mostly Tày, then Kinh, Dao, Mông (domain.md §9).
    tay, kinh, dao, mong = (students.filter(ethnicity=code).count() for code in ("02", "01", "09", "08"))
    assert tay > kinh > dao > mong > 0


@pytest.mark.django_db
def test_demo_prints_one_login_per_role(demo: str) -> None:
    for role in Role:
        holder = User.objects.filter(role_assignments__role=role).first()
        assert holder is not None, role
        assert holder.username in demo


@pytest.mark.django_db
def test_the_demo_leaves_the_database_planner_the_statistics_of_what_it_loaded(demo: str) -> None:
    # Without them PostgreSQL plans the first dashboards as if the tables were empty (uommam/core/planner.py).
    assert planner_row_estimate("people_person") == Person.objects.count()
    assert planner_row_estimate("pipeline_candidateevent") == CandidateEvent.objects.count()


@pytest.mark.django_db
def test_running_the_demo_again_changes_nothing(demo: str) -> None:
    counts = (OrgUnit.objects.count(), Person.objects.count(), User.objects.count())
    call_command("demo", stdout=StringIO())
    assert (OrgUnit.objects.count(), Person.objects.count(), User.objects.count()) == counts
