from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from uommam.referrals.models import Referral, ReferralReminder, ReminderKind, Status
from uommam.referrals.reminders import referral_todo_items, todo_sections
from uommam.referrals.selectors import loop_metrics
from uommam.referrals.services import (
    ReferralError,
    referral_acknowledge,
    referral_assign_helper,
    referral_pass_on,
    referral_record_outcome,
    referral_record_paper_acknowledgement,
)

from .helpers import refer


def test_receiver_acknowledges_assigns_helper_and_records_admission_through_pages(rw) -> None:
    referral = refer(rw, rw.candidate())
    with time_machine.travel(date(2027, 5, 20), tick=False):
        receiver = rw.client("receiver_x")  # logged in now: a session does not outlive a time jump
        assert receiver.post(f"/referrals/{referral.pk}/acknowledge/", {"on": "20/03/2026"}).status_code == 302
        assert (
            receiver.post(f"/referrals/{referral.pk}/helper/", {"name": "Trần Văn Hùng", "position": "Giảng viên"})
        ).status_code == 302
        response = receiver.post(
            f"/referrals/{referral.pk}/outcome/",
            {"status": "admitted", "on": "19/05/2027", "decision_number": "125-QĐ/ĐU"},
        )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.acknowledged_on, referral.outcome_on) == (
        Status.ADMITTED,
        date(2026, 3, 20),
        date(2027, 5, 19),
    )
    assert referral.receiver_helper_name == "Trần Văn Hùng"
    assert referral.decision_number == "125-QĐ/ĐU"


def test_outcome_rules(rw) -> None:
    referral = refer(rw, rw.candidate())
    actor = rw.users["receiver_x"]
    with time_machine.travel(date(2026, 6, 1), tick=False):
        with pytest.raises(ReferralError):
            referral_record_outcome(referral=referral, actor=actor, status=Status.ADMITTED, on=date(2026, 5, 1))
        with pytest.raises(ReferralError):
            referral_record_outcome(referral=referral, actor=actor, status=Status.NOT_ADMITTED, on=date(2026, 5, 1))
        with pytest.raises(ReferralError):  # before the referral was sent
            referral_acknowledge(referral=referral, actor=actor, on=date(2026, 1, 1))
        with pytest.raises(ReferralError):  # an outcome needs the acknowledgement first
            referral_record_outcome(referral=referral, actor=actor, status=Status.LOST_CONTACT, on=date(2026, 5, 1))
        with pytest.raises(ReferralError):  # never a silent acknowledgement dated today
            referral_assign_helper(referral=referral, actor=actor, name="X")
        referral_acknowledge(referral=referral, actor=actor, on=date(2026, 4, 20))
        with pytest.raises(ReferralError):  # before the acknowledgement
            referral_record_outcome(referral=referral, actor=actor, status=Status.LOST_CONTACT, on=date(2026, 4, 1))
        referral_record_outcome(referral=referral, actor=actor, status=Status.LOST_CONTACT, on=date(2026, 5, 1))
        with pytest.raises(ReferralError):
            referral_assign_helper(referral=referral, actor=actor, name="X")


def test_paper_acknowledgement_by_the_sender(rw) -> None:
    referral = refer(rw, rw.candidate())
    with time_machine.travel(date(2026, 3, 20), tick=False):
        referral_record_paper_acknowledgement(
            referral=referral, actor=rw.users["cell_a"], on=date(2026, 3, 18), signed_by="Nguyễn Văn An, Phó Bí thư"
        )
    referral.refresh_from_db()
    assert referral.acknowledgement_kind == "paper"
    assert referral.paper_signed_by == "Nguyễn Văn An, Phó Bí thư"


def test_pass_on_chains_a_new_referral(rw) -> None:
    referral = refer(rw, rw.candidate())
    with time_machine.travel(date(2026, 9, 10), tick=False):
        successor = referral_pass_on(
            referral=referral, actor=rw.users["receiver_x"], to_unit=rw.units["DU-U-Y"], on=date(2026, 9, 10)
        )
    referral.refresh_from_db()
    assert referral.status == Status.PASSED_ON
    assert (successor.previous_id, successor.status, successor.to_unit_id) == (
        referral.pk,
        Status.SENT,
        rw.units["DU-U-Y"].pk,
    )
    assert successor.certificate_number == referral.certificate_number
    assert rw.client("receiver_y").get(f"/referrals/{successor.pk}/").status_code == 200


