"""What every request pays: the session is not written per page, templates are compiled once, the
navigation and the user's roles are computed once per request."""

from __future__ import annotations

import runpy
from collections.abc import Callable
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config import settings as settings_module
from uommam.testing.world import World


def _session_writes(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return sum(
        1
        for q in captured.captured_queries
        if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def test_browsing_within_a_minute_does_not_write_the_session(world: World, client_for: Callable[[str], Client]) -> None:
    client = client_for("cell_a")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _session_writes(client, "/")  # the first page stamps the session
        clock.shift(30)
        assert [_session_writes(client, path) for path in ("/students/", "/pipeline/", "/")] == [0, 0, 0]


def test_the_idle_timeout_still_counts_from_the_last_page_seen(
    world: World, client_for: Callable[[str], Client], settings: object
) -> None:
    settings.SESSION_IDLE_TIMEOUT = 600  # type: ignore[attr-defined]
    client = client_for("cell_a")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.get("/")
        # Busy for 15 minutes, a page every 2 minutes: each of those pages refreshes the stamp once.
        for _ in range(7):
            clock.shift(120)
            assert _session_writes(client, "/") == 1
        clock.shift(599)
        assert client.get("/").status_code == 200
        clock.shift(601)
        response = client.get("/")
    assert response.status_code == 302 and "expired=1" in response["Location"]


def test_templates_are_compiled_once_per_process() -> None:
    loaders = list(engines["django"].engine.template_loaders)
    found = []
    while loaders:
        loader = loaders.pop()
        found.append(loader)
        loaders.extend(getattr(loader, "loaders", []))
    assert any(isinstance(loader, CachedLoader) for loader in found)


def test_roles_and_navigation_are_read_once_per_request(world: World, client_for: Callable[[str], Client]) -> None:
    client = client_for("commune_a")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/units/").status_code == 200
    role_reads = [q for q in captured.captured_queries if 'FROM "orgs_roleassignment"' in q["sql"]]
    assert len(role_reads) == 1


def test_a_file_cache_url_gives_one_cache_shared_by_the_workers_which_also_serves_the_sessions(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CACHE_URL", f"file://{tmp_path}")
    values = runpy.run_path(str(Path(settings_module.__file__)))
    assert values["CACHES"]["default"]["BACKEND"] == "uommam.core.filecache.FileCache"
    assert values["CACHES"]["default"]["LOCATION"] == str(tmp_path)
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
