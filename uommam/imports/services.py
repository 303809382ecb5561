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
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from uommam.audit.models import AuditAction, AuditEntry
from uommam.audit.services import audit_bulk, audit_record
from uommam.orgs.models import OrgUnit
from uommam.people.models import Person
from uommam.training.models import AwarenessClass

from . import fastinsert, results, rights, roster
from .errors import ImportRefused
from .issues import message
from .kinds import STUDENTS, KindSpec, spec_for
from .layout import detect_layout
from .matching import mark_duplicates, match_existing
from .models import ImportBatch, ImportKind, ImportStatus, MappingProfile
from .reader import ImportFileError, read_sheet
from .validate import Analysis, analyse_sheet

BATCH_SIZE = 1000
# Fields an import may write on a Person (besides name parts and the derived columns).
WRITABLE = (
    "family_name", "middle_name", "given_name", "dob", "sex", "ethnicity", "citizen_id", "moet_id", "class_name",
    "home_province", "home_address", "father_name", "father_birth_year", "mother_name", "mother_birth_year",
    "religion", "phone", "cohort",
)  # fmt: skip
# On update, an import fills and corrects these but never moves a student to another cohort.
UPDATE_SKIP = ("cohort",)


@dataclass
class ImportOutcome:
    analysis: Analysis
    batch: ImportBatch | None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def layout_mapping(
    data: bytes,
    file_name: str,
    *,
    school: OrgUnit | None,
    mapping: dict[int, str] | None = None,
    spec: KindSpec = STUDENTS,
) -> tuple[Any, Any, dict[int, str], MappingProfile | None]:
    """``school`` is the unit whose remembered column mappings apply (the organiser for a class roster)."""
    sheet = read_sheet(data, file_name)
    layout = detect_layout(sheet.rows, spec)
    if layout is None:
        raise ImportFileError("header_not_found", message("header_not_found"))
    profile = None
    if mapping is None:
        profile = MappingProfile.objects.filter(unit=school, signature=layout.signature).first() if school else None
        mapping = {int(k): v for k, v in profile.mapping.items() if v} if profile is not None else dict(layout.guessed)
    mapping = {k: v for k, v in mapping.items() if v in spec.by_key}
    return sheet, layout, mapping, profile


def import_analyse(
    *,
    data: bytes,
    file_name: str,
    school: OrgUnit | None,
    kind: str = ImportKind.STUDENTS,
    mapping: dict[int, str] | None = None,
    school_year: str = "",
    awareness_class: AwarenessClass | None = None,
) -> Analysis:
    """Everything up to (not including) writing. Raises ImportFileError when the file cannot be read.

    Student lists and school results need the ``school`` (results also the ``school_year``); a class
    roster needs the ``awareness_class``.
    """
    if kind not in ImportKind.values:
        raise ImportRefused("not_supported_yet")
    spec = spec_for(kind)
    if kind == ImportKind.CLASS_ROSTER:
        if awareness_class is None:
            raise ImportRefused("class_required")
        unit = awareness_class.organiser
    else:
        if school is None:
            raise ImportRefused("school_required")
        unit = school
    if kind == ImportKind.SCHOOL_RESULTS:
        school_year = results.clean_school_year(school_year)
    sheet, layout, mapping, _profile = layout_mapping(data, file_name, school=unit, mapping=mapping, spec=spec)
    analysis = analyse_sheet(sheet, layout, mapping, spec)
    header_of = {key: layout.headers[i] for i, key in mapping.items()}
    if kind == ImportKind.STUDENTS:
        mark_duplicates(analysis.rows, header_of)
        match_existing(analysis.rows, school.pk, header_of)  # type: ignore[union-attr]
    elif kind == ImportKind.SCHOOL_RESULTS:
        results.check_rows(analysis, header_of, school_year)
        mark_duplicates(analysis.rows, header_of)
        match_existing(
            analysis.rows,
            school.pk,
            header_of,
            missing_code="student_not_found",
            matched_warning="matched_by_name_only",  # type: ignore[union-attr]
        )
        results.plan(analysis, school_year)
    else:
        school_ids = roster.check_rows(analysis, header_of, awareness_class)  # type: ignore[arg-type]
        mark_duplicates(analysis.rows, header_of)
        match_existing(
            analysis.rows, school_ids, header_of, missing_code="roster_student_not_found",
            matched_warning="matched_by_name_only",
        )  # fmt: skip
        roster.plan(analysis, header_of, awareness_class)  # type: ignore[arg-type]
    return analysis


