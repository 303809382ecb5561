"""The load tests run with the page cache on, as in production (the root conftest.py turns it off)."""

from __future__ import annotations

import pytest

from uommam.pipeline.models import Candidate
from uommam.pipeline.stages import Stage
from uommam.testing.world import World, student


@pytest.fixture(autouse=True)
def _page_cache_on(settings: pytest.FixtureRequest) -> None:
    settings.UOMMAM_PAGE_CACHE = True  # type: ignore[attr-defined]


@pytest.fixture
def identified(world: World) -> Candidate:
    """A new student of school A that the cell has identified: the record the cache tests change."""
    person = student(world.units["S-A"], "Lò", "Văn", "Mới", citizen_id="008208000777", sex="M")
    return Candidate.objects.create(person=person, cell=world.units["CB-S-A"], stage=Stage.IDENTIFIED)
