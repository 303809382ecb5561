"""Erasure as a procedure (Decree 13/2023/NĐ-CP, Art. 16): request → approval → execution.

- A cell secretary or committee officer who may change the student asks, with the legal ground.
- A committee officer above the student – not the one who asked – approves or refuses.
- Execution blanks the person everywhere: the student's row and consents (`person_erase`), copies
  kept by other apps (erasure hooks: referral packages and letters), import batch reports and the
  uploaded files stored for them (rewritten without the person, inside .xlsx/.csv), generated
  documents (.docx rewritten, PDF dropped to be converted again), and every journal entry that kept
  the old values. School, cohort, class, sex, ethnicity and the timeline stay: statistics hold.
- The request keeps who asked, why, who approved and what was blanked – never the personal data –
  and prints as a certificate (.pdf).

`PERSONAL_DATA_FIELDS` declares every model and file field that can hold personal data, with its
erasure rule; `tests` fail when a new such field has none.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from uommam.audit.models import AuditEntry
from uommam.audit.services import audit_record
from uommam.orgs.capabilities import describe, may, register
from uommam.orgs.roles import Role
from uommam.orgs.tree import path_q

from .models import ErasureRequest, ErasureStatus, Person
from .privacy import ERASED_NAME, MASK, person_erase
from .redaction import replace_in_archive

if TYPE_CHECKING:
    from uommam.accounts.models import User

REQUEST_ERASURE = describe("person.erasure_request", "ask for a student's personal data to be erased")
DECIDE_ERASURE = describe("person.erasure_decide", "approve, refuse and carry out an erasure")

# Every field that can hold a student's personal data, and what erasure does to it.
PERSONAL_DATA_FIELDS: dict[str, str] = {
    "people.Person.family_name": "replaced by “Đã xóa”",
    "people.Person.middle_name": "blanked",
    "people.Person.given_name": "blanked",
    "people.Person.full_name": "recomputed (“Đã xóa”)",
    "people.Person.sort_key": "recomputed",
    "people.Person.search_key": "recomputed",
    "people.Person.dob": "1 January of the birth year (age statistics hold)",
    "people.Person.citizen_id": "blanked",
    "people.Person.moet_id": "blanked",
    "people.Person.phone": "blanked",
    "people.Person.parent_phone": "blanked",
    "people.Person.old_id_number": "blanked",
    "people.Person.ethnicity_note": "kept (the written form of the ethnic group, like the group itself)",
    "people.Person.email": "blanked",
    "people.Person.home_address": "blanked",
    "people.Person.religion": "blanked",
    "people.Person.father_name": "blanked",
    "people.Person.father_birth_year": "emptied",
    "people.Person.mother_name": "blanked",
    "people.Person.mother_birth_year": "emptied",
    "people.Person.notes": "blanked",
    "people.Person.class_name": "kept (statistics by class; not identifying alone)",
    "people.PartyMember.family_name": "kept: a Party member's record follows the Party's own rules",
    "people.PartyMember.middle_name": "kept: a Party member's record follows the Party's own rules",
    "people.PartyMember.given_name": "kept: a Party member's record follows the Party's own rules",
    "people.PartyMember.full_name": "kept: a Party member's record follows the Party's own rules",
    "people.PartyMember.dob": "kept: a Party member's record follows the Party's own rules",
    "pipeline.Candidate.notes": "blanked",
    "training.Enrolment.class_name": "kept (statistics by class)",
    "referrals.Referral.contact_name": "kept: an official's name, not the student's",
    "referrals.Referral.contact_phone": "kept: an official's phone, not the student's",
    "referrals.Referral.helper_name": "kept: a Party member's name, not the student's",
    "referrals.Referral.receiver_helper_name": "kept: a Party member's name, not the student's",
    "referrals.OnlineAcknowledgement.officer_name": "kept: the receiving official's name, not the student's",
    "people.ParentalConsent.given_by": "replaced by “Đã xóa”",
    "people.ParentalConsent.document": "file deleted",
    "pipeline.DossierItem.file": "file deleted",
    "pipeline.CandidateEvent.summary": "name replaced",
    "referrals.Referral.package": "blanked by the referrals app's erasure hook",
    "documents.GeneratedDocument.context": "name and IDs replaced",
    "documents.GeneratedDocument.file": "rewritten without the person",
    "documents.GeneratedDocument.pdf_file": "deleted (converted again from the rewritten file)",
    "imports.ImportBatch.report": "the person's rows and messages blanked",
    "imports.ImportBatch.updated_rows": "earlier values blanked",
    "imports.ImportBatch.stored_file": "rewritten without the person",
    "audit.AuditEntry.object_repr": "name replaced",
    "audit.AuditEntry.changes": "earlier and later values blanked",
    "audit.AuditEntry.note": "name replaced",
}


def _may_change_student(assignment: Any) -> Q:
    """Students of the cell's school (cell secretary) or of the subtree (committee officer)."""
    unit = assignment.unit
    if assignment.role == Role.CELL_SECRETARY:
        return Q(school_id=unit.school_id) if unit.school_id else Q(pk__in=[])
    return path_q("school__path", unit)


