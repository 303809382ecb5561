"""Test data built once per test process and replayed for every later test, like Django's setUpTestData.

Building the persona world through the services (units, moves, closures, role grants, users, the audit rows of
all of it) costs hundreds of queries; a suite of two thousand tests asks for it over a thousand times. A builder
decorated with `@replayed` runs for real the first time in a process; the rows it wrote are then read back and
kept with a (pickled) copy of what it returned. Every later call inserts the same rows again with a handful of
`INSERT`s, inside one atomic block, and returns a fresh copy of the value: each test still gets its own
objects and starts from the same database a fresh build would have left, and its own writes are rolled back
(or flushed, in transactional tests) as before.

A replay is used only when it is sure to give what a fresh build would:
- the snapshot is taken only if every table the build wrote to was empty before it and no other table changed;
- it is replayed only into empty tables (otherwise the builder runs again, e.g. a second world in one test);
- snapshots are kept per day (`timezone.localdate()`: a frozen clock may change the dates a builder derives
  from today), and timestamps the build took from the clock (those within the time it ran) are moved to the
  moment of the replay, in the database and in the returned objects;
- a row the build wrote may point to a row it did not write (a generated document to its content type):
  the snapshot keeps the rows pointed to, and is replayed only while they are still there, unchanged (a
  transactional test's flush may give content types other ids); otherwise the builder runs again;
- outside pytest (`ENABLED` is set by the root conftest.py) the builder just runs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, ParamSpec, TypeVar

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

ENABLED = False

P = ParamSpec("P")
T = TypeVar("T")


@dataclass
class _Table:
    """The rows of one table as the INSERT needs them, and where the clock times are among them."""

    sql: str
    params: list[list[Any]]
    # (row, column, field, value): the cells holding a time the build took from the clock.
    clock_cells: list[tuple[int, int, models.Field[Any, Any], dt.datetime]]


@dataclass
class _Snapshot:
    value: bytes  # the builder's value, pickled: unpickling is a much cheaper deep copy than copy.deepcopy
    tables: dict[type[models.Model], _Table]
    started: dt.datetime
    finished: dt.datetime
    # The rows outside the build that its rows point to, as they were: model → pks → rows.
    outside: dict[type[models.Model], tuple[list[Any], list[tuple[Any, ...]]]] = dataclasses.field(default_factory=dict)


# (builder, day) → snapshot.
_snapshots: dict[tuple[str, dt.date], _Snapshot] = {}
# A build that could not be captured (it ran in a database that was not empty) is tried again a few times.
_CAPTURE_ATTEMPTS = 3
_failed_captures: dict[tuple[str, dt.date], int] = {}
# How many times each builder ran for real and was replayed in this process (for tests and measurements).
counts: dict[str, dict[str, int]] = {}


def _tables() -> list[type[models.Model]]:
    """One concrete model per database table (proxies and unmanaged models share or have none)."""
    seen: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        seen.setdefault(model._meta.db_table, model)
    return list(seen.values())


def _columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.local_concrete_fields)


def _rows(model: type[models.Model], pks: list[Any] | None = None) -> list[tuple[Any, ...]]:
    names = [f.attname for f in _columns(model)]
    rows = model._base_manager.order_by("pk")
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    return list(rows.values_list(*names))


def _state() -> dict[type[models.Model], int]:
    return {model: model._base_manager.count() for model in _tables()}


def _from_clock(value: Any, started: dt.datetime, finished: dt.datetime) -> bool:
    """Whether `value` is a time the build took from the clock (one within the time it ran)."""
    return isinstance(value, dt.datetime) and started <= value <= finished


def _moved(value: Any, snapshot: _Snapshot, delta: dt.timedelta) -> Any:
    """A time the build took from the clock, moved by `delta`; any other value as it is."""
    return value + delta if _from_clock(value, snapshot.started, snapshot.finished) else value


def _table(model: type[models.Model], started: dt.datetime, finished: dt.datetime) -> _Table:
    columns = _columns(model)
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(str(f.column)) for f in columns),
        ", ".join(["%s"] * len(columns)),
    )
    params: list[list[Any]] = []
    clock_cells = []
    for r, row in enumerate(_rows(model)):
        params.append([field.get_db_prep_save(value, connection) for field, value in zip(columns, row, strict=True)])
        for c, (field, value) in enumerate(zip(columns, row, strict=True)):
            if _from_clock(value, started, finished):
                clock_cells.append((r, c, field, value))
    return _Table(sql, params, clock_cells)


def _insert(table: _Table, delta: dt.timedelta) -> None:
    params = table.params
    if delta and table.clock_cells:
        params = [list(row) for row in params]
        for r, c, field, value in table.clock_cells:
            params[r][c] = field.get_db_prep_save(value + delta, connection)
    with connection.cursor() as cursor:
        cursor.executemany(table.sql, params)


def _all_empty(tables: Iterable[type[models.Model]]) -> bool:
    return not any(model._base_manager.exists() for model in tables)


def _model_instances(value: Any, seen: set[int]) -> Iterable[models.Model]:
    """Every model instance reachable from `value` (dataclasses, dicts, lists, cached relations)."""
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, models.Model):
        yield value
        yield from _model_instances(list(value._state.fields_cache.values()), seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _model_instances(item, seen)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from _model_instances(item, seen)
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from _model_instances(getattr(value, f.name), seen)
    elif hasattr(value, "__dict__") and not isinstance(value, type) and type(value).__module__.startswith("uommam"):
        yield from _model_instances(vars(value), seen)


def _replay(snapshot: _Snapshot) -> Any:
    now = timezone.now()
    delta = now - snapshot.finished if now > snapshot.finished else dt.timedelta(0)
    with transaction.atomic():
        for table in snapshot.tables.values():
            _insert(table, delta)
        # PostgreSQL: sequences are not moved by explicit ids; SQLite moves its own.
        statements = connection.ops.sequence_reset_sql(no_style(), list(snapshot.tables))
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
    value = pickle.loads(snapshot.value)
    if delta:
        for instance in _model_instances(value, set()):
            for field in instance._meta.concrete_fields:
                if isinstance(field, models.DateTimeField) and field.attname in instance.__dict__:
                    setattr(instance, field.attname, _moved(getattr(instance, field.attname), snapshot, delta))
    return value


def _outside(written: list[type[models.Model]]) -> dict[type[models.Model], tuple[list[Any], list[tuple[Any, ...]]]]:
    """The rows the written rows refer to that the build did not write (a content type, say), as they are now:
    such a row's id may differ after a transactional test's flush, so the snapshot is replayed only while
    these rows are unchanged (`_outside_unchanged`)."""
    own = {m._meta.concrete_model for m in written}
    pks: dict[type[models.Model], set[Any]] = {}
    for model in written:
        for column in _columns(model):
            target = column.related_model if column.is_relation else None
            concrete = target._meta.concrete_model if isinstance(target, type) else None
            if concrete is not None and concrete not in own:
                referred = model._base_manager.exclude(**{f"{column.attname}__isnull": True})
                pks.setdefault(concrete, set()).update(referred.values_list(column.attname, flat=True))
    outside = {}
    for target, referred_pks in pks.items():
        if referred_pks:
            ordered = sorted(referred_pks)
            outside[target] = (ordered, _rows(target, ordered))
    return outside


def _outside_unchanged(snapshot: _Snapshot) -> bool:
    return all(_rows(model, pks) == rows for model, (pks, rows) in snapshot.outside.items())


def _capture(build: Callable[[], T]) -> tuple[T, _Snapshot | None]:
    before = _state()
    unchanged_before = {model: _rows(model) for model, n in before.items() if n}
    started = timezone.now()
    value = build()
    finished = timezone.now()
    after = _state()
    written = [model for model in after if after[model] != before[model]]
    if any(before[model] for model in written) or any(_rows(model) != rows for model, rows in unchanged_before.items()):
        return value, None
    try:
        pickled = pickle.dumps(value)
    except (pickle.PicklingError, TypeError, AttributeError):
        return value, None
    snapshot = _Snapshot(
        value=pickled,
        tables={model: _table(model, started, finished) for model in written},
        started=started,
        finished=finished,
        outside=_outside(written),
    )
    return value, snapshot


def replayed(build: Callable[[], T]) -> Callable[[], T]:
    """Run `build` for real once per process (and day), then replay its rows; see the module docstring."""
    name = f"{build.__module__}.{build.__qualname__}"

    @functools.wraps(build)
    def wrapper() -> T:
        tally = counts.setdefault(name, {"built": 0, "replayed": 0})
        if not ENABLED:
            tally["built"] += 1
            return build()
        key = (name, timezone.localdate())
        snapshot = _snapshots.get(key)
        if snapshot is not None and not _outside_unchanged(snapshot):
            # The rows it points to changed (new content type ids after a flush): capture a new snapshot.
            del _snapshots[key]
            snapshot = None
        if snapshot is not None and _all_empty(snapshot.tables):
            tally["replayed"] += 1
            return _replay(snapshot)  # type: ignore[no-any-return]
        tally["built"] += 1
        if snapshot is not None or _failed_captures.get(key, 0) >= _CAPTURE_ATTEMPTS:
            return build()
        value, captured = _capture(build)
        if captured is None:
            _failed_captures[key] = _failed_captures.get(key, 0) + 1
        else:
            _snapshots[key] = captured
        return value

    return wrapper
