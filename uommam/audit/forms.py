from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from uommam.core.dates import BoundedDateField
from uommam.core.forms import DATE_INPUT_FORMATS, INVALID_DATE, choice_field

from .models import AuditAction

# Day-first formats and their message, defined once for every form (uommam.core.forms).
DATE_FORMATS = DATE_INPUT_FORMATS
DATE_ERROR = INVALID_DATE


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Record or note"), required=False, max_length=100)
    actor = forms.CharField(label=_("Changed by"), required=False, max_length=100)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All")), *AuditAction.choices])
    model = forms.ChoiceField(label=_("Record type"), required=False)
    date_from = BoundedDateField(
        label=_("From"), required=False, input_formats=DATE_FORMATS, error_messages={"invalid": DATE_ERROR}
    )
    date_to = BoundedDateField(
        label=_("To"), required=False, input_formats=DATE_FORMATS, error_messages={"invalid": DATE_ERROR}
    )

    def __init__(self, *args: Any, record_types: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "model").choices = [("", _("All")), *record_types]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return data
