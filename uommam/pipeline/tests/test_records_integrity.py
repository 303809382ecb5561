"""Records an organisation department can sign: each refusal through the pages, with the same act
done right succeeding (authority on the date, time order, failed votes, voiding a step)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from uommam.core.integrity import RecordRefused
from uommam.orgs import authority
from uommam.pipeline import services, workflow
from uommam.pipeline.models import Candidate, CandidateEvent, DossierForm, DossierItem, EventKind
from uommam.pipeline.stages import Stage
from uommam.testing.world import World

TODAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 11, 30), tick=False), translation.override("en"):
        yield


def _client(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def _candidate(world: World, stage: str, **fields) -> Candidate:
    values = {
        "person": world.students["a"],
        "cell": world.units["CB-S-A"],
        "stage": stage,
        "helper": world.members["a"],
        "certificate_number": "GCN-01",
        "certificate_issued_on": date(2025, 11, 20),
    }
    values.update(fields)
    return Candidate.objects.create(**values)


def _uncertified(world: World, stage: str, **fields) -> Candidate:
    """A candidacy before its certificate (on the list or in the class)."""
    return _candidate(world, stage, certificate_number="", certificate_issued_on=None, **fields)


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


# --- Authority on the date ------------------------------------------------------------------------


def test_the_deciding_committee_is_the_one_in_force_on_the_date(world):
    cell = world.units["CB-S-A"]
    assert authority.deciding_committee_on(cell, date(2024, 5, 1)) == world.units["HU-D"]
    assert authority.deciding_committee_on(cell, date(2026, 11, 25)) == world.units["DU-A"]


def test_a_decision_in_the_name_of_a_dissolved_committee_is_refused_and_the_successor_succeeds(world):
    voted = _candidate(world, Stage.VOTED, cell_meeting_on=date(2026, 10, 1), votes_for=10, official_members_count=12)
    client = _client(world, "commune_a")
    url = reverse("pipeline:transition", args=[voted.pk, "decide"])
    data = {"decide-decision_number": "12-QĐ/HU", "decide-decision_on": "25/11/2026"}

    with pytest.raises(workflow.TransitionError) as refused:
        workflow.perform(
            voted,
            "decide",
            actor=world.users["commune_a"],
            data={
                "decision_number": "12-QĐ/HU",
                "decision_on": date(2026, 11, 25),
                "decision_body": world.units["HU-D"],
            },
        )
    assert "Huyện ủy Thử nghiệm" in refused.value.reasons[0] and "30/06/2025" in refused.value.reasons[0]
    # The form offers only the committee in force, so the page cannot name the dissolved one either.
    refused_page = client.post(url, {**data, "decide-decision_body": world.units["HU-D"].pk})
    assert Candidate.objects.get(pk=voted.pk).stage == Stage.VOTED
    assert refused_page.status_code == 200

    done = client.post(url, {**data, "decide-decision_body": world.units["DU-A"].pk})
    assert done.status_code == 302
    decided = Candidate.objects.get(pk=voted.pk)
    assert decided.stage == Stage.DECIDED and decided.decision_body == world.units["DU-A"]


def test_a_decision_by_another_committee_is_refused_and_left_empty_it_names_the_one_in_force(world):
    voted = _candidate(world, Stage.VOTED, cell_meeting_on=date(2026, 10, 1), votes_for=10, official_members_count=12)
    with pytest.raises(workflow.TransitionError) as refused:
        workflow.perform(
            voted,
            "decide",
            actor=world.users["province"],
            data={"decision_number": "1", "decision_on": date(2026, 11, 25), "decision_body": world.units["DU-U-X"]},
        )
    assert "Đảng ủy Trường Đại học X" in refused.value.reasons[0]
    decided = workflow.perform(
        voted, "decide", actor=world.users["province"], data={"decision_number": "1", "decision_on": date(2026, 11, 25)}
    )
    assert decided.decision_body == world.units["DU-A"]


def test_the_decision_form_offers_only_the_committee_in_force_and_preselects_it(world):
    voted = _candidate(world, Stage.VOTED, cell_meeting_on=date(2026, 10, 1), votes_for=10, official_members_count=12)
    from uommam.pipeline.forms import DecisionForm

    form = DecisionForm(candidate=voted, prefix="decide")
    assert list(form.fields["decision_body"].queryset) == [world.units["DU-A"]]
    assert form.fields["decision_body"].initial == world.units["DU-A"].pk


def _probationary(world: World) -> Candidate:
    return _candidate(
        world,
        Stage.PROBATIONARY,
        cell_meeting_on=date(2025, 3, 1),
        decision_on=date(2025, 4, 1),
        decision_body=world.units["HU-D"],
        ceremony_on=date(2025, 5, 1),
        theory_course_completed_on=date(2025, 9, 1),
        certificate_issued_on=date(2024, 11, 20),
    )


def test_a_recognition_signed_by_a_dissolved_committee_is_refused_and_the_one_in_force_is_stored_and_printed(world):
    probationary = _probationary(world)
    data = {
        "official_meeting_on": date(2026, 11, 20),
        "official_members_at_review": 12,
        "official_votes_for": 11,
        "official_decision_number": "30-QĐ/ĐU",
        "official_decision_on": date(2026, 11, 25),
    }
    with pytest.raises(workflow.TransitionError) as refused:
        workflow.perform(
            probationary,
            "recognise_official",
            actor=world.users["commune_a"],
            data={**data, "official_decision_body": world.units["HU-D"]},
        )
    assert "Huyện ủy Thử nghiệm" in refused.value.reasons[0] and "30/06/2025" in refused.value.reasons[0]
    assert Candidate.objects.get(pk=probationary.pk).stage == Stage.PROBATIONARY

    client = _client(world, "commune_a")
    url = reverse("pipeline:transition", args=[probationary.pk, "recognise_official"])
    form = {
        "recognise_official-official_meeting_on": "20/11/2026",
        "recognise_official-official_members_at_review": "12",
        "recognise_official-official_votes_for": "11",
        "recognise_official-official_decision_number": "30-QĐ/ĐU",
        "recognise_official-official_decision_on": "25/11/2026",
    }
    # The form offers only the committee in force: the dissolved one cannot be named on the page either.
    assert (
        client.post(url, {**form, "recognise_official-official_decision_body": world.units["HU-D"].pk}).status_code
        == 200
    )
    assert Candidate.objects.get(pk=probationary.pk).stage == Stage.PROBATIONARY

    done = client.post(url, {**form, "recognise_official-official_decision_body": world.units["DU-A"].pk})
    assert done.status_code == 302
    official = Candidate.objects.get(pk=probationary.pk)
    assert official.stage == Stage.OFFICIAL and official.official_decision_body == world.units["DU-A"]
    page = client.get(reverse("pipeline:candidate", args=[official.pk])).content.decode()
    assert "30-QĐ/ĐU, 25/11/2026, Đảng ủy xã An" in page


def test_a_recognition_dated_before_the_reorganisation_left_empty_names_the_district_then_in_force(world):
    probationary = _candidate(
        world,
        Stage.PROBATIONARY,
        cell_meeting_on=date(2024, 1, 10),
        decision_on=date(2024, 2, 1),
        decision_body=world.units["HU-D"],
        ceremony_on=date(2024, 3, 1),
        theory_course_completed_on=date(2024, 6, 1),
        certificate_issued_on=date(2023, 11, 20),
    )
    official = workflow.perform(
        probationary,
        "recognise_official",
        actor=world.users["province"],
        data={
            "official_meeting_on": date(2025, 3, 5),
            "official_members_at_review": 9,
            "official_votes_for": 9,
            "official_decision_on": date(2025, 3, 20),
        },
    )
    assert official.official_decision_body == world.units["HU-D"]


# --- Time order -----------------------------------------------------------------------------------


def test_a_step_dated_in_year_one_is_refused_and_a_real_date_succeeds(world):
    in_class = _uncertified(world, Stage.IN_CLASS)
    client = _client(world, "cell_a")
    url = reverse("pipeline:transition", args=[in_class.pk, "fail_class"])
    refused = client.post(url, {"fail_class-effective_on": "01/01/0001"})
    assert refused.status_code == 200
    assert Candidate.objects.get(pk=in_class.pk).stage == Stage.IN_CLASS
    assert not CandidateEvent.objects.filter(candidate=in_class).exists()

    done = client.post(url, {"fail_class-effective_on": "20/11/2026"})
    assert done.status_code == 302
    assert Candidate.objects.get(pk=in_class.pk).stage == Stage.SYMPATHISER


def test_a_dossier_document_from_the_future_or_received_before_it_was_written_is_refused(world):
    dossier = _candidate(world, Stage.DOSSIER)
    client = _client(world, "cell_a")
    url = reverse("pipeline:dossier_save", args=[dossier.pk])
    future = client.post(
        url, {"form": DossierForm.KND1, "status": "received", "dated_on": "01/10/2030", "received_on": "02/10/2030"}
    )
    assert future.status_code == 200 and future.context["dossier_form"].errors["dated_on"]
    assert not DossierItem.objects.filter(candidate=dossier).exists()
    backwards = client.post(
        url, {"form": DossierForm.KND1, "status": "received", "dated_on": "20/11/2026", "received_on": "10/11/2026"}
    )
    # Shown again with the form open and the reason in it, naming both dates; nothing written.
    reasons = " ".join(backwards.context["dossier_form"].non_field_errors())
    assert backwards.status_code == 200 and "20/11/2026" in reasons and "10/11/2026" in reasons
    assert 'data-testid="form-errors"' in backwards.content.decode()
    assert not DossierItem.objects.filter(candidate=dossier).exists()

    client.post(
        url, {"form": DossierForm.KND1, "status": "received", "dated_on": "10/11/2026", "received_on": "20/11/2026"}
    )
    item = DossierItem.objects.get(candidate=dossier)
    assert (item.dated_on, item.received_on) == (date(2026, 11, 10), date(2026, 11, 20))


def test_the_dossier_refusal_names_both_dates(world):
    from uommam.pipeline.services import RecordRefused, dossier_item_save

    dossier = _candidate(world, Stage.DOSSIER)
    with pytest.raises(RecordRefused) as refused:
        dossier_item_save(
            candidate=dossier,
            actor=world.users["cell_a"],
            form=DossierForm.KND1,
            status="received",
            dated_on=date(2026, 11, 20),
            received_on=date(2026, 11, 10),
        )
    assert "20/11/2026" in refused.value.reasons[0] and "10/11/2026" in refused.value.reasons[0]


# --- A failed vote ---------------------------------------------------------------------------------


def test_a_failed_vote_is_recorded_and_the_student_stays_a_sympathiser(world):
    dossier = _candidate(world, Stage.DOSSIER)
    client = _client(world, "cell_a")
    url = reverse("pipeline:transition", args=[dossier.pk, "record_failed_vote"])
    approved = {
        "record_failed_vote-cell_meeting_on": "20/11/2026",
        "record_failed_vote-official_members_count": "15",
        "record_failed_vote-votes_for": "12",
    }
    refused = client.post(url, approved)  # two thirds reached: not a failed vote
    assert refused.status_code == 200
    assert Candidate.objects.get(pk=dossier.pk).stage == Stage.DOSSIER

    done = client.post(url, {**approved, "record_failed_vote-votes_for": "5"})
    assert done.status_code == 302
    candidate = Candidate.objects.get(pk=dossier.pk)
    assert candidate.stage == Stage.CERTIFIED and candidate.stage_since == date(2026, 11, 20)
    event = CandidateEvent.objects.get(candidate=candidate, transition="record_failed_vote")
    assert event.data["votes_for"] == 5 and event.data["official_members_count"] == 15


# --- Voiding a step ---------------------------------------------------------------------------------


def test_voiding_a_step_needs_a_reason_keeps_the_original_and_restores_the_stage(world):
    voted = _candidate(world, Stage.VOTED, cell_meeting_on=date(2026, 10, 1), votes_for=10, official_members_count=12)
    decided = workflow.perform(
        voted,
        "decide",
        actor=world.users["commune_a"],
        data={"decision_number": "12-QĐ/ĐU", "decision_on": date(2026, 11, 2)},
    )
    client = _client(world, "commune_a")
    page = client.get(reverse("pipeline:candidate", args=[decided.pk]))
    assert page.context["void_step"].name == "decide"
    url = reverse("pipeline:void_step", args=[decided.pk])

    client.post(url, {"reason": "  "})
    assert Candidate.objects.get(pk=decided.pk).stage == Stage.DECIDED

    client.post(url, {"reason": "Sai số quyết định"})
    restored = Candidate.objects.get(pk=decided.pk)
    assert restored.stage == Stage.VOTED
    assert restored.decision_number == "" and restored.decision_on is None and restored.decision_body is None
    original = CandidateEvent.objects.get(candidate=restored, transition="decide", kind=EventKind.TRANSITION)
    void = CandidateEvent.objects.get(candidate=restored, kind=EventKind.VOID)
    assert void.data["voids"] == original.pk and void.to_stage == ""
    # Nothing is left to void: the voided step is not the latest in force, on the page or asked directly.
    assert workflow.last_step(restored) is None
    assert client.get(reverse("pipeline:candidate", args=[decided.pk])).context["void_step"] is None
    # Corrected: the step is taken again with the right values, and it is the one the page offers to void.
    again = workflow.perform(
        restored,
        "decide",
        actor=world.users["commune_a"],
        data={"decision_number": "13-QĐ/ĐU", "decision_on": date(2026, 11, 3)},
    )
    assert again.stage == Stage.DECIDED and again.decision_number == "13-QĐ/ĐU"
    latest = workflow.last_step(again)
    assert latest is not None and latest.pk > original.pk and latest.data["decision_number"] == "13-QĐ/ĐU"
    assert client.get(reverse("pipeline:candidate", args=[decided.pk])).context["void_step"].name == "decide"


def test_only_those_who_may_take_a_step_may_void_it(world):
    voted = _candidate(world, Stage.VOTED, cell_meeting_on=date(2026, 10, 1), votes_for=10, official_members_count=12)
    decided = workflow.perform(
        voted, "decide", actor=world.users["commune_a"], data={"decision_number": "1", "decision_on": date(2026, 11, 2)}
    )
    response = _client(world, "cell_a").post(reverse("pipeline:void_step", args=[decided.pk]), {"reason": "x"})
    assert response.status_code == 403
    assert Candidate.objects.get(pk=decided.pk).stage == Stage.DECIDED


def test_a_voided_decision_is_not_counted_by_reports_from_the_day_it_was_voided(world):
    from uommam.reports.funnel import compute_funnel

    voted = _candidate(world, Stage.VOTED, cell_meeting_on=date(2026, 10, 1), votes_for=10, official_members_count=12)
    with time_machine.travel(date(2026, 11, 2), tick=False):
        decided = workflow.perform(
            voted,
            "decide",
            actor=world.users["commune_a"],
            data={"decision_number": "12-QĐ/ĐU", "decision_on": date(2026, 11, 2)},
        )
    period = {"unit": world.units["CB-S-A"], "date_from": date(2026, 9, 1), "date_to": TODAY}
    assert compute_funnel(**period).stages["admitted"] == 1

    workflow.void_last_step(decided, actor=world.users["commune_a"], reason="Sai số quyết định")
    assert compute_funnel(**period).stages["admitted"] == 0
    # Reproduced as it was recorded before the void, the report still shows the decision it showed then.
    assert compute_funnel(**period, recorded_on=date(2026, 11, 29)).stages["admitted"] == 1


# --- A step follows the one before it -------------------------------------------------------------


def test_a_vote_dated_before_the_dossier_was_opened_is_refused_and_nothing_is_written(world):
    dossier = _candidate(world, Stage.DOSSIER, stage_since=date(2026, 10, 13))
    client = _client(world, "cell_a")
    url = reverse("pipeline:transition", args=[dossier.pk, "record_failed_vote"])
    refused = client.post(
        url,
        {
            "record_failed_vote-cell_meeting_on": "01/01/2020",
            "record_failed_vote-official_members_count": "12",
            "record_failed_vote-votes_for": "3",
        },
    )
    assert refused.status_code == 200
    assert "trước ngày 13/10/2026, ngày quần chúng chuyển sang giai đoạn" in refused.content.decode()
    assert Candidate.objects.get(pk=dossier.pk).stage == Stage.DOSSIER
    assert not CandidateEvent.objects.filter(candidate=dossier).exists()


def test_a_listing_dated_before_the_proposal_is_refused(world):
    proposed = _candidate(world, Stage.IDENTIFIED, stage_since=date(2026, 10, 14), helper=None)
    with pytest.raises(workflow.TransitionError, match="before 14/10/2026"):
        workflow.perform(
            proposed,
            "accept_sympathiser",
            actor=world.users["cell_a"],
            data={"helper": world.members["a"], "effective_on": date(2020, 1, 1)},
        )
    listed = workflow.perform(
        proposed,
        "accept_sympathiser",
        actor=world.users["cell_a"],
        data={"helper": world.members["a"], "effective_on": date(2026, 10, 14)},
    )
    assert listed.stage == Stage.SYMPATHISER and listed.stage_since == date(2026, 10, 14)


def test_a_certificate_older_than_the_listing_is_taken_but_not_one_older_than_the_class_she_attends(world):
    listed = _uncertified(world, Stage.SYMPATHISER, stage_since=date(2026, 10, 1))
    data = {"certificate_number": "GCN-7", "certificate_issued_on": date(2025, 5, 20)}
    assert workflow.perform(listed, "certify", actor=world.users["cell_a"], data=data).stage == Stage.CERTIFIED
    in_class = _uncertified(world, Stage.IN_CLASS, person=world.students["b"], stage_since=date(2026, 11, 15))
    with pytest.raises(workflow.TransitionError, match="before 15/11/2026"):
        workflow.perform(in_class, "certify", actor=world.users["cell_a"], data={**data, "certificate_number": "GCN-8"})


def test_voiding_the_first_step_gives_back_the_day_the_candidacy_was_in_its_stage_since(world):
    proposed = _candidate(world, Stage.IDENTIFIED, stage_since=date(2026, 10, 14), helper=None)
    listed = workflow.perform(
        proposed,
        "accept_sympathiser",
        actor=world.users["cell_a"],
        data={"helper": world.members["a"], "effective_on": date(2026, 11, 2)},
    )
    assert listed.stage_since == date(2026, 11, 2)
    restored = workflow.void_last_step(listed, actor=world.users["cell_a"], reason="Ghi nhầm ngày")
    assert (restored.stage, restored.stage_since) == (Stage.IDENTIFIED, date(2026, 10, 14))


def test_a_meeting_before_the_certificate_was_issued_says_so_not_that_it_expired(world):
    dossier = _candidate(world, Stage.DOSSIER, certificate_issued_on=date(2026, 3, 20))
    reason = workflow.guard_certificate_valid_at_meeting(dossier, {"cell_meeting_on": date(2026, 3, 15)}, TODAY)
    assert reason == "The certificate was issued on 20/03/2026, after 15/03/2026: it did not exist yet that day."


def test_a_certificate_number_another_student_holds_is_refused(world):
    _candidate(world, Stage.CERTIFIED, certificate_number="TCT-03-2026/001")
    listed = _uncertified(world, Stage.SYMPATHISER, person=world.students["b"], stage_since=date(2026, 10, 1))
    data = {"certificate_number": "tct-03-2026/001", "certificate_issued_on": date(2026, 3, 20)}
    with pytest.raises(workflow.TransitionError, match="already"):
        workflow.perform(listed, "certify", actor=world.users["cell_a"], data=data)
    assert Candidate.objects.get(pk=listed.pk).stage == Stage.SYMPATHISER
    data["certificate_number"] = "TCT-03-2026/002"
    assert workflow.perform(listed, "certify", actor=world.users["cell_a"], data=data).stage == Stage.CERTIFIED


def test_every_path_that_records_a_verification_names_the_relative(world):
    dossier = _candidate(world, Stage.DOSSIER)
    with pytest.raises(RecordRefused, match="Name the relative"):
        services.dossier_item_save(
            candidate=dossier, actor=world.users["cell_a"], form=DossierForm.KND20, status="received"
        )
    assert not DossierItem.objects.filter(candidate=dossier).exists()
    services.dossier_item_save(
        candidate=dossier,
        actor=world.users["cell_a"],
        form=DossierForm.KND20,
        subject="Bố: Ma Văn A",
        status="received",
    )
    assert DossierItem.objects.get(candidate=dossier).subject == "Bố: Ma Văn A"


def test_a_step_taken_meanwhile_in_another_tab_is_refused_with_its_reason_on_the_panel(world):
    voted = _candidate(world, Stage.VOTED, cell_meeting_on=date(2026, 10, 1), votes_for=10, official_members_count=12)
    data = {"decision_number": "12-QĐ/ĐU", "decision_on": date(2026, 11, 2)}
    workflow.perform(voted, "decide", actor=world.users["commune_a"], data=data)  # the first tab
    second_tab = _client(world, "commune_a").post(
        reverse("pipeline:transition", args=[voted.pk, "decide"]),
        {"decide-decision_number": "13-QĐ/ĐU", "decide-decision_on": "03/11/2026"},
        HTTP_HX_REQUEST="true",
    )
    panel = second_tab.content.decode()
    assert 'data-testid="step-errors"' in panel and "khi đang ở bước “Đã có quyết định kết nạp”" in panel
    assert Candidate.objects.get(pk=voted.pk).decision_number == "12-QĐ/ĐU"
    assert CandidateEvent.objects.filter(candidate=voted, transition="decide").count() == 1
