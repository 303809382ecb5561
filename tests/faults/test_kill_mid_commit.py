"""The server is killed (SIGKILL) in the middle of a commit: the database stays consistent, and
everything acknowledged to a user before the kill is still there.

A real server process (`manage.py runserver --noreload`) runs on 127.0.0.1 against a file SQLite
database. `UOMMAM_FAULT_SLEEP_IN` (uommam/core/faults.py) makes it stop at a chosen point – after the
last write of the transaction, before COMMIT – and touch a signal file; the test then kills it.
"""

from __future__ import annotations

import contextlib
import fcntl
import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]
CSRF = "faulttestcsrftoken0123456789abcd"  # 32 characters: a valid CSRF secret
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    port: int
    session: str
    process: subprocess.Popen[bytes]
    signal_file: Path

    def post(self, path: str, data: dict[str, str], timeout: float = 30) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        body = urlencode(data)
        connection.request(
            "POST",
            path,
            body=body,
            headers={
                "Cookie": f"sessionid={self.session}; csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        status = connection.getresponse().status
        connection.close()
        return status

    def kill_when_paused(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not self.signal_file.exists():
            assert self.process.poll() is None, "the server stopped before the fault point"
            assert time.monotonic() < deadline, "the request never reached the fault point"
            time.sleep(0.05)
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@dataclass(frozen=True)
class Prepared:
    """The database file and media folder after tests/faults/scenario.py, and the facts it printed."""

    database: Path
    media: Path
    facts: dict


def _environment(database: Path, media: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(media),
        "DEBUG": "true",
        "AXES_ENABLED": "false",
    }


def _prepare(folder: Path) -> Prepared:
    database, media = folder / "template.sqlite3", folder / "media"
    facts_file = folder / "facts.json"
    if not facts_file.exists():  # written last: its presence means a finished preparation
        setup = subprocess.run(
            [sys.executable, "tests/faults/scenario.py"],
            cwd=ROOT,
            env=_environment(database, media),
            check=True,
            capture_output=True,
            timeout=300,
        )
        assert not Path(f"{database}-wal").exists(), "scenario.py left a WAL journal: the copies would miss rows"
        facts_file.write_text(setup.stdout.decode().strip().splitlines()[-1])
    return Prepared(database, media, json.loads(facts_file.read_text()))


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    """Migrated and set up once per run (about ten seconds), copied for each test: every test starts from the
    same rows, and none sees what another test's server did (each one kills its own server).

    Under xdist the module is one work unit (ONE_WORKER_MODULES_IN, uommam/testing/demo_database.py). Should its
    tests still land on different workers (another `--dist`), the first prepares, in the run's shared temporary
    folder and under a lock, and the others wait for it and copy its result."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return _prepare(tmp_path_factory.mktemp("faults-template"))
    folder = tmp_path_factory.getbasetemp().parent / "faults-template"
    folder.mkdir(exist_ok=True)
    with (folder / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return _prepare(folder)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture
def server(prepared: Prepared, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Server, dict, Path]]:
    database, media = tmp_path / "uommam.sqlite3", tmp_path / "media"
    # The template was written by a process that has ended and closed it: the file holds everything.
    shutil.copy(prepared.database, database)
    if prepared.media.exists():
        shutil.copytree(prepared.media, media)
    env = _environment(database, media)
    facts = prepared.facts
    port = _free_port()
    signal_file = tmp_path / "paused"
    process = subprocess.Popen(
        # System checks are `make lint`'s job (manage.py check); here they would only delay every start.
        [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={
            **env,
            "UOMMAM_FAULT_SLEEP_IN": request.param,
            "UOMMAM_FAULT_SIGNAL_FILE": str(signal_file),
            "UOMMAM_FAULT_SLEEP_SECONDS": "60",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "runserver did not start"
            time.sleep(0.05)
        yield Server(port, facts["session"], process, signal_file), facts, database
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def _fire_and_forget(server: Server, path: str, data: dict[str, str]) -> threading.Thread:
    """Send the request that will be cut off; its answer never comes."""

    def send() -> None:
        with contextlib.suppress(OSError, http.client.HTTPException):
            server.post(path, data, timeout=90)

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    return thread


def _query(database: Path, sql: str, *params: object) -> list[tuple]:
    connection = sqlite3.connect(database)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def _acknowledged_consent(server: Server, facts: dict, given_by: str) -> None:
    status = server.post(
        f"/students/{facts['student']}/consent/",
        {"given_by": given_by, "relation": "mother", "given_on": "01/09/2025", "scope": "Hồ sơ"},
    )
    assert status == 302  # the user saw "recorded"


@pytest.mark.parametrize("server", ["audit:transition"], indirect=True)
def test_kill_during_a_workflow_transition_leaves_stage_event_and_journal_all_or_nothing(server) -> None:
    srv, facts, database = server
    _acknowledged_consent(srv, facts, "Hoàng Thị Mẹ")
    events_before = _query(database, "SELECT COUNT(*) FROM pipeline_candidateevent")[0][0]
    thread = _fire_and_forget(
        srv,
        f"/pipeline/{facts['candidate']}/step/withdraw/",
        {"withdraw-effective_on": "20/10/2025", "withdraw-exit_reason": "Gia đình chuyển nơi ở"},
    )
    srv.kill_when_paused()
    thread.join(timeout=10)

    assert _query(database, "PRAGMA integrity_check") == [("ok",)]
    stage = _query(database, "SELECT stage, version FROM pipeline_candidate WHERE id = ?", facts["candidate"])[0]
    events = _query(database, "SELECT COUNT(*) FROM pipeline_candidateevent")[0][0]
    journal = _query(
        database, "SELECT COUNT(*) FROM audit_auditentry WHERE action = 'transition' AND note = 'withdraw'"
    )[0][0]
    # None of the three: the stage did not move, no timeline event, no journal entry.
    assert stage[0] == "sympathiser" and (events, journal) == (events_before, 0)
    # What the user was told was saved, is saved – with its journal entry.
    assert _query(database, "SELECT COUNT(*) FROM people_parentalconsent WHERE given_by = 'Hoàng Thị Mẹ'") == [(1,)]
    assert _query(database, "SELECT COUNT(*) FROM audit_auditentry WHERE model = 'people.ParentalConsent'") == [(1,)]


@pytest.mark.parametrize("server", ["audit:import"], indirect=True)
def test_kill_during_an_import_commit_leaves_no_half_import(server) -> None:
    srv, facts, database = server
    _acknowledged_consent(srv, facts, "Ma Văn Cha")
    people_before = _query(database, "SELECT COUNT(*) FROM people_person")[0][0]
    thread = _fire_and_forget(srv, f"/imports/{facts['batch']}/commit/", {})
    srv.kill_when_paused()
    thread.join(timeout=10)

    assert _query(database, "PRAGMA integrity_check") == [("ok",)]
    assert _query(database, "SELECT COUNT(*) FROM people_person")[0][0] == people_before
    assert _query(database, "SELECT status FROM imports_importbatch WHERE id = ?", facts["batch"]) == [("previewed",)]
    assert _query(database, "SELECT COUNT(*) FROM audit_auditentry WHERE action = 'import'") == [(0,)]
    assert _query(database, "SELECT COUNT(*) FROM people_parentalconsent WHERE given_by = 'Ma Văn Cha'") == [(1,)]


@pytest.mark.parametrize("server", ["audit:import"], indirect=True)
def test_after_the_crash_the_same_import_commits_completely(server, tmp_path: Path) -> None:
    srv, facts, database = server
    thread = _fire_and_forget(srv, f"/imports/{facts['batch']}/commit/", {})
    srv.kill_when_paused()
    thread.join(timeout=10)
    # Restart without the fault: the batch is still previewed and commits whole.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "MEDIA_ROOT": str(tmp_path / "media")}
    code = (
        "import django,os;os.environ.setdefault('DJANGO_SETTINGS_MODULE','config.settings');django.setup();"
        "from uommam.imports.models import ImportBatch;from uommam.imports.services import import_commit;"
        f"b=import_commit(batch=ImportBatch.objects.get(pk={facts['batch']}),actor=None);print(b.created)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, timeout=120, check=True
    )
    assert result.stdout.decode().strip() == str(facts["import_rows"])
