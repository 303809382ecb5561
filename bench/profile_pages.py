"""Where the time of each page of the load mix goes: queries, PostgreSQL, templates, the rest of Python.

    .venv/bin/python bench/profile_pages.py            # re-runs itself under scripts/with-postgres
    .venv/bin/python bench/profile_pages.py --repeat 9

Loads the Chiêm Hóa demo into a throwaway PostgreSQL cluster with production-like settings (DEBUG off,
the compressed manifest storage), then opens every page type of `bench/load.py` as one demo user of the
role that uses it, through Django's test client (no HTTP, no gunicorn: only the application's own time).
Each page is opened once to warm the process (template loaders, translations), then `--repeat` times;
the table gives medians, first without the page cache (uommam/core/pagecache.py), then with it. "sql" is the time spent in the database driver, "templates" the time spent
rendering outside SQL, "python" the rest of the view and middleware time.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402  (the page mix is defined once, in bench/load.py)

# One user per page type: the role of the load mix that opens it most.
PAGE_USERS = {
    # Not in the load mix: an almost empty authenticated answer through the whole middleware stack
    # (session, user, roles, guard), the floor every page pays.
    "floor": "bithu.chiemhoa",
    "home": "bithu.chiemhoa",
    "students": "bithu.chiemhoa",
    "student_search": "bithu.chiemhoa",
    "student": "bithu.chiemhoa",
    "pipeline": "bithu.chiemhoa",
    "candidate": "bithu.chiemhoa",
    "classes": "ttct",
    "class": "ttct",
    "referrals": "dhtantrao",
    "reports": "huyenuy",
    "audit": "huyenuy",
    "units": "huyenuy",
}


class Meter:
    """Time in SQL (with a count) and in template rendering outside SQL, for one request."""

    def __init__(self) -> None:
        self.sql = 0.0
        self.queries = 0
        self.template = 0.0
        self._depth = 0
        self._sql_in_template = 0.0

    def execute(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            self.sql += spent
            self.queries += 1
            if self._depth:
                self._sql_in_template += spent

    def wrap_render(self, render):  # type: ignore[no-untyped-def]
        meter = self

        def timed(template, context):  # type: ignore[no-untyped-def]
            if meter._depth:
                return render(template, context)
            meter._depth += 1
            sql_before = meter._sql_in_template
            started = time.perf_counter()
            try:
                return render(template, context)
            finally:
                meter._depth -= 1
                meter.template += time.perf_counter() - started - (meter._sql_in_template - sql_before)

        return timed


def profile(repeat: int) -> list[dict[str, object]]:
    from django.db import connection
    from django.template import base
    from django.test import Client

    clients: dict[str, Client] = {}
    links: dict[str, str] = {}
    rows = []
    original = base.Template.render
    for page, username in PAGE_USERS.items():
        client = clients.get(username)
        if client is None:
            client = clients[username] = Client()
            assert client.login(username=username, password=load.PASSWORD), username
        headers: dict[str, str] = {}
        if page == "floor":
            path = "/accounts/keepalive/"
        elif page == "student_search":
            path = "/students/?q=nguyen"
            headers = {"HX-Request": "true", "HX-Target": "results"}
        elif page in load.LINKS:
            body = client.get(load.PATHS[load.SOURCE[page]]).content.decode()
            found = sorted(set(re.findall(load.LINKS[page], body)))
            if not found:
                print(f"profile: no {page} linked from {load.PATHS[load.SOURCE[page]]} for {username}", flush=True)
                continue
            path = links[page] = found[len(found) // 2]
        else:
            path = load.PATHS[page]
        samples = []
        for attempt in range(repeat + 1):
            meter = Meter()
            base.Template.render = meter.wrap_render(original)
            try:
                with connection.execute_wrapper(meter.execute):
                    started = time.perf_counter()
                    response = client.get(path, headers=headers, follow=True)
                    total = time.perf_counter() - started
            finally:
                base.Template.render = original
            assert response.status_code == 200, (page, path, response.status_code)
            if attempt:  # the first request warms the process (and, with the page cache, fills it)
                samples.append((total, meter.sql, meter.template, meter.queries))
        total = statistics.median(s[0] for s in samples)
        sql = statistics.median(s[1] for s in samples)
        template = statistics.median(s[2] for s in samples)
        rows.append(
            {
                "page": page,
                "user": username,
                "queries": max(s[3] for s in samples),
                "total_ms": total * 1000,
                "sql_ms": sql * 1000,
                "template_ms": template * 1000,
                "python_ms": max(0.0, total - sql - template) * 1000,
            }
        )
    return rows


def inner(args: argparse.Namespace) -> int:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("run through scripts/with-postgres (bench/profile_pages.py does this itself)")
    work = Path(tempfile.mkdtemp(prefix="uommam-profile-"))
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "profile-only-" + "x" * 50,
        "ALLOWED_HOSTS": "testserver,127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "LOG_LEVEL": "ERROR",
        "AXES_ENABLED": "false",
    }
    try:
        for command in (["migrate", "--noinput"], ["demo"], ["collectstatic", "--noinput"]):
            load.manage(env, *command)
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from django.conf import settings

        # The test client is not HTTPS: cookies marked Secure still travel with it, but be explicit.
        settings.SESSION_COOKIE_SECURE = False
        settings.UOMMAM_PAGE_CACHE = False
        cold = profile(args.repeat)
        # The figures of the to-do page and the dashboard cached (pagecache.py), every page rendered.
        settings.UOMMAM_PAGE_CACHE = True
        settings.UOMMAM_SHARED_PAGES = False
        figures = {row["page"]: row for row in profile(args.repeat)}
        # Whole pages shared per scope (sharedpage.py): a repeat request is a hit.
        settings.UOMMAM_SHARED_PAGES = True
        warm = {row["page"]: row for row in profile(args.repeat)}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        "| page type | user | queries | total | SQL | templates | Python"
        " | figures cached: queries | total | page shared (hit): queries | total |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in cold:
        fig, hit = figures[row["page"]], warm[row["page"]]
        print(
            f"| {row['page']} | {row['user']} | {row['queries']} | {row['total_ms']:.0f} ms | {row['sql_ms']:.0f} ms"
            f" | {row['template_ms']:.0f} ms | {row['python_ms']:.0f} ms | {fig['queries']} | {fig['total_ms']:.0f} ms"
            f" | {hit['queries']} | {hit['total_ms']:.0f} ms |"
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        return inner(args)
    command = [str(ROOT / "scripts" / "with-postgres"), sys.executable, str(Path(__file__).resolve()), *sys.argv[1:]]
    return subprocess.run([*command, "--inner"], cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
