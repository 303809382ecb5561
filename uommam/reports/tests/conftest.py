import pytest

from uommam.testing.world import build_world


@pytest.fixture
def world(db):
    return build_world()
