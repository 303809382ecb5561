from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import ACCOUNT_ITEMS, nav_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "account_items": []}
    # Computed once per request, however many templates (page, fragments, e-mails) it renders.
    cached = getattr(request, "_uommam_navigation", None)
    if cached is None:
        cached = {
            "nav_items": nav_for(user, request.path),
            "account_items": nav_for(user, request.path, ACCOUNT_ITEMS),
        }
        request._uommam_navigation = cached  # type: ignore[attr-defined]
    return cached
