"""A receiver without an account acknowledges a referral with the code printed in the letter and
later reports the outcome with the same code; both go through the referral services."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.test import Client

from uommam.audit.models import AuditEntry
from uommam.referrals import tokens
from uommam.referrals.models import AcknowledgementKind, Referral, Status
from uommam.referrals.verification_models import DocumentToken, OnlineAcknowledgement, TokenKind

from .helpers import refer

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _fresh_throttle(settings) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "answer"}}
    from django.core.cache import cache

    cache.clear()


def _sent(rw, django_capture_on_commit_callbacks, **candidate):
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(rw, rw.candidate(**candidate), to="DU-U-Y")
    token = DocumentToken.objects.get(referral=referral, kind=TokenKind.LETTER)
    ack_code = referral.letter.context["verify"]["ack_code"]
    return referral, tokens.token_for(token.code), ack_code


RECEIVER = {
    "organisation": "Đảng ủy Trường Cao đẳng Tuyên Quang",
    "officer_name": "Hà Văn Nam",
    "officer_position": "Phó Bí thư Đảng ủy",
    "contact": "0987 654 321",
}


def _post(client: Client, url: str, data: dict, on: date = TODAY):
    with time_machine.travel(on, tick=False):
        return client.post(url, data)


def test_the_acknowledgement_code_is_printed_in_the_letter_and_only_its_hash_is_kept(
    rw, django_capture_on_commit_callbacks
) -> None:
    referral, _token, ack_code = _sent(rw, django_capture_on_commit_callbacks)
    stored = DocumentToken.objects.get(referral=referral)
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}", ack_code)
    assert stored.ack_code_hash and ack_code.replace("-", "") not in stored.ack_code_hash
    from uommam.documents.tests.test_letters import docx_text

    assert f"mã xác nhận tiếp nhận (dùng riêng cho nơi nhận): {ack_code}" in docx_text(referral.letter_docx)


def test_acknowledge_then_report_admission_with_the_same_code_without_an_account(
    rw, django_capture_on_commit_callbacks
) -> None:
    referral, token, ack_code = _sent(rw, django_capture_on_commit_callbacks)
    client = Client(enforce_csrf_checks=True)
    with time_machine.travel(TODAY, tick=False):
        form = client.get(f"/v/{token}/acknowledge/")
    assert form.status_code == 200 and "Xác nhận đã tiếp nhận" in form.content.decode()
    csrf = client.cookies["csrftoken"].value
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = _post(
            client, f"/v/{token}/acknowledge/", {**RECEIVER, "ack_code": ack_code.lower(), "csrfmiddlewaretoken": csrf}
        )
    assert done.status_code == 200, done.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.ACKNOWLEDGED and referral.acknowledged_on == TODAY
    assert referral.acknowledgement_kind == AcknowledgementKind.ONLINE and referral.acknowledged_by is None
    answer = OnlineAcknowledgement.objects.get(referral=referral)
    assert (answer.officer_name, answer.officer_position, answer.contact) == (
        "Hà Văn Nam",
        "Phó Bí thư Đảng ủy",
        "0987 654 321",
    )
    # The sending cell's secretary is told.
    assert [m.to for m in mail.outbox] == [["cell_a@example.test"]]
    assert "Hà Văn Nam" in mail.outbox[0].body
    assert AuditEntry.objects.filter(note="referral_online_ack", object_pk=str(referral.pk)).count() == 1

    # The same post again changes nothing (idempotent).
    again = _post(client, f"/v/{token}/acknowledge/", {**RECEIVER, "ack_code": ack_code, "csrfmiddlewaretoken": csrf})
    assert again.status_code in (200, 400)
    assert OnlineAcknowledgement.objects.count() == 1

    outcome = {
        "status": "admitted",
        "on": "20/03/2026",
        "decision_number": "125-QĐ/ĐU",
        "ack_code": ack_code,
        "csrfmiddlewaretoken": csrf,
    }
    with django_capture_on_commit_callbacks(execute=True):
        reported = _post(client, f"/v/{token}/outcome/", outcome, on=date(2026, 4, 1))
    assert reported.status_code == 200, reported.content.decode()
    referral.refresh_from_db()
    assert (referral.status, referral.outcome_on, referral.decision_number) == (
        Status.ADMITTED,
        date(2026, 3, 20),
        "125-QĐ/ĐU",
    )
    assert _post(client, f"/v/{token}/outcome/", outcome, on=date(2026, 4, 1)).status_code == 200
    assert Referral.objects.get(pk=referral.pk).version == referral.version


def test_a_wrong_code_or_a_post_without_csrf_writes_nothing(rw, django_capture_on_commit_callbacks) -> None:
    referral, token, _ack_code = _sent(rw, django_capture_on_commit_callbacks)
    client = Client(enforce_csrf_checks=True)
    assert _post(client, f"/v/{token}/acknowledge/", {**RECEIVER, "ack_code": "2345-6789"}).status_code == 403
    client.get(f"/v/{token}/acknowledge/")
    csrf = client.cookies["csrftoken"].value
    wrong = _post(
        client, f"/v/{token}/acknowledge/", {**RECEIVER, "ack_code": "2345-6789", "csrfmiddlewaretoken": csrf}
    )
    assert wrong.status_code == 400 and "Mã xác nhận tiếp nhận không đúng" in wrong.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.SENT and not OnlineAcknowledgement.objects.exists()


def test_the_outcome_needs_the_acknowledgement_first_and_the_services_date_rules_apply(
    rw, django_capture_on_commit_callbacks
) -> None:
    referral, token, ack_code = _sent(rw, django_capture_on_commit_callbacks)
    client = Client()
    early = {"status": "lost_contact", "on": "05/03/2026", "ack_code": ack_code}
    assert _post(client, f"/v/{token}/outcome/", early).status_code == 400
    _post(client, f"/v/{token}/acknowledge/", {**RECEIVER, "ack_code": ack_code})
    # An outcome dated before the referral was sent is refused by referral_record_outcome.
    before = _post(client, f"/v/{token}/outcome/", {**early, "on": "01/01/2026"})
    assert before.status_code == 400 and "trước ngày gửi giới thiệu" in before.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == Status.ACKNOWLEDGED


def test_the_code_expires_with_the_letters_validity(rw, django_capture_on_commit_callbacks) -> None:
    referral, token, ack_code = _sent(rw, django_capture_on_commit_callbacks, certified=date(2025, 3, 1))
    expiry = referral.certificate_expires_on
    assert expiry is not None
    late = _post(
        Client(), f"/v/{token}/acknowledge/", {**RECEIVER, "ack_code": ack_code}, on=date(expiry.year + 1, 1, 5)
    )
    assert late.status_code == 400 and "đã hết hạn ngày" in late.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_answers_are_throttled_per_address(rw, settings, django_capture_on_commit_callbacks) -> None:
    settings.UOMMAM_VERIFY_ANSWER_LIMIT = (3, 3600)
    _referral, token, _ack_code = _sent(rw, django_capture_on_commit_callbacks)
    client = Client()
    statuses = [
        _post(client, f"/v/{token}/acknowledge/", {**RECEIVER, "ack_code": tokens.new_ack_code()}).status_code
        for _ in range(4)
    ]
    assert statuses == [400, 400, 400, 429]
