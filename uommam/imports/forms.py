from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ImportKind
from .reader import max_bytes


class UploadForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("What the file contains"), choices=ImportKind.choices, initial=ImportKind.STUDENTS)
    file = forms.FileField(label=_("File (.xlsx, .xls or .csv)"))

    def __init__(self, *args: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["file"].widget.attrs.update(accept=".xlsx,.xls,.csv,.txt", **{"class": "form-control"})
        self.fields["school"].widget.attrs["class"] = "form-select"
        self.fields["kind"].widget.attrs["class"] = "form-select"

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"]
        if kind != ImportKind.STUDENTS:
            raise forms.ValidationError(_("Only student lists can be imported for now."))
        return kind

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": f"{upload.size / 1048576:.1f}", "limit": f"{max_bytes() / 1048576:.1f}"}
            )
        return upload