register(Person, Role.CELL_SECRETARY, act={REQUEST_ERASURE: _may_change_student})
register(Person, Role.COMMITTEE_OFFICER, act={REQUEST_ERASURE: _may_change_student})
register(Person, Role.COMMITTEE_OFFICER, act={DECIDE_ERASURE: _may_change_student})


class ErasureRefused(Exception):
    pass


@transaction.atomic
def erasure_request(*, person: Person, actor: User, ground: str, note: str = "") -> ErasureRequest:
    if not may(actor, REQUEST_ERASURE, person):
        raise PermissionDenied
    request = ErasureRequest.objects.create(
        person=person, unit_path=person.school.path if person.school_id else "", ground=ground, note=note[:255],
        requested_by=actor,
    )  # fmt: skip
    audit_record(actor=actor, action="create", obj=request, unit=person.school, after={"ground": ground})
    return request


@transaction.atomic
def erasure_decide(*, request: ErasureRequest, actor: User, approve: bool) -> ErasureRequest:
    """Approve or refuse; the one who asked never decides (four eyes)."""
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if not may(actor, DECIDE_ERASURE, request.person) or actor.pk == request.requested_by_id:
        raise PermissionDenied
    if request.status != ErasureStatus.REQUESTED:
        raise ErasureRefused(request.status)
    request.status = ErasureStatus.APPROVED if approve else ErasureStatus.REFUSED
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save()
    audit_record(
        actor=actor, action="update", obj=request, changes={"status": [ErasureStatus.REQUESTED, request.status]}
    )
    return request


@transaction.atomic
def erasure_execute(*, request: ErasureRequest, actor: User) -> ErasureRequest:
    """Carry out an approved request: the person is blanked everywhere (see the module docstring)."""
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if not may(actor, DECIDE_ERASURE, request.person):
        raise PermissionDenied
    if request.status != ErasureStatus.APPROVED:
        raise ErasureRefused(request.status)
    person = Person.objects.get(pk=request.person_id)
    outcome = erase_everywhere(person=person, actor=actor, reason=f"{request}: {request.ground}")
    request.status, request.executed_at, request.outcome = ErasureStatus.EXECUTED, timezone.now(), outcome
    request.save()
    audit_record(actor=actor, action="update", obj=request, changes={"status": [ErasureStatus.APPROVED, "executed"]})
    return request


def _needles(person: Person) -> dict[str, str]:
    """The person's identifying texts and what replaces each one."""
    replacements = {person.full_name: ERASED_NAME}
    for name in (
        "citizen_id",
        "old_id_number",
        "moet_id",
        "phone",
        "parent_phone",
        "email",
        "father_name",
        "mother_name",
        "home_address",
    ):
        value = getattr(person, name) or ""
        if len(value) >= 4:
            replacements[value] = ""
    return replacements


def erase_everywhere(*, person: Person, actor: User, reason: str) -> dict[str, int]:
    """Inside the caller's transaction: `person_erase` plus every copy elsewhere; counts per kind."""
    replacements = _needles(person)
    outcome = {"imports": _erase_in_imports(person, replacements), "documents": _erase_in_documents(replacements)}
    person_erase(person=person, actor=actor, reason=reason)
    from uommam.pipeline.models import Candidate

    outcome["candidacy notes"] = Candidate.objects.filter(person=person).exclude(notes="").update(notes="")
    outcome["journal"] = _erase_in_journal(replacements)
    return outcome


