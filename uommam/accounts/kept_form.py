"""Typed work survives the idle logout.

When a form is sent after the idle timeout, the session guard logs the user out; the form's values
are then kept in the new (anonymous) session, which Django carries across the next login. The page
the form was on offers them again (templates/components/kept_form.html, filled in by static/js/app.js)
— only to the same user, only once, and never passwords, the CSRF token or uploaded files.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest

SESSION_KEY = "uommam_kept_form"
# A form larger than this is not kept (the session lives in the database).
MAX_BYTES = 32_000
SKIPPED = ("csrfmiddlewaretoken",)


def page_path(request: HttpRequest) -> str:
    """The page the form was on: HTMX says so; a plain POST names it in the Referer (same site only)."""
    for header in ("HX-Current-URL", "Referer"):
        url = urlsplit(request.headers.get(header, ""))
        if url.path and (not url.netloc or url.netloc == request.get_host()):
            return url.path + (f"?{url.query}" if url.query else "")
    return request.path


def keep(request: HttpRequest, user_pk: Any) -> None:
    """Call after logout: keep the POSTed values of ``request`` for ``user_pk`` in the fresh session."""
    values = {
        name: request.POST.getlist(name)
        for name in request.POST
        if name not in SKIPPED and "password" not in name.lower()
    }
    if not values:
        return
    kept = {"user": str(user_pk), "page": urlsplit(page_path(request)).path, "action": request.path, "values": values}
    if len(json.dumps(kept)) <= MAX_BYTES:
        request.session[SESSION_KEY] = kept


def context(request: HttpRequest) -> dict[str, Any]:
    """Template context: ``kept_form`` on the page it came from, for the user who typed it (then forgotten)."""
    user = getattr(request, "user", None)
    timeout = settings.SESSION_IDLE_TIMEOUT
    extra: dict[str, Any] = {}
    if user is not None and user.is_authenticated and timeout:
        # Warn a few minutes before the logout: five, or a fifth of a short timeout.
        warn_before = min(5 * 60, timeout // 5)
        extra = {
            "idle_timeout": timeout,
            "idle_warn_before": warn_before,
            "idle_warn_minutes": max(1, warn_before // 60),
        }
    session = getattr(request, "session", None)
    if session is None:
        return extra
    kept = session.get(SESSION_KEY)
    if not kept or user is None or not user.is_authenticated:
        return extra
    if kept.get("user") != str(user.pk):
        session.pop(SESSION_KEY, None)  # someone else logged in on this browser: never show them
        return extra
    if kept.get("page") != request.path:
        return extra
    session.pop(SESSION_KEY, None)
    return {**extra, "kept_form": {"action": kept["action"], "values": kept["values"]}}
