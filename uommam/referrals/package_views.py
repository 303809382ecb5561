"""Exchange with other installations (packages, the published keys) and revoking a letter's code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from uommam.audit.downloads import ask_purpose
from uommam.audit.services import audit_download
from uommam.core.http import render_page
from uommam.orgs.capabilities import may_somewhere, units_with
from uommam.orgs.models import OrgUnit
from uommam.orgs.scope import is_admin

from . import keys, packages, verification
from .models import Referral
from .package_forms import InboundAcknowledgeForm, InboundOutcomeForm, PackageUploadForm, RevokeForm
from .scopes import RECEIVE
from .services import ReferralError
from .verification_models import DocumentToken, InboundReferral, TokenKind
from .views import _is_sender, get_referral_for

if TYPE_CHECKING:
    from uommam.accounts.models import User
    from uommam.core.requests import AuthenticatedHttpRequest

ZIP = "application/zip"


@require_GET
def published_keys(request: HttpRequest) -> HttpResponse:
    """`/.well-known/uommam-keys.json`: the public keys that check this installation's packages."""
    response = JsonResponse(keys.published_keys(), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _zip(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=ZIP)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Sender side -----------------------------------------------------------------------------------


@login_required
def referral_package(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for(request, pk, side="sender")
    purpose = ask_purpose(request, label=_("Referral package %(number)s") % {"number": referral.letter_number})
    if isinstance(purpose, HttpResponse):
        return purpose
    try:
        data = packages.referral_package(referral=referral)
    except (packages.PackageRefused, keys.SigningKeyMissing) as exc:
        messages.error(request, str(exc))
        return redirect("referrals:detail", pk=referral.pk)
    audit_download(actor=request.user, obj_or_label=referral, purpose=purpose, unit=referral.from_cell)
    return _zip(data, f"gioi-thieu-{referral.letter_number.replace('/', '-') or referral.pk}.zip")


@login_required
@require_POST
def revoke_code(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for(request, pk, side="sender")
    token = get_object_or_404(DocumentToken, referral=referral, kind=TokenKind.LETTER, revoked_at__isnull=True)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            verification.token_revoke(token=token, actor=request.user, reason=form.cleaned_data["reason"])
        except ReferralError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The letter's code was revoked: it no longer verifies."))
    else:
        messages.error(request, _("Give the reason for revoking the code."))
    return redirect("referrals:detail", pk=referral.pk)


# --- Importing (a referral into an inbox, or a reply onto a referral sent from here) -----------------


def _receiving_units(user: User) -> Any:
    if is_admin(user):
        return OrgUnit.objects.filter(active_until__isnull=True).order_by("name")
    return OrgUnit.objects.filter(pk__in=[u.pk for u in units_with(user, RECEIVE, Referral)]).order_by("name")


@login_required
def package_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    units = _receiving_units(request.user)
    form = PackageUploadForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["package"]
        try:
            result = packages.package_import(
                data=upload.read(),
                actor=request.user,
                to_unit=form.cleaned_data.get("to_unit"),
                may_answer=lambda referral: _is_sender(request.user, referral),
            )
        except packages.PackageRefused as exc:
            form.add_error("package", str(exc))
        except ReferralError as exc:
            form.add_error(None, str(exc))
        else:
            if isinstance(result, Referral):
                messages.success(request, _("The answer was recorded on the referral."))
                return redirect("referrals:detail", pk=result.pk)
            messages.success(request, _("The referral was imported into the inbox."))
            return redirect("exchange:inbound_detail", pk=result.pk)
    return render_page(request, "referrals/exchange/import.html", {"form": form}, status=400 if form.errors else 200)


# --- Receiver side ----------------------------------------------------------------------------------


def _inbound_for(request: AuthenticatedHttpRequest, pk: int) -> InboundReferral:
    inbound = get_object_or_404(InboundReferral.objects.select_related("origin", "to_unit"), pk=pk)
    if not (is_admin(request.user) or inbound.to_unit in units_with(request.user, RECEIVE, Referral)):
        raise Http404
    return inbound


@login_required
def inbound_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_somewhere(request.user, RECEIVE, Referral):
        raise PermissionDenied
    items = InboundReferral.objects.select_related("origin", "to_unit").filter(
        to_unit__in=_receiving_units(request.user)
    )
    return render_page(request, "referrals/exchange/inbound_list.html", {"items": items})


@login_required
def inbound_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    inbound = _inbound_for(request, pk)
    ack_form = InboundAcknowledgeForm(request.POST if "acknowledge" in request.POST else None)
    outcome_form = InboundOutcomeForm(request.POST if "outcome" in request.POST else None)
    if request.method == "POST":
        try:
            if "acknowledge" in request.POST and ack_form.is_valid():
                packages.inbound_acknowledge(inbound=inbound, actor=request.user, **ack_form.cleaned_data)
                messages.success(request, _("Receipt acknowledged. Download the reply and send it back."))
                return redirect("exchange:inbound_detail", pk=inbound.pk)
            if "outcome" in request.POST and outcome_form.is_valid():
                data = outcome_form.cleaned_data
                packages.inbound_record_outcome(
                    inbound=inbound,
                    actor=request.user,
                    status=data["status"],
                    on=data["on"],
                    decision_number=data.get("decision_number", ""),
                    reason=data.get("reason", ""),
                )
                messages.success(request, _("The outcome was recorded. Download the reply and send it back."))
                return redirect("exchange:inbound_detail", pk=inbound.pk)
        except packages.PackageRefused as exc:
            messages.error(request, str(exc))
    context = {"inbound": inbound, "p": inbound.payload, "ack_form": ack_form, "outcome_form": outcome_form}
    return render_page(request, "referrals/exchange/inbound_detail.html", context)


@login_required
def inbound_letter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    inbound = _inbound_for(request, pk)
    purpose = ask_purpose(
        request, label=_("Referral letter %(number)s") % {"number": inbound.payload.get("letter_number", "")}
    )
    if isinstance(purpose, HttpResponse):
        return purpose
    audit_download(actor=request.user, obj_or_label=inbound, purpose=purpose, unit=inbound.to_unit)
    content_type = "application/pdf" if inbound.letter_name.endswith(".pdf") else "application/octet-stream"
    response = HttpResponse(bytes(inbound.letter), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{inbound.letter_name}"'
    return response


@login_required
def reply_package(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    inbound = _inbound_for(request, pk)
    try:
        data = packages.reply_package(inbound=inbound)
    except (packages.PackageRefused, keys.SigningKeyMissing) as exc:
        messages.error(request, str(exc))
        return redirect("exchange:inbound_detail", pk=inbound.pk)
    return _zip(data, f"tra-loi-{inbound.package_id}.zip")
