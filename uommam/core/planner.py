"""The database's query planner is told what a bulk load put in the tables.

PostgreSQL chooses a plan from statistics that `ANALYZE` gathers, and autovacuum gathers them only a while
after a table has changed (and `pg_restore` restores none). Until then it believes every freshly loaded
table is nearly empty. Measured on the Chiêm Hóa demo just after `manage.py demo` (docs/benchmarks.md,
"Load goal"): the dashboard's Youth Union figures for the province took 418 ms – the planner probed 529
sympathiser events for each of 860 students – and 6 ms once the tables were analysed. SQLite's planner
reads the same kind of figures from `sqlite_stat1`, written by its own `ANALYZE`.

So whatever writes a whole database at once (the demo, a restore) ends by refreshing them.
"""

from __future__ import annotations

from django.db import connections


def refresh_planner_statistics(alias: str = "default") -> None:
    """Gather the planner's statistics for every table of the database `alias` (PostgreSQL, SQLite)."""
    connection = connections[alias]
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
