from __future__ import annotations

import pytest

from uommam.testing.trees import ClassWorld, build_class_world


@pytest.fixture
def world(db: None) -> ClassWorld:
    return build_class_world()
