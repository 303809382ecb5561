"""The `walk` fixture: the scene of the access walks, built once per process and replayed per test
(see uommam/testing/walk.py). A test that takes `walk` must not take `world` too: the walk builds its own."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings

from uommam.testing.walk import Walk, build_walk, prepare_walk

_build_media: list[Path] = []


def _media_of_the_build() -> Path:
    """One folder per process for the files a real build writes (inside the run's media root, which the
    root conftest.py removes at the end)."""
    if not _build_media:
        _build_media.append(Path(tempfile.mkdtemp(prefix="walk-build-", dir=django_settings.MEDIA_ROOT)))
    return _build_media[0]


@pytest.fixture
def walk(db: None, settings: Any, tmp_path: Path) -> Walk:
    settings.MEDIA_ROOT = _media_of_the_build()
    built = build_walk()
    media = tmp_path / "media"
    prepare_walk(built, media)
    settings.MEDIA_ROOT = media
    return built
