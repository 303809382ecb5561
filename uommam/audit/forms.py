from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from uommam.core.dates import BoundedDateField

from .models import AuditAction

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATE_ERROR = _("Enter the date as dd/mm/yyyy, e.g. 05/09/2025.")


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
        self.fields["model"].choices = [("", _("All")), *record_types]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return data
