"""perform(): the only code that changes the stage; atomic, evented, audited, locked."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from django.db import OperationalError, connection

from uommam.audit.models import AuditEntry
from uommam.orgs.models import Role
from uommam.pipeline.models import Candidate, CandidateEvent, EventKind
from uommam.pipeline.stages import Stage
from uommam.pipeline.workflow import TransitionError, perform

pytestmark = pytest.mark.django_db


def test_accepting_a_sympathiser_sets_helper_stage_event_and_audit(personas, make_candidate, secretary):
    candidate = make_candidate(Stage.IDENTIFIED)
    helper = personas.members["helper"]
    perform(candidate, "accept_sympathiser", actor=secretary, data={"helper": helper, "effective_on": date(2024, 1, 5)})
    candidate.refresh_from_db()
    assert candidate.stage == Stage.SYMPATHISER
    assert candidate.helper == helper
    assert candidate.stage_since == date(2024, 1, 5)
    event = CandidateEvent.objects.get(candidate=candidate, kind=EventKind.TRANSITION)
    assert (event.from_stage, event.to_stage, event.actor) == (Stage.IDENTIFIED, Stage.SYMPATHISER, secretary)
    assert event.data["helper"]["id"] == helper.pk
    assert AuditEntry.objects.filter(action="transition", object_pk=str(candidate.pk)).exists()


def test_a_refused_step_writes_nothing(make_candidate, secretary):
    candidate = make_candidate(Stage.IDENTIFIED)
    with pytest.raises(TransitionError):
        perform(candidate, "accept_sympathiser", actor=secretary, data={})
    candidate.refresh_from_db()
    assert candidate.stage == Stage.IDENTIFIED
    assert not CandidateEvent.objects.filter(candidate=candidate).exists()
    assert not AuditEntry.objects.filter(action="transition").exists()


def test_the_vote_requires_its_figures_even_when_called_from_code(make_candidate, secretary):
    candidate = make_candidate(Stage.DOSSIER)
    with pytest.raises(TransitionError) as info:
        perform(candidate, "record_vote", actor=secretary, data={"cell_meeting_on": date(2024, 5, 1)})
    assert len(info.value.reasons) == 2


def test_certify_keeps_the_data_keys_the_training_app_uses(personas, make_candidate):
    candidate = make_candidate(Stage.IN_CLASS)
    perform(
        candidate,
        "certify",
        actor=personas.user(Role.CENTRE_OFFICER),
        data={
            "certificate_number": "123/GCN",
            "certificate_issued_on": date(2023, 7, 1),
            "certificate_issuer": personas.centre,
        },
        check_permission=False,
    )
    candidate.refresh_from_db()
    assert candidate.stage == Stage.CERTIFIED
    assert (candidate.certificate_number, candidate.certificate_issuer) == ("123/GCN", personas.centre)
    assert candidate.stage_since == date(2023, 7, 1)


def test_refer_records_date_and_reason(make_candidate, secretary):
    candidate = make_candidate(Stage.CERTIFIED)
    perform(
        candidate, "refer", actor=secretary, data={"effective_on": date(2024, 6, 1), "exit_reason": "Về xã Kim Bình"}
    )
    candidate.refresh_from_db()
    assert (candidate.stage, candidate.exited_on, candidate.exit_reason) == (
        Stage.REFERRED,
        date(2024, 6, 1),
        "Về xã Kim Bình",
    )


def test_recognition_makes_official_as_of_the_end_of_probation(make_candidate, officer):
    candidate = make_candidate(Stage.PROBATIONARY, ceremony_on=date(2023, 9, 15), decision_on=date(2023, 8, 25))
    perform(
        candidate,
        "recognise_official",
        actor=officer,
        data={
            "official_meeting_on": date(2024, 10, 20),
            "official_members_at_review": 12,
            "official_votes_for": 11,
            "official_decision_on": date(2024, 11, 20),
            "theory_course_completed_on": date(2023, 12, 1),
        },
        today=date(2024, 12, 1),
    )
    candidate.refresh_from_db()
    assert candidate.stage == Stage.OFFICIAL
    # Paperwork was late, membership is not: official from 15/09/2024 (domain.md §6.10).
    assert candidate.official_on == date(2024, 9, 15)


def test_a_second_perform_on_a_stale_object_is_refused(personas, make_candidate, secretary):
    candidate = make_candidate(Stage.IDENTIFIED)
    stale = Candidate.objects.get(pk=candidate.pk)
    data = {"helper": personas.members["helper"]}
    perform(candidate, "accept_sympathiser", actor=secretary, data=data)
    # The stale copy still says "identified"; perform re-reads the locked row and refuses.
    with pytest.raises(TransitionError):
        perform(stale, "accept_sympathiser", actor=secretary, data=data)
    assert CandidateEvent.objects.filter(candidate=candidate, kind=EventKind.TRANSITION).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_performs_move_the_candidate_once(personas, make_candidate, secretary):
    candidate = make_candidate(Stage.IDENTIFIED)
    data = {"helper": personas.members["helper"]}
    outcomes: list[str] = []

    def attempt() -> None:
        try:
            # SQLite may report the lock ("database is locked") instead of waiting for it, which writes nothing;
            # the officer sends the form again, as here. PostgreSQL waits for the lock and never gets there.
            for _ in range(20):
                try:
                    perform(Candidate.objects.get(pk=candidate.pk), "accept_sympathiser", actor=secretary, data=data)
                except OperationalError:
                    time.sleep(0.05)
                    continue
                outcomes.append("ok")
                return
            outcomes.append("still locked")
        except TransitionError:
            outcomes.append("refused")
        except Exception as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert CandidateEvent.objects.filter(candidate=candidate, kind=EventKind.TRANSITION).count() == 1
