"""Forms of the exchange between installations and of revoking a verification code."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from uommam.core.forms import StyledForm, model_choice_field
from uommam.orgs.models import OrgUnit

from .forms import OutcomeForm, date_field


class PackageUploadForm(StyledForm):
    package = forms.FileField(label=_("Package (.zip)"))
    to_unit: forms.ModelChoiceField[OrgUnit] = forms.ModelChoiceField(
        label=_("Received by"), queryset=OrgUnit.objects.none(), required=False
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "to_unit").queryset = units
        self.fields["to_unit"].help_text = _("For a referral package: the organisation that receives the student.")


class InboundAcknowledgeForm(StyledForm):
    on = date_field(_("Received on"))
    officer_name = forms.CharField(label=_("Officer's name"), max_length=150)
    officer_position = forms.CharField(label=_("Officer's position"), max_length=120)
    contact = forms.CharField(label=_("Phone or e-mail"), max_length=150)


class InboundOutcomeForm(OutcomeForm):
    pass


class RevokeForm(StyledForm):
    reason = forms.CharField(label=_("Reason for revoking"), max_length=255)
