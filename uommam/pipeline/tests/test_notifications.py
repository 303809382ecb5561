"""The people who act next hear of a step at once – and only once it is committed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.db import transaction

from uommam.orgs.models import Role
from uommam.pipeline.notifications import muted
from uommam.pipeline.stages import Stage
from uommam.pipeline.workflow import perform

pytestmark = pytest.mark.django_db


def test_a_decision_tells_the_cell_secretary_when_the_ceremony_is_due(
    personas, make_candidate, officer, django_capture_on_commit_callbacks
):
    candidate = make_candidate(Stage.VOTED, cell_meeting_on=date(2024, 5, 2))
    with django_capture_on_commit_callbacks(execute=True):
        perform(
            candidate,
            "decide",
            actor=officer,
            data={
                "decision_number": "123-QĐ/HU",
                "decision_on": date(2024, 6, 3),
                "decision_received_on": date(2024, 6, 5),
            },
            today=date(2024, 6, 10),
        )
    assert [m.to for m in mail.outbox] == [[personas.user(Role.CELL_SECRETARY).email]]
    body = mail.outbox[0].body
    # 30 working days after 05/06/2024 (no holiday in between) is 17/07/2024.
    assert "17/07/2024" in body and candidate.person.full_name in body
    assert f"/pipeline/{candidate.pk}/" in body


def test_a_certificate_tells_the_cell_secretary_the_dossier_can_start(
    personas, make_candidate, django_capture_on_commit_callbacks
):
    candidate = make_candidate(Stage.IN_CLASS)
    with django_capture_on_commit_callbacks(execute=True):
        perform(
            candidate,
            "certify",
            actor=personas.user(Role.ADMIN),
            data={"certificate_number": "9/GCN", "certificate_issued_on": date(2023, 7, 1)},
            today=date(2023, 7, 2),
        )
    assert len(mail.outbox) == 1
    assert "hồ sơ" in mail.outbox[0].body  # always Vietnamese: official correspondence


def test_steps_nobody_waits_for_send_nothing(personas, make_candidate, secretary, django_capture_on_commit_callbacks):
    candidate = make_candidate(Stage.IDENTIFIED)
    with django_capture_on_commit_callbacks(execute=True):
        perform(candidate, "accept_sympathiser", actor=secretary, data={"helper": personas.members["helper"]})
    assert mail.outbox == []


def test_a_rolled_back_step_mails_nobody(personas, make_candidate, transactional_db):
    candidate = make_candidate(Stage.IN_CLASS)
    with pytest.raises(RuntimeError), transaction.atomic():
        perform(
            candidate,
            "certify",
            actor=personas.user(Role.ADMIN),
            data={"certificate_number": "9/GCN", "certificate_issued_on": date(2023, 7, 1)},
            today=date(2023, 7, 2),
        )
        raise RuntimeError("the surrounding work failed")
    assert mail.outbox == []


def test_replaying_history_is_silent(personas, make_candidate, django_capture_on_commit_callbacks):
    candidate = make_candidate(Stage.IN_CLASS)
    with muted(), django_capture_on_commit_callbacks(execute=True):
        perform(
            candidate,
            "certify",
            actor=personas.user(Role.ADMIN),
            data={"certificate_number": "9/GCN", "certificate_issued_on": date(2023, 7, 1)},
            today=date(2023, 7, 2),
        )
    assert mail.outbox == []
