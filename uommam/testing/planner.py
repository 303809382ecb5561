"""What the database's query planner believes a table holds (uommam/core/planner.py), for tests."""

from __future__ import annotations

from django.db import connections


def planner_row_estimate(table: str, alias: str = "default") -> int | None:
    """The planner's row count for `table` from its statistics; None when it has none (never analysed)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # reltuples is -1 for a table never analysed (PostgreSQL 14 and later), 0 before.
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
            row = cursor.fetchone()
            return int(row[0]) if row and row[0] > 0 else None
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        # One row per index (or one for a table without any), each "rows [per-column figures]"; a partial
        # index holds fewer rows than its table, so the table's count is the largest.
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        counts = [int(stat.split()[0]) for (stat,) in cursor.fetchall()]
        return max(counts) if counts else None
