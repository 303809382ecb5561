"""The load tests run with the page cache on, as in production (the root conftest.py turns it off)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _page_cache_on(settings: pytest.FixtureRequest) -> None:
    settings.UOMMAM_PAGE_CACHE = True  # type: ignore[attr-defined]
