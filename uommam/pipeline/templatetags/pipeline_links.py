"""Pipeline actions offered on pages of apps below it (the student page), without those apps importing it."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone

register = template.Library()


@register.simple_tag(takes_context=True)
def list_directly_url(context: Any, person: Any) -> str:
    """The page putting `person` on the sympathiser list without a proposal, when the user may; else ""."""
    from uommam.pipeline.views import may_list_directly

    request = context.get("request")
    if request is None or may_list_directly(request.user, person, timezone.localdate()) is None:
        return ""
    return reverse("pipeline:list_directly", args=[person.pk])
