"""Asking why personal data leaves the system, and journalling the answer (see services docstring)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from uommam.core.forms import StyledForm

from .services import audit_download

if TYPE_CHECKING:
    from uommam.core.requests import AuthenticatedHttpRequest


class DownloadPurpose(models.TextChoices):
    REPORT_UPWARD = "report", _("Report to the superior committee")
    FILING = "filing", _("Keep in the records")
    RECEIVING_UNIT = "receiving", _("Send to the receiving organisation")
    OTHER = "other", _("Other purpose")


class PurposeForm(StyledForm):
    purpose = forms.ChoiceField(label=_("Purpose of this download"), choices=[("", "—"), *DownloadPurpose.choices])
    purpose_other = forms.CharField(label=_("Other purpose (describe)"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("purpose") == DownloadPurpose.OTHER and not (data.get("purpose_other") or "").strip():
            self.add_error("purpose_other", _("Describe the purpose of this download."))
        return data

    def purpose_text(self) -> str:
        """The purpose as it goes into the journal: the label, or the user's own words for "other"."""
        purpose = self.cleaned_data["purpose"]
        if purpose == DownloadPurpose.OTHER:
            return str(self.cleaned_data["purpose_other"]).strip()
        return str(DownloadPurpose(purpose).label)


def ask_purpose(request: AuthenticatedHttpRequest, *, label: str) -> str | HttpResponse:
    """The purpose the user gave (as journalled), or the page asking for it. Journals nothing: for
    downloads that may still fail or that name their record only once produced (an issued report),
    the view calls `audit_download` itself once the file is ready."""
    source = request.POST if request.method == "POST" else request.GET
    form = PurposeForm(source if "purpose" in source else None)
    if not form.is_valid():
        carried = [(k, v) for k, values in source.lists() for v in values if k not in ("purpose", "purpose_other")]
        context = {"purpose_form": form, "label": label, "carried": carried, "method": request.method}
        return render(request, "audit/purpose_prompt.html", context)
    return form.purpose_text()


def purpose_or_prompt(
    request: AuthenticatedHttpRequest, *, label: str, unit: Any, obj: models.Model | None = None
) -> HttpResponse | None:
    """None after journalling the download; else the page asking for the purpose (form errors shown)."""
    purpose = ask_purpose(request, label=label)
    if isinstance(purpose, HttpResponse):
        return purpose
    audit_download(actor=request.user, obj_or_label=obj if obj is not None else label, purpose=purpose, unit=unit)
    return None


# Printable pages carry personal data as a download does, but a browser prints them without asking:
# the view journals that the page was shown (HTMX fragments of the same view are not).
PRINTED = "print"


def journal_print(request: AuthenticatedHttpRequest, *, obj_or_label: models.Model | str, unit: Any) -> None:
    """Journal that a printable page with personal data was shown to the user."""
    if getattr(request, "htmx", False):
        return
    audit_download(actor=request.user, obj_or_label=obj_or_label, purpose=PRINTED, unit=unit)
