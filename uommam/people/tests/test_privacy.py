"""Decree 13/2023: masked citizen IDs and relatives by role, parental consent, erasure that keeps statistics."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from uommam.audit.models import AuditEntry
from uommam.people import services
from uommam.people.models import ParentalConsent, Person, SchoolRecord
from uommam.people.privacy import ERASED_NAME, mask_citizen_id
from uommam.testing.world import World, student

FULL_ID = "008308123456"


@pytest.fixture
def family(world: World) -> World:
    services.person_update(
        person=world.students["a"],
        data={"father_name": "Ma Văn Cha", "father_birth_year": 1975, "mother_name": "Hoàng Thị Mẹ"},
        actor=world.users["cell_a"],
    )
    return world


def _detail(client: Client, world: World) -> str:
    return client.get(reverse("people:detail", args=[world.students["a"].pk])).content.decode()


def test_mask_keeps_province_code_and_last_four_digits() -> None:
    assert mask_citizen_id(FULL_ID) == "008•••••3456"
    assert mask_citizen_id("") == "" and mask_citizen_id("12345") == "•••••"


@pytest.mark.parametrize("persona", ["admin", "cell_a", "province", "commune_a"])
def test_dossier_roles_see_the_full_citizen_id_and_relatives(
    family: World, client_for: Callable[[str], Client], persona: str
) -> None:
    body = _detail(client_for(persona), family)
    assert FULL_ID in body and "Ma Văn Cha" in body and "1975" in body


def _found(client: Client, q: str) -> list[int]:
    return [p.pk for p in client.get(reverse("people:list"), {"q": q}).context["page"].object_list]


@pytest.mark.parametrize("persona", ["youth_a", "viewer"])
def test_roles_seeing_masked_ids_cannot_probe_citizen_ids_through_the_search(
    world: World, client_for: Callable[[str], Client], persona: str
) -> None:
    target = world.students["a"]
    Person.objects.filter(pk=target.pk).update(moet_id="4112345678")
    client = client_for(persona)
    for prefix in ("008", "0083081", FULL_ID):
        assert target.pk not in _found(client, prefix)
    assert target.pk in _found(client, "41123")  # the national student ID still finds the student
    assert target.pk in _found(client, target.given_name)


@pytest.mark.parametrize("persona", ["cell_a", "province"])
def test_roles_seeing_full_ids_find_students_by_citizen_id(
    world: World, client_for: Callable[[str], Client], persona: str
) -> None:
    assert world.students["a"].pk in _found(client_for(persona), "0083081")


@pytest.mark.parametrize("persona", ["youth_a", "viewer"])
def test_other_roles_see_a_masked_id_and_no_relatives_anywhere_on_the_page(
    family: World, client_for: Callable[[str], Client], persona: str
) -> None:
    body = _detail(client_for(persona), family)
    assert "008•••••3456" in body and FULL_ID not in body
    assert "Ma Văn Cha" not in body and "Hoàng Thị Mẹ" not in body  # not in the history either


def test_youth_union_secretary_edits_without_seeing_or_blanking_relatives(
    family: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("youth_a")
    url = reverse("people:edit", args=[family.students["a"].pk])
    form = client.get(url).context["form"]
    assert "father_name" not in form.fields and "citizen_id" not in form.fields
    data = {name: field.value() for name, field in ((f.name, f) for f in form) if field.value() is not None}
    data.update(class_name="12A5", dob="17/05/2008")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    person = Person.objects.get(pk=family.students["a"].pk)
    assert (person.class_name, person.father_name, person.citizen_id) == ("12A5", "Ma Văn Cha", FULL_ID)


# --- Consent -----------------------------------------------------------------------------------


def _consent_post(client: Client, world: World, **extra: object):
    data = {
        "given_by": "Ma Văn Cha",
        "relation": "father",
        "given_on": "01/09/2025",
        "scope": "Hồ sơ phát triển đảng viên",
    }
    data.update(extra)
    return client.post(reverse("people:consent_add", args=[world.students["a"].pk]), data)


def test_a_minor_without_consent_is_flagged_until_a_parent_consents(
    world: World, client_for: Callable[[str], Client], settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    person = world.students["a"]
    Person.objects.filter(pk=person.pk).update(dob=date(2010, 3, 1))
    client = client_for("cell_a")
    assert "dưới 18 tuổi" in _detail(client, world)
    scan = SimpleUploadedFile("../../etc/passwd.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    assert _consent_post(client, world, document=scan).status_code == 302
    consent = ParentalConsent.objects.get()
    assert consent.document.name.startswith(f"consents/{person.pk}/") and ".." not in consent.document.name
    assert "dưới 18 tuổi" not in _detail(client, world)
    assert AuditEntry.objects.filter(model="people.ParentalConsent", action="create").exists()


def test_consent_scans_must_be_pdf_or_images(world: World, client_for: Callable[[str], Client]) -> None:
    fake = SimpleUploadedFile("consent.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    _consent_post(client_for("cell_a"), world, document=fake)
    assert not ParentalConsent.objects.exists()


def test_youth_union_secretary_may_not_record_or_see_consents(
    world: World, client_for: Callable[[str], Client]
) -> None:
    assert _consent_post(client_for("youth_a"), world).status_code == 403
    assert 'data-testid="consent"' not in _detail(client_for("youth_a"), world)
    assert _consent_post(client_for("cell_b"), world).status_code == 404


def test_consent_document_asks_for_a_purpose_and_journals_the_download(
    world: World, client_for: Callable[[str], Client], settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = client_for("cell_a")
    _consent_post(client, world, document=SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\nrest"))
    consent = ParentalConsent.objects.get()
    url = reverse("people:consent_document", args=[world.students["a"].pk, consent.pk])
    assert 'name="purpose"' in client.get(url).content.decode()
    response = client.get(url, {"purpose": "filing"})
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert AuditEntry.objects.filter(action="export", object_pk=str(consent.pk)).exists()
    assert client_for("youth_a").get(url, {"purpose": "filing"}).status_code == 403


def test_withdrawing_a_consent_is_recorded_once(world: World, client_for: Callable[[str], Client]) -> None:
    client = client_for("cell_a")
    _consent_post(client, world)
    consent = ParentalConsent.objects.get()
    url = reverse("people:consent_withdraw", args=[world.students["a"].pk, consent.pk])
    assert client.post(url, {"version": consent.version}).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on is not None and consent.version == 2
    client.post(url, {"version": 1})  # a stale second click changes nothing
    consent.refresh_from_db()
    assert consent.version == 2


# --- Erasure -----------------------------------------------------------------------------------


def _statistics() -> list[dict[str, object]]:
    return list(
        Person.objects.values("school_id", "cohort", "sex", "ethnicity", "class_name")
        .annotate(n=Count("pk"))
        .order_by("school_id", "cohort", "sex", "ethnicity", "class_name")
    )


@pytest.fixture
def leavers(family: World, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    Person.objects.filter(pk=family.students["a"].pk).update(left_school_on=date(2019, 6, 1), phone="0912345678")
    student(family.units["S-A"], "Lò", "Văn", "Mới", citizen_id="008208000111", left_school_on=date(2025, 6, 1))
    SchoolRecord.objects.create(
        person=family.students["a"], school_year="2018-2019", grade_level=12, academic_result="gioi", conduct="tot"
    )
    _consent_post_direct(family)
    return family


def _consent_post_direct(world: World) -> None:
    from uommam.people.services import consent_record

    consent_record(
        person=world.students["a"],
        actor=world.users["cell_a"],
        data={
            "given_by": "Ma Văn Cha",
            "relation": "father",
            "given_on": date(2017, 9, 1),
            "scope": "x",
            "document": SimpleUploadedFile("c.pdf", b"%PDF-1.4"),
        },  # fmt: skip
    )


def test_dry_run_lists_and_changes_nothing(leavers: World, settings) -> None:
    settings.UOMMAM_RETENTION_YEARS_AFTER_LEAVING = 5
    out = io.StringIO()
    call_command("erase_personal_data", "--dry-run", stdout=out)
    assert f"#{leavers.students['a'].pk}" in out.getvalue() and "1 student(s) would be erased" in out.getvalue()
    assert Person.objects.get(pk=leavers.students["a"].pk).citizen_id == FULL_ID


def test_erasure_anonymises_and_keeps_the_statistics(
    leavers: World, settings, django_capture_on_commit_callbacks
) -> None:
    settings.UOMMAM_RETENTION_YEARS_AFTER_LEAVING = 5
    before = _statistics()
    consent = ParentalConsent.objects.get()
    scan_path = consent.document.path
    with django_capture_on_commit_callbacks(execute=True):
        call_command("erase_personal_data", "--noinput", stdout=io.StringIO())
    person = Person.objects.get(pk=leavers.students["a"].pk)
    assert person.full_name == ERASED_NAME
    assert (person.citizen_id, person.father_name, person.mother_name, person.phone) == ("", "", "", "")
    assert person.father_birth_year is None and person.dob == date(2008, 1, 1)
    assert person.archived_at is not None
    assert _statistics() == before
    assert SchoolRecord.objects.filter(person=person).exists()
    consent.refresh_from_db()
    assert consent.given_by == ERASED_NAME and not consent.document
    # Nothing of the old values remains in the journal.
    journal = " ".join(f"{e.object_repr} {e.changes}" for e in AuditEntry.objects.all())
    assert "Ma Văn Cha" not in journal and "Ánh" not in journal and FULL_ID not in journal
    assert AuditEntry.objects.filter(object_pk=str(person.pk), note__startswith="erase_personal_data").exists()
    # The recent leaver is untouched; running again erases nobody.
    assert Person.objects.filter(citizen_id="008208000111").exists()
    out = io.StringIO()
    call_command("erase_personal_data", "--no-input", stdout=out)
    assert "0 student(s) erased" in out.getvalue()
    assert not Path(scan_path).exists()


def test_erasure_of_one_person_on_request(leavers: World) -> None:
    target = Person.objects.get(citizen_id="008208000111")
    call_command("erase_personal_data", "--person", str(target.pk), "--noinput", stdout=io.StringIO())
    assert Person.objects.get(pk=target.pk).full_name == ERASED_NAME
    with pytest.raises(CommandError):
        call_command("erase_personal_data", "--person", "999999")
    with pytest.raises(CommandError):
        call_command("erase_personal_data", "--before", "31/02/2020")


def test_erasure_before_a_date(leavers: World) -> None:
    out = io.StringIO()
    call_command("erase_personal_data", "--before", "01/01/2026", "--noinput", stdout=out)
    assert "2 student(s) erased" in out.getvalue()


def test_erasure_asks_first_and_changes_nothing_without_a_yes(leavers: World, monkeypatch) -> None:
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "no")
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("erase_personal_data", "--before", "01/01/2026", stdout=io.StringIO())
    assert "2 student(s) will be anonymised" in asked[0]
    assert not Person.objects.filter(full_name=ERASED_NAME).exists()
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    call_command("erase_personal_data", "--before", "01/01/2026", stdout=io.StringIO())
    assert Person.objects.filter(full_name=ERASED_NAME).count() == 2


def test_the_erasure_command_asks_first_unless_told_noinput(leavers: World, monkeypatch: pytest.MonkeyPatch) -> None:
    target = Person.objects.get(citizen_id="008208000111")
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError):
        call_command("erase_personal_data", "--person", str(target.pk), stdout=io.StringIO())
    assert Person.objects.get(pk=target.pk).full_name != ERASED_NAME
    call_command("erase_personal_data", "--no-input", "--person", str(target.pk), stdout=io.StringIO())
    assert Person.objects.get(pk=target.pk).full_name == ERASED_NAME
