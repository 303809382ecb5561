"""The forecast as an .xlsx workbook: real dates (dd/mm/yyyy), frozen header, no formula injection."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .selectors import ACTION_LABELS, ForecastRow

# A cell starting with one of these is a formula (or DDE) to Excel and LibreOffice.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: Any) -> Any:
    """Text that a spreadsheet would run is prefixed with an apostrophe; numbers and dates pass."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def forecast_workbook(rows: list[ForecastRow], *, unit_name: str, today: date) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Forecast")[:31]
    headers = [
        _("Full name"),
        _("Date of birth"),
        _("Class"),
        _("Cohort"),
        _("Leaves school on"),
        _("Of admission age from"),
        _("Months short at leaving"),
        _("Certificate number"),
        _("Certificate valid until"),
        _("Recommendation"),
    ]
    sheet.append([safe_text(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        person = row.person
        sheet.append(
            [
                safe_text(person.full_name),
                person.dob,
                safe_text(person.class_name),
                person.cohort,
                row.leaves_school_on,
                row.forecast.eligible_from,
                row.forecast.months_short_at_leaving,
                safe_text(row.candidate.certificate_number),
                row.forecast.certificate_expires_on,
                safe_text(str(ACTION_LABELS[row.action])),
            ]
        )
    for column in (2, 5, 6, 9):
        for cell in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell[0].number_format = "DD/MM/YYYY"
    for index, width in enumerate([30, 12, 8, 8, 14, 14, 10, 16, 14, 40], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    workbook.properties.title = f"{unit_name} – {today.isoformat()}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