def _replace_text(text: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text


def _replace_json(value: Any, replacements: dict[str, str]) -> Any:
    return json.loads(_replace_text(json.dumps(value, ensure_ascii=False), replacements))


def _contains_q(field: str, replacements: dict[str, str]) -> Q:
    """Rows whose JSON or text `field` mentions one of the texts (stored escaped or not)."""
    q = Q(pk__in=[])
    for old in replacements:
        q |= Q(**{f"{field}_text__contains": old}) | Q(**{f"{field}_text__contains": json.dumps(old)[1:-1]})
    return q


def _rewrite_file(path: Path, replacements: dict[str, str]) -> bool:
    if not path.is_file():
        return False
    data = path.read_bytes()
    try:
        rewritten = replace_in_archive(data, replacements)
    except Exception:  # noqa: BLE001 – not an archive: a text (CSV) file
        text = data.decode("utf-8-sig", errors="replace")
        rewritten = _replace_text(text, replacements).encode("utf-8")
    if rewritten != data:
        path.write_bytes(rewritten)
        return True
    return False


def _erase_in_imports(person: Person, replacements: dict[str, str]) -> int:
    from uommam.imports.models import ImportBatch

    batches = ImportBatch.objects.annotate(report_text=Cast("report", TextField())).filter(
        _contains_q("report", replacements) | Q(school_id=person.school_id)
    )
    count = 0
    for batch in batches:
        touched = person.pk in (batch.created_ids or []) or any(
            row.get("id") == person.pk for row in batch.updated_rows or []
        )
        if not touched and _replace_json(batch.report, replacements) == batch.report:
            continue
        batch.report = _replace_json(batch.report, replacements)
        batch.updated_rows = [
            {**row, "before": dict.fromkeys(row.get("before", {}), MASK)} if row.get("id") == person.pk else row
            for row in batch.updated_rows or []
        ]
        batch.save(update_fields=["report", "updated_rows"])
        if batch.stored_file:
            _rewrite_file(Path(settings.MEDIA_ROOT) / batch.stored_file, replacements)
        count += 1
    return count


def _erase_in_documents(replacements: dict[str, str]) -> int:
    from uommam.documents.models import GeneratedDocument

    count = 0
    documents = GeneratedDocument.objects.annotate(context_text=Cast("context", TextField()))
    for document in documents.filter(_contains_q("context", replacements)):
        document.context = _replace_json(document.context, replacements)
        stored = document.file and document.file.name and document.file.storage.exists(document.file.name)
        if stored and _rewrite_file(Path(document.file.path), replacements):
            document.sha256 = hashlib.sha256(Path(document.file.path).read_bytes()).hexdigest()
        if document.pdf_file and document.pdf_file.name:
            document.pdf_file.storage.delete(document.pdf_file.name)
            document.pdf_file = ""
            document.pdf_sha256 = ""
        document.save()
        count += 1
    return count


def _erase_in_journal(replacements: dict[str, str]) -> int:
    entries = AuditEntry.objects.annotate(
        changes_text=Cast("changes", TextField()), note_text=Cast("note", TextField())
    )
    q = _contains_q("changes", replacements) | _contains_q("note", replacements)
    for old in replacements:
        q |= Q(object_repr__contains=old)
    count = 0
    for entry in entries.filter(q):
        entry.changes = _replace_json(entry.changes, {**replacements, **dict.fromkeys(replacements, MASK)})
        entry.note = _replace_text(entry.note, replacements)
        entry.object_repr = _replace_text(entry.object_repr, replacements)
        entry.save(update_fields=["changes", "note", "object_repr"])
        count += 1
    return count


def certificate_pdf(request: ErasureRequest) -> bytes:
    """The erasure certificate: who asked, why, who approved, when it was done and what was blanked."""
    from docx import Document

    from uommam.documents.rendering import docx_to_pdf

    doc = Document()
    doc.add_heading("GIẤY XÁC NHẬN XÓA DỮ LIỆU CÁ NHÂN", level=1)
    lines = [
        f"Số: {request}",
        f"Căn cứ pháp lý: {request.get_ground_display()}",
        f"Người đề nghị: {request.requested_by.get_full_name() or request.requested_by.get_username()}, "
        f"ngày {timezone.localtime(request.requested_at):%d/%m/%Y}",
    ]
    if request.decided_by:
        lines.append(
            f"Người phê duyệt: {request.decided_by.get_full_name() or request.decided_by.get_username()}, "
            f"ngày {timezone.localtime(request.decided_at):%d/%m/%Y}"
        )
    if request.executed_at:
        lines.append(f"Đã thực hiện ngày {timezone.localtime(request.executed_at):%d/%m/%Y}.")
        lines.append(
            "Đã xóa: hồ sơ học sinh; bản sao trong lô nhập dữ liệu ({imports}); văn bản đã sinh ({documents}); "
            "giá trị trong nhật ký ({journal}). Số liệu thống kê được giữ nguyên.".format(
                **{k: request.outcome.get(k, 0) for k in ("imports", "documents", "journal")}
            )
        )
    for line in lines:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return docx_to_pdf(out.getvalue())