def test_reminders_for_missing_acknowledgement_and_expiring_certificate(rw) -> None:
    late = refer(rw, rw.candidate(given="Muộn"))
    expiring = refer(rw, rw.candidate(given="Hạn", certified=date(2021, 9, 1)), to="DU-U-Y")
    with time_machine.travel(date(2026, 3, 10), tick=False):
        referral_acknowledge(referral=expiring, actor=rw.users["receiver_y"], on=date(2026, 3, 5))
    # 30 days after 02/03/2026 is 01/04/2026: not yet overdue on that day, overdue the day after.
    assert [i.kind for i in referral_todo_items(rw.users["cell_a"], date(2026, 4, 1)) if i.referral == late] == []
    items = referral_todo_items(rw.users["cell_a"], date(2026, 4, 2))
    assert {(i.referral.pk, i.kind) for i in items} == {
        (late.pk, ReminderKind.ACKNOWLEDGEMENT_OVERDUE),
        (expiring.pk, ReminderKind.CERTIFICATE_EXPIRING),
    }
    receiver_items = referral_todo_items(rw.users["receiver_x"], date(2026, 4, 2))
    assert [(i.referral.pk, i.kind) for i in receiver_items] == [(late.pk, ReminderKind.ACKNOWLEDGEMENT_OVERDUE)]
    assert referral_todo_items(rw.users["cell_b"], date(2026, 4, 2)) == []
    assert todo_sections(rw.users["cell_a"], today=date(2026, 4, 2))[0]["overdue"] == 1


def test_reminder_command_is_idempotent_and_has_a_dry_run(rw) -> None:
    refer(rw, rw.candidate(given="Muộn"))
    out = io.StringIO()
    call_command("send_referral_reminders", "--today", "2026-04-02", "--dry-run", stdout=out)
    assert "would send 1" in out.getvalue()
    assert not ReferralReminder.objects.exists() and not mail.outbox
    call_command("send_referral_reminders", "--today", "2026-04-02", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {"cell_a@example.test", "receiver_x@example.test"}
    out = io.StringIO()
    call_command("send_referral_reminders", "--today", "2026-04-03", stdout=out)
    assert "sent 0 reminder(s), 1 already sent" in out.getvalue()
    assert len(mail.outbox) == 1


def test_loop_metrics(rw) -> None:
    a = refer(rw, rw.candidate(), on=date(2026, 3, 2))
    b = refer(rw, rw.candidate(), on=date(2026, 3, 2), to="DU-U-Y")
    refer(rw, rw.candidate(), on=date(2026, 3, 2), to="DU-A")
    refer(rw, rw.candidate(certified=date(2020, 1, 10)), on=date(2026, 3, 2), to="DU-A")  # expired 10/01/2025
    with time_machine.travel(date(2026, 12, 1), tick=False):
        referral_acknowledge(referral=a, actor=rw.users["receiver_x"], on=date(2026, 3, 12))
        referral_acknowledge(referral=b, actor=rw.users["receiver_y"], on=date(2026, 3, 22))
        referral_record_outcome(
            referral=a, actor=rw.users["receiver_x"], status=Status.ADMITTED, on=date(2026, 11, 1), decision_number="1"
        )
    m = loop_metrics(rw.units["DU-A"], date(2026, 1, 1), date(2026, 12, 31), as_of=date(2026, 12, 1))
    assert (m.referred, m.acknowledged, m.outcome_known, m.admitted) == (4, 2, 1, 1)
    assert m.acknowledged_ratio == 0.5
    assert m.median_days_to_acknowledge == 15.0
    assert m.admitted_ratio == 0.25
    assert m.certificates_expired_unused == 1
    # The receiving university sees its own loop only.
    mx = loop_metrics(rw.units["DU-U-X"], date(2026, 1, 1), date(2026, 12, 31), as_of=date(2026, 12, 1))
    assert (mx.referred, mx.admitted) == (1, 1)
    # Outside the period: nothing.
    assert loop_metrics(rw.units["DU-A"], date(2025, 1, 1), date(2025, 12, 31)).referred == 0
    assert Referral.objects.count() == 4


def test_metrics_page_shows_the_numbers(rw) -> None:
    refer(rw, rw.candidate())
    page = rw.client("commune").get("/referrals/metrics/")
    assert page.status_code == 200
    assert page.context["metrics"].referred == 1
