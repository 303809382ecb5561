"""Public pages under /v/: anyone holding a printed document checks it, and a receiver without an
account answers a referral. No login; every request is throttled per address and journalled; an
unknown, altered or revoked token and a wrong typed code look the same (404)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from uommam.accounts.network import client_ip

from . import services, tokens, verification
from .verification_models import DocumentToken, VerificationResult
from .verify_forms import CodeForm, OnlineAcknowledgeForm, OnlineOutcomeForm


def _private(response: HttpResponse) -> HttpResponse:
    # The token is the key to the page: keep it out of caches, search engines and other sites' logs.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    # same-origin, not no-referrer: with no-referrer the browser posts our own forms with "Origin: null",
    # which CSRF protection rightly refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


def _throttled(request: HttpRequest, kind: str = "check") -> HttpResponse | None:
    if verification.throttled(client_ip(request), kind=kind):
        verification.journal("", VerificationResult.THROTTLED)
        response = render(request, "referrals/verify/throttled.html", status=429)
        response["Retry-After"] = "600"
        return _private(response)
    return None


def _not_verified(request: HttpRequest, form: CodeForm | None = None) -> HttpResponse:
    return _private(render(request, "referrals/verify/not_verified.html", {"form": form or CodeForm()}, status=404))


def _page(request: HttpRequest, token: DocumentToken, token_text: str, **extra: Any) -> HttpResponse:
    context = {
        "c": verification.confirmation_for(token),
        "token": token_text,
        "today": timezone.localdate(),
        **extra,
    }
    return _private(render(request, "referrals/verify/document.html", context))


@require_http_methods(["GET"])
def code_form(request: HttpRequest) -> HttpResponse:
    """`/v/`: type the short code printed under the QR code."""
    if "code" not in request.GET:
        return _private(render(request, "referrals/verify/code_form.html", {"form": CodeForm()}))
    if blocked := _throttled(request):
        return blocked
    form = CodeForm(request.GET)
    token = verification.resolve_code(form.data.get("code", "")) if form.is_valid() else None
    if token is None:
        return _not_verified(request, form)
    return redirect("verify:document", token=tokens.token_for(token.code))


@require_http_methods(["GET"])
def document(request: HttpRequest, token: str) -> HttpResponse:
    if blocked := _throttled(request):
        return blocked
    found = verification.resolve_token(token)
    if found is None:
        return _not_verified(request)
    return _page(request, found, token)


def _answer(request: HttpRequest, token: str, form_class: Any, action: Any, done: str, template: str) -> HttpResponse:
    if blocked := _throttled(request, kind="answer" if request.method == "POST" else "check"):
        return blocked
    found = verification.resolve_token(token)
    if found is None:
        return _not_verified(request)
    form = form_class(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            action(found, form.cleaned_data)
        except services.ReferralError as exc:
            error = str(exc)
        else:
            if found.referral is not None:
                found.referral.refresh_from_db()  # show the answer just recorded
            return _page(request, found, token, done=done)
    status = 400 if request.method == "POST" else 200
    context = {"c": verification.confirmation_for(found), "token": token, "form": form, "error": error}
    return _private(render(request, template, context, status=status))


@require_http_methods(["GET", "POST"])
def acknowledge(request: HttpRequest, token: str) -> HttpResponse:
    def act(found: DocumentToken, data: dict[str, Any]) -> None:
        verification.online_acknowledge(
            token=found,
            code=data["ack_code"],
            receiver=verification.Receiver(
                organisation=data["organisation"],
                officer_name=data["officer_name"],
                officer_position=data["officer_position"],
                contact=data["contact"],
            ),
        )

    return _answer(
        request,
        token,
        OnlineAcknowledgeForm,
        act,
        _("Receipt acknowledged. The sending school has been told. Keep the code to report the outcome later."),
        "referrals/verify/acknowledge.html",
    )


@require_http_methods(["GET", "POST"])
def outcome(request: HttpRequest, token: str) -> HttpResponse:
    def act(found: DocumentToken, data: dict[str, Any]) -> None:
        verification.online_outcome(
            token=found,
            code=data["ack_code"],
            status=data["status"],
            on=data["on"],
            decision_number=data.get("decision_number", ""),
            reason=data.get("reason", ""),
        )

    return _answer(
        request,
        token,
        OnlineOutcomeForm,
        act,
        _("The outcome was recorded. The sending school has been told. Thank you."),
        "referrals/verify/outcome.html",
    )
