"""Forms of the plan page; every error message says in Vietnamese what to write."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from uommam.core.forms import StyledForm, date_field
from uommam.vn.school_year import parse_school_year

_MONTH = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


class DraftForm(StyledForm):
    school_year = forms.CharField(label=_("School year"), max_length=9, help_text=_("e.g. 2026-2027"))

    def clean_school_year(self) -> str:
        value: str = self.cleaned_data["school_year"].strip()
        try:
            start = parse_school_year(value)
        except ValueError:
            raise forms.ValidationError(_("Write the school year as 2026-2027.")) from None
        return f"{start}-{start + 1}"


class PlanTextForm(StyledForm):
    purpose = forms.CharField(label=_("Purpose and requirements"), widget=forms.Textarea(attrs={"rows": 3}))
    measures = forms.CharField(label=_("Organisation of the work"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class EntryForm(StyledForm):
    month = forms.CharField(label=_("Month"), max_length=7, help_text=_("mm/yyyy, e.g. 02/2027"))
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def clean_month(self) -> date:
        match = _MONTH.match(self.cleaned_data["month"])
        if not match or not 1 <= int(match.group(1)) <= 12:
            raise forms.ValidationError(_("Write the month as mm/yyyy, e.g. 02/2027."))
        return date(int(match.group(2)), int(match.group(1)), 1)


class IssueForm(StyledForm):
    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"] = date_field(_("Dated"), initial=today)
        self.fields["signer_name"] = forms.CharField(label=_("Signed by"), max_length=150, required=False)
        self.fields["on"].widget.attrs.setdefault("class", "form-control")
        self.fields["signer_name"].widget.attrs.setdefault("class", "form-control")
