"""Shapes and validation of the class pages; the rules live in services."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from uommam.core.forms import choice_field, date_field, model_choice_field, style_fields, use_day_first_dates
from uommam.orgs import authority
from uommam.orgs.models import OrgUnit
from uommam.vn.dates import format_vn

from .models import AwarenessClass, EnrolmentResult


class ClassForm(forms.ModelForm[AwarenessClass]):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AwarenessClass
        fields = [
            "organiser",
            "number",
            "name",
            "code",
            "starts_on",
            "ends_on",
            "place",
            "capacity",
            "certificate_issuer",
            "status",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, organisers: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only bodies that may run a class: political centres and committees; a dissolved one is named
        # with its last day (it may still get a class entered late, dated on or before that day).
        organisers = organisers.filter(kind__in=authority.CLASS_BODY_KINDS)
        model_choice_field(self, "organiser").queryset = organisers
        model_choice_field(self, "certificate_issuer").queryset = organisers
        for name in ("organiser", "certificate_issuer"):
            self.fields[name].label_from_instance = _body_label  # type: ignore[attr-defined]  # Django's documented per-field hook
        alive = [unit for unit in organisers if unit.active_until is None]
        if not self.instance.pk and len(alive) == 1:
            # One body may open the class: preselected, as organiser and as the certificates' issuer.
            self.fields["organiser"].initial = alive[0].pk
            self.fields["certificate_issuer"].initial = alive[0].pk
        self.fields["certificate_issuer"].required = False
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        use_day_first_dates(self)
        style_fields(self)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The class cannot end before it starts."))
        return data

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _body_label(unit: OrgUnit) -> str:
    if unit.active_until is not None:
        return str(_("%(name)s (dissolved %(date)s)") % {"name": unit.name, "date": format_vn(unit.active_until)})
    return unit.name


class ClassFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .models import ClassStatus

        super().__init__(*args, **kwargs)
        choice_field(self, "status").choices = [("", _("All")), *ClassStatus.choices]


class EnrolForm(forms.Form):
    enrolled_on = date_field(_("Enrolled on"))


def parse_score(raw: str) -> Decimal | None:
    """ "7,5" or "7.5" → Decimal("7.5"); empty → None; raises ValueError otherwise."""
    text = (raw or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value.quantize(Decimal("0.01"))


RESULT_CHOICES = EnrolmentResult.choices


class CertificateIssueForm(forms.Form):
    issued_on = date_field(_("Date of issue"))
    issuer = forms.ModelChoiceField(
        label=_("Issuing body"), queryset=OrgUnit.objects.none(), widget=forms.Select(attrs={"class": "form-select"})
    )
    # The form metaclass moves declared fields into `base_fields`: `Form.prefix` is not overwritten.
    prefix = forms.CharField(  # type: ignore[assignment]
        label=_("Number prefix"),
        max_length=30,
        help_text=_("Numbers are proposed as “prefix/001”, “prefix/002”… and can be changed row by row."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    start = forms.IntegerField(
        label=_("First number"), min_value=1, initial=1, widget=forms.NumberInput(attrs={"class": "form-control"})
    )

    def __init__(self, *args: Any, issuers: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "issuer").queryset = issuers
