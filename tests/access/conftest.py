"""The `walk` fixture: the scene of the access walks, built once per process and replayed per test
(see uommam/testing/walk.py). A test that takes `walk` must not take `world` too: the walk builds its own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from uommam.testing.walk import Walk, build_walk, prepare_walk


@pytest.fixture
def walk(db: None, settings: Any, tmp_path: Path) -> Walk:
    built = build_walk()
    media = tmp_path / "media"
    prepare_walk(built, media)
    settings.MEDIA_ROOT = media
    return built
