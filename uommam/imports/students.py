"""Student lists: the commit (create and update people, journal them) and its undo."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db import IntegrityError, models
from django.utils import timezone

from uommam.audit.models import AuditAction, AuditEntry
from uommam.audit.services import audit_bulk, audit_entry, audit_record, plain
from uommam.people.models import Person

from . import fastinsert
from .errors import ImportRefused
from .issues import message
from .models import ImportBatch, ImportStatus
from .validate import Analysis

if TYPE_CHECKING:
    from uommam.accounts.models import User

BATCH_SIZE = 1000
# On update, an import fills and corrects these but never moves a student to another cohort.
UPDATE_SKIP = ("cohort",)
_DERIVED = {"full_name", "sort_key", "search_key", "version", "updated_by", "updated_at"}


def write(*, batch: ImportBatch, analysis: Analysis, actor: Any) -> None:
    """Inside the caller's transaction: create and update people, journal them, complete the batch."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    school = batch.school
    assert school is not None  # a students import is always for one school
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
    new_rows = [{**template, **row.data} for row in rows if row.action == "create"]
    # An update row is one matched to a person (matching.match_existing sets both).
    updates = {cast(int, row.person_id): row for row in rows if row.action == "update"}
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
                        before[key] = plain(old)
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
            Person.objects.bulk_update(changed_people, sorted(update_fields | _DERIVED), batch_size=BATCH_SIZE)
    except IntegrityError as exc:
        raise ImportRefused("import_has_errors", count=1) from exc
    # One entry per new student, inserted in one statement: the constant part comes from the builder.
    common = audit_entry(actor=user, action=AuditAction.IMPORT, model="people.Person", unit=school, note=note)
    journal = {
        f.attname: getattr(common, f.attname)
        for f in AuditEntry._meta.concrete_fields
        if not f.primary_key and f.attname not in ("object_pk", "object_repr")
    }
    journal["at"] = now
    fastinsert.insert(
        AuditEntry,
        [{"object_pk": str(pk), "object_repr": v["full_name"][:200]} for pk, v in zip(new_ids, new_rows, strict=True)],
        constant=journal,
        returning=False,
    )
    entries = [
        audit_entry(
            actor=user,
            action=AuditAction.UPDATE,
            obj=person,
            unit=school,
            object_repr=person.full_name,
            changes={k: [v, plain(getattr(person, k))] for k, v in info["before"].items()},
            note=note,
        )  # fmt: skip
        for person, info in zip(changed_people, updated_rows, strict=True)
    ]
    audit_bulk(entries)
    batch.status = ImportStatus.COMMITTED
    batch.committed_at = now
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


def undo_blockers(batch: ImportBatch) -> str | None:
    """Why the students of this batch can no longer be removed or restored, or None."""
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


def undo(*, batch: ImportBatch, actor: User, note: str) -> None:
    """Inside the caller's transaction: delete the students created, put back the values overwritten."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    school = batch.school
    entries: list[AuditEntry] = []
    restored: list[Person] = []
    fields: set[str] = set()
    for info in batch.updated_rows:
        person = Person.objects.get(pk=info["id"])
        changes = {}
        for key, old in info["before"].items():
            field = Person._meta.get_field(key)
            assert isinstance(field, models.Field)  # an import overwrites the person's own columns only
            value = field.to_python(old)
            changes[key] = [plain(getattr(person, key)), old]
            setattr(person, key, value)
            fields.add(key)
        person.refresh_derived()
        person.version += 1
        person.updated_by, person.updated_at = user, now
        restored.append(person)
        entries.append(
            audit_entry(
                actor=user,
                action=AuditAction.UPDATE,
                obj=person,
                unit=school,
                object_repr=person.full_name,
                changes=changes,
                note=note,
            )  # fmt: skip
        )
    if restored:
        Person.objects.bulk_update(restored, sorted(fields | _DERIVED), batch_size=BATCH_SIZE)
    created = list(batch.created_ids)
    for start in range(0, len(created), BATCH_SIZE):
        chunk = created[start : start + BATCH_SIZE]
        for pk, name in Person.objects.filter(pk__in=chunk).values_list("pk", "full_name"):
            entries.append(
                audit_entry(
                    actor=user,
                    action=AuditAction.DELETE,
                    model="people.Person",
                    object_pk=pk,
                    object_repr=name,
                    unit=school,
                    note=note,
                )  # fmt: skip
            )
        Person.objects.filter(pk__in=chunk).delete()
    audit_bulk(entries)
