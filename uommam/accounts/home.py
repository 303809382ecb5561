"""The start page ("Việc cần làm"): the user's roles and the to-do sections the feature apps
contribute. It lives in `accounts`, the app that knows a user's roles (it sits above `orgs`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.module_loading import import_string

from uommam.orgs.scope import assignments, is_admin


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Việc cần làm – the landing page. The pipeline app fills it with deadlines for the user's scope."""
    sections = []
    # Feature apps contribute their sections by dotted path in settings, so this page needs no
    # import of apps that sit above accounts in the dependency order.
    for path in settings.UOMMAM_TODO_PROVIDERS:
        sections.extend(import_string(path)(request.user))
    context = {"assignments": assignments(request.user), "is_admin": is_admin(request.user), "sections": sections}
    return render(request, "accounts/home.html", context)
