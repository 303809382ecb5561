"""Logins and failed logins go to the audit journal (issue: who did what, when); a login also
decides whether the session still owes a second factor."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from uommam.audit.services import audit_record

from . import otp
from .network import client_ip

if TYPE_CHECKING:
    from .models import User


@receiver(user_logged_in)
def journal_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    audit_record(actor=user, action="login", obj=user, note=_client_address(request))


@receiver(user_logged_in)
def second_factor_step(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    from .middleware import LAST_SEEN_KEY

    request.session[LAST_SEEN_KEY] = int(time.time())
    step = otp.pending_step(user)
    if step:
        request.session[otp.SESSION_KEY] = step
    else:
        request.session.pop(otp.SESSION_KEY, None)


@receiver(user_login_failed)
def journal_login_failure(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        actor=None,
        action="login_failed",
        model="accounts.User",
        object_repr=username,
        note=_client_address(request),
    )


def _client_address(request: Any) -> str:
    if request is None:
        return ""
    return client_ip(request)
