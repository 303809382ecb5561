"""Writing the audit journal. Callers run inside their own transaction, so the entry commits
or rolls back together with the change it describes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from .models import AuditEntry


def _plain(value: Any) -> Any:
    """JSON-safe form of a field value, dates as ISO strings."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list[Any]]:
    """{field: [old, new]} for fields whose value changed."""
    before = before or {}
    after = after or {}
    changed: dict[str, list[Any]] = {}
    for key in sorted(set(before) | set(after)):
        old, new = _plain(before.get(key)), _plain(after.get(key))
        if old != new:
            changed[key] = [old, new]
    return changed


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj` (foreign keys as ids), for before/after diffs."""
    result: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"created_at", "updated_at", "created_by", "updated_by", "version"}:
            continue
        result[field.attname if field.is_relation else field.name] = _plain(getattr(obj, field.attname))
    return result


def _unit_path(obj: models.Model | None, unit: Any) -> str:
    if unit is not None:
        return getattr(unit, "path", "") or ""
    return ""


def audit_record(
    *,
    actor: Any,
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
) -> AuditEntry:
    """Record one event. Pass `before`/`after` snapshots (only changed keys are kept) or `changes`."""
    if changes is None:
        changes = diff(before, after) if (before is not None or after is not None) else {}
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor_obj,
        action=action,
        model=model or (obj._meta.label if obj is not None else ""),
        object_pk=str(obj.pk if obj is not None else object_pk),
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:200],
        unit_path=_unit_path(obj, unit),
        changes={k: _plain(v) for k, v in changes.items()},
        note=note[:255],
    )


def audit_bulk(entries: list[AuditEntry]) -> None:
    """Many entries in one statement – for imports and bulk operations."""
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
