"""The two referral documents of Công văn 1361-CV/BTCTW: the certificate that the person is being helped towards
admission, and the letter introducing them outside the commune-level Party organisation."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from uommam.audit.models import AuditEntry
from uommam.documents.models import GeneratedDocument
from uommam.documents.rendering import docx_to_pdf
from uommam.documents.tests.test_letters import docx_text
from uommam.referrals.services import referral_documents_issue
from uommam.testing.libreoffice import require_libreoffice

from .helpers import SENT, refer

ISSUED = date(2026, 3, 3)


def issue_both(rw):
    referral = refer(rw, rw.candidate(dob=date(2008, 10, 20), given="Lan"))
    certificate, letter = referral_documents_issue(referral=referral, actor=rw.users["cell_a"], on=ISSUED)
    return referral, certificate, letter


def test_the_certificate_of_being_helped_is_numbered_and_names_the_person_and_the_helper(rw) -> None:
    referral, certificate, _letter = issue_both(rw)
    assert certificate.number_text == "01-GCN/CB"
    text = docx_text(certificate.docx_bytes)
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "CHI BỘ TRƯỜNG THPT CHIÊM HÓA",
        "Số 01-GCN/CB",
        "GIẤY CHỨNG NHẬN",
        "Người vào Đảng đang trong thời gian được giúp đỡ",
        "Chi bộ Trường THPT Chiêm Hóa chứng nhận:",
        "Quần chúng Ma Thị Lan, sinh ngày 20/10/2008",
        "đảng viên được phân công giúp đỡ: đồng chí Hoàng Văn Bình",
        "có giá trị đến hết ngày 01/12/2030",
        "Chăm chỉ, gương mẫu.",
        "chuyển đến Đảng ủy Trường Đại học Tân Trào",
        "ngày 03 tháng 3 năm 2026",
        "T/M CHI BỘ",
    ):
        assert expected in text, expected
    assert GeneratedDocument.objects.get(pk=certificate.pk).object_id == str(referral.pk)


def test_the_introduction_letter_goes_outside_the_commune_and_cites_the_certificate(rw) -> None:
    referral, certificate, letter = issue_both(rw)
    # The cell's letters share one sequence: the referral letter of the day before took 01.
    assert referral.letter_number == "01-CV/CB"
    assert letter.number_text == "02-CV/CB"
    text = docx_text(letter.docx_bytes)
    for expected in (
        "Số 02-CV/CB",
        "V/v giới thiệu người vào Đảng chuyển ra ngoài đảng bộ cấp xã",
        "Kính gửi: Đảng ủy Trường Đại học Tân Trào",
        "trực thuộc Đảng ủy xã Chiêm Hóa",
        "Quần chúng Ma Thị Lan",
        "Giấy chứng nhận người vào Đảng đang trong thời gian được giúp đỡ số 01-GCN/CB",
        "đủ tuổi xem xét kết nạp từ ngày 01/10/2026",
        "Đoàn viên xuất sắc.",
    ):
        assert expected in text, expected
    journalled = AuditEntry.objects.filter(action="generate", note__startswith="referral_").values_list(
        "note", flat=True
    )
    assert sorted(n.split()[0] for n in journalled) == [
        "referral_helping_certificate",
        "referral_introduction_letter",
        "referral_letter",
    ]


def test_the_documents_are_issued_on_their_own_day_not_the_referrals(rw) -> None:
    referral, certificate, letter = issue_both(rw)
    assert referral.sent_on == SENT
    assert certificate.issued_on == letter.issued_on == ISSUED


@pytest.mark.libreoffice
def test_both_documents_open_in_libreoffice(rw) -> None:
    require_libreoffice()
    _referral, certificate, letter = issue_both(rw)
    for document, expected in ((certificate, "01-GCN/CB"), (letter, "02-CV/CB")):
        pdf = docx_to_pdf(document.docx_bytes)
        assert pdf.startswith(b"%PDF")
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert expected in text
        assert "Ma Thị Lan" in text


def test_the_letters_certificate_citation_follows_the_deployments_sets(rw, settings, tmp_path) -> None:
    path = tmp_path / "sets.toml"
    path.write_text(
        '[[set]]\ncode = "2025-07"\n[set.citations]\n'
        'certificate_validity = [{ document = "06-HD/TW", point = "5.5", confidence = "C1" }]\n',
        encoding="utf-8",
    )
    settings.UOMMAM_REGULATION_SETS_FILE = str(path)
    referral = refer(rw, rw.candidate(dob=date(2008, 10, 20), given="Lan"))
    text = docx_text(referral.letter_docx)
    assert "có giá trị đến hết ngày 01/12/2030 (Hướng dẫn 06-HD/TW, điểm 5.5)" in text
