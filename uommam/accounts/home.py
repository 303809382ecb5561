"""The start page ("Việc cần làm"): the user's roles and the to-do sections the feature apps
contribute. It lives in `accounts`, the app that knows a user's roles (it sits above `orgs`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.module_loading import import_string

from uommam.core import pagecache
from uommam.orgs.scope import assignments, is_admin, scope_key


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Việc cần làm – the landing page. The pipeline app fills it with deadlines for the user's scope."""
    user = request.user

    def compute() -> list[Any]:
        sections: list[Any] = []
        # Feature apps contribute their sections by dotted path in settings, so this page needs no
        # import of apps that sit above accounts in the dependency order.
        for path in settings.UOMMAM_TODO_PROVIDERS:
            sections.extend(import_string(path)(user))
        return sections

    # The same for every officer of the same scope until the next write (uommam/core/pagecache.py).
    sections = pagecache.cached("todo", (scope_key(user),), compute)
    context = {"assignments": assignments(request.user), "is_admin": is_admin(request.user), "sections": sections}
    return render(request, "accounts/home.html", context)
