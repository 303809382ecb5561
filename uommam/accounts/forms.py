from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong user name or password. Both are case-sensitive."),
        "inactive": _("This account is disabled. Ask your administrator."),
    }

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        # Django sets only the widget's maxlength: without a validator an over-long name reaches
        # authenticate(), and the lockout journal (varchar 255) fails on PostgreSQL.
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length or 150))
