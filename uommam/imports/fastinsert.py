"""Multi-row INSERTs without the ORM's per-value compilation, for import-sized batches.

``bulk_create`` spends most of its time preparing each value through the field machinery; an import
writes tens of thousands of rows of plain strings, dates and ids. Values are adapted once per field type
with the connection's own adapters; the SQL is ``INSERT … VALUES (…), (…) RETURNING pk`` in chunks.
Falls back to ``bulk_create`` where the database cannot return ids from a multi-row insert.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, cast

from django.db import connection, models

# SQLite ≥ 3.32 accepts 32,766 parameters; Django assumes the old 999. PostgreSQL takes 65,535.
_PARAM_LIMIT = {"sqlite": 32_000, "postgresql": 60_000}


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    ops = connection.ops
    internal = field.get_internal_type()
    if internal == "DateTimeField":
        return lambda v: None if v is None else ops.adapt_datetimefield_value(v)
    if internal == "DateField":
        return lambda v: None if v is None else ops.adapt_datefield_value(v)
    if internal == "JSONField":
        return lambda v: json.dumps(v, ensure_ascii=False)
    return lambda v: v


def insert(
    model: type[models.Model],
    rows: Sequence[dict[str, Any]],
    *,
    constant: dict[str, Any] | None = None,
    returning: bool = True,
) -> list[Any]:
    """Insert ``rows`` (dicts of field attname → value, same keys in every row) plus the ``constant`` values
    shared by all of them (timestamps, actor, school); the new pks in insertion order."""
    if not rows:
        return []
    constant = constant or {}
    if constant:
        rows = [{**row, **constant} for row in rows] if connection.vendor not in _PARAM_LIMIT else rows
    meta = model._meta
    names = [n for n in rows[0] if n not in constant] + list(constant)
    by_attname = {f.attname: f for f in meta.concrete_fields}
    fields = [by_attname[n] for n in names]
    vendor = connection.vendor
    if vendor not in _PARAM_LIMIT or not connection.features.can_return_rows_from_bulk_insert:
        objs = [model(**row) for row in rows]
        model._default_manager.bulk_create(objs, batch_size=500)
        return [o.pk for o in objs]
    adapters = [_adapter(f) for f in fields]
    quote = connection.ops.quote_name
    # Concrete fields always have a column (only a virtual field has None).
    columns = ", ".join(quote(cast(str, f.column)) for f in fields)
    placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
    pk_column = quote(cast(str, meta.pk.column))
    table = quote(meta.db_table)
    per_statement = max(1, _PARAM_LIMIT[vendor] // len(fields))
    pks: list[Any] = []
    variable = [(n, adapters[k]) for k, n in enumerate(names) if n not in constant]
    fixed = [adapters[k](constant[n]) for k, n in enumerate(names) if n in constant]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params: list[Any] = []
            for row in chunk:
                params.extend([adapt(row[name]) for name, adapt in variable])
                params.extend(fixed)
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholder] * len(chunk))}"
            if returning:
                cursor.execute(sql + f" RETURNING {pk_column}", params)
                pks.extend(r[0] for r in cursor.fetchall())
            else:
                cursor.execute(sql, params)
    return pks
