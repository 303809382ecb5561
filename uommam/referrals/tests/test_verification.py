"""Verifiable documents: the QR code printed in a referral letter leads anyone, without a login, to a
page that confirms the letter with the minimum of data; altered, unknown and revoked codes do not."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import date
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client

from uommam.documents.qr import PRINT_MM, symbol_mm
from uommam.documents.services import document_pdf
from uommam.referrals import tokens
from uommam.referrals.verification import token_revoke, verify_url
from uommam.referrals.verification_models import DocumentToken, TokenKind, Verification
from uommam.testing.libreoffice import require_libreoffice

from .helpers import refer

BASE = "https://uommam.tuyenquang.example"
TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _public_address(settings) -> None:
    settings.UOMMAM_BASE_URL = BASE
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "verify"}}
    from django.core.cache import cache

    cache.clear()


def _letter_token(referral) -> DocumentToken:
    return DocumentToken.objects.get(referral=referral, kind=TokenKind.LETTER)


def _path(url: str) -> str:
    return urlsplit(url).path


def _anonymous_get(url: str, **extra):
    with time_machine.travel(TODAY, tick=False):
        return Client().get(_path(url), **extra)


def _zbar(png: bytes) -> list[str]:
    if shutil.which("zbarimg") is None:
        pytest.fail("zbarimg (Debian zbar-tools) is not installed; .ci/run installs it", pytrace=False)
    completed = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", "-"],
        input=png,
        capture_output=True,
        check=False,
        timeout=60,
    )
    return [line for line in completed.stdout.decode().splitlines() if line]


@pytest.mark.libreoffice
def test_the_qr_code_in_the_printed_letter_leads_anyone_to_a_minimal_confirmation(
    rw, django_capture_on_commit_callbacks, tmp_path
) -> None:
    require_libreoffice()
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (poppler-utils) is not installed", pytrace=False)
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(rw, rw.candidate(given="Hoa", dob=date(2008, 9, 10)))
    pdf = document_pdf(referral.letter)
    (tmp_path / "letter.pdf").write_bytes(pdf)
    # 150 dpi: about what a phone camera resolves from a printed page.
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", str(tmp_path / "letter.pdf"), str(tmp_path / "page")], check=True, timeout=120
    )
    decoded = [text for page in sorted(tmp_path.glob("page*.png")) for text in _zbar(page.read_bytes())]
    assert decoded == [verify_url(_letter_token(referral))]
    assert decoded[0].startswith(f"{BASE}/v/")

    response = _anonymous_get(decoded[0])
    assert response.status_code == 200
    body = response.content.decode()
    assert "Văn bản xác thực" in body
    assert "Số 01-CV/CB" in body or "01-CV/CB" in body
    assert "Chi bộ Trường THPT Chiêm Hóa" in body
    assert "Ma Thị Hoa" in body and "sinh năm 2008" in body
    # Minimal: not the full date of birth, not the class, not the assessments.
    for private in ("10/09/2008", "12A1", "Chăm chỉ, gương mẫu", "0912 345 678"):
        assert private not in body
    assert referral.certificate_number in body and "còn hiệu lực đến" in body
    assert "chưa xác nhận tiếp nhận" in body
    assert response["Cache-Control"] == "no-store" and response["Referrer-Policy"] == "same-origin"


def test_the_qr_code_prints_at_least_25_mm_with_its_quiet_zone(rw, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(rw, rw.candidate())
    url = verify_url(_letter_token(referral))
    assert symbol_mm(url) >= 25
    with zipfile.ZipFile(io.BytesIO(referral.letter_docx)) as docx:
        media = [name for name in docx.namelist() if name.startswith("word/media/")]
        document = docx.read("word/document.xml").decode()
    assert len(media) == 1
    # The image's extent in the Word file: PRINT_MM wide (EMU: 36 000 per mm).
    assert f'cx="{PRINT_MM * 36000}"' in document
    assert "nhập mã" in document and tokens.display_code(_letter_token(referral).code) in document


def test_a_changed_unknown_or_revoked_link_is_not_verified_with_404(rw) -> None:
    referral = refer(rw, rw.candidate())
    token = _letter_token(referral)
    good = tokens.token_for(token.code)
    changed = good[:-1] + ("A" if good[-1] != "A" else "B")
    forged = tokens.new_code() + good[tokens.CODE_LENGTH :]
    for presented in (changed, forged, good[:-3], "x" * 26):
        response = _anonymous_get(f"/v/{presented}/")
        assert response.status_code == 404
        assert "Không xác thực được" in response.content.decode()
    token_revoke(token=token, actor=rw.users["cell_a"], reason="Cấp lại giấy giới thiệu")
    response = _anonymous_get(f"/v/{good}/")
    assert response.status_code == 404 and "Không xác thực được" in response.content.decode()
    results = list(Verification.objects.order_by("pk").values_list("result", flat=True))
    assert results == ["unknown"] * 4 + ["revoked"]


def test_a_code_typed_from_paper_finds_the_same_page(rw) -> None:
    referral = refer(rw, rw.candidate(given="Lan"))
    code = _letter_token(referral).code
    typed = f" {code[:5].lower()} - {code[5:]} "
    response = _anonymous_get("/v/", data={"code": typed}, follow=True)
    assert response.status_code == 200 and "Ma Thị Lan" in response.content.decode()
    wrong = _anonymous_get("/v/", data={"code": tokens.new_code()})
    assert wrong.status_code == 404 and "Không xác thực được" in wrong.content.decode()


def test_checks_are_journalled_without_anything_about_the_visitor(rw) -> None:
    referral = refer(rw, rw.candidate())
    token = _letter_token(referral)
    _anonymous_get(f"/v/{tokens.token_for(token.code)}/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Zalo/1.0")
    entry = Verification.objects.get()
    assert (entry.token, entry.result) == (token, "genuine")
    stored = " ".join(str(value) for value in Verification.objects.values().get().values())
    assert "203.0.113.7" not in stored and "Zalo" not in stored


def test_checks_are_throttled_per_address(rw, settings) -> None:
    settings.UOMMAM_VERIFY_CHECK_LIMIT = (5, 600)
    referral = refer(rw, rw.candidate())
    url = f"/v/{tokens.token_for(_letter_token(referral).code)}/"
    guesses = [_anonymous_get("/v/", data={"code": tokens.new_code()}, REMOTE_ADDR="198.51.100.1") for _ in range(5)]
    assert [r.status_code for r in guesses] == [404] * 5
    # The sixth request of the same address is refused, even with a genuine link …
    assert _anonymous_get(url, REMOTE_ADDR="198.51.100.1").status_code == 429
    # … while another address is served.
    assert _anonymous_get(url, REMOTE_ADDR="198.51.100.2").status_code == 200