def _report(analysis: Analysis, *, preview_rows: int = 1000) -> dict[str, Any]:
    """What the preview page and the history keep; capped so a big file stays a small JSON."""
    students = []
    for row in analysis.rows[:preview_rows]:
        d = row.data
        students.append(
            {
                "row": row.row,
                "full_name": row.full_name,
                "dob": d["dob"].isoformat() if isinstance(d.get("dob"), date) else "",
                "sex": d.get("sex") or "",
                "ethnicity_code": d.get("ethnicity") or "",
                "citizen_id": d.get("citizen_id") or "",
                "class_name": d.get("class_name") or "",
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
        "converted": analysis.converted,
        "errors": analysis.errors[:2000],
        "warnings": analysis.warnings[:2000],
        "students": students,
        "counts": analysis.counts(),
    }


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
    suffix = suffix if suffix in (".xlsx", ".xls", ".csv", ".txt") else ".bin"
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
    )


def import_preview(
    *,
    actor: Any,
    school: OrgUnit | None,
    data: bytes,
    file_name: str,
    kind: str = ImportKind.STUDENTS,
    mapping: dict[int, str] | None = None,
    school_year: str = "",
    awareness_class: AwarenessClass | None = None,
) -> ImportBatch:
    """Analyse the file and record a "previewed" batch; nothing else is written.

    Raises ImportFileError when the file cannot be read at all (nothing is recorded then).
    """
    if kind == ImportKind.SCHOOL_RESULTS:
        school_year = results.clean_school_year(school_year)
    if kind == ImportKind.CLASS_ROSTER:
        school = None
    analysis = import_analyse(
        data=data, file_name=file_name, school=school, kind=kind, mapping=mapping, school_year=school_year,
        awareness_class=awareness_class,
    )  # fmt: skip
    if kind == ImportKind.STUDENTS:
        rights.apply_field_rights(analysis, actor=actor, school_id=school.pk if school else None)
    unit = awareness_class.organiser if awareness_class is not None and school is None else school
    profile = None
    if analysis.layout is not None:
        profile = MappingProfile.objects.filter(unit=unit, signature=analysis.layout.signature).first()
    relative = _store(data, file_name)
    batch = ImportBatch(
        kind=kind,
        school=school,
        awareness_class=awareness_class if kind == ImportKind.CLASS_ROSTER else None,
        school_year=school_year if kind == ImportKind.SCHOOL_RESULTS else "",
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        file_name=Path(file_name).name[:255] or "upload",
        file_sha256=sha256(data),
        file_size=len(data),
        stored_file=relative,
        profile=profile,
    )
    _apply_counts(batch, analysis)
    batch.save()
    return batch


@transaction.atomic
def import_remap(*, batch: ImportBatch, actor: Any, mapping: dict[int, str]) -> ImportBatch:
    """Correct the column mapping of a previewed batch, remember it for this source, and re-analyse."""
    if batch.status != ImportStatus.PREVIEWED:
        raise ImportRefused("not_previewed")
    mapping = {int(k): v for k, v in mapping.items() if v}
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
                "updated_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        batch.profile = profile
    _apply_counts(batch, analysis)
    batch.save()
    return batch


def import_commit(*, batch: ImportBatch, actor: Any, skip_invalid: bool = False) -> ImportBatch:
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
    actor: Any,
    school: OrgUnit | None,
    data: bytes,
    file_name: str,
    kind: str = ImportKind.STUDENTS,
    skip_invalid: bool = False,
    mapping: dict[int, str] | None = None,
    school_year: str = "",
    awareness_class: AwarenessClass | None = None,
) -> ImportOutcome:
    """Analyse and commit in one step (command line, benchmark); the batch is recorded as committed."""
    with transaction.atomic(durable=True):
        if kind == ImportKind.SCHOOL_RESULTS:
            school_year = results.clean_school_year(school_year)
        analysis = import_analyse(
            data=data, file_name=file_name, school=school, kind=kind, mapping=mapping, school_year=school_year,
            awareness_class=awareness_class,
        )  # fmt: skip
        batch = ImportBatch(
            kind=kind,
            school=school if kind != ImportKind.CLASS_ROSTER else None,
            awareness_class=awareness_class if kind == ImportKind.CLASS_ROSTER else None,
            school_year=school_year,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            file_name=Path(file_name).name[:255] or "upload",
            file_sha256=sha256(data),
            file_size=len(data),
        )
        _write(batch=batch, analysis=analysis, actor=actor, skip_invalid=skip_invalid)
    return ImportOutcome(analysis=analysis, batch=batch)


