"""The request type of a view behind `login_required`, for the type checker.

`HttpRequest.user` is "a user or the anonymous user"; behind `login_required` it is always a logged-in
`User`. Views annotate `request: AuthenticatedHttpRequest` so that services and selectors can ask for a
`User` instead of `Any`. Nothing constructs this class: Django still passes its own request object.
The `htmx` attribute is the one django-htmx's middleware sets on every request.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from .models import User


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    user: User
