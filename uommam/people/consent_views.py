"""The parental consent on the student's page: what it shows, recording, withdrawing, the scan.

Who may see and record it is decided in `privacy.py` (full details only); the form is in
`forms.py`, the writes in `services.py`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uommam import rules
from uommam.audit.downloads import purpose_or_prompt
from uommam.core.errors import StaleEdit
from uommam.orgs.scope import get_visible_or_404, may_change

from .forms import ConsentForm
from .models import Person
from .privacy import CONSENT_WRITE_ROLES, sees_personal_details
from .services import consent_record, consent_withdraw

if TYPE_CHECKING:
    from uommam.accounts.models import User
    from uommam.core.requests import AuthenticatedHttpRequest


def consent_context(user: User, person: Person) -> dict[str, Any]:
    """What the person page shows about consent (nothing for roles without full details)."""
    if not sees_personal_details(user, person):
        return {"show_consent": False}
    consents = list(person.consents.all())
    can_write = may_change(user, person, CONSENT_WRITE_ROLES)
    return {
        "show_consent": True,
        "consents": consents,
        "consent_missing": rules.is_minor(person.dob, timezone.localdate()) and not any(c.is_active for c in consents),
        "consent_form": ConsentForm() if can_write else None,
        "can_write_consent": can_write,
    }


def _person_for_consent(request: AuthenticatedHttpRequest, pk: int) -> Person:
    person = get_visible_or_404(
        Person.objects.select_related("school"), request.user, pk, write_roles=CONSENT_WRITE_ROLES
    )
    if not sees_personal_details(request.user, person):
        raise PermissionDenied
    return person


@login_required
@require_POST
def consent_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _person_for_consent(request, pk)
    form = ConsentForm(request.POST, request.FILES)
    if form.is_valid():
        consent_record(person=person, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("The parental consent was recorded."))
    else:
        errors = "; ".join(
            f"{form.fields[f].label if f in form.fields else ''}: {' '.join(str(m) for m in e)}"
            for f, e in form.errors.items()
        )
        messages.error(request, _("The consent was not recorded. %(errors)s") % {"errors": errors})
    return redirect("people:detail", pk=person.pk)


@login_required
@require_POST
def consent_withdraw_view(request: AuthenticatedHttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    person = _person_for_consent(request, pk)
    consent = person.consents.filter(pk=consent_pk).first()
    if consent is None:
        raise Http404
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        consent_withdraw(consent=consent, actor=request.user, on=timezone.localdate(), expected_version=version)
    except StaleEdit:
        messages.warning(request, _("Someone else changed this consent meanwhile; check it and try again."))
    else:
        messages.success(request, _("The withdrawal of the consent was recorded."))
    return redirect("people:detail", pk=person.pk)


@login_required
def consent_document(request: AuthenticatedHttpRequest, pk: int, consent_pk: int) -> HttpResponse | FileResponse:
    person = get_visible_or_404(Person.objects.select_related("school"), request.user, pk)
    if not sees_personal_details(request.user, person):
        raise PermissionDenied
    consent = person.consents.filter(pk=consent_pk).first()
    if consent is None or not consent.document.name:  # no scan stored
        raise Http404
    prompt = purpose_or_prompt(request, label=str(consent), unit=person.school, obj=consent)
    if prompt is not None:
        return prompt
    try:
        handle = consent.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=f"dong-y-{consent.pk}{consent.document.name[-4:]}")
