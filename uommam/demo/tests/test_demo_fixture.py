"""The shared demo (uommam/testing/demo_database.py) is built once and gone before any other test."""

from __future__ import annotations

import pytest

from uommam.orgs.models import OrgUnit
from uommam.testing.demo_database import DEMO_LANDMARK, DemoDatabase


@pytest.mark.django_db
def test_a_demo_test_sees_the_demo_district(demo: str) -> None:
    assert OrgUnit.objects.filter(code=DEMO_LANDMARK).exists()
    assert "Chiêm Hóa" in OrgUnit.objects.get(code=DEMO_LANDMARK).name


# In the demo's xdist group, so it runs on the worker that built the demo, after the demo's tests (they are
# moved to the front at collection): the demo must have been flushed by then.
@pytest.mark.xdist_group("demo")
@pytest.mark.django_db
def test_a_test_without_the_demo_finds_an_empty_database() -> None:
    assert not OrgUnit.objects.exists()


# In the group too, and without the database, so it runs after every demo test of this worker (pytest-django
# orders tests without the database last), including the transactional browser test of the demo.
@pytest.mark.xdist_group("demo")
def test_the_demo_is_built_at_most_once_in_a_run() -> None:
    assert DemoDatabase.builds_in_process <= 1
