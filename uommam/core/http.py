"""Small view helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any], *, partial: str | None = None, status: int = 200
) -> HttpResponse:
    """Render the whole page, or only its named partial when HTMX asks for a fragment."""
    if partial and getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]  # set by django-htmx's middleware
        return render(request, f"{template}#{partial}", context, status=status)
    return render(request, template, context, status=status)


def paginate(request: HttpRequest, items: Any, per_page: int | None = None) -> Page[Any]:
    paginator = Paginator(items, per_page or settings.UOMMAM_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
