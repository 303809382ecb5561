"""One bounded date input for every form and query parameter.

A date a person types or a URL carries is either plausible or refused with a clear message (a form
error, or 400 for a bare query parameter) – never passed on to arithmetic that overflows into a
500. Births lie between 1950 and today; events (meetings, decisions, report periods) between 1990
and a few years ahead (`UOMMAM_EVENT_YEARS_AHEAD`, default 3) – the ranges of `uommam.rules.date_bounds`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uommam import rules

from .forms import DATE_INPUT_FORMATS, INVALID_DATE, date_widget
from .rules_config import rules_settings

BIRTH = "birth"
EVENT = "event"


def bounds(kind: str = EVENT) -> tuple[dt.date, dt.date]:
    """The first and last acceptable day for a date of this kind: the plausible ranges of `uommam.rules`
    (`earliest_birth_year`, `earliest_event_year`, `plan_years_ahead`), the ones the integrity checks use.
    A typed event may be planned ahead (a class, a meeting), so it is bounded as a plan."""
    return rules.date_bounds("birth" if kind == BIRTH else "plan", timezone.localdate(), settings=rules_settings())


def check(value: dt.date | None, kind: str = EVENT) -> dt.date | None:
    """The date itself, or ValidationError when it lies outside the bounds of its kind."""
    if value is None:
        return None
    first, last = bounds(kind)
    if not first <= value <= last:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            code="date_out_of_range",
            params={"first": f"{first:%d/%m/%Y}", "last": f"{last:%d/%m/%Y}"},
        )
    return value


class BoundedDateField(forms.DateField):
    """A day-first date field refusing dates outside the bounds of its kind."""

    def __init__(self, *args: Any, kind: str = EVENT, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS + ["%Y-%m-%d"])
        kwargs.setdefault("widget", date_widget())
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.error_messages.setdefault("invalid", INVALID_DATE)

    def clean(self, value: Any) -> Any:
        return check(super().clean(value), self.kind)


def bounded_date_field(label: Any, *, kind: str = EVENT, required: bool = False, **kwargs: Any) -> BoundedDateField:
    return BoundedDateField(label=label, kind=kind, required=required, **kwargs)


def _validator(kind: str) -> Callable[[Any], None]:
    def validate(value: Any) -> None:
        check(value, kind)

    return validate


def bound_form_dates(form: forms.BaseForm) -> None:
    """Bound every date field of a (model) form: `dob` and `*_birth*` fields as births, others as events."""
    for name, field in form.fields.items():
        if isinstance(field, forms.DateField) and not isinstance(field, BoundedDateField):
            kind = BIRTH if name == "dob" or "birth" in name else EVENT
            field.validators.append(_validator(kind))


def query_date(raw: str | None, *, kind: str = EVENT, default: dt.date | None = None) -> dt.date | None:
    """A date from a query parameter (ISO or dd/mm/yyyy); 400 when it is unreadable or out of bounds."""
    if not raw:
        return default
    for fmt in ("%Y-%m-%d", *DATE_INPUT_FORMATS):
        try:
            value = dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
        try:
            return check(value, kind)
        except ValidationError:
            break
    raise BadRequest(f"date out of range or unreadable: {raw[:40]!r}")


def month_start(raw: str | None, default: dt.date) -> dt.date:
    """The first day of a "YYYY-MM" month inside the event bounds, else `default`."""
    try:
        year, month = (int(p) for p in (raw or "").split("-"))
        start = dt.date(year, month, 1)
        check(start, EVENT)
    except (ValueError, ValidationError):
        return default
    return start
