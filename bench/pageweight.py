"""Page weight on a slow line: bytes and requests of a first (cold) and a repeat (warm) visit per page type.

    .venv/bin/python bench/pageweight.py                      # fresh demo database, results into docs/benchmarks.md
    .venv/bin/python bench/pageweight.py --database db.sqlite3 --no-record   # a copy of a demo database you have

Production-like and only on 127.0.0.1: copies (or builds, with `manage.py demo`) a SQLite demo database in a
temporary folder, collects static files with the compressed manifest storage, starts gunicorn with DEBUG off
on a free port, and drives Debian's Chromium (/usr/bin/chromium) through Playwright with the DevTools
protocol's emulation of a slow line: 400 ms latency, 400 kbit/s down and up, CPU four times slower. For each
page type a new browser context (empty cache) logs in, then loads the page (cold) and loads it again (warm).
Bytes are what crossed the line (compressed, headers included), per Chromium's `encodedDataLength`.
Stops only the gunicorn it started. The last line:

    RESULT cold_max_kib=X dashboard_kib=Y html_gzip=yes|no

(cold_max_kib: the heaviest first visit of a page other than the dashboard; goals ≤ 60 and ≤ 120 KiB.)
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
PASSWORD = "uommam-demo-2026"
CHROMIUM = "/usr/bin/chromium"
BENCHMARKS = ROOT / "docs" / "benchmarks.md"
# The emulated line: a rural 3G/ADSL connection, and an older phone or office PC.
LATENCY_MS = 400
KBIT_PER_S = 400
CPU_SLOWDOWN = 4
GOAL_KIB = 60
DASHBOARD_GOAL_KIB = 120

# page type → (login, path or a list page and the pattern of the first link to follow on it).
PAGES: dict[str, tuple[str, str, str | None]] = {
    "login": ("", "/accounts/login/", None),
    "todo": ("bithu.chiemhoa", "/", None),
    "students": ("bithu.chiemhoa", "/students/", None),
    "student": ("bithu.chiemhoa", "/students/", r"/students/\d+/"),
    "pipeline": ("bithu.chiemhoa", "/pipeline/", None),
    "candidate": ("bithu.chiemhoa", "/pipeline/", r"/pipeline/\d+/"),
    "nomination": ("doan.chiemhoa", "/pipeline/nomination/", None),
    "classes": ("ttct", "/classes/", None),
    "class": ("ttct", "/classes/", r"/classes/\d+/"),
    "referrals": ("bithu.chiemhoa", "/referrals/", None),
    "referral": ("bithu.chiemhoa", "/referrals/", r"/referrals/\d+/"),
    "dashboard": ("huyenuy", "/reports/", None),
}


@dataclass
class Load:
    bytes: int
    requests: int
    seconds: float
    html_encoding: str


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def start_gunicorn(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "config.wsgi", "-c", "deploy/gunicorn.conf.py", "--bind", f"{HOST}:{port}", "-w", "2"]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**env, "GUNICORN_ACCESSLOG": ""},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz", headers={"Host": HOST})
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise RuntimeError("gunicorn did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def measure(page: Any, cdp: Any, url: str) -> Load:
    """Load `url` and count what crossed the emulated line until the network is quiet."""
    sizes: dict[str, int] = {}
    document: dict[str, str] = {}

    def finished(event: dict[str, Any]) -> None:
        sizes[event["requestId"]] = int(event.get("encodedDataLength", 0))

    def response(event: dict[str, Any]) -> None:
        if event.get("type") == "Document":
            headers = {k.lower(): v for k, v in event["response"].get("headers", {}).items()}
            document["encoding"] = headers.get("content-encoding", "")

    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.responseReceived", response)
    started = time.perf_counter()
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    seconds = time.perf_counter() - started
    cdp.remove_listener("Network.loadingFinished", finished)
    cdp.remove_listener("Network.responseReceived", response)
    # A file served from the browser's cache has encodedDataLength 0: it is not a request on the line.
    on_line = [size for size in sizes.values() if size > 0]
    return Load(sum(on_line), len(on_line), seconds, document.get("encoding", ""))


def login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").click()
    if "/accounts/login/" in page.url:
        raise RuntimeError(f"could not log in as {username}")


def find_link(page: Any, base: str, path: str, pattern: str) -> str:
    page.goto(f"{base}{path}")
    for href in page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))"):
        if re.fullmatch(pattern, href or ""):
            return str(href)
    raise RuntimeError(f"no link like {pattern} on {path}")


def run(base: str) -> dict[str, tuple[Load, Load]]:
    from playwright.sync_api import sync_playwright

    results: dict[str, tuple[Load, Load]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        try:
            for name, (username, path, link) in PAGES.items():
                # Log in (and find the record to open) in one context; measure in a new one that has only its
                # session cookie, so that its cache is really empty.
                setup = browser.new_context(locale="vi-VN")
                setup_page = setup.new_page()
                if username:
                    login(setup_page, base, username)
                if link:
                    path = find_link(setup_page, base, path, link)
                cookies = setup.cookies()
                setup.close()
                context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
                context.add_cookies(cookies)
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send(
                    "Network.emulateNetworkConditions",
                    {
                        "offline": False,
                        "latency": LATENCY_MS,
                        "downloadThroughput": KBIT_PER_S * 1000 / 8,
                        "uploadThroughput": KBIT_PER_S * 1000 / 8,
                    },
                )
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
                cold = measure(page, cdp, f"{base}{path}")
                warm = measure(page, cdp, f"{base}{path}")
                results[name] = (cold, warm)
                context.close()
                print(
                    f"{name:<11} cold {cold.bytes / 1024:6.1f} KiB {cold.requests:2d} req {cold.seconds:5.1f} s"
                    f"   warm {warm.bytes / 1024:6.1f} KiB {warm.requests:2d} req {warm.seconds:5.1f} s"
                    f"   html {cold.html_encoding or 'identity'}",
                    flush=True,
                )
        finally:
            browser.close()
    return results


def markdown(results: dict[str, tuple[Load, Load]], result_line: str) -> str:
    rows = "\n".join(
        f"| {name} | {cold.bytes / 1024:.1f} | {cold.requests} | {cold.seconds:.1f} s | {warm.bytes / 1024:.1f} | "
        f"{warm.requests} | {warm.seconds:.1f} s |"
        for name, (cold, warm) in results.items()
    )
    return f"""`bench/pageweight.py` (issue 20) serves the Chiêm Hóa demo with gunicorn and DEBUG off (static files
collected with the compressed manifest storage, HTML compressed by Django's GZipMiddleware) on 127.0.0.1, and
loads each page type in Chromium on an emulated slow line ({LATENCY_MS} ms latency, {KBIT_PER_S} kbit/s, CPU
×{CPU_SLOWDOWN}): first visit with an empty cache (cold), then again (warm). KiB crossed the line, compressed.

    .venv/bin/python bench/pageweight.py

Run on {time.strftime("%d/%m/%Y")}, {os.cpu_count()} cores:

| page | cold KiB | cold requests | cold load | warm KiB | warm requests | warm load |
|---|---:|---:|---:|---:|---:|---:|
{rows}

    {result_line}

Goals: every page but the dashboard ≤ {GOAL_KIB} KiB on a first visit, the dashboard (which draws its charts with
Chart.js, loaded on that page only) ≤ {DASHBOARD_GOAL_KIB} KiB, HTML compressed. Static files carry hashed names
and a one-year immutable cache, so a repeat visit downloads only the HTML. Load times include the CPU the
server shares with the browser on this machine. Before issue 20 the same first visits weighed 78–173 KiB (all of
Bootstrap's CSS and its JavaScript on every page, htmx on the login page, HTML not compressed)."""


def record(text: str) -> None:
    content = BENCHMARKS.read_text() if BENCHMARKS.exists() else "# Benchmarks\n"
    section = "## Page weight\n\n" + text.strip() + "\n"
    pattern = re.compile(r"^## Page weight\n.*?(?=^## |\Z)", re.S | re.M)
    content = (
        pattern.sub(lambda _: section + "\n", content)
        if pattern.search(content)
        else content.rstrip() + "\n\n" + section
    )
    BENCHMARKS.write_text(content.rstrip() + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", type=Path, help="a SQLite demo database to copy (default: build one)")
    parser.add_argument("--no-record", action="store_true", help="do not write docs/benchmarks.md")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="uommam-pageweight-"))
    database = work / "db.sqlite3"
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "pageweight-only-" + "x" * 50,
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": f"sqlite:///{database}",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "LOG_LEVEL": "ERROR",
    }
    process = None
    try:
        if args.database:
            shutil.copy(args.database, database)
            manage(env, "migrate", "--noinput")
        else:
            manage(env, "migrate", "--noinput")
            manage(env, "demo")
        manage(env, "collectstatic", "--noinput")
        port = free_port()
        process = start_gunicorn(env, port)
        results = run(f"http://{HOST}:{port}")
    finally:
        if process is not None:
            stop(process)
        shutil.rmtree(work, ignore_errors=True)

    cold_max = max(cold.bytes for name, (cold, _warm) in results.items() if name != "dashboard") / 1024
    dashboard = results["dashboard"][0].bytes / 1024
    gzip = all(cold.html_encoding == "gzip" for name, (cold, _warm) in results.items())
    line = f"RESULT cold_max_kib={cold_max:.1f} dashboard_kib={dashboard:.1f} html_gzip={'yes' if gzip else 'no'}"
    if not args.no_record:
        record(markdown(results, line))
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
