"""The request type of a view behind `login_required`, for the type checker.

`HttpRequest.user` is "a user or the anonymous user"; behind `login_required` it is always a logged-in
`User`. Views annotate `request: AuthenticatedHttpRequest` so that services and selectors can ask for a
`User` instead of `Any`. Nothing constructs this class: Django still passes its own request object.
The `htmx` attribute is the one django-htmx's middleware sets on every request.

It lives in `core`, the bottom app, so that views of every app may name it (`audit`'s download prompt,
`orgs`' pages sit below `accounts`); the user model is named for the type checker only, as the layering
allows anywhere (tests/test_layering.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from uommam.accounts.models import User


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    user: User
