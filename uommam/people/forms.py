"""Shapes and validation of the student forms; messages are plain Vietnamese via the catalogue."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from uommam.core.forms import (
    DATE_INPUT_FORMATS,
    INVALID_DATE,
    ascii_numbers,
    choice_field,
    model_choice_field,
    style_fields,
    use_day_first_dates,
)
from uommam.orgs.models import OrgUnit
from uommam.vn.citizen_id import check_citizen_id
from uommam.vn.text import clean_spaces, title_case_name

from .models import ConsentRelation, ParentalConsent, Person, Sex, ethnicity_choices


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    school: forms.ModelChoiceField[OrgUnit] = forms.ModelChoiceField(
        label=_("School"), queryset=None, required=False, empty_label=_("All schools")
    )
    class_name = forms.CharField(label=_("Class"), required=False, max_length=20)
    cohort = forms.IntegerField(label=_("Cohort"), required=False, min_value=1990, max_value=2100)
    youth_union = forms.ChoiceField(
        label=_("Youth Union"),
        required=False,
        choices=[("", _("All")), ("yes", _("Members")), ("no", _("Not members"))],
    )
    ethnicity = forms.ChoiceField(label=_("Ethnicity"), required=False)
    archived = forms.BooleanField(label=_("Include archived"), required=False)
    # Current students by default: those who left school (graduated or moved) are a filter away.
    status = forms.ChoiceField(
        label=_("At school"),
        required=False,
        choices=[("current", _("Current students")), ("left", _("Left school")), ("all", _("All"))],
    )

    def clean_status(self) -> str:
        return self.cleaned_data.get("status") or "current"

    def __init__(self, *args: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "school").queryset = schools
        choice_field(self, "ethnicity").choices = [("", _("All")), *ethnicity_choices()]


class PersonForm(forms.ModelForm[Person]):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = [
            "family_name",
            "middle_name",
            "given_name",
            "dob",
            "sex",
            "ethnicity",
            "religion",
            "citizen_id",
            "moet_id",
            "school",
            "class_name",
            "cohort",
            "expected_leaving_on",
            "youth_union_joined_on",
            "home_province",
            "home_commune",
            "home_address",
            "phone",
            "email",
            "father_name",
            "father_birth_year",
            "mother_name",
            "mother_birth_year",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, schools: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "school").queryset = schools
        if not self.instance.pk and len(schools) == 1:
            self.fields["school"].initial = schools[0].pk  # a cell secretary has one school
        model_choice_field(self, "home_commune").queryset = communes
        choice_field(self, "sex").choices = Sex.choices
        self.warnings: list[str] = []
        use_day_first_dates(self)
        ascii_numbers(self)
        style_fields(self)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _clean_name_part(self, field: str) -> str:
        return title_case_name(clean_spaces(self.cleaned_data.get(field) or ""))

    def clean_family_name(self) -> str:
        return self._clean_name_part("family_name")

    def clean_middle_name(self) -> str:
        return self._clean_name_part("middle_name")

    def clean_given_name(self) -> str:
        return self._clean_name_part("given_name")

    def clean_dob(self) -> Any:
        dob = self.cleaned_data["dob"]
        today = timezone.localdate()
        if dob >= today:
            raise forms.ValidationError(_("The date of birth must be in the past."))
        if today.year - dob.year > 30:
            raise forms.ValidationError(
                _("A student born in %(year)s is not plausible: check the year.") % {"year": dob.year}
            )
        return dob

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        raw_id = (data.get("citizen_id") or "").strip()
        if raw_id:
            dob = data.get("dob")
            check = check_citizen_id(raw_id, sex=data.get("sex") or None, birth_year=dob.year if dob else None)
            if check.errors:
                self.add_error("citizen_id", " ".join(issue.message_vi for issue in check.errors))
            else:
                data["citizen_id"] = check.value
                self.warnings.extend(issue.message_vi for issue in check.warnings)
        if raw_id and not self.has_error("citizen_id"):
            clash = Person.objects.filter(citizen_id=data["citizen_id"]).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("citizen_id", _("Another student already has this citizen ID."))
        moet_id = (data.get("moet_id") or "").strip()
        data["moet_id"] = moet_id
        if moet_id and Person.objects.filter(moet_id=moet_id).exclude(pk=self.instance.pk).exists():
            self.add_error("moet_id", _("Another student already has this national student ID."))
        leaving = data.get("expected_leaving_on")
        dob = data.get("dob")
        if leaving and dob and leaving <= dob:
            self.add_error("expected_leaving_on", _("The leaving date must be after the date of birth."))
        return data

    def service_data(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


# --- Parental consent (the policy is in privacy.py) ------------------------------------------

ALLOWED_DOCUMENTS = {b"%PDF": ".pdf", b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png"}
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


class ConsentForm(forms.ModelForm[ParentalConsent]):
    class Meta:
        model = ParentalConsent
        fields = ["given_by", "relation", "given_on", "scope", "document"]
        widgets = {
            "given_on": forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
            "scope": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        given_on = cast(forms.DateField, self.fields["given_on"])  # the model's DateField's form field
        given_on.input_formats = DATE_INPUT_FORMATS
        given_on.error_messages["invalid"] = INVALID_DATE
        choice_field(self, "relation").choices = ConsentRelation.choices
        self.fields["scope"].initial = gettext_lazy(
            "Processing of the student's personal data for the Party member development process at the school."
        )

    def clean_given_on(self) -> dt.date:
        given_on: dt.date = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError(gettext_lazy("The date cannot be in the future."))
        return given_on

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if not document:
            return document
        if document.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(gettext_lazy("The file is larger than 5 MB."))
        head = document.read(8)
        document.seek(0)
        suffix = next((ext for magic, ext in ALLOWED_DOCUMENTS.items() if head.startswith(magic)), None)
        if suffix is None:
            raise forms.ValidationError(gettext_lazy("Upload a scan as PDF, JPEG or PNG."))
        document.name = f"consent{suffix}"
        return document
