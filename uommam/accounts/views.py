"""The second-factor pages: enrol an authenticator app, enter its code after the password, remove it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import otp

if TYPE_CHECKING:
    from uommam.core.requests import AuthenticatedHttpRequest


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("Six-digit code from the authenticator app"),
        regex=r"^\s*[0-9]{6}\s*$",
        max_length=12,
        error_messages={"invalid": gettext_lazy("Enter the six digits shown by the app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def token_value(self) -> str:
        return str(self.cleaned_data["token"]).strip()


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@login_required
def otp_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not otp.may_enrol(request.user):
        raise PermissionDenied
    confirmed = otp.confirmed_device(request.user)
    if confirmed is not None and request.user.is_verified():  # type: ignore[attr-defined]  # django_otp's middleware adds it
        return render(request, "accounts/otp_setup.html", {"confirmed": confirmed})
    # The secret is created when the page is shown, never by a submitted form: a refused code writes nothing.
    device = otp.totp_start(user=request.user) if request.method != "POST" else otp.pending_device(request.user)
    if device is None:
        return redirect("otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.totp_confirm(request=request, device=device, token=form.token_value()):
            messages.success(request, _("The second factor is on. You will be asked for a code after your password."))
            return redirect(_next_url(request))
        form.add_error("token", _("This code is not valid. Check the time on the phone and try the next code."))
    context = {
        "form": form,
        "device": device,
        "uri": device.config_url,
        "qr": otp.qr_code_data_uri(device.config_url),
        "secret": otp.base32_secret(device),
        "required": otp.must_enrol(request.user),
        "next": _next_url(request),
    }
    return render(request, "accounts/otp_setup.html", context)


@login_required
def otp_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    device = otp.confirmed_device(request.user)
    if device is None and request.method == "POST":
        return redirect(_next_url(request))  # nothing to verify
    form = TokenForm(request.POST or None)
    if device is not None and request.method == "POST" and form.is_valid():
        outcome = otp.totp_verify(request=request, token=form.token_value())
        if outcome == "ok":
            return redirect(_next_url(request))
        if outcome == "throttled":
            form.add_error("token", _("Too many wrong codes. Wait a few seconds, then enter the current code."))
        else:
            form.add_error("token", _("This code is not valid or was already used. Wait for the next code."))
    return render(request, "accounts/otp_verify.html", {"form": form, "device": device, "next": _next_url(request)})


@login_required
@require_POST
def otp_disable(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not otp.may_enrol(request.user):
        raise PermissionDenied
    if otp.must_enrol(request.user):
        messages.error(request, _("Your role must use a second factor; it cannot be removed."))
        return redirect("otp_setup")
    otp.totp_remove(request=request)
    messages.success(request, _("The second factor was removed."))
    return redirect("otp_setup")


@login_required
@never_cache
def keepalive(request: AuthenticatedHttpRequest) -> HttpResponse:
    """ "Continue working" in the idle-logout warning: like any request, it renews the session's last-seen time
    (uommam/accounts/middleware.py). Not /healthz, which answers before the session is read."""
    return HttpResponse("ok", content_type="text/plain")
