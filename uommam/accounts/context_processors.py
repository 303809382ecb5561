from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import ACCOUNT_ITEMS, nav_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "account_items": []}
    return {"nav_items": nav_for(user, request.path), "account_items": nav_for(user, request.path, ACCOUNT_ITEMS)}
