"""Production deployment: gunicorn with production settings serves the app; the replica router."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from uommam.core import db_router

ROOT = Path(__file__).resolve().parents[3]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


@pytest.fixture
def production_env(tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "deploy-test-" + "k" * 60,
        "ALLOWED_HOSTS": "uommam.example.vn",
        "CSRF_TRUSTED_ORIGINS": "https://uommam.example.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "UOMMAM_PROXY_COUNT": "1",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESSLOG": "",
    }
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True, timeout=300
        )
    return env


@pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed in this virtualenv")
def test_gunicorn_serves_the_app_behind_a_proxy_with_production_settings(production_env: dict[str, str]) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [str(GUNICORN), "config.wsgi", "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=production_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        proxied = {"Host": "uommam.example.vn", "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
        deadline = time.monotonic() + 60
        while True:
            try:
                health = _get(port, "/healthz", proxied)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError(
                        "gunicorn did not start: "
                        + (server.stderr.read().decode() if server.poll() is not None else "timeout")
                    ) from None
                time.sleep(0.2)
        assert health.status == 200 and health.body == b"ok"  # type: ignore[attr-defined]

        # Plain HTTP (no proxy header) is sent to HTTPS; unknown hosts are refused.
        plain = _get(port, "/accounts/login/", {"Host": "uommam.example.vn"})
        assert plain.status == 301 and plain.getheader("Location", "").startswith("https://uommam.example.vn/")
        assert _get(port, "/accounts/login/", {**proxied, "Host": "evil.example"}).status == 400
        # …but a local health check (`curl http://127.0.0.1:PORT/healthz`: no public host, no HTTPS) is answered.
        local = _get(port, "/healthz", {"Host": f"127.0.0.1:{port}"})
        assert local.status == 200 and local.body == b"ok"  # type: ignore[attr-defined]

        login = _get(port, "/accounts/login/", proxied)
        assert login.status == 200
        assert "max-age=31536000" in login.getheader("Strict-Transport-Security", "")
        assert "script-src 'self'" in login.getheader("Content-Security-Policy", "")
        assert login.getheader("X-Frame-Options") == "DENY"
        assert "Secure" in login.getheader("Set-Cookie", "")

        # whitenoise serves hashed static files with a long cache lifetime.
        body = login.body.decode()  # type: ignore[attr-defined]
        css = body.split('href="/static/vendor/css/')[1].split('"')[0]
        static = _get(port, f"/static/vendor/css/{css}", proxied)
        assert static.status == 200 and "max-age=315360000" in static.getheader("Cache-Control", "")
        assert _get(port, "/media/anything.pdf", proxied).status == 404
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def test_report_reads_go_to_the_replica_and_sessions_stay_on_the_primary(monkeypatch: pytest.MonkeyPatch) -> None:
    router = db_router.ReplicaRouter()
    monkeypatch.setattr(db_router, "settings", SimpleNamespace(DATABASES={"default": {}, "replica": {}}))
    from django.contrib.sessions.models import Session

    from uommam.people.models import Person

    assert router.db_for_read(Person) is None
    seen = {}

    def view(request):  # type: ignore[no-untyped-def]
        seen["person"] = router.db_for_read(Person)
        seen["session"] = router.db_for_read(Session)
        return "response"

    middleware = db_router.ReplicaMiddleware(view)
    middleware(SimpleNamespace(method="GET", path="/reports/funnel/"))  # type: ignore[arg-type]
    assert seen == {"person": "replica", "session": None}
    middleware(SimpleNamespace(method="POST", path="/reports/targets/"))  # type: ignore[arg-type]
    assert seen["person"] is None
    assert router.db_for_read(Person) is None  # reset after the request
    assert router.db_for_write(Person) == "default"
    assert router.allow_migrate("replica", "people") is False


def test_every_command_the_systemd_units_run_exists() -> None:
    import re
    from pathlib import Path

    from django.core.management import get_commands

    units = Path(__file__).resolve().parents[3] / "deploy"
    named = {
        match.group(1)
        for unit in units.glob("*.service")
        for match in re.finditer(r"python -m uommam (\w+)", unit.read_text(encoding="utf-8"))
    }
    assert {"send_reminders", "send_referral_reminders", "backup"} <= named
    assert named <= set(get_commands())


def test_check_names_every_required_production_setting_that_is_missing(
    settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from config.checks import production_environment

    settings.DEBUG = False
    for name in ("DATABASE_URL", "ALLOWED_HOSTS", "STATIC_ROOT", "MEDIA_ROOT", "UOMMAM_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MEDIA_ROOT", "/srv/uommam/media")
    messages = {message.id: message for message in production_environment()}
    assert set(messages) == {"uommam.E001", "uommam.E002", "uommam.E003", "uommam.W001"}
    assert "DATABASE_URL" in messages["uommam.E001"].msg and "/etc/uommam/env" in (messages["uommam.E001"].hint or "")
    assert "STATIC_ROOT" in messages["uommam.E003"].msg
    assert messages["uommam.E001"].is_serious() and not messages["uommam.W001"].is_serious()

    settings.DEBUG = True  # development: the defaults are fine
    assert production_environment() == []


def test_the_gunicorn_settings_decide_the_worker_count_and_open_no_control_socket(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import multiprocessing
    import runpy

    conf = ROOT / "deploy" / "gunicorn.conf.py"
    monkeypatch.setenv("GUNICORN_WORKERS", "")  # as in .env.example
    default = runpy.run_path(str(conf))
    assert (default["workers"], default["worker_class"], default["threads"]) == (
        2 * multiprocessing.cpu_count(),
        "gthread",
        4,
    )
    assert default["control_socket_disable"] is True
    # The master builds and warms the application once, before forking (uommam/core/warmup.py).
    assert default["preload_app"] is True
    monkeypatch.setenv("GUNICORN_PRELOAD", "false")
    assert runpy.run_path(str(conf))["preload_app"] is False
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    assert runpy.run_path(str(conf))["workers"] == 3
    assert 'GUNICORN_WORKERS=""' in (ROOT / ".env.example").read_text(encoding="utf-8")
    assert "--workers" not in (ROOT / "deploy" / "uommam.service").read_text(encoding="utf-8")
