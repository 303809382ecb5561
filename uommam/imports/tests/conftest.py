"""Personas in the demo's Chiêm Hóa tree: the THPT Chiêm Hóa cell secretary (owner), the Hà Lang cell secretary
(outsider) and the province read-only viewer; plus the spreadsheet builders of uommam/testing/spreadsheets.py."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest

from uommam.accounts.models import User
from uommam.demo.builders import orgs
from uommam.demo.builders.context import DemoContext
from uommam.orgs.models import OrgUnit, Role
from uommam.testing.factories import persona
from uommam.testing.spreadsheets import csv_bytes, xlsx_bytes


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AXES_ENABLED = False


@pytest.fixture
def tree(db: Any) -> DemoContext:
    ctx = DemoContext(stdout=io.StringIO())
    orgs.build(ctx)
    return ctx


@pytest.fixture
def school(tree: DemoContext) -> OrgUnit:
    return tree.unit("THPT-CHIEMHOA")


@pytest.fixture
def other_school(tree: DemoContext) -> OrgUnit:
    return tree.unit("THPT-HALANG")


def _persona(tree: DemoContext, username: str, role: str, unit_code: str) -> User:
    return persona(username, tree.unit(unit_code), role, full_name=username, email="")


@pytest.fixture
def secretary(tree: DemoContext) -> User:
    return _persona(tree, "bithu.chiemhoa", Role.CELL_SECRETARY, "CB-THPT-CHIEMHOA")


@pytest.fixture
def outsider(tree: DemoContext) -> User:
    return _persona(tree, "bithu.halang", Role.CELL_SECRETARY, "CB-THPT-HALANG")


@pytest.fixture
def viewer(tree: DemoContext) -> User:
    return _persona(tree, "xem", Role.VIEWER, "TU-TUYENQUANG")


@pytest.fixture
def make_xlsx() -> Callable[..., bytes]:
    return xlsx_bytes


@pytest.fixture
def make_csv() -> Callable[..., bytes]:
    return csv_bytes
