from __future__ import annotations

from typing import Any

from django import template

from uommam.audit.presentation import change_rows, model_label

register = template.Library()


@register.simple_tag(takes_context=True)
def audit_changes(context: Any, entry: Any) -> list[dict[str, str]]:
    request = context.get("request")
    return change_rows(entry, getattr(request, "user", None))


@register.filter
def record_type(label: str) -> str:
    return model_label(label)
