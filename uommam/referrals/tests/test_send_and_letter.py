from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from docx import Document

from uommam.audit.models import AuditEntry
from uommam.documents.models import GeneratedDocument
from uommam.documents.tests.test_letters import docx_text, require_libreoffice
from uommam.pipeline.models import CandidateEvent
from uommam.pipeline.stages import Stage
from uommam.referrals.models import Referral, Status
from uommam.referrals.selectors import suggested_commune
from uommam.referrals.services import ReferralDraft, ReferralError, referral_bulk_create

from .helpers import SENT, refer


def test_referral_marks_candidate_referred_and_snapshots_the_package(rw) -> None:
    candidate = rw.candidate(dob=date(2008, 10, 20))
    referral = refer(rw, candidate)
    candidate.refresh_from_db()
    assert candidate.stage == Stage.REFERRED
    assert CandidateEvent.objects.filter(candidate=candidate, transition="refer", effective_on=SENT).exists()
    assert referral.status == Status.SENT
    assert referral.certificate_expires_on == date(2030, 12, 1)
    assert referral.eligible_from == date(2026, 10, 1)
    assert referral.helper_name == "Hoàng Văn Bình"
    assert referral.letter_number == "01-CV/CB"
    assert AuditEntry.objects.filter(action="create", note="referral_send", object_pk=str(referral.pk)).exists()


def test_letter_parses_back_with_header_number_names_and_dates(rw) -> None:
    referral = refer(rw, rw.candidate(dob=date(2008, 10, 20), given="Lan"))
    text = docx_text(referral.letter_docx)
    for expected in (
        "ĐẢNG BỘ XÃ CHIÊM HÓA",
        "CHI BỘ TRƯỜNG THPT CHIÊM HÓA",
        "Số 01-CV/CB",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Chiêm Hóa, ngày 02 tháng 3 năm 2026",
        "Kính gửi: Đảng ủy Trường Đại học Tân Trào",
        "Ma Thị Lan",
        "sinh ngày 20/10/2008",
        "cấp ngày 01/12/2025",
        "có giá trị đến hết ngày 01/12/2030",
        "đủ tuổi xem xét kết nạp từ ngày 01/10/2026",
        "Chăm chỉ, gương mẫu.",
        "T/M CHI BỘ",
        "BÍ THƯ",
        "Lý Thị Mai",
        "Nơi nhận:",
    ):
        assert expected in text, expected
    # Bold, underlined party name in the right column of a borderless header table.
    header = Document(io.BytesIO(referral.letter_docx)).tables[0]
    run = header.rows[0].cells[1].paragraphs[0].runs[0]
    assert run.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and run.bold and run.underline


def test_second_letter_takes_the_next_number(rw) -> None:
    refer(rw, rw.candidate())
    second = refer(rw, rw.candidate(), to="DU-U-Y")
    assert second.letter_number == "02-CV/CB"


def test_bulk_referral_is_all_or_nothing(rw) -> None:
    first, second = rw.candidate(), rw.candidate()
    refer(rw, second)  # already referred: the bulk must fail as a whole
    drafts = [ReferralDraft(candidate=c, to_unit=rw.units["DU-A"]) for c in (first, second)]
    with time_machine.travel(SENT, tick=False), pytest.raises(ReferralError):
        referral_bulk_create(drafts=drafts, actor=rw.users["cell_a"], sent_on=SENT)
    first.refresh_from_db()
    assert first.stage == Stage.CERTIFIED
    assert Referral.objects.count() == 1
    assert GeneratedDocument.objects.count() == 1


def test_only_the_cell_secretary_of_the_cell_refers(rw) -> None:
    with pytest.raises(PermissionError):
        refer(rw, rw.candidate(), persona="cell_b")


def test_home_commune_suggestion_follows_the_successor(rw) -> None:
    candidate = rw.candidate()
    assert suggested_commune(candidate.person, date(2026, 3, 1)) == rw.units["DU-A"]


def test_send_page_creates_a_referral_to_a_new_external_organisation(rw, django_capture_on_commit_callbacks) -> None:
    candidate = rw.candidate()
    client = rw.client("cell_a")
    assert client.get("/referrals/send/", {"candidate": candidate.pk}).status_code == 200
    with time_machine.travel(SENT, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/referrals/send/",
            {
                "candidate": candidate.pk,
                "sent_on": "02/03/2026",
                "contact_name": "Lý Thị Mai",
                f"c{candidate.pk}-destination": "new",
                f"c{candidate.pk}-new_name": "Trường Cao đẳng Y tế Tuyên Quang",
                f"c{candidate.pk}-new_address": "Phường Minh Xuân",
            },
        )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.to_unit.uses_uommam is False
    docx = client.get(f"/referrals/{referral.pk}/letter.docx", {"purpose": "filing"})
    assert docx.status_code == 200
    assert "Kính gửi: Trường Cao đẳng Y tế Tuyên Quang" in docx_text(docx.content)


@pytest.mark.libreoffice
def test_letter_pdf_contains_the_same_text(rw, django_capture_on_commit_callbacks) -> None:
    require_libreoffice()
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(rw, rw.candidate(given="Hoa"))
    response = rw.client("receiver_x").get(f"/referrals/{referral.pk}/letter.pdf", {"purpose": "receiving"})
    assert response.status_code == 200
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("ĐẢNG CỘNG SẢN VIỆT NAM", "Số 01-CV/CB", "Ma Thị Hoa", "ngày 02 tháng 3 năm 2026"):
        assert expected in text
