"""Refuse POST bodies the application cannot read, with a clear 400 instead of an empty form.

Every form in Ươm Mầm posts `application/x-www-form-urlencoded` or `multipart/form-data` (HTMX does the
same). A body of another type, or a multipart body that yields no field at all (broken boundary,
truncated upload), would otherwise reach the view as an empty form and be answered as if nothing was
sent; here it gets a 400 saying what to do.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RequestBodyGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and self._unreadable(request):
            return HttpResponseBadRequest(
                _("The form could not be read. Reload the page and send it again."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    @staticmethod
    def _unreadable(request: HttpRequest) -> bool:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return True
        if length <= 0:
            return False
        if request.content_type not in FORM_TYPES:
            return True
        if request.content_type == "multipart/form-data":
            boundary = (request.content_params or {}).get("boundary", "")
            # "--boundary--" alone is a valid empty form (a test client's post(url) sends it).
            if boundary and length <= len(boundary) + 6:
                return False
            try:
                return not request.POST and not request.FILES
            except MultiPartParserError:
                return True
        return False
