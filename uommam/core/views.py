from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from uommam.orgs.scope import assignments, is_admin


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Việc cần làm – the landing page. The pipeline app fills it with deadlines for the user's scope."""
    context = {"assignments": assignments(request.user), "is_admin": is_admin(request.user), "sections": []}
    from django.apps import apps

    if apps.is_installed("uommam.pipeline"):
        from uommam.pipeline.todo import todo_sections

        context["sections"] = todo_sections(request.user)
    return render(request, "core/home.html", context)


def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: answers without touching the session."""
    return HttpResponse("ok", content_type="text/plain")
