"""Optional read replica for reports (`DATABASE_REPLICA_URL`).

In a province-wide or national deployment the report pages – funnels and lists over every school –
are the heaviest reads. When a replica is configured, `ReplicaMiddleware` marks GET requests under
`/reports/` and `ReplicaRouter` sends their reads of domain data to the "replica" database. Writes,
and reads of sessions, users, lockouts and second-factor devices, always go to the primary, so a
replica a few seconds behind never logs anyone out or hides a fresh login. Without a replica both
are inert (the middleware is not even installed).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "auth", "accounts", "axes", "otp_totp", "django_otp", "contenttypes", "admin", "audit"}
)
_state = threading.local()


def reading_for_reports() -> bool:
    return getattr(_state, "reports", False)


class ReplicaRouter:
    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        if reading_for_reports() and REPLICA in settings.DATABASES and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA
        return None

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica is a copy of the primary: same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA


class ReplicaMiddleware:
    prefix = "/reports/"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _state.reports = request.method in ("GET", "HEAD") and request.path.startswith(self.prefix)
        try:
            return self.get_response(request)
        finally:
            _state.reports = False
