"""Load test: simulated officers browsing the Chiêm Hóa demo on PostgreSQL under gunicorn.

    .venv/bin/python bench/load.py                      # 50 officers for 60 s, results into docs/benchmarks.md
    .venv/bin/python bench/load.py --users 10 --seconds 10 --no-record
    .venv/bin/python bench/load.py --compare            # 50, then 150 officers; last line: RESULT users=150 ...
    .venv/bin/python bench/load.py --compare --worker-class sync --workers 5 --no-record   # another server set-up

Starts everything itself and only on 127.0.0.1: re-runs itself under `scripts/with-postgres` (a throwaway
PostgreSQL cluster), migrates, loads the demo (`manage.py demo`), collects static files, starts gunicorn
with production-like settings (DEBUG off) on a free port, logs every simulated officer in as one of the
demo users, and lets them walk the pages their role uses, with a short think time. Bounded by
`--seconds` and `--max-requests`; stops only the gunicorn it started. Reports errors (any status ≥ 400,
or a failed connection) and the p50/p95/max latency per page type.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
PASSWORD = "uommam-demo-2026"
BENCHMARKS = ROOT / "docs" / "benchmarks.md"

# Demo logins by role (README) and the pages each role opens, with weights.
COMMON = [("home", 3), ("students", 3), ("student_search", 2), ("student", 4)]
ROLES: dict[str, dict] = {
    "cell_secretary": {
        "users": ["bithu.chiemhoa", "bithu.halang"],
        "pages": [*COMMON, ("pipeline", 3), ("candidate", 3), ("classes", 1), ("referrals", 1)],
    },
    "youth_union": {"users": ["doan.chiemhoa"], "pages": [*COMMON, ("pipeline", 2), ("candidate", 2)]},
    "committee": {
        "users": ["tinhuy", "huyenuy", "xachiemhoa"],
        "pages": [*COMMON, ("pipeline", 2), ("candidate", 1), ("reports", 3), ("audit", 1), ("units", 1)],
    },
    "centre": {"users": ["ttct", "truongct"], "pages": [("home", 2), ("classes", 4), ("class", 3)]},
    "receiving": {"users": ["dhtantrao", "nhanxa.kimbinh"], "pages": [("home", 2), ("referrals", 4)]},
    "viewer": {"users": ["xem"], "pages": [("home", 1), ("students", 2), ("student", 2), ("reports", 3)]},
}
# Share of the simulated officers per role: cell secretaries dominate, as in real use.
ROLE_SHARE = {
    "cell_secretary": 0.4,
    "youth_union": 0.1,
    "committee": 0.2,
    "centre": 0.1,
    "receiving": 0.1,
    "viewer": 0.1,
}
PATHS = {
    "home": "/",
    "students": "/students/",
    "pipeline": "/pipeline/",
    "classes": "/classes/",
    "referrals": "/referrals/",
    "reports": "/reports/",
    "audit": "/audit/",
    "units": "/units/",
}
LINKS = {
    "student": r'href="(/students/\d+/)"',
    "candidate": r'href="(/pipeline/\d+/)"',
    "class": r'href="(/classes/\d+/)"',
}
SOURCE = {"student": "students", "candidate": "pipeline", "class": "classes"}
# Seconds at the start of a run after which the p95 is also given ("p95_after_warm_ms"): the cold start.
WARM_SECONDS = 10
SEARCHES = ["nguyen", "hoang", "ma thi", "la van", "quan", "ha", "phuong", "tuan"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    # (when the answer came, in time.monotonic(), its latency): the latency after the cold start.
    timeline: list[tuple[float, float]] = field(default_factory=list)

    def add(self, page: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.requests += 1
            self.times[page].append(seconds)
            self.timeline.append((time.monotonic(), seconds))
            if error:
                self.errors.append(f"{page}: {error}")


class Officer:
    """One logged-in user: cookies, CSRF token, and the links seen on their pages."""

    def __init__(self, port: int, username: str, pages: list[tuple[str, int]], results: Results) -> None:
        self.port = port
        self.username = username
        self.pages = pages
        self.results = results
        self.cookies: dict[str, str] = {}
        self.links: dict[str, list[str]] = defaultdict(list)

    def request(self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        # As a browser asks: the application compresses pages itself (GZipMiddleware, docs/deployment.md).
        all_headers = {"Host": HOST, "Accept-Language": "vi", "Accept-Encoding": "gzip", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            content = response.read()
            if response.getheader("Content-Encoding", "") == "gzip":
                content = gzip.decompress(content)
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.getheader("Location", ""), content.decode("utf-8", "replace")
        finally:
            connection.close()

    def login(self) -> None:
        status, _, body = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not token:
            raise RuntimeError(f"{self.username}: login page answered {status}")
        form = urlencode({"csrfmiddlewaretoken": token.group(1), "username": self.username, "password": PASSWORD})
        status, location, _ = self.request(
            "POST", "/accounts/login/", form, {"Referer": f"http://{HOST}/accounts/login/"}
        )
        if status != 302:
            raise RuntimeError(f"{self.username}: login answered {status}")

    def visit(self, page: str) -> None:
        headers: dict[str, str] = {}
        if page == "student_search":
            path = "/students/?" + urlencode({"q": random.choice(SEARCHES)})
            headers = {"HX-Request": "true", "HX-Target": "results"}
        elif page in LINKS:
            if not self.links[page]:
                self.visit(SOURCE[page])
                if not self.links[page]:
                    return
            path = random.choice(self.links[page])
        else:
            path = PATHS[page]
        started = time.perf_counter()
        error = None
        answered = None
        try:
            status, _, body = self.request("GET", path, headers=headers)
            answered = time.perf_counter()  # the latency ends with the answer, not with reading its links
            if status >= 400:
                error = f"{status} {path}"
            for kind, pattern in LINKS.items():
                found = re.findall(pattern, body)
                if found:
                    self.links[kind] = sorted(set(found))[:200]
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__} {path}"
        self.results.add(page, (answered or time.perf_counter()) - started, error)

    def run(self, until: float, think: float, max_requests: int) -> None:
        names = [name for name, _ in self.pages]
        weights = [weight for _, weight in self.pages]
        # Officers at work are not in step: each starts somewhere in its first think time, as it would be
        # when the measurement begins in the middle of a working day, not all 150 in the same millisecond.
        time.sleep(min(random.uniform(0, think), max(0.0, until - time.monotonic())))
        while time.monotonic() < until and self.results.requests < max_requests:
            self.visit(random.choices(names, weights)[0])
            # The last think time ends with the measured window: idling past it is not part of the run.
            time.sleep(max(0.0, min(random.uniform(0.5 * think, 1.5 * think), until - time.monotonic())))


def vn(number: int) -> str:
    """1.496 – the Vietnamese thousands separator, as elsewhere in the documentation."""
    return f"{number:,}".replace(",", ".")


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(pct / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def manage(env: dict[str, str], *args: str, timeout: int = 1800) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=timeout, stdout=subprocess.DEVNULL
    )


def start_gunicorn(env: dict[str, str], port: int, args: argparse.Namespace) -> subprocess.Popen[bytes]:
    """gunicorn with deploy/gunicorn.conf.py; --workers/--worker-class/--threads override it (GUNICORN_* vars)."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    overrides = {"GUNICORN_ACCESSLOG": ""}
    if args.workers:
        overrides["GUNICORN_WORKERS"] = str(args.workers)
    if args.worker_class:
        overrides["GUNICORN_WORKER_CLASS"] = args.worker_class
    if args.threads:
        overrides["GUNICORN_THREADS"] = str(args.threads)
    process = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "-c", "deploy/gunicorn.conf.py", "--bind", f"{HOST}:{port}"],
        cwd=ROOT,
        env={**env, **overrides},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz", headers={"Host": HOST})
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
        if process.poll() is not None:
            break
    process.kill()
    raise RuntimeError("gunicorn did not start")


