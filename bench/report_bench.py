"""Report benchmark (issue 7): the dashboard against the raw SQL aggregate it needs, at 1/10 and full size.

    .venv/bin/python bench/report_bench.py [--database sqlite|postgres] [--repeat 5]

Generates two synthetic provinces with `bench/synth.py` (scale 0.1 and 1) into throwaway SQLite
files (or, with `--database postgres`, into the PostgreSQL database named by DATABASE_URL — run it
under `scripts/with-postgres`). For each it measures, in a fresh process:

- the dashboard view (`reports:dashboard`, the whole province, six school years), through the
  Django test client: median server time over `--repeat` runs and its number of SQL queries;
- the single hand-written SQL aggregate the dashboard is built on (events joined to candidacy,
  person and cell, filtered by the province's subtree and the period, grouped by school, cohort,
  sex and ethnicity with one COUNT(DISTINCT) per stage): median time.

The last line is exactly ``RESULT students=N dashboard_vs_raw=X.XX queries_small=N queries_full=N``
(full size).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PERIOD = ("2019-09-01", "2025-08-31")

RAW_SQL = """
SELECT cell.school_id, p.cohort, p.sex, CASE WHEN p.ethnicity = '01' THEN 1 ELSE 0 END AS kinh,
  {counts}
FROM pipeline_candidateevent e
JOIN pipeline_candidate c ON c.id = e.candidate_id
JOIN orgs_orgunit cell ON cell.id = c.cell_id
JOIN people_person p ON p.id = c.person_id
WHERE e.kind = 'transition' AND e.effective_on >= %s AND e.effective_on <= %s AND e.at < %s
  AND ({paths})
GROUP BY cell.school_id, p.cohort, p.sex, CASE WHEN p.ethnicity = '01' THEN 1 ELSE 0 END
"""
STAGES = ["sympathiser", "in_class", "certified", "dossier", "voted", "decided", "probationary", "official",
          "referred", "withdrawn", "not_admitted", "struck_off", "moved"]  # fmt: skip


def measure(repeat: int) -> dict[str, object]:
    import django

    django.setup()
    from datetime import date, datetime

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from uommam.accounts.models import User
    from uommam.orgs.models import OrgUnit
    from uommam.orgs.tree import subtree_prefixes
    from uommam.people.models import Person

    province = OrgUnit.objects.get(code="TU-SYNTH")
    client = Client()
    client.force_login(User.objects.get(username="bench"))
    url = reverse("reports:dashboard")
    params = {"unit": province.pk, "date_from": PERIOD[0], "date_to": PERIOD[1], "as_of": "2026-01-01"}
    client.get(url, params)  # warm caches and the connection
    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url, params)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
        queries = len(captured.captured_queries)

    prefixes = subtree_prefixes(province)
    counts = ",\n  ".join(
        f"COUNT(DISTINCT CASE WHEN e.to_stage = '{s}'"
        + (" AND e.transition <> 'fail_class'" if s == "sympathiser" else "")
        + f" THEN e.candidate_id END) AS c_{s}"
        for s in STAGES
    )
    paths = " OR ".join(["cell.path LIKE %s"] * len(prefixes))
    sql = RAW_SQL.format(counts=counts, paths=paths)
    recorded_before = timezone.make_aware(datetime.combine(date(2026, 1, 2), datetime.min.time()))
    args = [date.fromisoformat(PERIOD[0]), date.fromisoformat(PERIOD[1]), recorded_before, *[p + "%" for p in prefixes]]
    raw_times = []
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        cursor.fetchall()
        for _ in range(repeat):
            start = time.perf_counter()
            cursor.execute(sql, args)
            rows = cursor.fetchall()
            raw_times.append(time.perf_counter() - start)
    return {
        "students": Person.objects.count(),
        "dashboard_s": statistics.median(times),
        "queries": queries,
        "raw_s": statistics.median(raw_times),
        "raw_groups": len(rows),
        "vendor": connection.vendor,
    }


def run(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, check=False, cwd=ROOT)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(result.returncode)
    return result.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.repeat)))
        return

    results = {}
    with tempfile.TemporaryDirectory(prefix="uommam-bench-") as tmp:
        for label, scale in (("small", 0.1), ("full", 1.0)):
            env = dict(os.environ)
            env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
            env["ALLOWED_HOSTS"] = "testserver,localhost"
            env["AXES_ENABLED"] = "false"
            if args.database == "sqlite":
                env["DATABASE_URL"] = f"sqlite:///{tmp}/{label}.sqlite3"
            else:
                base = os.environ["DATABASE_URL"]
                subprocess.run([sys.executable, "-c", _CREATE_DB, base, f"bench_{label}"], check=True)
                env["DATABASE_URL"] = base.rsplit("/", 1)[0] + f"/bench_{label}"
            synth = json.loads(run(env, "bench/synth.py", "--scale", str(scale)))
            measured = json.loads(run(env, "bench/report_bench.py", "--measure", "--repeat", str(args.repeat)))
            results[label] = {**synth, **measured}
            print(
                f"{label:5} {measured['vendor']}: {synth['schools']} schools, {synth['students']} students, "
                f"{synth['candidates']} candidates, {synth['events']} events (generated in {synth['seconds']} s); "
                f"dashboard {measured['dashboard_s'] * 1000:.0f} ms in {measured['queries']} queries; "
                f"raw aggregate {measured['raw_s'] * 1000:.0f} ms ({measured['raw_groups']} groups)",
                flush=True,
            )
    full, small = results["full"], results["small"]
    ratio = full["dashboard_s"] / full["raw_s"]
    print(
        f"RESULT students={full['students']} dashboard_vs_raw={ratio:.2f} "
        f"queries_small={small['queries']} queries_full={full['queries']}"
    )


_CREATE_DB = """
import sys, psycopg
url, name = sys.argv[1], sys.argv[2]
with psycopg.connect(url, autocommit=True) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    conn.execute(f'CREATE DATABASE "{name}"')
"""

if __name__ == "__main__":
    main()