def _write(*, batch: ImportBatch, analysis: Analysis, actor: Any, skip_invalid: bool) -> None:
    """Inside the caller's transaction: create and update people, journal them, complete the batch."""
    _apply_counts(batch, analysis)
    if analysis.file_errors or (analysis.errors and not skip_invalid):
        raise ImportRefused("import_has_errors", count=len(analysis.errors))
    if batch.kind != ImportKind.STUDENTS:
        if not analysis.valid_rows:
            raise ImportRefused("import_has_errors", count=len(analysis.errors))
        batch.skip_invalid = skip_invalid
        if not batch.pk:
            batch.save()
        writer = results.write if batch.kind == ImportKind.SCHOOL_RESULTS else roster.write
        writer(batch=batch, analysis=analysis, actor=actor)
        return
    user = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    school = batch.school
    rows = analysis.valid_rows
    user_id = user.pk if user is not None else None
    shared = {
        "created_at": now, "updated_at": now, "created_by_id": user_id, "updated_by_id": user_id, "version": 1,
        "school_id": school.pk,
    }  # fmt: skip
    template = {
        f.attname: f.get_default()
        for f in Person._meta.concrete_fields
        if not f.primary_key and f.attname not in shared
    }
    new_rows: list[dict[str, Any]] = []
    for row in rows:
        if row.action != "create":
            continue
        values = {**template, **row.data}
        new_rows.append(values)
    updates = {row.person_id: row for row in rows if row.action == "update"}
    changed_people: list[Person] = []
    updated_rows: list[dict[str, Any]] = []
    update_fields: set[str] = set()
    ids = list(updates)
    try:
        if not batch.pk:
            batch.save()
        note = f"import #{batch.pk}: {batch.file_name}"[:255]
        new_ids = fastinsert.insert(Person, new_rows, constant=shared)
        for start in range(0, len(ids), BATCH_SIZE):
            for person in Person.objects.filter(pk__in=ids[start : start + BATCH_SIZE]):
                row = updates[person.pk]
                before: dict[str, Any] = {}
                for key, value in row.data.items():
                    if key in UPDATE_SKIP or value in ("", None):
                        continue
                    old = getattr(person, key)
                    if old != value:
                        before[key] = old.isoformat() if isinstance(old, date) else old
                        setattr(person, key, value)
                        update_fields.add(key)
                if not before:
                    continue
                person.refresh_derived()
                person.version += 1
                person.updated_by = user
                person.updated_at = now
                changed_people.append(person)
                updated_rows.append({"id": person.pk, "version": person.version, "before": before})
        if changed_people:
            fields = sorted(
                update_fields | {"full_name", "sort_key", "search_key", "version", "updated_by", "updated_at"}
            )
            Person.objects.bulk_update(changed_people, fields, batch_size=BATCH_SIZE)
    except IntegrityError as exc:
        raise ImportRefused("import_has_errors", count=1) from exc
    unit_path = school.path
    journal = {
        "at": now, "actor_id": user_id, "action": AuditAction.IMPORT, "model": "people.Person",
        "unit_path": unit_path, "changes": {}, "note": note,
    }  # fmt: skip
    fastinsert.insert(
        AuditEntry,
        [{"object_pk": str(pk), "object_repr": v["full_name"][:200]} for pk, v in zip(new_ids, new_rows, strict=True)],
        constant=journal,
        returning=False,
    )
    entries: list[AuditEntry] = []
    for person, info in zip(changed_people, updated_rows, strict=True):
        changes = {k: [v, _plain(getattr(person, k))] for k, v in info["before"].items()}
        entries.append(
            AuditEntry(
                actor=user,
                action=AuditAction.UPDATE,
                model="people.Person",
                object_pk=str(person.pk),
                object_repr=person.full_name[:200],
                unit_path=unit_path,
                changes=changes,
                note=note,
            )
        )
    audit_bulk(entries)
    batch.status = ImportStatus.COMMITTED
    batch.committed_at = now
    batch.skip_invalid = skip_invalid
    batch.created = len(new_ids)
    batch.updated = len(changed_people)
    batch.created_ids = list(new_ids)
    batch.updated_rows = updated_rows
    batch.save()
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        obj=batch,
        unit=school,
        changes={"created": batch.created, "updated": batch.updated, "sha256": batch.file_sha256},
        note=batch.file_name,
    )


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def undo_blockers(batch: ImportBatch) -> str | None:
    """Why this batch can no longer be undone (Vietnamese), or None."""
    if batch.status != ImportStatus.COMMITTED:
        return message("undo_not_committed")
    if batch.kind == ImportKind.CLASS_ROSTER:
        return message("undo_roster")
    if batch.kind == ImportKind.SCHOOL_RESULTS:
        changed = results.changed_since(batch)
        return message("undo_records_changed", count=changed) if changed else None
    created = list(batch.created_ids)
    expected = {row["id"]: row["version"] for row in batch.updated_rows}
    changed = 0
    for start in range(0, len(created), BATCH_SIZE):
        changed += Person.objects.filter(pk__in=created[start : start + BATCH_SIZE]).exclude(version=1).count()
    ids = list(expected)
    for start in range(0, len(ids), BATCH_SIZE):
        for pk, version in Person.objects.filter(pk__in=ids[start : start + BATCH_SIZE]).values_list("pk", "version"):
            changed += version != expected[pk]
    if changed:
        return message("undo_changed", count=changed)
    dependents = _dependents(created)
    if dependents:
        return message("undo_dependents", count=dependents)
    return None


