"""Shapes of the report filters and the target form (validation only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uommam.core.dates import BoundedDateField, month_start
from uommam.core.forms import choice_field
from uommam.core.locking import SeenAtField
from uommam.orgs.models import OrgUnit
from uommam.vn.school_year import school_year_bounds, school_year_label

from .funnel import NAME_STEP_CHOICES, school_year_of
from .models import validate_school_year

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]


def school_year_choices(last: int | None = None, count: int = 8) -> list[tuple[str, str]]:
    last = last or school_year_of(timezone.localdate())
    return [(school_year_label(y), school_year_label(y)) for y in range(last, last - count, -1)]


class PeriodForm(forms.Form):
    """Unit and period: a school year, or explicit dates that win over it; figures as of a date."""

    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    year = forms.ChoiceField(label=_("School year"), required=False)
    date_from = BoundedDateField(label=_("From"), required=False, input_formats=DATE_INPUTS, widget=forms.DateInput)
    date_to = BoundedDateField(label=_("To"), required=False, input_formats=DATE_INPUTS, widget=forms.DateInput)
    as_of = BoundedDateField(
        label=_("Figures as of"), required=False, input_formats=DATE_INPUTS, widget=forms.DateInput
    )
    # The second time axis: the report as it could have been made that day, from rows typed by then.
    recorded_on = BoundedDateField(
        label=_("As recorded on"), required=False, input_formats=DATE_INPUTS, widget=forms.DateInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "year").choices = [("", _("— dates below —")), *school_year_choices()]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return data

    def period(self) -> tuple[dt.date, dt.date, dt.date, str]:
        """(from, to, as_of, school year label or "") from valid data, defaulting to this school year."""
        data = self.cleaned_data if self.is_valid() else {}
        today = timezone.localdate()
        year = data.get("year") or ""
        if data.get("date_from") or data.get("date_to"):
            start, end = school_year_bounds(school_year_label(school_year_of(today)))
            date_from, date_to = data.get("date_from") or start, data.get("date_to") or end
            year = ""
        else:
            year = year or school_year_label(school_year_of(today))
            date_from, date_to = school_year_bounds(year)
        return date_from, date_to, data.get("as_of") or today, year

    def recorded_date(self) -> dt.date | None:
        """The optional "as recorded on" date (None: every row, whenever typed)."""
        return (self.cleaned_data if self.is_valid() else {}).get("recorded_on")


class NameListForm(PeriodForm):
    stage = forms.ChoiceField(label=_("Reached the stage"), choices=NAME_STEP_CHOICES, required=False)


class ReviewForm(forms.Form):
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    month = forms.CharField(label=_("Month"), required=False, widget=forms.TextInput(attrs={"type": "month"}))

    def window(self) -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        raw = (self.cleaned_data.get("month") if self.is_valid() else "") or f"{today:%Y-%m}"
        start = month_start(raw, today.replace(day=1))
        end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return start, end


class TargetForm(forms.Form):
    seen_at = SeenAtField()  # optimistic locking: refuse the save if the target changed since
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    school_year = forms.CharField(label=_("School year"), max_length=9, validators=[validate_school_year])
    students_to_class = forms.IntegerField(label=_("Students to send to the awareness class"), min_value=0)
    students_to_admit = forms.IntegerField(label=_("Students to admit"), min_value=0)

    def __init__(self, *args: Any, units: Iterable[OrgUnit] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "unit").choices = [(u.pk, u.name) for u in units]
