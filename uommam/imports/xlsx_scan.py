"""The structure of a zipped workbook (.xlsx, .ods) read from its XML in chunks, never materialised.

For every sheet: the last row that holds a value, the number of cells, and the rows hidden or filtered
out. The row and cell limits are checked while scanning, so a 1,048,576-row sheet is refused after reading
a few megabytes of XML, with the memory of one chunk.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from typing import IO
from xml.etree import ElementTree

CHUNK = 1 << 20
# One row of a student list is a few kilobytes of XML; a row this long is an attack, not a list.
MAX_ROW_XML = 16 << 20

_XLSX_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_XLSX_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_XLSX_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)[\s>]")
_XLSX_R = re.compile(rb'\br="(\d+)"')
_XLSX_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')

_ODS_TOKEN = re.compile(rb"<table:table(-row)?(?=[\s>/])([^>]*)>")
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_ODS_REPEAT = re.compile(rb'table:number-rows-repeated="(\d+)"')
_ODS_HIDDEN = re.compile(rb'table:visibility="(?:collapse|filter)"')
_ODS_VALUE = re.compile(rb"office:value-type=|<text:p[\s>]")
_ODS_CELL = re.compile(rb"<table:table-cell[\s>/]")

_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

Fail = Callable[..., Exception]


class _Limits:
    def __init__(self, row_limit: int, cell_limit: int, fail: Fail) -> None:
        self.row_limit, self.cell_limit, self.fail = row_limit, cell_limit, fail
        self.cells = 0  # over the whole workbook

    def check(self, last_row: int) -> None:
        # The scan stops at the first chunk over a limit: the file has *more* than that (messages are Vietnamese).
        if last_row > self.row_limit:
            raise self.fail("too_many_rows", rows=f"hơn {self.row_limit}", limit=self.row_limit - 50)
        if self.cells > self.cell_limit:
            raise self.fail("too_many_cells", cells=f"hơn {self.cell_limit}", limit=self.cell_limit)


def scan(data: bytes, file_type: str, *, row_limit: int, cell_limit: int, fail: Fail) -> dict[str, set[int]]:
    """``{sheet name: hidden row numbers}``; raises ``fail(...)`` when a limit is exceeded."""
    limits = _Limits(row_limit, cell_limit, fail)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if file_type == "ods":
                with archive.open("content.xml") as stream:
                    return _scan_ods(stream, limits)
            hidden: dict[str, set[int]] = {}
            for name, member in _xlsx_sheets(archive):
                with archive.open(member) as stream:
                    hidden[name] = _scan_xlsx_sheet(stream, limits)
            return hidden
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError):
        return {}  # calamine will say what is wrong with the file


def _xlsx_sheets(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, zip member) in workbook order, from the small workbook.xml and its relationships."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL_NS}Relationship")}
    out: list[tuple[str, str]] = []
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if member in archive.namelist():
            out.append((sheet.get("name", ""), member))
    return out


def _scan_xlsx_sheet(stream: IO[bytes], limits: _Limits) -> set[int]:
    hidden: set[int] = set()
    carry = b""
    number = 0
    last_with_value = 0
    while True:
        chunk = stream.read(CHUNK)
        buffer = carry + chunk
        starts = list(_XLSX_ROW.finditer(buffer))
        # Keep the last (possibly incomplete) row for the next round, unless the sheet has ended.
        complete = starts if not chunk else starts[:-1]
        for i, match in enumerate(complete):
            attrs = match.group(1)
            found = _XLSX_R.search(attrs)
            number = int(found.group(1)) if found else number + 1
            if _XLSX_HIDDEN.search(attrs):
                hidden.add(number)
            end = starts[i + 1].start() if i + 1 < len(starts) else len(buffer)
            body = buffer[match.end() : end]
            if _XLSX_VALUE.search(body):
                last_with_value = number
                limits.cells += len(_XLSX_CELL.findall(body))
        limits.check(last_with_value)
        if not chunk:
            return hidden
        carry = buffer[starts[-1].start() :] if starts else buffer[-64:]
        if len(carry) > MAX_ROW_XML:
            raise limits.fail("too_many_cells", cells=f"hơn {limits.cells}", limit=limits.cell_limit)


def _scan_ods(stream: IO[bytes], limits: _Limits) -> dict[str, set[int]]:
    hidden: dict[str, set[int]] = {}
    carry = b""
    sheet: set[int] = set()
    number = last_with_value = 0
    while True:
        chunk = stream.read(CHUNK)
        buffer = carry + chunk
        tokens = list(_ODS_TOKEN.finditer(buffer))
        complete = tokens if not chunk else tokens[:-1]
        for i, match in enumerate(complete):
            is_row, attrs = match.group(1), match.group(2)
            if not is_row:
                name = _ODS_NAME.search(attrs)
                sheet = hidden.setdefault(name.group(1).decode("utf-8", "replace") if name else "", set())
                number = last_with_value = 0
                continue
            repeat = _ODS_REPEAT.search(attrs)
            count = int(repeat.group(1)) if repeat else 1
            first = number + 1
            number += count
            end = tokens[i + 1].start() if i + 1 < len(tokens) else len(buffer)
            body = buffer[match.end() : end]
            if _ODS_HIDDEN.search(attrs) and count <= limits.row_limit:
                sheet.update(range(first, number + 1))
            if _ODS_VALUE.search(body):
                last_with_value = number
                limits.cells += len(_ODS_CELL.findall(body)) * count
            limits.check(last_with_value)
        if not chunk:
            return hidden
        carry = buffer[tokens[-1].start() :] if tokens else buffer[-64:]
        if len(carry) > MAX_ROW_XML:
            raise limits.fail("too_many_cells", cells=f"hơn {limits.cells}", limit=limits.cell_limit)
