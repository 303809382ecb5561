"""Certificates carry a code too: the class's certificate list and each student's printable
certificate page show a QR code whose page tells anyone the certificate's number and validity.
The sender revokes a letter's code from the referral page."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.test import Client

from uommam.referrals import tokens
from uommam.referrals.verification_models import DocumentToken, TokenKind
from uommam.testing.world import add_records


@pytest.fixture
def records(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.UOMMAM_BASE_URL = "https://uommam.example"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cert"}}
    from django.core.cache import cache

    cache.clear()
    records = add_records(world)
    enrolment = records.class_d.enrolments.get()
    enrolment.result, enrolment.certificate_number = "passed", "GCN-D-07"
    enrolment.certificate_issued_on = date(2024, 11, 20)
    enrolment.save()
    return records


def _link(html: str) -> str:
    code = re.search(r"nhập mã ([2-9A-Z]{5}-[2-9A-Z]{5})", html)
    assert code, "no short code printed"
    return f"/v/{tokens.token_for(code.group(1).replace('-', ''))}/"


def _check(path: str, on: date):
    with time_machine.travel(on, tick=False):
        return Client().get(path)


def test_the_certificate_list_prints_a_code_that_shows_each_certificates_validity(records, client_for) -> None:
    printed = client_for("centre").get(f"/classes/{records.class_d.pk}/print/certificates/").content.decode()
    assert 'data-testid="verify-block"' in printed and "<svg" in printed
    again = client_for("cell_a").get(f"/classes/{records.class_d.pk}/print/certificates/").content.decode()
    assert _link(again) == _link(printed)  # one code per list, whoever prints it
    assert DocumentToken.objects.filter(kind=TokenKind.CERTIFICATE_LIST).count() == 1

    page = _check(_link(printed), date(2025, 6, 1)).content.decode()
    assert "01/2024" in page and "GCN-D-07" in page and "còn hiệu lực đến" in page
    expired = _check(_link(printed), date(2031, 1, 1)).content.decode()
    assert "đã hết hạn ngày" in expired


def test_the_printable_certificate_page_has_its_own_code(records, client_for) -> None:
    enrolment = records.class_d.enrolments.get()
    response = client_for("centre").get(f"/certificates/{enrolment.pk}/print/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "GIẤY CHỨNG NHẬN" in html and "GCN-D-07" in html and "<svg" in html
    page = _check(_link(html), date(2025, 6, 1))
    assert page.status_code == 200
    body = page.content.decode()
    student = enrolment.person
    assert student.full_name in body and f"sinh năm {student.dob.year}" in body
    assert student.dob.strftime("%d/%m/%Y") not in body
    # Another school's secretary does not see the class: 404, and no code is made for them.
    assert client_for("cell_b").get(f"/certificates/{enrolment.pk}/print/").status_code == 404


def test_the_sender_revokes_a_letters_code_and_it_stops_verifying(records, client_for) -> None:
    referral = records.referral_a
    token = DocumentToken.objects.get(referral=referral, kind=TokenKind.LETTER)
    link = f"/v/{tokens.token_for(token.code)}/"
    assert _check(link, date(2026, 6, 2)).status_code == 200
    url = f"/exchange/referral/{referral.pk}/revoke-code/"
    assert client_for("receiver").post(url, {"reason": "Không phải nơi gửi"}).status_code == 403
    response = client_for("cell_a").post(url, {"reason": "Cấp lại công văn"})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.is_revoked and token.revoke_reason == "Cấp lại công văn"
    refused = _check(link, date(2026, 6, 2))
    assert refused.status_code == 404 and "Không xác thực được" in refused.content.decode()
    detail = client_for("cell_a").get(f"/referrals/{referral.pk}/").content.decode()
    assert "đã thu hồi" in detail
