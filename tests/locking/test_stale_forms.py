"""No lost updates: every edit form refuses a save when someone else changed the record after the user
opened it, says what changed, and keeps the user's input. One test per form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from uommam.pipeline.models import DossierItem
from uommam.pipeline.services import candidate_nominate, dossier_item_save
from uommam.reports.models import Target
from uommam.reports.services import target_set
from uommam.testing.world import World

BEFORE = (timezone.now() - dt.timedelta(minutes=5)).isoformat()


def _form_data(client: Client, url: str) -> dict[str, str]:
    form = client.get(url).context["form"]
    return {f.name: f.value() for f in form if f.value() is not None}


def test_student_edit_keeps_input_and_shows_the_other_change(world: World, client_for: Callable[[str], Client]) -> None:
    from uommam.people.services import person_update

    url = reverse("people:edit", args=[world.students["a"].pk])
    client = client_for("cell_a")
    data = _form_data(client, url)
    person_update(person=world.students["a"], data={"class_name": "12A7"}, actor=world.users["province"])
    data.update(class_name="12A3", dob="17/05/2008", notes="Ghi chú của tôi")
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="stale-warning"' in body
    assert "12A7" in body and "Ghi chú của tôi" in body  # their change, and my input
    world.students["a"].refresh_from_db()
    assert world.students["a"].class_name == "12A7"
    assert client.post(url, response.context["form"].data).status_code == 302  # saving again wins knowingly


def test_parental_consent_withdrawal_is_refused_when_stale(world: World, client_for: Callable[[str], Client]) -> None:
    from uommam.people.services import consent_record, consent_withdraw

    consent = consent_record(
        person=world.students["a"],
        actor=world.users["cell_a"],
        data={"given_by": "Ma Văn Cha", "relation": "father", "given_on": dt.date(2025, 9, 1), "scope": "x"},
    )
    consent_withdraw(consent=consent, actor=world.users["province"], on=timezone.localdate())
    response = client_for("cell_a").post(
        reverse("people:consent_withdraw", args=[world.students["a"].pk, consent.pk]), {"version": 1}, follow=True
    )
    assert "Người khác vừa thay đổi" in response.content.decode()


@pytest.fixture
def candidate(world: World):
    return candidate_nominate(
        person=world.students["a"],
        cell=world.units["CB-S-A"],
        proposed_by=world.units["DTN-S-A"],
        school_year="2025-2026",
        actor=world.users["cell_a"],
        on=dt.date(2025, 9, 15),
    )


def test_dossier_item_saved_by_someone_else_since_the_page_was_opened_is_not_overwritten(
    world: World, candidate, client_for: Callable[[str], Client]
) -> None:
    dossier_item_save(
        candidate=candidate, actor=world.users["province"], form="2-KNĐ", status="checked", note="Đã thẩm tra"
    )
    item = DossierItem.objects.get()
    form = item.form
    response = client_for("cell_a").post(
        reverse("pipeline:dossier_save", args=[candidate.pk]),
        {"seen_at": BEFORE, "form": form, "status": "received", "note": "Bản của tôi"},
        follow=True,
    )
    body = response.content.decode()
    item.refresh_from_db()
    assert (item.status, item.note) == ("checked", "Đã thẩm tra")
    assert "Bản của tôi" in body and "Đã thẩm tra" in body


def test_dossier_item_saves_when_nobody_else_changed_it(
    world: World, candidate, client_for: Callable[[str], Client]
) -> None:
    client = client_for("cell_a")
    url = reverse("pipeline:candidate", args=[candidate.pk])
    seen_at = client.get(url).context["dossier_form"]["seen_at"].value()
    form_code = DossierItem._meta.get_field("form").choices[0][0]
    response = client.post(
        reverse("pipeline:dossier_save", args=[candidate.pk]),
        {"seen_at": seen_at, "form": form_code, "status": "received"},
    )
    assert response.status_code == 302 and DossierItem.objects.get().status == "received"


def test_target_changed_by_a_colleague_keeps_my_figures_and_shows_theirs(
    world: World, client_for: Callable[[str], Client]
) -> None:
    unit = world.units["CB-S-A"]  # targets belong to the cell, not the school
    target_set(
        unit=unit, school_year="2025-2026", students_to_class=40, students_to_admit=7, actor=world.users["province"]
    )
    client = client_for("commune_a")
    response = client.post(
        reverse("reports:targets"),
        {
            "seen_at": BEFORE,
            "unit": unit.pk,
            "school_year": "2025-2026",
            "students_to_class": 25,
            "students_to_admit": 3,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "40" in body and 'value="25"' in body
    target = Target.objects.get()
    assert (target.students_to_class, target.students_to_admit) == (40, 7)
    # Saving again, now informed, replaces it.
    again = client.post(reverse("reports:targets"), response.context["form"].data)
    assert again.status_code == 302
    target.refresh_from_db()
    assert target.students_to_class == 25
