"""Writing the audit journal. Callers run inside their own transaction, so the entry commits
or rolls back together with the change it describes.

Downloads and exports
---------------------
Every export and every document download is journalled with its purpose (Decree 13/2023/NĐ-CP:
personal data leaves the system only for a stated reason). The pattern for a download view::

    from uommam.audit.downloads import purpose_or_prompt

    @login_required
    def names_xlsx(request, ...):
        unit = ...                                   # authorise first, as usual
        prompt = purpose_or_prompt(request, label=_("Name list"), unit=unit)
        if prompt is not None:
            return prompt                            # the small "why are you downloading this?" form
        return FileResponse(...)                     # journalled: action "export", note = the purpose

`purpose_or_prompt` reads `purpose` (and `purpose_other`) from the query string or the POST body;
when they are missing or invalid it answers with a page holding the purpose form (which submits to
the same URL with the same query), otherwise it calls `audit_download` and returns None. Links can
carry the purpose directly (`?purpose=report`), or a page can include the form inline with
``{% include "audit/purpose_fields.html" %}`` inside its own GET form (context: ``purpose_form``,
an `audit.downloads.PurposeForm`). To journal without the helper, call `audit_download` yourself.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.db import models
from django.db.models.fields.files import FieldFile

from uommam.core import faults
from uommam.core.errors import StaleEdit

from .models import AuditAction, AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from uommam.accounts.models import User


def plain(value: Any) -> Any:
    """JSON-safe form of a field value, dates as ISO strings (for every journal row and undo record)."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list[Any]]:
    """{field: [old, new]} for fields whose value changed."""
    before = before or {}
    after = after or {}
    changed: dict[str, list[Any]] = {}
    for key in sorted(set(before) | set(after)):
        old, new = plain(before.get(key)), plain(after.get(key))
        if old != new:
            changed[key] = [old, new]
    return changed


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj` (foreign keys as ids), for before/after diffs."""
    result: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        # Bookkeeping columns add nothing; a password hash never goes into the journal.
        if field.name in {"created_at", "updated_at", "created_by", "updated_by", "version", "password"}:
            continue
        result[field.attname if field.is_relation else field.name] = plain(getattr(obj, field.attname))
    return result


def refuse_stale(seen: Any, current: Any, expected_version: int | None) -> None:
    """Optimistic locking on a versioned record: raise StaleEdit when `current` (locked by the caller) has moved
    past the version the user's form was built from, naming the fields that changed since `seen`."""
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit(current, diff(snapshot(seen), snapshot(current)))


def audit_entry(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    model: str | None = None,
    object_pk: Any = "",
    object_repr: str = "",
    unit: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> AuditEntry:
    """One journal row, not yet saved: the only place an `AuditEntry` is built.

    `audit_record` saves it at once; a caller replaying history (the demo) builds many and saves
    them in bulk, with `at` from its historical clock. Pass `before`/`after` snapshots (only
    changed keys are kept) or `changes`.
    """
    if changes is None:
        changes = diff(before, after) if (before is not None or after is not None) else {}
    # Only a logged-in User is authenticated: the anonymous user and system writes (None) leave the actor empty.
    actor_obj = cast("User", actor) if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        actor=actor_obj,
        action=action,
        model=model or (obj._meta.label if obj is not None else ""),
        object_pk=str(obj.pk if obj is not None and obj.pk is not None else object_pk),
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:200],
        unit_path=getattr(unit, "path", "") or "",  # the unit the act belongs to; none: ""
        changes={k: plain(v) for k, v in changes.items()},
        note=note[:255],
    )
    if at is not None:
        entry.at = at
    return entry


def audit_record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    model: str | None = None,
    object_pk: Any = "",
    object_repr: str = "",
    unit: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> AuditEntry:
    """Record one event (see `audit_entry`) and save it in the caller's transaction."""
    entry = audit_entry(
        actor=actor,
        action=action,
        obj=obj,
        model=model,
        object_pk=object_pk,
        object_repr=object_repr,
        unit=unit,
        before=before,
        after=after,
        changes=changes,
        note=note,
        at=at,
    )
    entry.save()
    # The journal entry is the last write of every audited transaction (workflow step, import
    # commit): the fault tests stop the server here, before COMMIT. Inert unless the env var is set.
    faults.pause(f"audit:{action}")
    return entry


def audit_bulk(entries: list[AuditEntry]) -> None:
    """Many entries in one statement – for imports and bulk operations."""
    AuditEntry.objects.bulk_create(entries, batch_size=1000)


def audit_download(*, actor: User, obj_or_label: models.Model | str, purpose: str, unit: Any) -> AuditEntry:
    """Journal one export or document download with the purpose the user gave.

    `obj_or_label` is the record downloaded (a generated document, a report) or a short label of
    what was exported ("Danh sách quần chúng ưu tú 2025"); `unit` the organisation unit whose data
    it holds, so the entry is scoped like the data. The purpose text is stored in the note.
    """
    if isinstance(obj_or_label, models.Model):
        return audit_record(actor=actor, action=AuditAction.EXPORT, obj=obj_or_label, unit=unit, note=purpose)
    return audit_record(
        actor=actor, action=AuditAction.EXPORT, model="download", object_repr=str(obj_or_label), unit=unit, note=purpose
    )
