"""Erasing a student (people.privacy.person_erase) reaches their referral packages and letters
through the erasure hook referrals registers: the copies go, the statistics stay."""

from __future__ import annotations

from pathlib import Path

from django.core.files.storage import default_storage

from uommam.audit.models import AuditEntry
from uommam.people.erasure import person_erase
from uommam.people.privacy import ERASED_NAME
from uommam.referrals.models import Referral, Status

from .helpers import refer


def test_erasing_a_student_blanks_the_referral_package_and_the_letter_files(
    rw, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(rw, rw.candidate(given="Hoa"))
    Referral.objects.filter(pk=referral.pk).update(
        school_results=[{"year": "2024-2025", "result": "Giỏi"}], note="Gia đình chuyển về Hà Giang"
    )
    referral.refresh_from_db()
    letter = referral.letter
    letter_path = Path(default_storage.path(letter.file.name))
    assert letter_path.exists()
    stats = (referral.status, referral.sent_on, referral.from_cell_id, referral.to_unit_id, referral.letter_number)

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(person=referral.person, actor=rw.users["cell_a"], reason="yêu cầu của gia đình")

    referral.refresh_from_db()
    assert (referral.helper_assessment, referral.youth_union_evaluation, referral.note) == ("", "", "")
    assert referral.school_results == [] and referral.verification_status == ""
    assert (
        referral.status,
        referral.sent_on,
        referral.from_cell_id,
        referral.to_unit_id,
        referral.letter_number,
    ) == stats
    assert referral.status == Status.SENT
    letter.refresh_from_db()
    assert not letter.file and not letter.pdf_file and letter.context == {}
    assert letter.number_text == referral.letter_number and "xóa dữ liệu cá nhân" in letter.summary
    assert not letter_path.exists()
    # Nothing of the package or the name is left in the journal; the erasure says what it reached.
    journal = " ".join(f"{e.object_repr} {e.changes}" for e in AuditEntry.objects.all())
    assert "Hoa" not in journal and "Chăm chỉ" not in journal and "Đoàn viên xuất sắc" not in journal
    entry = AuditEntry.objects.get(note__startswith="erase_personal_data")
    assert entry.changes["referrals"] == [1, 0] and entry.changes["documents"] == [1, 0]
    # The erased letter is no longer served, with or without a purpose.
    response = rw.client("cell_a").get(f"/referrals/{referral.pk}/letter.docx", {"purpose": "filing"})
    assert response.status_code == 404


def test_a_rolled_back_erasure_keeps_the_letter_file(rw, django_capture_on_commit_callbacks) -> None:
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(rw, rw.candidate(given="Hoa"))
    path = Path(default_storage.path(referral.letter.file.name))
    try:
        with transaction.atomic():
            person_erase(person=referral.person, actor=None, reason="x")
            raise RuntimeError
    except RuntimeError:
        pass
    referral.refresh_from_db()
    assert path.exists() and referral.helper_assessment and referral.person.full_name != ERASED_NAME
