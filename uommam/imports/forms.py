from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from uommam.core.forms import model_choice_field

from .errors import ImportRefused

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from uommam.orgs.models import OrgUnit
    from uommam.training.models import AwarenessClass
from .models import ImportKind
from .reader import max_bytes
from .results import clean_school_year
from .validate import school_year_start

KIND_CHOICES: list[tuple[str, StrOrPromise]] = [
    (ImportKind.STUDENTS, _("Student list")),
    (ImportKind.SCHOOL_RESULTS, _("School results (academic results and conduct)")),
    (ImportKind.CLASS_ROSTER, _("Awareness-class roster")),
]


def current_school_year() -> str:
    start = school_year_start()
    return f"{start}-{start + 1}"


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file contains"), choices=KIND_CHOICES, initial=ImportKind.STUDENTS)
    school: forms.ModelChoiceField[OrgUnit] = forms.ModelChoiceField(
        label=_("School"), queryset=None, required=False, help_text=_("For a student list or school results.")
    )
    school_year = forms.CharField(
        label=_("School year"), max_length=20, required=False, help_text=_("For school results, e.g. 2024-2025.")
    )
    awareness_class: forms.ModelChoiceField[AwarenessClass] = forms.ModelChoiceField(
        label=_("Awareness class"), queryset=None, required=False, help_text=_("For a class roster.")
    )
    file = forms.FileField(label=_("File (.xlsx, .xls, .ods or .csv)"))
    include_hidden = forms.BooleanField(
        label=_("Also import rows hidden or filtered out in the workbook"),
        required=False,
        help_text=_("Hidden rows are often students who moved away; by default they are listed and left out."),
    )

    def __init__(self, *args: Any, schools: Any, classes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "school").queryset = schools
        model_choice_field(self, "awareness_class").queryset = classes
        self.fields["school_year"].initial = current_school_year()
        if schools.count() == 1:
            self.fields["school"].initial = schools.first()
        self.fields["file"].widget.attrs.update(accept=".xlsx,.xls,.ods,.csv,.txt", **{"class": "form-control"})
        self.fields["include_hidden"].widget.attrs["class"] = "form-check-input"
        for name in ("school", "kind", "awareness_class"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["school_year"].widget.attrs.update({"class": "form-control", "placeholder": "2024-2025"})

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": f"{upload.size / 1048576:.1f}", "limit": f"{max_bytes() / 1048576:.1f}"}
            )
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        if kind == ImportKind.CLASS_ROSTER and not data.get("awareness_class"):
            self.errors.get("awareness_class") or self.add_error("awareness_class", _("Choose the awareness class."))
        elif kind in (ImportKind.STUDENTS, ImportKind.SCHOOL_RESULTS) and not data.get("school"):
            self.errors.get("school") or self.add_error("school", _("Choose the school."))
        if kind == ImportKind.SCHOOL_RESULTS:
            try:
                data["school_year"] = clean_school_year(data.get("school_year") or "")
            except ImportRefused as exc:
                self.add_error("school_year", exc.message)
        return data
