"""Fixtures for every test: the persona world (see uommam/testing/world.py) and logged-in clients."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable

import pytest
from django.test import Client

from uommam.testing.world import World, build_world

# The `demo` fixture: the demo district built once per run (see its module).
pytest_plugins = ["uommam.testing.demo_database"]


def pytest_configure(config: pytest.Config) -> None:
    from hypothesis import settings as hypothesis_settings

    # In CI, the same examples every run (no flaky discoveries) and no per-example deadline on a busy machine.
    hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
    hypothesis_settings.register_profile("dev", deadline=None)
    hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")

    from django.conf import settings

    # Hashing a password properly takes ~0.2 s by design; personas would make the suite crawl.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The page cache (uommam/core/pagecache.py) trusts that every write is journalled; many tests write rows
    # directly to set a scene. It is on only where it is tested: tests/load (its conftest.py).
    settings.UOMMAM_PAGE_CACHE = False
    # Uploads and generated documents of tests never land in the project's media folder.
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="uommam-test-media-")

    from uommam.testing import replay

    # The persona world and the other trees are built once per process and replayed (uommam/testing/replay.py);
    # UOMMAM_TEST_REPLAY=0 builds them for every test, to rule the replay out when a test behaves oddly.
    replay.ENABLED = os.environ.get("UOMMAM_TEST_REPLAY", "1") != "0"
    if os.environ.get("UOMMAM_TEST_PDF_CACHE", "1") != "0":
        from uommam.testing import office_cache

        # The same Word document converted to PDF once per process (uommam/testing/office_cache.py).
        office_cache.install()


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    from django.conf import settings

    if str(settings.MEDIA_ROOT).startswith(tempfile.gettempdir()):
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache: ids repeat after a rolled-back test on SQLite, and the page
    cache (uommam/core/pagecache.py) keys on them."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def client_for(world: World) -> Callable[[str], Client]:
    """client_for("cell_a") → a test client logged in as that persona."""

    def make(persona: str) -> Client:
        client = Client()
        client.force_login(world.users[persona])
        return client

    return make
