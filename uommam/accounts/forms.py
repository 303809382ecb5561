from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# From this failure on, the login page says how many tries are left before django-axes locks the
# account: the first two slips are typing errors and need no warning.
WARN_FROM_FAILURE = 3


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong user name or password. Both are case-sensitive."),
        "inactive": _("This account is disabled. Ask your administrator."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django sets only the widget's maxlength: without a validator an over-long name reaches
        # authenticate(), and the lockout journal (varchar 255) fails on PostgreSQL.
        username = cast(forms.CharField, self.fields["username"])  # AuthenticationForm's UsernameField
        username.validators.append(MaxLengthValidator(username.max_length or 150))

    def get_invalid_login_error(self) -> ValidationError:
        error = super().get_invalid_login_error()
        left = self.tries_left()
        if left is None:
            return error
        warning = ngettext(
            "%(left)s try left: after it the account is locked for %(minutes)s minutes.",
            "%(left)s tries left: after them the account is locked for %(minutes)s minutes.",
            left,
        ) % {"left": left, "minutes": _lockout_minutes()}
        return ValidationError(f"{error.message % (error.params or {})} {warning}", code="invalid_login")

    def tries_left(self) -> int | None:
        """Tries before the lockout, once the user has failed WARN_FROM_FAILURE times (else None).

        Counted by django-axes itself (its failures for this user name and address, its limit), so the
        warning and the lockout cannot disagree."""
        if not getattr(settings, "AXES_ENABLED", True) or self.request is None:
            return None
        from axes.handlers.proxy import AxesProxyHandler
        from axes.helpers import get_failure_limit

        credentials: dict[str, Any] = {"username": self.cleaned_data.get("username")}
        failures = AxesProxyHandler.get_failures(self.request, credentials)
        left = get_failure_limit(self.request, credentials) - failures
        return left if failures >= WARN_FROM_FAILURE and left > 0 else None


def _lockout_minutes() -> int:
    cooloff = settings.AXES_COOLOFF_TIME  # hours, as a number, in config/settings.py
    return round(float(cooloff) * 60) if isinstance(cooloff, int | float) else 30
