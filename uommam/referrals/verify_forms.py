"""Forms of the public verification pages (no login): a typed code, an acknowledgement, an outcome."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from uommam.core.forms import StyledForm

from .forms import OutcomeForm

_PHONE = re.compile(r"^\+?[0-9 .()-]{8,20}$")


class CodeForm(StyledForm):
    code = forms.CharField(
        label=_("Code printed on the document"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class AckCodeMixin(forms.Form):
    ack_code = forms.CharField(
        label=_("Acknowledgement code printed in the letter"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class OnlineAcknowledgeForm(StyledForm, AckCodeMixin):
    organisation = forms.CharField(label=_("Receiving organisation"), max_length=200)
    officer_name = forms.CharField(label=_("Your full name"), max_length=150)
    officer_position = forms.CharField(label=_("Your position"), max_length=120)
    contact = forms.CharField(label=_("Phone or e-mail"), max_length=150)

    field_order = ["organisation", "officer_name", "officer_position", "contact", "ack_code"]

    def clean_contact(self) -> str:
        value = " ".join(self.cleaned_data["contact"].split())
        if "@" in value:
            try:
                validate_email(value)
            except forms.ValidationError as exc:
                raise forms.ValidationError(_("Enter a valid e-mail address or phone number.")) from exc
        elif not _PHONE.match(value):
            raise forms.ValidationError(_("Enter a valid e-mail address or phone number."))
        return value

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in ("organisation", "officer_name", "officer_position"):
            if name in data:
                data[name] = " ".join(data[name].split())
        return data


class OnlineOutcomeForm(OutcomeForm, AckCodeMixin):
    pass