def server_description(env: dict[str, str], args: argparse.Namespace) -> str:
    """What deploy/gunicorn.conf.py gives with the overrides of this run, e.g. "5 gthread workers × 4 threads"."""
    overrides = {"GUNICORN_WORKERS": str(args.workers or ""), "GUNICORN_WORKER_CLASS": args.worker_class or ""}
    overrides["GUNICORN_THREADS"] = str(args.threads or "")
    script = (
        "import runpy; c = runpy.run_path('deploy/gunicorn.conf.py'); "
        "print(c['workers'], c.get('worker_class', 'sync'), c.get('threads', 1))"
    )
    merged = {**env, **{k: v for k, v in overrides.items() if v}}
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=merged, capture_output=True, text=True)
    workers, worker_class, threads = out.stdout.split()
    text = f"{workers} {worker_class} workers" + (f" × {threads} threads" if worker_class == "gthread" else "")
    cache = env.get("CACHE_URL", "")
    return text + (
        ", file cache shared by the workers" if cache.startswith("file://") else f", cache {cache or 'per worker'}"
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def assign_roles(users: int) -> list[tuple[str, str]]:
    """(role, username) for each simulated officer, by ROLE_SHARE, cycling through the role's logins."""
    plan: list[tuple[str, str]] = []
    for role, share in ROLE_SHARE.items():
        logins = ROLES[role]["users"]
        plan += [(role, logins[i % len(logins)]) for i in range(max(1, round(users * share)))]
    return plan[:users]


def _stat(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()  # from field 3 (state) on


def tree_cpu(root: int) -> float:
    """CPU seconds of `root`, its reaped children and its live children (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    try:
        own = _stat(root)
    except OSError:
        return 0.0
    total = sum(int(own[i]) for i in (11, 12, 13, 14))  # utime, stime, cutime, cstime
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = _stat(int(entry))
            except OSError:
                continue
            if fields[1] == str(root):  # ppid
                total += int(fields[11]) + int(fields[12])
    return total / tick


def postmaster_pid() -> int:
    """The PostgreSQL server of this run (the parent of our own backend)."""
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"]) as connection:
        backend = connection.execute("select pg_backend_pid()").fetchone()[0]
        return int(_stat(backend)[1])  # while the backend still exists


def run_mix(port: int, users: int, args: argparse.Namespace, server_pids: tuple[int, int] = (0, 0)) -> dict:
    """Log `users` simulated officers in, let them walk their pages for args.seconds, summarise."""
    results = Results()
    officers = [Officer(port, username, ROLES[role]["pages"], results) for role, username in assign_roles(users)]
    # One log-in per demo login, its session shared by the officers using that login (like tabs of one
    # browser): hashing 150 passwords would take minutes and is not what this measures.
    sessions: dict[str, dict[str, str]] = {}
    for officer in officers:
        if officer.username not in sessions:
            officer.login()
            sessions[officer.username] = dict(officer.cookies)
        officer.cookies = dict(sessions[officer.username])
    print(f"load: {len(officers)} officers on {len(sessions)} logins on {HOST}:{port}", flush=True)
    until = time.monotonic() + args.seconds
    threads = [
        threading.Thread(target=o.run, args=(until, args.think, args.max_requests), daemon=True) for o in officers
    ]
    # CPU seconds of gunicorn (master and workers) and of PostgreSQL while the officers browse: unlike
    # latency, CPU per request hardly depends on what else runs on the machine.
    cpu_before = [tree_cpu(pid) for pid in server_pids if pid]
    machine_before = cpu_counters()
    own_before = sum(os.times()[:2])
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, until - time.monotonic() + 90))
    elapsed = time.monotonic() - started
    cpu = [tree_cpu(pid) - before for pid, before in zip([p for p in server_pids if p], cpu_before, strict=True)]
    own = sum(os.times()[:2]) - own_before
    rows = []
    for page in sorted(results.times):
        values = results.times[page]
        rows.append(
            {
                "page": page,
                "count": len(values),
                "p50": statistics.median(values) * 1000,
                "p95": percentile(values, 95) * 1000,
                "max": max(values) * 1000,
            }  # fmt: skip
        )
    everything = [v for values in results.times.values() for v in values]
    # Not the result, a diagnosis: the first seconds render every officer's first pages at once (the
    # shared pages start empty, as after a restart or a write); after them, the steady state.
    settled = [latency for at, latency in results.timeline if at - started >= WARM_SECONDS]
    return {
        "first_seconds": first_seconds(results.timeline, started),
        "users": len(officers),
        "seconds": round(elapsed, 1),
        "requests": results.requests,
        "throughput": round(results.requests / elapsed, 1),
        "errors": len(results.errors),
        "p95_all_ms": round(percentile(everything, 95) * 1000) if everything else None,
        "p95_after_warm_ms": round(percentile(settled, 95) * 1000) if settled else None,
        "pages": rows,
        "error_samples": results.errors[:10],
        "steal_percent": steal_percent(machine_before, cpu_counters()),
        "cpu_ms_per_request": {
            "gunicorn": round(cpu[0] * 1000 / max(1, results.requests), 1) if cpu else None,
            "postgresql": round(cpu[1] * 1000 / max(1, results.requests), 1) if len(cpu) > 1 else None,
            "load_generator": round(own * 1000 / max(1, results.requests), 1),
        },
    }


def first_seconds(timeline: list[tuple[float, float]], started: float, seconds: int = 2 * WARM_SECONDS) -> list[str]:
    """Second by second from the start, "requests answered / p95 ms": how long the cold start lasts."""
    buckets: dict[int, list[float]] = defaultdict(list)
    for at, latency in timeline:
        if at - started < seconds:
            buckets[int(at - started)].append(latency)
    return [
        f"{second}s: {len(buckets[second])} / {percentile(buckets[second], 95) * 1000:.0f}" if buckets[second] else ""
        for second in range(seconds)
    ]


def cpu_counters() -> list[int]:
    """The machine's CPU time by kind (/proc/stat, first line: user nice system idle iowait irq softirq steal)."""
    with open("/proc/stat") as stat:
        return [int(v) for v in stat.readline().split()[1:9]]


def steal_percent(before: list[int], after: list[int]) -> float:
    """Of the machine's CPU time between two readings, the share the host gave to other machines ("steal"):
    on a shared virtual machine the same code runs slower while it is high."""
    spent = [b - a for a, b in zip(before, after, strict=True)]
    return round(100 * spent[7] / max(1, sum(spent)), 1)


def machine_load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min)"


def cpu_ceiling(summary: dict) -> float | None:
    """Requests per second all cores could serve at this run's CPU cost per request (server, database and
    load generator together, as they share this machine), if nothing else ran."""
    cpu = summary["cpu_ms_per_request"]
    if cpu["gunicorn"] is None or cpu["postgresql"] is None:
        return None
    return (os.cpu_count() or 1) * 1000 / (cpu["gunicorn"] + cpu["postgresql"] + cpu["load_generator"])


def cpu_line(summary: dict) -> str:
    cpu = summary["cpu_ms_per_request"]
    ceiling = cpu_ceiling(summary)
    if ceiling is None:
        return "CPU per request not measured."
    return (
        f"CPU per request: gunicorn {cpu['gunicorn']:g} ms, PostgreSQL {cpu['postgresql']:g} ms, load generator "
        f"{cpu['load_generator']:g} ms – at that cost the {os.cpu_count()} cores alone would serve about "
        f"**{ceiling:.0f} requests per second**; the host took {summary.get('steal_percent', 0):g} % of the"
        " machine's CPU meanwhile (steal)."
    )


def page_table(summary: dict) -> list[str]:
    lines = ["| page type | requests | p50 | p95 | max |", "|---|---:|---:|---:|---:|"]
    for row in summary["pages"]:
        lines.append(
            f"| {row['page']} | {vn(row['count'])} | {row['p50']:.0f} ms | {row['p95']:.0f} ms | {row['max']:.0f} ms |"
        )
    lines.append(f"| **all** | {vn(summary['requests'])} | | **{summary['p95_all_ms']} ms** | |")
    if summary.get("p95_after_warm_ms") is not None:
        lines.append(f"| all after the first {WARM_SECONDS} s | | | {summary['p95_after_warm_ms']} ms | |")
    return lines


def inner(args: argparse.Namespace) -> int:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("run through scripts/with-postgres (bench/load.py does this itself)")
    work = Path(tempfile.mkdtemp(prefix="uommam-load-"))
    # Production-like: DEBUG off, the idle timeout of .env.example (its middleware refreshes the session
    # at most once a minute), the connection settings of config/settings.py.
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "load-test-only-" + "x" * 50,
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "LOG_LEVEL": "ERROR",
    }
    if args.cache == "file":
        # As deployed on one server (docs/deployment.md, "Cache"): one cache shared by the workers, which
        # also serves the sessions.
        env["CACHE_URL"] = f"file://{work / 'cache'}"
    elif args.cache == "memory":
        env["CACHE_URL"] = ""
    process = None
    summaries = []
    user_counts = [50, 150] if args.compare else [args.users]
    try:
        phases = {}
        for name, command in (
            ("migrate", ["migrate", "--noinput"]),
            ("demo", ["demo"]),
            ("collectstatic", ["collectstatic", "--noinput"]),
        ):
            started = time.perf_counter()
            manage(env, *command)
            phases[name] = time.perf_counter() - started
            print(f"load: {name} in {phases[name]:.1f} s", flush=True)
        server = server_description(env, args)
        for users in user_counts:
            # A fresh server for each size: the second run does not start with the first one's warm caches.
            port = free_port()
            if env.get("CACHE_URL", "").startswith("file://"):
                shutil.rmtree(env["CACHE_URL"].removeprefix("file://"), ignore_errors=True)
            process = start_gunicorn(env, port, args)
            print(f"load: gunicorn with {server} on {HOST}:{port}; {machine_load()}", flush=True)
            summary = run_mix(port, users, args, (process.pid, postmaster_pid()))
            summary["machine"] = machine_load()
            summary["server"] = server
            summaries.append(summary)
            stop(process)
            process = None
            print(json.dumps(summary, ensure_ascii=False, indent=1), flush=True)
            print(f"load: {cpu_line(summary)}", flush=True)
    finally:
        if process is not None:
            stop(process)
        shutil.rmtree(work, ignore_errors=True)

    if args.record:
        record(args, summaries, phases)
    last = summaries[-1]
    errors = sum(s["errors"] for s in summaries)
    if args.compare:
        warm = [s.get("p95_after_warm_ms") for s in summaries]
        if None not in warm:
            print(
                f"load: after the first {WARM_SECONDS} s: p95 {warm[0]} ms at {summaries[0]['users']} officers, "
                f"{warm[-1]} ms at {last['users']} (ratio {warm[-1] / max(1, warm[0]):.2f}); a diagnosis, not the result"
            )
        ratio = last["p95_all_ms"] / max(1, summaries[0]["p95_all_ms"])
        print(
            f"RESULT users={last['users']} throughput={last['throughput']:.1f} p95_ms={last['p95_all_ms']}"
            f" p95_ratio_150_vs_50={ratio:.2f} errors={errors}"
        )
    return 1 if errors else 0


