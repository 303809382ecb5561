"""Shapes of the referral forms; state rules live in `services.py`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from uommam.core.dates import BoundedDateField
from uommam.core.forms import StyledForm, choice_field, model_choice_field
from uommam.core.forms import date_field as core_date_field
from uommam.orgs.models import OrgUnit
from uommam.people.models import PartyMember

from .models import Status

NEW_DESTINATION = "new"


def date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return core_date_field(label, required=required, initial=timezone.localdate)


class SendCommonForm(StyledForm):
    sent_on = date_field(_("Date of the letter"))
    contact_name = forms.CharField(label=_("Contact person at the school"), max_length=120)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)


class SendOneForm(StyledForm):
    """One student of a (bulk) referral; prefixed with the candidacy id."""

    destination = forms.ChoiceField(label=_("Refer to"))
    new_name = forms.CharField(label=_("Name of the new organisation"), max_length=200, required=False)
    new_address = forms.CharField(label=_("Address"), max_length=255, required=False)
    new_contact = forms.CharField(label=_("Phone or e-mail"), max_length=120, required=False)
    helper_assessment = forms.CharField(
        label=_("Helper's assessment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    youth_union_evaluation = forms.CharField(
        label=_("Youth Union evaluation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, choices: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "destination").choices = choices

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("destination") == NEW_DESTINATION and not (data.get("new_name") or "").strip():
            self.add_error("new_name", _("Give the organisation's name."))
        return data


class AcknowledgeForm(StyledForm):
    on = date_field(_("Received on"))


class PaperAcknowledgementForm(StyledForm):
    on = date_field(_("Acknowledged on"))
    signed_by = forms.CharField(label=_("Signed by (name and position)"), max_length=150)


class HelperForm(StyledForm):
    member = forms.ModelChoiceField(
        label=_("Party member of your organisation"), queryset=PartyMember.objects.none(), required=False
    )
    name = forms.CharField(label=_("or helper's name"), max_length=150, required=False)
    position = forms.CharField(label=_("Position"), max_length=120, required=False)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "member").queryset = members

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("member") and not (data.get("name") or "").strip():
            raise forms.ValidationError(_("Give the helper's name or choose a member."))
        return data


class OutcomeForm(StyledForm):
    status = forms.ChoiceField(
        label=pgettext_lazy("referral", "Outcome"),
        choices=[(s.value, s.label) for s in (Status.ADMITTED, Status.NOT_ADMITTED, Status.LOST_CONTACT)],
        widget=forms.RadioSelect,
    )
    on = date_field(_("Date"))
    decision_number = forms.CharField(label=_("Admission decision number"), max_length=40, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].widget.attrs["class"] = "form-check-input"


class PassOnForm(StyledForm):
    to_unit = forms.ModelChoiceField(label=_("Pass on to"), queryset=OrgUnit.objects.none())
    on = date_field(_("Date"))
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args: Any, destinations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "to_unit").queryset = destinations


class MetricsForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    date_from = BoundedDateField(label=_("Sent from"), required=False)
    date_to = BoundedDateField(label=_("to"), required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = units

    def period(self, today: date) -> tuple[date, date]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("date_from") or date(today.year - 5, 1, 1), data.get("date_to") or today
