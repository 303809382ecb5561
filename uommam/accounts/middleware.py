"""Idle timeout and the second-factor step, for every request of a logged-in user."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from . import kept_form, otp

LAST_SEEN_KEY = "uommam_last_seen"
# Writing the session on every request would cost a database write per page: refresh the
# timestamp only when it is this old.
REFRESH_SECONDS = 60


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if getattr(request, "htmx", False) or request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url  # a fragment request would swap the login page into a table
        return response
    return HttpResponseRedirect(url)


class SessionGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self._guard(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _guard(self, request: HttpRequest) -> HttpResponse | None:
        timeout = settings.SESSION_IDLE_TIMEOUT
        now = int(time.time())
        if timeout:
            last_seen = request.session.get(LAST_SEEN_KEY)
            if isinstance(last_seen, int) and now - last_seen > timeout:
                user_pk = request.user.pk
                logout(request)
                next_url = request.get_full_path()
                if request.method == "POST":
                    # Typed work is not lost: kept for after the login, back on the page it was typed on.
                    kept_form.keep(request, user_pk)
                    next_url = kept_form.page_path(request)
                query = urlencode({"next": next_url, "expired": "1"})
                return _redirect(request, f"{reverse('login')}?{query}")
            if not isinstance(last_seen, int) or now - last_seen > REFRESH_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        step = request.session.get(otp.SESSION_KEY)
        if step and not request.user.is_verified():  # type: ignore[union-attr]  # django_otp's middleware adds it to the logged-in user
            target = reverse("otp_verify") if step == otp.VERIFY else reverse("otp_setup")
            allowed = {target, reverse("logout"), reverse("set_language"), reverse("core:healthz")}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                return _redirect(request, f"{target}?{urlencode({'next': request.get_full_path()})}")
        return None
