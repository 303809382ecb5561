"""Response headers Django does not set by itself."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# No inline scripts anywhere: every script is a static file. Inline *styles* stay allowed
# because Bootstrap components and Chart.js set style attributes.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        # Pages and files of a signed-in user hold personal data: no shared or disk cache keeps them
        # (a school's shared computer, a proxy). Static files and public pages stay cacheable.
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False) or response.has_header("Content-Disposition"):
            response.headers["Cache-Control"] = "no-store, private"
            if response.has_header("Expires"):
                del response["Expires"]
        return response
