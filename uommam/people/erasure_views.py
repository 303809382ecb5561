"""Pages of the erasure procedure: ask (on the student's page), decide, carry out, certificate."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from uommam.audit.services import audit_download
from uommam.core.forms import StyledForm
from uommam.core.http import render_page
from uommam.core.office import ConversionFailed, LibreOfficeMissing
from uommam.orgs.capabilities import capability_q, may, may_somewhere

from .erasure import (
    DECIDE_ERASURE,
    REQUEST_ERASURE,
    ErasureRefused,
    certificate_pdf,
    erasure_decide,
    erasure_execute,
    erasure_request,
)
from .models import ErasureGround, ErasureRequest, Person

if TYPE_CHECKING:
    from uommam.accounts.models import User
    from uommam.core.requests import AuthenticatedHttpRequest


class ErasureRequestForm(StyledForm):
    ground = forms.ChoiceField(label=gettext_lazy("Legal ground"), choices=ErasureGround.choices)
    note = forms.CharField(label=gettext_lazy("Note (no personal data)"), max_length=255, required=False)


def _requests_for(user: User) -> list[ErasureRequest]:
    """Requests about students the user may ask for or decide on."""
    q_request = capability_q(Person, user, REQUEST_ERASURE)
    q_decide = capability_q(Person, user, DECIDE_ERASURE)
    queryset = ErasureRequest.objects.select_related("person", "requested_by", "decided_by")
    if q_request is None or q_decide is None:
        return list(queryset)
    people = Person.objects.filter(q_request | q_decide).values("pk")
    return list(queryset.filter(Q(person__in=people)))


def _request_for(request: AuthenticatedHttpRequest, pk: int) -> ErasureRequest:
    for item in _requests_for(request.user):
        if item.pk == pk:
            return item
    raise Http404


@login_required
def erasure_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_somewhere(request.user, REQUEST_ERASURE, Person):
        raise PermissionDenied
    rows = _requests_for(request.user)
    for row in rows:
        row.can_decide = may(request.user, DECIDE_ERASURE, row.person) and row.requested_by_id != request.user.pk  # type: ignore[attr-defined]  # display flag
        row.can_execute = may(request.user, DECIDE_ERASURE, row.person)  # type: ignore[attr-defined]  # display flag
    return render_page(request, "people/erasure_list.html", {"rows": rows})


@login_required
@require_POST
def erasure_ask(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    from uommam.orgs.scope import get_visible_or_404

    person = get_visible_or_404(Person.objects.select_related("school"), request.user, pk)
    if not may(request.user, REQUEST_ERASURE, person):
        raise PermissionDenied
    form = ErasureRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the legal ground of the erasure."))
        return redirect("people:detail", pk=person.pk)
    erasure_request(
        person=person, actor=request.user, ground=form.cleaned_data["ground"], note=form.cleaned_data["note"]
    )
    messages.success(request, _("The erasure was requested; a committee officer decides on it."))
    return redirect("people:erasure_list")


@login_required
@require_POST
def erasure_decide_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _request_for(request, pk)
    try:
        erasure_decide(request=item, actor=request.user, approve=request.POST.get("approve") == "1")
    except ErasureRefused:
        messages.error(request, _("This request was already decided."))
    return redirect("people:erasure_list")


@login_required
@require_POST
def erasure_execute_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _request_for(request, pk)
    try:
        erasure_execute(request=item, actor=request.user)
    except ErasureRefused:
        messages.error(request, _("Only an approved request can be carried out."))
    else:
        messages.success(request, _("The personal data was erased."))
    return redirect("people:erasure_list")


@login_required
def erasure_certificate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _request_for(request, pk)
    try:
        content = certificate_pdf(item)
    except (LibreOfficeMissing, ConversionFailed) as exc:
        messages.error(request, _("The PDF could not be produced: %(reason)s") % {"reason": exc})
        return redirect("people:erasure_list")
    audit_download(actor=request.user, obj_or_label=item, purpose="certificate", unit=item.person.school)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="xac-nhan-xoa-{item.pk}.pdf"'
    return response
