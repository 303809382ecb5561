"""Spreadsheets as schools send them (the national student list, CSV exports), for import tests anywhere."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

import openpyxl

NATIONAL_HEADERS = ["STT", "Mã lớp", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số định danh cá nhân"]

GOOD_ROWS = [
    [1, "10A1", "Nguyễn Văn Hợi", "05/09/2010", "Nam", "Tày", "008210012345"],
    [2, "10A1", "Ma Thị Lan", "18/12/2010", "Nữ", "Kinh", "008310012346"],
    [3, "10A2", "Hoàng Đức Anh", "01/01/2010", "Nam", "Dao", "008210012347"],
]


def xlsx_bytes(
    rows: Iterable[Iterable[Any]], *, merges: Iterable[str] = (), number_formats: dict[str, str] | None = None
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
