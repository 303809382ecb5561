"""The client's address, for the lockout (django-axes) and the login journal.

Behind nginx every request comes from 127.0.0.1; with `UOMMAM_PROXY_COUNT = 1` the address is the
last entry of X-Forwarded-For, which nginx appends and a client cannot forge past it. Without a
proxy (0, the default) X-Forwarded-For is ignored, since anyone can send it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def client_ip(request: Any) -> str:
    remote = str(request.META.get("REMOTE_ADDR", "") or "")
    proxies = getattr(settings, "UOMMAM_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [
            part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies][:45]
    return remote[:45]
