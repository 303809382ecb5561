"""School results (kết quả học tập, rèn luyện): checks after parsing, and the commit and undo of records.

Each row names a registered student of the school and gives the year's academic result and conduct.
The scale of a row is the one both of its grades fit; when both fit either scale ("Khá", "Khá"), the
school year and grade decide: Thông tư 22/2021 reached grade 10 in 2022-2023, 11 in 2023-2024 and 12 in
2024-2025.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

from django.utils import timezone

from uommam.audit.models import AuditAction, AuditEntry
from uommam.audit.services import audit_bulk, audit_entry, audit_record
from uommam.people.models import GradingScale, SchoolRecord

from .errors import ImportRefused
from .issues import issue
from .models import ImportBatch, ImportStatus
from .validate import Analysis

if TYPE_CHECKING:
    from uommam.accounts.models import User

FIELDS = ("grade_level", "scale", "academic_result", "conduct")
_YEAR = re.compile(r"^(\d{4})\s*[-–/]\s*(\d{4})$")
_CLASS_GRADE = re.compile(r"^(\d{1,2})")
CHUNK = 500


def clean_school_year(value: str) -> str:
    """ "2024-2025" (also "2024 – 2025", "2024/2025"); anything else is refused."""
    match = _YEAR.match((value or "").strip())
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise ImportRefused("school_year_invalid", value=value)
    return f"{match.group(1)}-{match.group(2)}"


def expected_scale(school_year: str, grade: int) -> str:
    return GradingScale.NEW if int(school_year[:4]) >= 2012 + grade else GradingScale.OLD


def check_rows(analysis: Analysis, header_of: dict[str, str], school_year: str) -> None:
    """Grade level and scale of every row (before matching, so a broken row is not matched)."""
    for row in analysis.rows:
        d = row.data
        level = d.pop("grade_level", None)
        class_grade = None
        match = _CLASS_GRADE.match(d.get("class_name") or "")
        if match and 10 <= int(match.group(1)) <= 12:
            class_grade = int(match.group(1))
        if level and class_grade and level != class_grade:
            row.errors.append(
                issue(
                    row.row, header_of.get("grade_level", ""), "grade_level_mismatch", value=level, cls=d["class_name"]
                )
            )
        level = level or class_grade
        if level is None and not any(e["column"] == header_of.get("grade_level") for e in row.errors):
            column = header_of.get("grade_level") or header_of.get("class_name", "")
            row.errors.append(issue(row.row, column, "grade_level_missing"))
        academic, conduct = d.pop("academic_result", None), d.pop("conduct", None)
        if academic is None or conduct is None or level is None:
            continue
        scales = academic[1] & conduct[1]
        if not scales:
            row.errors.append(
                issue(row.row, header_of["conduct"], "scales_mixed", academic=_shown(academic), conduct=_shown(conduct))
            )
            continue
        expected = expected_scale(school_year, level)
        if len(scales) > 1:
            scale = expected
        else:
            (scale,) = scales
            if scale != expected:
                row.warnings.append(issue(row.row, header_of["academic_result"], f"scale_unexpected_{scale}"))
        d["record"] = {"grade_level": level, "scale": str(scale), "academic_result": academic[0], "conduct": conduct[0]}


def _shown(value: tuple[str, Any]) -> str:
    from uommam.people.models import Grade

    return Grade(value[0]).label.split("(")[-1].rstrip(")")


def plan(analysis: Analysis, school_year: str) -> None:
    """Create or update: one record per student and school year."""
    rows = [r for r in analysis.rows if r.valid and r.person_id]
    ids = [r.person_id for r in rows if r.person_id is not None]  # all of them: filtered above
    current: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), CHUNK):
        records = SchoolRecord.objects.filter(person_id__in=ids[start : start + CHUNK], school_year=school_year)
        for record in records.values("pk", "person_id", *FIELDS):
            current[record["person_id"]] = record
    for row in rows:
        old = current.get(cast(int, row.person_id))  # filtered above: rows with a person
        if old is None:
            row.action = "create"
        elif all(old[k] == row.data["record"][k] for k in FIELDS):
            row.action = "unchanged"
        else:
            row.action = "update"
            row.data["record_id"] = old["pk"]


def write(*, batch: ImportBatch, analysis: Analysis, actor: User) -> None:
    """Inside the caller's transaction: create and update the records, journal them, complete the batch."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    year = batch.school_year
    note = f"import #{batch.pk}: {batch.file_name}"[:255]
    rows = analysis.valid_rows
    new = [r for r in rows if r.action == "create"]
    # Matching gives every valid results row a person (or an error): see matching.match_existing.
    new_ids = [cast(int, r.person_id) for r in new]
    changed = [r for r in rows if r.action == "update"]
    created = SchoolRecord.objects.bulk_create(
        [SchoolRecord(person_id=cast(int, r.person_id), school_year=year, **r.data["record"]) for r in new],
        batch_size=CHUNK,
    )
    if any(record.pk is None for record in created):  # databases that return no ids from a bulk insert
        by_person = dict(
            SchoolRecord.objects.filter(person_id__in=new_ids, school_year=year).values_list("person_id", "pk")
        )
        for record in created:
            record.pk = by_person[record.person_id]
    entries = [
        _entry(
            user,
            AuditAction.IMPORT,
            record,
            f"{row.full_name} · {year}",
            batch,
            {k: [None, v] for k, v in row.data["record"].items()},
            note,
        )  # fmt: skip
        for record, row in zip(created, new, strict=True)
    ]
    updated_rows: list[dict[str, Any]] = [
        {"id": record.pk, "before": None, "after": row.data["record"]} for record, row in zip(created, new, strict=True)
    ]
    records = {r.pk: r for r in SchoolRecord.objects.filter(pk__in=[r.data["record_id"] for r in changed])}
    to_save = []
    for row in changed:
        record = records[row.data["record_id"]]
        before = {k: getattr(record, k) for k in FIELDS}
        for key, value in row.data["record"].items():
            setattr(record, key, value)
        to_save.append(record)
        updated_rows.append({"id": record.pk, "before": before, "after": row.data["record"]})
        changes = {k: [before[k], v] for k, v in row.data["record"].items() if before[k] != v}
        entries.append(_entry(user, AuditAction.UPDATE, record, f"{row.full_name} · {year}", batch, changes, note))
    SchoolRecord.objects.bulk_update(to_save, list(FIELDS), batch_size=CHUNK)
    audit_bulk(entries)
    batch.status = ImportStatus.COMMITTED
    batch.committed_at = now
    batch.created, batch.updated = len(created), len(to_save)
    batch.created_ids = [record.pk for record in created]
    batch.updated_rows = updated_rows
    batch.save()
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        obj=batch,
        unit=batch.school,
        changes={"created": batch.created, "updated": batch.updated, "sha256": batch.file_sha256, "year": year},
        note=batch.file_name,
    )