def _dependents(person_ids: list[int]) -> int:
    """How many of these people have any other record pointing at them (school records, candidates …)."""
    if not person_ids:
        return 0
    people: set[int] = set()
    for relation in Person._meta.related_objects:
        model = relation.related_model
        column = relation.field.attname
        for start in range(0, len(person_ids), BATCH_SIZE):
            chunk = person_ids[start : start + BATCH_SIZE]
            people.update(model._default_manager.filter(**{f"{column}__in": chunk}).values_list(column, flat=True))
    return len(people)


def import_undo(*, batch: ImportBatch, actor: Any) -> ImportBatch:
    """Delete the students a batch created and restore the values it overwrote — all or nothing."""
    with transaction.atomic(durable=True):
        batch = ImportBatch.objects.select_for_update(of=("self",)).get(pk=batch.pk)
        reason = undo_blockers(batch)
        if reason:
            raise ImportRefused("undo_blocked", reason)
        user = actor if getattr(actor, "is_authenticated", False) else None
        now = timezone.now()
        note = f"undo import #{batch.pk}: {batch.file_name}"[:255]
        if batch.kind == ImportKind.SCHOOL_RESULTS:
            results.undo(batch=batch, actor=actor, note=note)
            return _undone(batch, actor, user, now, note)
        unit_path = batch.school.path
        entries: list[AuditEntry] = []
        restored: list[Person] = []
        fields: set[str] = set()
        for info in batch.updated_rows:
            person = Person.objects.get(pk=info["id"])
            changes = {}
            for key, old in info["before"].items():
                field = Person._meta.get_field(key)
                value = field.to_python(old)
                changes[key] = [_plain(getattr(person, key)), old]
                setattr(person, key, value)
                fields.add(key)
            person.refresh_derived()
            person.version += 1
            person.updated_by, person.updated_at = user, now
            restored.append(person)
            entries.append(
                AuditEntry(
                    actor=user,
                    action=AuditAction.UPDATE,
                    model="people.Person",
                    object_pk=str(person.pk),
                    object_repr=person.full_name[:200],
                    unit_path=unit_path,
                    changes=changes,
                    note=note,
                )  # fmt: skip
            )
        if restored:
            all_fields = sorted(fields | {"full_name", "sort_key", "search_key", "version", "updated_by", "updated_at"})
            Person.objects.bulk_update(restored, all_fields, batch_size=BATCH_SIZE)
        created = list(batch.created_ids)
        for start in range(0, len(created), BATCH_SIZE):
            chunk = created[start : start + BATCH_SIZE]
            for pk, name in Person.objects.filter(pk__in=chunk).values_list("pk", "full_name"):
                entries.append(
                    AuditEntry(
                        actor=user,
                        action=AuditAction.DELETE,
                        model="people.Person",
                        object_pk=str(pk),
                        object_repr=name[:200],
                        unit_path=unit_path,
                        note=note,
                    )  # fmt: skip
                )
            Person.objects.filter(pk__in=chunk).delete()
        audit_bulk(entries)
        return _undone(batch, actor, user, now, note)


def _undone(batch: ImportBatch, actor: Any, user: Any, now: Any, note: str) -> ImportBatch:
    batch.status = ImportStatus.UNDONE
    batch.undone_at, batch.undone_by = now, user
    batch.save(update_fields=["status", "undone_at", "undone_by"])
    audit_record(actor=actor, action=AuditAction.DELETE, obj=batch, unit=batch.unit, note=note)
    return batch
