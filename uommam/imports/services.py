"""Import writes: preview (records the batch, writes no student), commit (one transaction), undo.

``import_analyse`` is the pure part shared by the web flow, ``manage.py import_students`` and the
benchmark: read → find the layout → repair text → parse and check every column → match.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from uommam.audit.models import AuditAction
from uommam.audit.services import audit_record
from uommam.orgs.models import OrgUnit
from uommam.training.models import AwarenessClass

from . import rights
from .errors import ImportRefused
from .handlers import Target, handler_for
from .issues import message
from .kinds import STUDENTS, KindSpec
from .layout import Layout, detect_layout
from .models import ImportBatch, ImportKind, ImportStatus, MappingProfile
from .reader import ImportFileError, Sheet, read_book
from .selectors import import_classes, import_schools
from .validate import Analysis, analyse_book

if TYPE_CHECKING:
    from uommam.accounts.models import User

__all__ = [
    "ImportOutcome", "ImportRefused", "import_analyse", "import_commit", "import_file", "import_preview",
    "import_remap", "import_undo", "kind_fields", "undo_blockers",
]  # fmt: skip

# Fields an import may write on a Person (besides name parts and the derived columns).
WRITABLE = (
    "family_name", "middle_name", "given_name", "dob", "sex", "ethnicity", "ethnicity_note", "citizen_id",
    "old_id_number", "moet_id", "class_name", "home_province", "home_address", "father_name", "father_birth_year",
    "mother_name", "mother_birth_year", "religion", "phone", "parent_phone", "cohort",
)  # fmt: skip
Plan = tuple[Sheet, Layout, dict[int, str]]


@dataclass
class ImportOutcome:
    analysis: Analysis
    batch: ImportBatch | None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _holds_students(mapping: dict[int, str]) -> bool:
    return bool(set(mapping.values()) & {"full_name", "given_name", "citizen_id", "moet_id"})


def layout_mapping(
    data: bytes,
    file_name: str,
    *,
    school: OrgUnit | None,
    mapping: dict[int, str] | None = None,
    spec: KindSpec = STUDENTS,
) -> tuple[list[Sheet], list[Plan], MappingProfile | None]:
    """Every sheet, and for each one that holds a student table its layout and column mapping.

    ``school`` is the unit whose remembered column mappings apply (the organiser for a class roster). A
    ``mapping`` given by the user applies to the sheets laid out like the first used sheet; the others use
    the mapping remembered for their layout, or the guessed one.
    """
    sheets = read_book(data, file_name)
    plans: list[Plan] = []
    first_profile: MappingProfile | None = None
    first_signature = ""
    for sheet in sheets:
        layout = detect_layout(sheet.rows, spec)
        if layout is None:
            continue
        profile = None
        if mapping is not None and (not plans or layout.signature == first_signature):
            chosen = dict(mapping)
        else:
            profile = MappingProfile.objects.filter(unit=school, signature=layout.signature).first() if school else None
            chosen = {int(k): v for k, v in profile.mapping.items() if v} if profile else dict(layout.guessed)
        chosen = {k: v for k, v in chosen.items() if v in spec.by_key}
        if not _holds_students(chosen) and (plans or len(sheets) > 1):
            continue  # an instructions or summary sheet
        if not plans:
            first_profile, first_signature = profile, layout.signature
        plans.append((sheet, layout, chosen))
    if not plans:
        if len(sheets) > 1:
            names = ", ".join(f"“{s.name}”" for s in sheets)
            raise ImportFileError("header_not_found", message("header_not_found_sheets", sheets=names))
        raise ImportFileError("header_not_found", message("header_not_found"))
    return sheets, plans, first_profile


def import_analyse(
    *,
    data: bytes,
    file_name: str,
    school: OrgUnit | None,
    kind: str = ImportKind.STUDENTS,
    mapping: dict[int, str] | None = None,
    school_year: str = "",
    awareness_class: AwarenessClass | None = None,
    include_hidden: bool = False,
    actor: Any = None,
) -> Analysis:
    """Everything up to (not including) writing. Raises ImportFileError when the file cannot be read.

    With a user as `actor`, the answer is what the preview page would show them (imports.rights): a
    school or class they may not import into is refused, fields they may not set are dropped.

    Student lists and school results need the ``school`` (results also the ``school_year``); a class
    roster needs the ``awareness_class``. Rows hidden or filtered out in the workbook are left out (with a
    warning each) unless ``include_hidden``.
    """
    handler = handler_for(kind)
    target = handler.target(school=school, school_year=school_year, awareness_class=awareness_class)
    if actor is not None:
        _check_target_rights(actor, kind, school=school, awareness_class=awareness_class)
    analysis = _analyse(handler, target, data, file_name, mapping, include_hidden)
    if kind == ImportKind.STUDENTS and actor is not None:
        rights.apply_field_rights(analysis, actor=actor, school_id=target.school.pk if target.school else None)
    return analysis


def _analyse(
    handler: Any, target: Target, data: bytes, file_name: str, mapping: dict[int, str] | None, include_hidden: bool
) -> Analysis:
    sheets, plans, _profile = layout_mapping(data, file_name, school=target.unit, mapping=mapping, spec=handler.spec)
    analysis = analyse_book(sheets, plans, handler.spec, include_hidden=include_hidden)
    header_of: dict[str, str] = {}
    for _sheet, layout, sheet_mapping in plans:
        for i, key in sheet_mapping.items():
            header_of.setdefault(key, layout.headers[i])
    handler.check(analysis, header_of, target)
    return analysis


def student_report(row: Any) -> dict[str, Any]:
    """One row as the preview page and ``--json`` show it."""
    d = row.data
    return {
        "sheet": row.sheet,
        "row": row.row,
        "full_name": row.full_name,
        "family_name": d.get("family_name", ""),
        "middle_name": d.get("middle_name", ""),
        "given_name": d.get("given_name", ""),
        "dob": d["dob"].isoformat() if isinstance(d.get("dob"), date) else None,
        "sex": d.get("sex"),
        "ethnicity_code": d.get("ethnicity"),
        "ethnicity_note": d.get("ethnicity_note", ""),
        "citizen_id": d.get("citizen_id", ""),
        "old_id_number": d.get("old_id_number", ""),
        "moet_id": d.get("moet_id", ""),
        "class_name": d.get("class_name", ""),
        "phone": d.get("phone", ""),
        "parent_phone": d.get("parent_phone", ""),
    }


def _report(analysis: Analysis, *, preview_rows: int = 1000) -> dict[str, Any]:
    """What the preview page and the history keep; capped so a big file stays a small JSON."""
    students = []
    for row in analysis.rows[:preview_rows]:
        students.append(
            {
                **student_report(row),
                "dob": row.data["dob"].isoformat() if isinstance(row.data.get("dob"), date) else "",
                "sex": row.data.get("sex") or "",
                "ethnicity_code": row.data.get("ethnicity") or "",
                "action": row.action if row.valid else "",
                "errors": len(row.errors),
                "warnings": len(row.warnings),
                **kind_fields(row),
            }
        )
    return {
        "headers": analysis.headers,
        "header_row": analysis.layout.header_row + 1 if analysis.layout else 0,
        "header_rows": analysis.layout.header_rows if analysis.layout else 0,
        "signature": analysis.layout.signature if analysis.layout else "",
        "mapping": {str(k): v for k, v in analysis.mapping.items()},
        "sheets": analysis.sheets,
        "columns": analysis.columns,
        "layouts": _other_layouts(analysis),
        "converted": analysis.converted,
        "errors": analysis.errors[:2000],
        "warnings": analysis.warnings[:2000],
        "students": students,
        "counts": analysis.counts(),
    }


def _other_layouts(analysis: Analysis) -> list[dict[str, Any]]:
    """Sheets laid out unlike the first used sheet, one entry per layout, for the mapping step."""
    first = analysis.layout.signature if analysis.layout else ""
    out: dict[str, dict[str, Any]] = {}
    for name, layout, mapping in analysis.plans:
        if layout.signature == first:
            continue
        entry = out.setdefault(
            layout.signature,
            {"signature": layout.signature, "sheets": [], "headers": layout.headers,
             "mapping": {str(k): v for k, v in mapping.items()}},
        )  # fmt: skip
        entry["sheets"].append(name)
    return list(out.values())


def kind_fields(row: Any) -> dict[str, Any]:
    """What a results or roster row carries besides the student's identity (JSON-ready)."""
    d = row.data
    out: dict[str, Any] = {}
    if row.person_id:
        out["person_id"] = row.person_id
    if "record" in d:
        out.update(d["record"])
    for key in ("essay_score", "result", "certificate_number", "certificate_date"):
        if d.get(key) not in (None, ""):
            value = d[key]
            out[key] = value.isoformat() if isinstance(value, date) else str(value)
    return out


