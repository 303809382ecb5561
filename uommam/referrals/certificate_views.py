"""A printable page for one student's awareness-class certificate, with its QR code and short code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from uommam.orgs.scope import get_visible_or_404
from uommam.training.models import AwarenessClass, Enrolment

from .verification import certificate_token, certificate_valid_until, print_context

if TYPE_CHECKING:
    from uommam.core.requests import AuthenticatedHttpRequest


@login_required
def certificate_print(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(Enrolment.objects.select_related("person", "school"), pk=pk)
    # Whoever may see the class may print its certificates (404 otherwise, like the class itself).
    awareness_class = get_visible_or_404(
        AwarenessClass.objects.select_related("organiser__parent", "certificate_issuer"),
        request.user,
        enrolment.awareness_class_id,
    )
    if not enrolment.certificate_number:
        raise Http404
    token = certificate_token(enrolment, request.user)
    context = {
        "e": enrolment,
        "c": awareness_class,
        "valid_until": certificate_valid_until(enrolment.certificate_issued_on),
        "today": timezone.localdate(),
        **print_context(token),
    }
    return render(request, "referrals/certificate_print.html", context)
