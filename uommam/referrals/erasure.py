"""Erasing a student's personal data from their referral packages and letters (people.privacy
calls this through its erasure hooks; registered in ReferralsConfig.ready).

A referral keeps what the statistics need – status, dates, units, letter, certificate and decision
numbers – and loses the snapshot about the student: school results, assessments, the Youth Union
evaluation and transfer, the background verification and free-text notes. The contact fields are
the sending officer's, not the student's, and stay. Issued letters about the student keep their
record (number, date, template) but lose their files and rendering context, and say why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from uommam.audit.models import AuditEntry
from uommam.documents.models import GeneratedDocument
from uommam.people.erasure import delete_file_on_commit
from uommam.people.models import Person
from uommam.people.privacy import ERASED_NAME, MASK
from uommam.pipeline.models import Candidate
from uommam.vn.dates import format_vn

from .models import Referral

if TYPE_CHECKING:
    from uommam.accounts.models import User

BLANKED = (
    "helper_assessment", "youth_union_evaluation", "youth_union_transfer", "verification_status", "note",
    "outcome_reason",
)  # fmt: skip
EMPTY_LIST = ("school_results",)


def erase_referral_copies(*, person: Person, actor: User) -> dict[str, int]:
    referrals = list(Referral.objects.select_for_update().filter(person=person).order_by("pk"))
    for referral in referrals:
        for name in BLANKED:
            setattr(referral, name, "")
        for name in EMPTY_LIST:
            setattr(referral, name, [])
        referral.version += 1
        referral.save(update_fields=[*BLANKED, *EMPTY_LIST, "version", "updated_at"])
    # The journal kept the package's values (and the student's name in each entry's label).
    referral_pks = [str(r.pk) for r in referrals]
    for entry in AuditEntry.objects.filter(model="referrals.Referral", object_pk__in=referral_pks):
        entry.object_repr = ERASED_NAME
        if isinstance(entry.changes, dict):
            entry.changes = {k: ([MASK, MASK] if k in (*BLANKED, *EMPTY_LIST) else v) for k, v in entry.changes.items()}
        entry.save(update_fields=["object_repr", "changes"])
    return {"referrals": len(referrals), "documents": _erase_documents(person, referrals)}


def _erase_documents(person: Person, referrals: list[Referral]) -> int:
    """Documents about the student: the referral letters, and any issued for the person, a candidacy
    or a referral of theirs."""
    related = Q(pk__in=[r.letter_id for r in referrals if r.letter_id])
    for model, pks in (
        (Person, [person.pk]),
        (Candidate, list(Candidate.objects.filter(person=person).values_list("pk", flat=True))),
        (Referral, [r.pk for r in referrals]),
    ):
        if pks:
            related |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=[str(pk) for pk in pks])
    note = f"Đã xóa nội dung theo quy trình xóa dữ liệu cá nhân ngày {format_vn(timezone.localdate())}"
    documents = list(GeneratedDocument.objects.select_for_update().filter(related))
    for document in documents:
        delete_file_on_commit(document.file)
        delete_file_on_commit(document.pdf_file)
        document.file = ""
        document.pdf_file = ""
        document.context = {}
        document.summary = note
        document.save(update_fields=["file", "pdf_file", "context", "summary"])
    return len(documents)
