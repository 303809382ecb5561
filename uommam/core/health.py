"""`/healthz` for a local health check: `curl http://127.0.0.1:8001/healthz` answers "ok".

A monitor or load balancer asks gunicorn directly, without the public host name and without HTTPS, so
this middleware answers before host validation (ALLOWED_HOSTS would give 400) and before the HTTPS
redirect (301). The answer is a constant: it reveals nothing and depends on no header. It does not touch
the database or the session, so it says "the application process is up", nothing more.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz" and request.method in ("GET", "HEAD"):
            response = HttpResponse("ok", content_type="text/plain")
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