def record(args: argparse.Namespace, summaries: list[dict], phases: dict[str, float]) -> None:
    command = ".venv/bin/python bench/load.py " + (
        f"--compare --seconds {args.seconds}" if args.compare else f"--users {args.users} --seconds {args.seconds}"
    )
    for flag, value in (
        ("--workers", args.workers),
        ("--worker-class", args.worker_class),
        ("--threads", args.threads),
        ("--cache", "" if args.cache == "file" else args.cache),
    ):
        if value:
            command += f" {flag} {value}"
    lines = [
        "`bench/load.py` (issues 8 and 17) runs the Chiêm Hóa demo on a throwaway PostgreSQL cluster under gunicorn",
        "(production-like settings: DEBUG off, whitenoise, the full middleware stack, the idle timeout on) with",
        "`deploy/gunicorn.conf.py`, and lets simulated officers log in as the demo users and walk the pages their",
        "role uses – cell secretaries 40 %, committee officers 20 %, Youth Union, centre, receiving officers and",
        f"viewers 10 % each – with a think time of {args.think:g} s ± 50 % between pages, each officer starting at a",
        "random point of its first think time (not all in the same millisecond) and the last think time ending with",
        "the measured window, asking for compressed pages as a browser does (the application gzips them); a latency",
        "ends when the answer has arrived. Only 127.0.0.1; bounded in time and requests. `--compare` runs the same mix at 50 and",
        "then 150 officers (a fresh gunicorn each);",
        "officers using the same demo login share its session (one log-in each, as tabs of one browser). The cache is a",
        "directory shared by the workers (`CACHE_URL=file://…`, emptied before each size; `--cache memory` gives each",
        'worker its own), as on a one-server install (docs/deployment.md, "Cache").',
        "",
        f"    {command}",
        "",
    ]
    for summary in summaries:
        lines += [
            f"Run on {time.strftime('%d/%m/%Y %H:%M')} UTC, {os.cpu_count()} cores ({summary['machine']}), PostgreSQL "
            f"(with-postgres), gunicorn {summary['server']}: **{summary['users']} officers for "
            f"{summary['seconds']:g} s, {vn(summary['requests'])} requests "
            f"({str(summary['throughput']).replace('.', ',')}/s), {summary['errors']} errors**; "
            f"setup: migrate {phases['migrate']:.0f} s, demo {phases['demo']:.0f} s.",
            "",
            cpu_line(summary),
            "",
            *page_table(summary),
            "",
        ]
    lines += [
        "An error is any answer ≥ 400 or a failed connection. `student_search` is the HTMX fragment of the",
        "student list (`HX-Request`); `student`, `candidate` and `class` open records linked from the lists the",
        "officer saw, so every request stays inside the user's scope. The simulated officers (Python threads),",
        "gunicorn and PostgreSQL share the same machine, so the latencies include their competition for the CPU.",
    ]
    text = BENCHMARKS.read_text() if BENCHMARKS.exists() else "# Benchmarks\n\nEach feature owns one section.\n"
    section = "## Load\n\n" + "\n".join(lines).strip() + "\n"
    pattern = re.compile(r"^## Load\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: section + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    BENCHMARKS.write_text(text.rstrip() + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between pages, seconds")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: deploy/gunicorn.conf.py)")
    parser.add_argument("--worker-class", default="", help="sync or gthread (default: deploy/gunicorn.conf.py)")
    parser.add_argument("--threads", type=int, default=0, help="threads per gthread worker (default: the conf)")
    parser.add_argument(
        "--compare", action="store_true", help="50 then 150 officers; the last line is the RESULT line of issue 17"
    )
    parser.add_argument(
        "--cache",
        choices=["file", "memory", "env"],
        default="file",
        help="file: a directory shared by the workers (the one-box set-up); memory: per worker; env: CACHE_URL as set",
    )
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--no-record", dest="record", action="store_false", help="do not write docs/benchmarks.md")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        return inner(args)
    script = ROOT / "scripts" / "with-postgres"
    command = [str(script), sys.executable, str(Path(__file__).resolve()), *sys.argv[1:], "--inner"]
    return subprocess.run(command, cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