def _apply_counts(batch: ImportBatch, analysis: Analysis) -> None:
    counts = analysis.counts()
    batch.rows, batch.valid = counts["rows"], counts["valid"]
    batch.error_count, batch.warning_count = counts["errors"], counts["warnings"]
    batch.to_create, batch.to_update = counts["to_create"], counts["to_update"]
    batch.mapping = {str(k): v for k, v in analysis.mapping.items()}
    batch.report = _report(analysis)


def _store(data: bytes, file_name: str) -> str:
    """Save the upload under MEDIA_ROOT/imports/ with a generated name (never the user's name as a path)."""
    suffix = Path(file_name).suffix.lower()
    suffix = suffix if suffix in (".xlsx", ".xls", ".ods", ".csv", ".txt") else ".bin"
    relative = f"imports/{timezone.localdate():%Y/%m}/{secrets.token_hex(16)}{suffix}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return relative


def stored_bytes(batch: ImportBatch) -> bytes:
    """The uploaded file kept for this batch; refused clearly if it is gone (e.g. a restore without media)."""
    path = Path(settings.MEDIA_ROOT) / batch.stored_file
    if not batch.stored_file or not path.is_file():
        raise ImportRefused("file_missing")
    return path.read_bytes()


def _analyse_batch(batch: ImportBatch, data: bytes, mapping: dict[int, str] | None) -> Analysis:
    return import_analyse(
        data=data,
        file_name=batch.file_name,
        school=batch.school,
        kind=batch.kind,
        mapping=mapping,
        school_year=batch.school_year,
        awareness_class=batch.awareness_class,
        include_hidden=batch.include_hidden,
    )


