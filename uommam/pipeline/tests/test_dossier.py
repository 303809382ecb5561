"""Required forms per route, expiry warnings, introducers with history, helper changes, uploads."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from uommam.orgs.models import Role
from uommam.pipeline import services
from uommam.pipeline.dossier import expiry_warnings, introducer_problems, missing_items, required_forms
from uommam.pipeline.models import (
    Candidate,
    CandidateEvent,
    DossierForm,
    DossierItem,
    EventKind,
    IntroducerAssignment,
    Route,
)
from uommam.pipeline.stages import Stage
from uommam.pipeline.workflow import TransitionError

pytestmark = pytest.mark.django_db


def test_youth_union_route_requires_the_4_knd_and_one_introducer_letter(make_candidate):
    c = make_candidate(Stage.DOSSIER, route=Route.YOUTH_UNION)
    assert set(required_forms(c)) == {"1-KNĐ", "2-KNĐ", "20-KNĐ", "5-KNĐ", "4-KNĐ", "3-KNĐ"}


def test_two_introducer_route_requires_the_3a_knd_and_no_youth_union_resolution(make_candidate):
    c = make_candidate(Stage.DOSSIER, route=Route.TWO_INTRODUCERS)
    assert set(required_forms(c)) == {"1-KNĐ", "2-KNĐ", "20-KNĐ", "5-KNĐ", "3A-KNĐ"}


def test_missing_forms_are_named_in_number_order_in_the_refusal(make_candidate):
    c = make_candidate(Stage.DOSSIER, route=Route.YOUTH_UNION)
    assert missing_items(c) == ["1-KNĐ", "2-KNĐ", "3-KNĐ", "4-KNĐ", "5-KNĐ", "20-KNĐ"]
    assert required_forms(make_candidate(Stage.DOSSIER, route=Route.TWO_INTRODUCERS)) == (
        "1-KNĐ", "2-KNĐ", "3A-KNĐ", "5-KNĐ", "20-KNĐ",
    )  # fmt: skip


def test_every_verification_request_must_come_back(make_candidate, secretary):
    c = make_candidate(Stage.DOSSIER)
    services.dossier_item_save(candidate=c, actor=secretary, form=DossierForm.KND20, subject="Bố", status="checked")
    services.dossier_item_save(candidate=c, actor=secretary, form=DossierForm.KND20, subject="Mẹ", status="missing")
    assert "20-KNĐ" in missing_items(c)
    services.dossier_item_save(candidate=c, actor=secretary, form=DossierForm.KND20, subject="Mẹ", status="received")
    assert "20-KNĐ" not in missing_items(c)


def test_checking_an_item_records_who_and_when_and_a_timeline_event(make_candidate, secretary):
    c = make_candidate(Stage.DOSSIER)
    item = services.dossier_item_save(candidate=c, actor=secretary, form=DossierForm.KND1, status="checked")
    assert item.checked_by == secretary and item.checked_on is not None and item.received_on is not None
    assert CandidateEvent.objects.filter(candidate=c, kind=EventKind.DOSSIER).count() == 1


def test_old_personal_history_is_warned_not_blocked(make_candidate, secretary):
    c = make_candidate(Stage.DOSSIER)
    services.dossier_item_save(
        candidate=c, actor=secretary, form=DossierForm.KND2, status="checked", dated_on=date(2023, 1, 10)
    )
    warnings = expiry_warnings(c, date(2024, 2, 1))
    assert [w.item.form for w in warnings] == ["2-KNĐ"] and warnings[0].expired


def test_introducer_who_joined_the_unit_eleven_months_ago_is_not_yet_eligible(make_candidate, personas):
    c = make_candidate(Stage.DOSSIER)
    IntroducerAssignment.objects.create(candidate=c, member=personas.members["newcomer"], assigned_on=date(2026, 9, 1))
    assert introducer_problems(c, date(2027, 7, 15))
    assert introducer_problems(c, date(2027, 8, 15)) == []


def test_introducer_twelve_months_counts_from_the_student_entering_the_school(make_candidate, make_student, personas):
    # A long-serving teacher only knows a grade-10 student from September of the cohort year.
    c = make_candidate(Stage.DOSSIER, person=make_student(cohort=2023))
    IntroducerAssignment.objects.create(
        candidate=c, member=personas.members["introducer"], assigned_on=date(2024, 1, 1)
    )
    assert introducer_problems(c, date(2024, 8, 31))
    assert introducer_problems(c, date(2024, 9, 1)) == []


def test_replacing_an_introducer_keeps_the_history(make_candidate, personas, secretary):
    c = make_candidate(Stage.DOSSIER)
    first = services.introducer_assign(
        candidate=c, member=personas.members["introducer"], assigned_on=date(2024, 1, 1), actor=secretary
    )
    second = services.introducer_replace(
        assignment=first,
        ended_on=date(2024, 3, 1),
        reason="Chuyển công tác",
        replacement=personas.members["introducer2"],
        actor=secretary,
    )
    assert c.introducers.count() == 2
    first.refresh_from_db()
    assert first.ended_on == date(2024, 3, 1) and second.ended_on is None
    assert CandidateEvent.objects.filter(candidate=c, kind=EventKind.INTRODUCER).count() == 3
    with pytest.raises(TransitionError):
        services.introducer_replace(assignment=first, ended_on=date(2024, 4, 1), reason="x", actor=secretary)


def test_introducer_from_another_cell_is_refused(make_candidate, personas, secretary):
    c = make_candidate(Stage.DOSSIER)
    with pytest.raises(TransitionError):
        services.introducer_assign(
            candidate=c, member=personas.members["sibling"], assigned_on=date(2024, 1, 1), actor=secretary
        )


def test_helper_change_is_an_event_and_refuses_probationary_members(make_candidate, personas, secretary):
    c = make_candidate(Stage.SYMPATHISER, helper=personas.members["helper"])
    services.helper_change(candidate=c, helper=personas.members["introducer"], on=date(2024, 2, 1), actor=secretary)
    c.refresh_from_db()
    assert c.helper == personas.members["introducer"]
    assert CandidateEvent.objects.filter(candidate=c, kind=EventKind.HELPER).exists()
    with pytest.raises(TransitionError):
        services.helper_change(
            candidate=c, helper=personas.members["probationary"], on=date(2024, 2, 1), actor=secretary
        )


def test_upload_keeps_a_safe_file_name_and_is_served_only_in_scope(make_candidate, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    c = make_candidate(Stage.DOSSIER)
    upload = SimpleUploadedFile("../../đơn xin vào Đảng.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client_for(Role.CELL_SECRETARY).post(
        f"/pipeline/{c.pk}/dossier/", {"form": "1-KNĐ", "status": "received", "file": upload}
    )
    assert response.status_code == 302
    item = DossierItem.objects.get(candidate=c)
    assert item.file.name.startswith(f"dossiers/{c.pk}/1-KND-") and item.file.name.endswith(".pdf")
    assert ".." not in item.file.name
    url = f"/pipeline/{c.pk}/dossier/{item.pk}/file/"
    assert client_for(Role.CELL_SECRETARY).get(url).status_code == 200
    assert client_for("sibling").get(url).status_code == 404


def test_upload_with_wrong_content_or_too_large_is_refused(make_candidate, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    c = make_candidate(Stage.DOSSIER)
    client = client_for(Role.CELL_SECRETARY)
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf")
    client.post(f"/pipeline/{c.pk}/dossier/", {"form": "1-KNĐ", "status": "received", "file": fake})
    big = SimpleUploadedFile("scan.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024))
    client.post(f"/pipeline/{c.pk}/dossier/", {"form": "1-KNĐ", "status": "received", "file": big})
    script = SimpleUploadedFile("scan.html", b"<script>")
    client.post(f"/pipeline/{c.pk}/dossier/", {"form": "1-KNĐ", "status": "received", "file": script})
    assert not DossierItem.objects.filter(candidate=c).exists()


def test_the_candidate_page_assigns_and_replaces_introducers_and_changes_the_helper(
    make_candidate, personas, client_for
):
    c = make_candidate(Stage.DOSSIER, helper=personas.members["helper"])
    client = client_for(Role.CELL_SECRETARY)
    introducer, introducer2 = personas.members["introducer"], personas.members["introducer2"]

    response = client.post(f"/pipeline/{c.pk}/introducers/", {"intro-member": introducer.pk, "intro-on": "01/01/2024"})
    assert response.status_code == 302 and response["Location"].endswith("#introducers")
    first = IntroducerAssignment.objects.get(candidate=c)
    assert (first.member, first.assigned_on) == (introducer, date(2024, 1, 1))

    client.post(
        f"/pipeline/{c.pk}/introducers/{first.pk}/replace/",
        {"replace-ended_on": "01/03/2024", "replace-reason": "Chuyển công tác", "replace-replacement": introducer2.pk},
    )
    assert list(c.introducers.order_by("assigned_on").values_list("member", "ended_on")) == [
        (introducer.pk, date(2024, 3, 1)),
        (introducer2.pk, None),
    ]

    client.post(f"/pipeline/{c.pk}/helper/", {"helper-member": introducer.pk, "helper-on": "01/02/2024"})
    c.refresh_from_db()
    assert c.helper == introducer


def test_a_bad_introducer_form_writes_nothing_and_says_why_where_it_was_typed(make_candidate, personas, client_for):
    c = make_candidate(Stage.DOSSIER)
    response = client_for(Role.CELL_SECRETARY).post(
        f"/pipeline/{c.pk}/introducers/",
        {"intro-member": personas.members["introducer"].pk, "intro-on": "31/02/2024"},
    )
    assert not IntroducerAssignment.objects.filter(candidate=c).exists()
    assert response.status_code == 200
    form = response.context["introducer_form"]
    assert form.errors["on"] and form["on"].value() == "31/02/2024"  # what was typed stays, beside its error
    page = response.content.decode()
    assert '<details class="mb-3" open><summary class="btn btn-outline-secondary">Phân công người giới thiệu' in page


def test_a_refused_introducer_says_why_in_the_open_form(make_candidate, personas, client_for):
    c = make_candidate(Stage.DOSSIER)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(Role.CELL_SECRETARY).post(
        f"/pipeline/{c.pk}/introducers/",
        {"intro-member": personas.members["introducer"].pk, "intro-on": f"{tomorrow:%d/%m/%Y}"},
    )
    assert not IntroducerAssignment.objects.filter(candidate=c).exists()
    page = response.content.decode()
    start = page.index('data-testid="introducer-form"')
    assert 'data-testid="form-errors"' in page[start : page.index("</form>", start)]
    assert "không hợp lý" in page[start : page.index("</form>", start)]


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_a_helper_or_introducer_dated_in_the_future_is_refused(make_candidate, personas, secretary, english):
    c = make_candidate(Stage.DOSSIER, helper=personas.members["helper"])
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(TransitionError, match="not plausible"):
        services.helper_change(candidate=c, helper=personas.members["introducer"], on=tomorrow, actor=secretary)
    with pytest.raises(TransitionError, match="not plausible"):
        services.introducer_assign(
            candidate=c, member=personas.members["introducer"], assigned_on=tomorrow, actor=secretary
        )
    assert not c.introducers.exists() and not CandidateEvent.objects.filter(candidate=c).exists()


def test_the_same_helper_or_the_same_introducer_is_not_a_change(make_candidate, personas, secretary, english):
    c = make_candidate(Stage.DOSSIER, helper=personas.members["helper"])
    with pytest.raises(TransitionError, match="already the helper"):
        services.helper_change(candidate=c, helper=personas.members["helper"], on=date(2024, 2, 1), actor=secretary)
    first = services.introducer_assign(
        candidate=c, member=personas.members["introducer"], assigned_on=date(2024, 1, 1), actor=secretary
    )
    with pytest.raises(TransitionError, match="already introduces"):
        services.introducer_replace(
            assignment=first,
            ended_on=date(2024, 3, 1),
            reason="x",
            replacement=personas.members["introducer"],
            actor=secretary,
        )
    first.refresh_from_db()
    assert first.ended_on is None


def test_after_the_cells_vote_the_introducers_are_those_of_the_vote(make_candidate, personas, secretary, english):
    c = make_candidate(Stage.DOSSIER)
    first = services.introducer_assign(
        candidate=c, member=personas.members["introducer"], assigned_on=date(2024, 1, 1), actor=secretary
    )
    Candidate.objects.filter(pk=c.pk).update(stage=Stage.VOTED)
    c.refresh_from_db()
    with pytest.raises(TransitionError, match="The cell has voted"):
        services.introducer_assign(
            candidate=c, member=personas.members["introducer2"], assigned_on=date(2024, 5, 1), actor=secretary
        )
    with pytest.raises(TransitionError, match="The cell has voted"):
        services.introducer_replace(assignment=first, ended_on=date(2024, 5, 1), reason="x", actor=secretary)


def test_an_introducer_assigned_after_the_meeting_did_not_introduce_her_to_it(
    make_candidate, personas, secretary, english
):
    c = make_candidate(Stage.DOSSIER)
    services.introducer_assign(
        candidate=c, member=personas.members["introducer"], assigned_on=date(2024, 6, 1), actor=secretary
    )
    assert introducer_problems(c, date(2024, 6, 1)) == []
    assert any(
        "1 introducer(s) needed for this route, 0 assigned" in p for p in introducer_problems(c, date(2024, 5, 31))
    )
