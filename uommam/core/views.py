from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: answers without touching the session."""
    return HttpResponse("ok", content_type="text/plain")