def _new_batch(
    *, actor: User, kind: str, target: Target, data: bytes, file_name: str, include_hidden: bool
) -> ImportBatch:
    return ImportBatch(
        kind=kind,
        school=target.school,
        awareness_class=target.awareness_class,
        school_year=target.school_year,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        file_name=Path(file_name).name[:255] or "upload",
        file_sha256=sha256(data),
        file_size=len(data),
        include_hidden=include_hidden,
    )


def import_preview(
    *,
    actor: User,
    school: OrgUnit | None,
    data: bytes,
    file_name: str,
    kind: str = ImportKind.STUDENTS,
    mapping: dict[int, str] | None = None,
    school_year: str = "",
    awareness_class: AwarenessClass | None = None,
    include_hidden: bool = False,
) -> ImportBatch:
    """Analyse the file and record a "previewed" batch; nothing else is written.

    Raises ImportFileError when the file cannot be read at all (nothing is recorded then).
    """
    handler = handler_for(kind)
    target = handler.target(school=school, school_year=school_year, awareness_class=awareness_class)
    analysis = _analyse(handler, target, data, file_name, mapping, include_hidden)
    if kind == ImportKind.STUDENTS:
        rights.apply_field_rights(analysis, actor=actor, school_id=target.school.pk if target.school else None)
    profile = None
    if analysis.layout is not None:
        profile = MappingProfile.objects.filter(unit=target.unit, signature=analysis.layout.signature).first()
    batch = _new_batch(
        actor=actor, kind=kind, target=target, data=data, file_name=file_name, include_hidden=include_hidden
    )
    batch.stored_file = _store(data, file_name)
    batch.profile = profile
    _apply_counts(batch, analysis)
    batch.save()
    return batch


@transaction.atomic
def import_remap(
    *, batch: ImportBatch, actor: User, mapping: dict[int, str], others: dict[str, dict[int, str]] | None = None
) -> ImportBatch:
    """Correct the column mapping of a previewed batch, remember it for this layout, and re-analyse.

    ``others`` maps the signature of another layout of the workbook (``report["layouts"]``) to its
    corrected mapping; each is remembered too, and used for those sheets.
    """
    if batch.status != ImportStatus.PREVIEWED:
        raise ImportRefused("not_previewed")
    mapping = {int(k): v for k, v in mapping.items() if v}
    user = actor if getattr(actor, "is_authenticated", False) else None
    known = {entry["signature"]: entry for entry in (batch.report or {}).get("layouts", [])}
    for signature, other in (others or {}).items():
        if signature in known:  # only layouts of this file
            MappingProfile.objects.update_or_create(
                unit=batch.unit,
                signature=signature,
                defaults={
                    "headers": known[signature]["headers"],
                    "mapping": {str(k): v for k, v in other.items() if v},
                    "updated_by": user,
                },
            )
    analysis = _analyse_batch(batch, stored_bytes(batch), mapping)
    if batch.kind == ImportKind.STUDENTS:
        rights.apply_field_rights(analysis, actor=actor, school_id=batch.school_id)
    if analysis.layout is not None:
        profile, _created = MappingProfile.objects.update_or_create(
            unit=batch.unit,
            signature=analysis.layout.signature,
            defaults={
                "headers": analysis.headers,
                "mapping": {str(k): v for k, v in mapping.items()},
                "updated_by": user,
            },
        )
        batch.profile = profile
    _apply_counts(batch, analysis)
    batch.save()
    return batch


