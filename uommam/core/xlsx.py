"""Excel exports: an exporter declares its sheets, columns and rows; this base writes the workbook.

Real numbers and dates (shown dd/mm/yyyy), a bold, frozen header row with a filter, column widths, and
formula injection neutralised: a text cell that Excel or LibreOffice would run as a formula is prefixed
with an apostrophe. Headers are whatever the exporter gives (official exports pass Vietnamese ones).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

DATE_FORMAT = "dd/mm/yyyy"
PERCENT_FORMAT = "0.0%"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is a formula (or DDE) to Excel and LibreOffice.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run gets a leading apostrophe; numbers and dates pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    header: Any  # text, or a lazily translated label
    width: int = 14
    kind: str = "text"  # text | int | date | percent


class Sheet:
    """One worksheet: a title, columns and the rows under them."""

    # Class defaults; a sheet or exporter built from data sets its own on the instance.
    title: str = "Sheet"
    columns: tuple[Column, ...] = ()

    def rows(self) -> Iterable[Iterable[Any]]:
        raise NotImplementedError


class Exporter:
    """A workbook made of sheets. Subclasses list their sheets; `render()` gives the .xlsx bytes."""

    filename: str = "export.xlsx"

    def sheets(self) -> Iterator[Sheet]:
        raise NotImplementedError

    def heading(self) -> list[str]:
        """Lines written above the header row of every sheet (unit, period)."""
        return []

    def document_title(self) -> str:
        return ""

    def render(self) -> bytes:
        workbook = Workbook()
        workbook.remove(workbook.active)
        for sheet in self.sheets():
            self._write(workbook, sheet)
        workbook.properties.title = self.document_title()
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def _write(self, workbook: Workbook, sheet: Sheet) -> None:
        ws = workbook.create_sheet(str(sheet.title)[:31])
        heading = self.heading()
        for line in heading:
            ws.append([neutralise(line)])
        header_row = len(heading) + 1
        ws.append([neutralise(str(c.header)) for c in sheet.columns])
        for cell in ws[header_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for index, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        for values in sheet.rows():
            ws.append([neutralise(v) for v in values])
            row = ws.max_row
            for index, column in enumerate(sheet.columns, start=1):
                cell = ws.cell(row=row, column=index)
                if column.kind == "date" and isinstance(cell.value, dt.date):
                    cell.number_format = DATE_FORMAT
                elif column.kind == "percent" and isinstance(cell.value, float):
                    cell.number_format = PERCENT_FORMAT
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        last = get_column_letter(max(len(sheet.columns), 1))
        ws.auto_filter.ref = f"A{header_row}:{last}{max(ws.max_row, header_row)}"
        page_setup(ws, header_row=header_row, width=sum(c.width for c in sheet.columns))


# Wider than this (in Excel character widths) prints landscape: A4 portrait holds about 90.
PORTRAIT_MAX_WIDTH = 90


def page_setup(ws: Any, *, header_row: int, width: int) -> None:
    """Print-ready: A4, landscape when wide, every column on the page width (as many pages down as
    needed), the heading and header rows repeated on every page, "Trang n/N" in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if width > PORTRAIT_MAX_WIDTH else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"1:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "Trang &P/&N"
