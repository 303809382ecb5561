"""Personas in the Chiêm Hóa tree: the THPT Chiêm Hóa cell secretary (owner), the Hà Lang cell secretary
(outsider) and the province read-only viewer; plus builders for the spreadsheets real schools send."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from typing import Any

import openpyxl
import pytest

from uommam.accounts.models import User
from uommam.demo.builders import orgs
from uommam.demo.builders.context import DemoContext
from uommam.orgs.models import OrgUnit, Role
from uommam.orgs.services import role_grant


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Any, tmp_path: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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
    user = User.objects.create_user(username=username, password="pw-for-tests-1234", full_name=username)
    role_grant(user=user, unit=tree.unit(unit_code), role=role)
    return user


@pytest.fixture
def secretary(tree: DemoContext) -> User:
    return _persona(tree, "bithu.chiemhoa", Role.CELL_SECRETARY, "CB-THPT-CHIEMHOA")


@pytest.fixture
def outsider(tree: DemoContext) -> User:
    return _persona(tree, "bithu.halang", Role.CELL_SECRETARY, "CB-THPT-HALANG")


@pytest.fixture
def viewer(tree: DemoContext) -> User:
    return _persona(tree, "xem", Role.VIEWER, "TU-TUYENQUANG")


NATIONAL_HEADERS = ["STT", "Mã lớp", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số định danh cá nhân"]

GOOD_ROWS = [
    [1, "10A1", "Nguyễn Văn Hợi", "05/09/2010", "Nam", "Tày", "008210012345"],
    [2, "10A1", "Ma Thị Lan", "18/12/2010", "Nữ", "Kinh", "008310012346"],
    [3, "10A2", "Hoàng Đức Anh", "01/01/2010", "Nam", "Dao", "008210012347"],
]


def xlsx_bytes(
    rows: Iterable[Iterable[Any]], *, merges: Iterable[str] = (), number_formats: dict | None = None
) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    for ref, fmt in (number_formats or {}).items():
        sheet[ref].number_format = fmt
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Iterable[Iterable[Any]], *, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode(encoding)


@pytest.fixture
def make_xlsx() -> Callable[..., bytes]:
    return xlsx_bytes


@pytest.fixture
def make_csv() -> Callable[..., bytes]:
    return csv_bytes
