"""The forecast as an .xlsx workbook: real dates (dd/mm/yyyy), frozen header, no formula injection."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uommam.core.xlsx import Column, Exporter, Sheet
from uommam.vn.dates import format_vn

from .selectors import ACTION_LABELS, ForecastRow


class ForecastSheet(Sheet):
    columns = (
        Column(gettext_lazy("Full name"), 30),
        Column(gettext_lazy("Date of birth"), 12, "date"),
        Column(gettext_lazy("Class"), 8),
        Column(gettext_lazy("Cohort"), 8, "int"),
        Column(gettext_lazy("Leaves school on"), 14, "date"),
        Column(gettext_lazy("Of admission age from"), 14, "date"),
        Column(gettext_lazy("Months short at leaving"), 10, "int"),
        Column(gettext_lazy("Certificate number"), 16),
        Column(gettext_lazy("Certificate valid until"), 14, "date"),
        Column(gettext_lazy("Recommendation"), 40),
    )

    def __init__(self, rows: list[ForecastRow]) -> None:
        self.title = _("Forecast")
        self.forecast_rows = rows

    def rows(self) -> Iterator[list[Any]]:
        for row in self.forecast_rows:
            person = row.person
            yield [
                person.full_name,
                person.dob,
                person.class_name,
                person.cohort,
                row.leaves_school_on,
                row.forecast.eligible_from,
                row.forecast.months_short_at_leaving,
                row.candidate.certificate_number,
                row.forecast.certificate_expires_on,
                str(ACTION_LABELS[row.action]),
            ]


class ForecastExporter(Exporter):
    def __init__(self, rows: list[ForecastRow], *, unit_name: str, today: date) -> None:
        self.forecast_rows, self.unit_name, self.today = rows, unit_name, today

    def sheets(self) -> Iterator[Sheet]:
        yield ForecastSheet(self.forecast_rows)

    def document_title(self) -> str:
        return f"{self.unit_name} – {format_vn(self.today)}"


def forecast_workbook(rows: list[ForecastRow], *, unit_name: str, today: date) -> bytes:
    return ForecastExporter(rows, unit_name=unit_name, today=today).render()