def import_commit(*, batch: ImportBatch, actor: User, skip_invalid: bool = False) -> ImportBatch:
    """Write a previewed batch in one transaction: all valid rows, or nothing.

    With errors in the file nothing is written unless ``skip_invalid``. The file is analysed again inside
    the transaction, so matches reflect the database at commit time, not at preview time.
    """
    with transaction.atomic(durable=True):
        batch = ImportBatch.objects.select_for_update(of=("self",)).get(pk=batch.pk)
        if batch.status != ImportStatus.PREVIEWED:
            raise ImportRefused("not_previewed")
        data = stored_bytes(batch)
        if sha256(data) != batch.file_sha256:
            raise ImportRefused("file_changed")
        mapping = {int(k): v for k, v in batch.mapping.items() if v}
        analysis = _analyse_batch(batch, data, mapping)
        if batch.kind == ImportKind.STUDENTS:
            rights.apply_field_rights(analysis, actor=actor, school_id=batch.school_id)
        _write(batch=batch, analysis=analysis, actor=actor, skip_invalid=skip_invalid)
    return batch


def import_file(
    *,
    actor: User,
    school: OrgUnit | None,
    data: bytes,
    file_name: str,
    kind: str = ImportKind.STUDENTS,
    skip_invalid: bool = False,
    mapping: dict[int, str] | None = None,
    school_year: str = "",
    awareness_class: AwarenessClass | None = None,
    include_hidden: bool = False,
) -> ImportOutcome:
    """Analyse and commit in one step (command line, benchmark); the batch is recorded as committed.

    A user as `actor` gets exactly the page's rights: only a school or class they may import into
    (refused otherwise), and by field only what they may set by hand. `actor=None` is the operator
    at the server's command line, who holds the administrator's rights."""
    handler = handler_for(kind)
    with transaction.atomic(durable=True):
        target = handler.target(school=school, school_year=school_year, awareness_class=awareness_class)
        if actor is not None:
            _check_target_rights(actor, kind, school=school, awareness_class=awareness_class)
        analysis = _analyse(handler, target, data, file_name, mapping, include_hidden)
        if kind == ImportKind.STUDENTS and actor is not None:
            rights.apply_field_rights(analysis, actor=actor, school_id=target.school.pk if target.school else None)
        batch = _new_batch(
            actor=actor, kind=kind, target=target, data=data, file_name=file_name, include_hidden=include_hidden
        )
        _write(batch=batch, analysis=analysis, actor=actor, skip_invalid=skip_invalid)
    return ImportOutcome(analysis=analysis, batch=batch)


def _check_target_rights(
    actor: Any, kind: str, *, school: OrgUnit | None, awareness_class: AwarenessClass | None
) -> None:
    """The pages' rule (imports.selectors): a school the user may change students of, a class they manage."""
    if kind == ImportKind.CLASS_ROSTER:
        allowed = awareness_class is not None and import_classes(actor).filter(pk=awareness_class.pk).exists()
    else:
        allowed = school is not None and import_schools(actor).filter(pk=school.pk).exists()
    if not allowed:
        raise ImportRefused("not_allowed")


def _write(*, batch: ImportBatch, analysis: Analysis, actor: Any, skip_invalid: bool) -> None:
    """Inside the caller's transaction: the kind's own write, after the checks every kind shares."""
    _apply_counts(batch, analysis)
    if analysis.file_errors or (analysis.errors and not skip_invalid) or not analysis.valid_rows:
        raise ImportRefused("import_has_errors", count=len(analysis.errors))
    batch.skip_invalid = skip_invalid
    if not batch.pk:
        batch.save()
    handler_for(batch.kind).write(batch=batch, analysis=analysis, actor=actor)


def undo_blockers(batch: ImportBatch) -> str | None:
    """Why this batch can no longer be undone (Vietnamese), or None."""
    if batch.status != ImportStatus.COMMITTED:
        return message("undo_not_committed")
    return handler_for(batch.kind).undo_blockers(batch)


def import_undo(*, batch: ImportBatch, actor: User) -> ImportBatch:
    """Undo a committed batch through its kind — all or nothing — and journal it."""
    with transaction.atomic(durable=True):
        batch = ImportBatch.objects.select_for_update(of=("self",)).get(pk=batch.pk)
        reason = undo_blockers(batch)
        if reason:
            raise ImportRefused("undo_blocked", reason)
        note = f"undo import #{batch.pk}: {batch.file_name}"[:255]
        handler_for(batch.kind).undo(batch=batch, actor=actor, note=note)
        batch.status = ImportStatus.UNDONE
        batch.undone_at = timezone.now()
        batch.undone_by = actor if getattr(actor, "is_authenticated", False) else None
        batch.save(update_fields=["status", "undone_at", "undone_by"])
        audit_record(actor=actor, action=AuditAction.DELETE, obj=batch, unit=batch.unit, note=note)
    return batch
