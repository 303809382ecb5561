"""The back office (Django admin) keeps the tree consistent and writes the journal like every service."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from uommam.audit.models import AuditEntry
from uommam.orgs.models import OrgUnit, UnitParentPeriod
from uommam.testing.world import World

pytestmark = pytest.mark.django_db


def _unit_form(unit: OrgUnit, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent": unit.parent_id or "",
        "active_from": "",
        "active_until": "",
        "successor": "",
        "superior_committee": unit.superior_committee_id or "",
        "school": unit.school_id or "",
        "place_name": unit.place_name,
        "document_code": unit.document_code,
        "address": "",
        "phone": "",
        "email": "",
        "uses_uommam": "on",
        "parent_periods-TOTAL_FORMS": "0",
        "parent_periods-INITIAL_FORMS": "0",
        "parent_periods-MIN_NUM_FORMS": "0",
        "parent_periods-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_moving_a_school_in_the_admin_moves_its_subtree_and_keeps_the_history(
    world: World, client_for: Callable[[str], Client]
) -> None:
    school = world.units["S-A"]
    url = reverse("admin:orgs_orgunit_change", args=[school.pk])
    response = client_for("admin").post(url, _unit_form(school, parent=world.units["DU-B"].pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    school.refresh_from_db()
    cell = OrgUnit.objects.get(code="CB-S-A")
    assert school.path.startswith(world.units["DU-B"].path) and cell.path.startswith(school.path)
    periods = UnitParentPeriod.objects.filter(unit=school)
    assert [p.parent.code for p in periods] == ["HU-D", "DU-A", "DU-B"]
    assert AuditEntry.objects.filter(model="orgs.OrgUnit", object_pk=str(school.pk), action="update").exists()


def test_admin_edits_of_a_student_are_journalled_with_before_and_after(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = world.students["a"]
    client = client_for("admin")
    url = reverse("admin:people_person_change", args=[person.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        {
            "class_name": "12A9",
            "dob": "17/05/2008",
            "expected_leaving_on": "31/05/2026",
            "youth_union_joined_on": "26/03/2023",
        }
    )
    for inline in ("school_records", "awards"):
        data.update(
            {
                f"{inline}-TOTAL_FORMS": "0",
                f"{inline}-INITIAL_FORMS": "0",
                f"{inline}-MIN_NUM_FORMS": "0",
                f"{inline}-MAX_NUM_FORMS": "1000",
            }
        )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(model="people.Person", object_pk=str(person.pk), action="update", note="admin")
    assert entry.changes["class_name"] == ["12A1", "12A9"]


def test_a_password_hash_never_reaches_the_journal(world: World) -> None:
    from uommam.audit.services import snapshot

    user = world.users["cell_a"]
    before = snapshot(user)
    user.set_password("a-new-long-password-2026")
    assert "password" not in before and "password" not in snapshot(user)
    assert before["username"] == "cell_a"  # the rest of the record is there
