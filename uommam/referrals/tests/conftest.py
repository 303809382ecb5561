"""Fixtures for referral tests: `rw`, the referral tree of uommam/testing/trees.py, and media files in a temporary folder."""

from __future__ import annotations

import pytest

from uommam.testing.trees import RefWorld, build_ref_world


@pytest.fixture
def rw(db: None) -> RefWorld:
    return build_ref_world()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
