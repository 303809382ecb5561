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

import datetime as dt
import io
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q, TextField
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Cast
from django.utils import timezone

from uommam.audit.models import AuditEntry
from uommam.audit.services import audit_record
from uommam.orgs.capabilities import describe, may, register
from uommam.orgs.roles import Role
from uommam.orgs.tree import path_q

from .models import ErasureRequest, ErasureStatus, Person
from .privacy import ERASED_NAME, MASK
from .redaction import replace_in_archive

if TYPE_CHECKING:
    from uommam.accounts.models import User

# --- Retention: who may be erased, and blanking one student ----------------------------------

# Person fields blanked by erasure; what is not listed (school, cohort, class, sex, ethnicity,
# home province and commune, leaving dates, Youth Union date) stays for the statistics.
BLANKED = (
    "middle_name", "given_name", "citizen_id", "old_id_number", "moet_id", "religion", "home_address", "phone",
    "parent_phone", "email", "father_name", "mother_name", "notes",
)  # fmt: skip
NULLED = ("father_birth_year", "mother_birth_year")


def retention_cutoff(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    years = settings.UOMMAM_RETENTION_YEARS_AFTER_LEAVING
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def erasable_people(before: dt.date) -> models.QuerySet[Person]:
    """Students who left school before `before`, not yet erased, and not Party members (whose
    record the Party keeps under its own rules)."""
    return (
        Person.objects.filter(left_school_on__lt=before)
        .exclude(family_name=ERASED_NAME, given_name="")
        .filter(party_member__isnull=True)
        .order_by("pk")
    )


def _files_of(person: Person) -> list[tuple[models.Model, str]]:
    """(row, file field name) for every uploaded file attached to the person or to a record of theirs
    (consent scans, dossier scans of their candidacy …), found through foreign keys up to two steps."""
    found: list[tuple[models.Model, str]] = []
    for model in apps.get_models():
        file_fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        if not file_fields:
            continue
        for path in _paths_to_person(model):
            for row in model._default_manager.filter(**{path: person}):
                found.extend((row, name) for name in file_fields if getattr(row, name))
    return found


def _paths_to_person(model: type[models.Model]) -> list[str]:
    paths = []
    for field in model._meta.concrete_fields:
        if not (field.is_relation and field.related_model):
            continue
        if field.related_model is Person:
            paths.append(field.name)
            continue
        for inner in field.related_model._meta.concrete_fields:
            if inner.is_relation and inner.related_model is Person:
                paths.append(f"{field.name}__{inner.name}")
    return paths


# Copies of a student's personal data kept by apps above `people` (referral packages, issued
# letters …) are erased by hooks those apps register in their AppConfig.ready: `people` must not
# import them. A hook is called inside the erasure's transaction, after the person row is locked,
# as `hook(person=..., actor=...)`; it blanks its copies (deleting files only on commit) and
# returns {what: how many} for the erasure's journal entry.
ErasureHook = Callable[..., Mapping[str, int]]
_erasure_hooks: list[ErasureHook] = []


def register_erasure_hook(hook: ErasureHook) -> None:
    if hook not in _erasure_hooks:
        _erasure_hooks.append(hook)


def delete_file_on_commit(stored: FieldFile) -> None:
    """Delete a stored file once the transaction commits: a rolled-back erasure must not lose it."""
    if stored.name:  # a FieldFile is true exactly when it names a file
        # Bound now: the field is cleared before the commit, the file's storage and name must not be.
        storage, path = stored.storage, stored.name
        transaction.on_commit(lambda: storage.delete(path))


def _erase_name_in_journal_labels(person: Person, old_name: str) -> None:
    """Journal entries of records tied to the person (candidacies, enrolments, referrals …) are
    labelled with the student's name ("Ma Thị Hoa (Đã giới thiệu)"): the name is replaced there."""
    if not old_name or old_name == ERASED_NAME:
        return
    for model in apps.get_models():
        if model is Person:
            continue
        for path in _paths_to_person(model):
            pks = [str(pk) for pk in model._default_manager.filter(**{path: person}).values_list("pk", flat=True)]
            entries = AuditEntry.objects.filter(
                model=model._meta.label, object_pk__in=pks, object_repr__contains=old_name
            )
            for entry in entries:
                entry.object_repr = entry.object_repr.replace(old_name, ERASED_NAME)
                entry.save(update_fields=["object_repr"])


@transaction.atomic
def person_erase(*, person: Person, actor: Any, reason: str) -> Person:
    """Anonymise one student (see the module docstring); journalled without the erased values."""
    current = Person.objects.select_for_update(of=("self",)).select_related("school").get(pk=person.pk)
    erased_fields = [f for f in (*BLANKED, *NULLED) if getattr(current, f) not in ("", None)]
    old_name = current.full_name
    current.family_name = ERASED_NAME
    for name in BLANKED:
        setattr(current, name, "")
    for name in NULLED:
        setattr(current, name, None)
    if current.dob.month != 1 or current.dob.day != 1:
        current.dob = current.dob.replace(month=1, day=1)
        erased_fields.append("dob")
    if current.archived_at is None:
        current.archived_at = timezone.now()
    current.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    current.version += 1
    current.save()
    for consent in current.consents.all():
        consent.given_by = ERASED_NAME
        consent.save(update_fields=["given_by"])
    deleted_files = 0
    for row, name in _files_of(current):
        delete_file_on_commit(getattr(row, name))
        setattr(row, name, "")
        row.save(update_fields=[name])
        deleted_files += 1
    elsewhere: dict[str, int] = {}
    for hook in _erasure_hooks:
        for what, count in hook(person=current, actor=actor).items():
            elsewhere[what] = elsewhere.get(what, 0) + count
    _erase_name_in_journal_labels(current, old_name)
    # The journal kept the old values of these fields; an erasure removes them there too.
    personal = set(BLANKED) | set(NULLED) | {"family_name", "full_name", "dob", "given_by"}
    for entry in AuditEntry.objects.filter(
        model__in=["people.Person", "people.ParentalConsent"], object_pk=str(current.pk)
    ):
        entry.object_repr = ERASED_NAME
        if isinstance(entry.changes, dict):
            entry.changes = {k: ([MASK, MASK] if k in personal else v) for k, v in entry.changes.items()}
        entry.save(update_fields=["object_repr", "changes"])
    AuditEntry.objects.filter(
        model="people.ParentalConsent", object_pk__in=[str(c.pk) for c in current.consents.all()]
    ).update(object_repr=ERASED_NAME, changes={})
    audit_record(
        actor=actor,
        action="update",
        obj=current,
        unit=current.school,
        changes={name: [MASK, ""] for name in erased_fields}
        | {"files": [deleted_files, 0]}
        | {what: [count, 0] for what, count in elsewhere.items()},
        note=f"erase_personal_data: {reason}"[:255],
    )
    return current


# --- The procedure: request, approval, execution ---------------------------------------------

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


# Copies of the person's texts kept by apps above `people` (candidacy notes, import batches and their
# files, generated documents) are blanked by those apps: each registers, in its AppConfig.ready,
# `eraser(person, replacements) -> how many rows` under the label the request's outcome shows.
# `people` must not import them. They run before `person_erase`, while the old texts are known.
CopyEraser = Callable[[Person, dict[str, str]], int]
_copy_erasers: dict[str, CopyEraser] = {}


def register_copy_eraser(label: str, eraser: CopyEraser) -> None:
    _copy_erasers[label] = eraser


def erase_everywhere(*, person: Person, actor: Any, reason: str) -> dict[str, int]:
    """Inside the caller's transaction: `person_erase` plus every copy elsewhere; counts per kind."""
    replacements = _needles(person)
    outcome = {label: eraser(person, replacements) for label, eraser in _copy_erasers.items()}
    person_erase(person=person, actor=actor, reason=reason)
    outcome["journal"] = _erase_in_journal(replacements)
    return outcome


def replace_text(text: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text


def replace_json(value: Any, replacements: dict[str, str]) -> Any:
    return json.loads(replace_text(json.dumps(value, ensure_ascii=False), replacements))


def contains_q(field: str, replacements: dict[str, str]) -> Q:
    """Rows whose JSON or text `field` mentions one of the texts (stored escaped or not)."""
    q = Q(pk__in=[])
    for old in replacements:
        q |= Q(**{f"{field}_text__contains": old}) | Q(**{f"{field}_text__contains": json.dumps(old)[1:-1]})
    return q


def rewrite_file(path: Path, replacements: dict[str, str]) -> bool:
    if not path.is_file():
        return False
    data = path.read_bytes()
    try:
        rewritten = replace_in_archive(data, replacements)
    except Exception:  # noqa: BLE001 – not an archive: a text (CSV) file
        text = data.decode("utf-8-sig", errors="replace")
        rewritten = replace_text(text, replacements).encode("utf-8")
    if rewritten != data:
        path.write_bytes(rewritten)
        return True
    return False


def _erase_in_journal(replacements: dict[str, str]) -> int:
    entries = AuditEntry.objects.annotate(
        changes_text=Cast("changes", TextField()), note_text=Cast("note", TextField())
    )
    q = contains_q("changes", replacements) | contains_q("note", replacements)
    for old in replacements:
        q |= Q(object_repr__contains=old)
    count = 0
    for entry in entries.filter(q):
        entry.changes = replace_json(entry.changes, {**replacements, **dict.fromkeys(replacements, MASK)})
        entry.note = replace_text(entry.note, replacements)
        entry.object_repr = replace_text(entry.object_repr, replacements)
        entry.save(update_fields=["changes", "note", "object_repr"])
        count += 1
    return count


def certificate_pdf(request: ErasureRequest) -> bytes:
    """The erasure certificate: who asked, why, who approved, when it was done and what was blanked."""
    from docx import Document

    from uommam.core.office import docx_to_pdf

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