def _current(batch: ImportBatch) -> dict[int, dict[str, Any]]:
    ids = [info["id"] for info in batch.updated_rows]
    out: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), CHUNK):
        for record in SchoolRecord.objects.filter(pk__in=ids[start : start + CHUNK]).values("pk", *FIELDS):
            out[record["pk"]] = record
    return out


def changed_since(batch: ImportBatch) -> int:
    """How many records this import wrote were changed or deleted afterwards."""
    current = _current(batch)
    changed = 0
    for info in batch.updated_rows:
        now = current.get(info["id"])
        changed += now is None or any(now[k] != v for k, v in info["after"].items())
    return changed


def undo(*, batch: ImportBatch, actor: User, note: str) -> None:
    """Inside the caller's transaction: delete the records created, put back the values overwritten."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    entries: list[AuditEntry] = []
    records = SchoolRecord.objects.select_related("person").in_bulk([info["id"] for info in batch.updated_rows])
    restored = []
    for info in batch.updated_rows:
        record = records[info["id"]]
        label = f"{record.person.full_name} · {record.school_year}"[:200]
        if info["before"] is None:
            entries.append(_entry(user, AuditAction.DELETE, record, label, batch, {}, note))
            continue
        changes = {k: [getattr(record, k), v] for k, v in info["before"].items() if getattr(record, k) != v}
        for key, value in info["before"].items():
            setattr(record, key, value)
        restored.append(record)
        entries.append(_entry(user, AuditAction.UPDATE, record, label, batch, changes, note))
    SchoolRecord.objects.bulk_update(restored, list(FIELDS), batch_size=CHUNK)
    SchoolRecord.objects.filter(pk__in=batch.created_ids).delete()
    audit_bulk(entries)


def _entry(
    user: User | None,
    action: str,
    record: SchoolRecord,
    label: str,
    batch: ImportBatch,
    changes: dict[str, Any],
    note: str,
) -> AuditEntry:
    return audit_entry(
        actor=user, action=action, obj=record, unit=batch.school, object_repr=label, changes=changes, note=note
    )
