from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong user name or password. Both are case-sensitive."),
        "inactive": _("This account is disabled. Ask your administrator."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django sets only the widget's maxlength: without a validator an over-long name reaches
        # authenticate(), and the lockout journal (varchar 255) fails on PostgreSQL.
        username = cast(forms.CharField, self.fields["username"])
        username.validators.append(MaxLengthValidator(username.max_length or 150))
