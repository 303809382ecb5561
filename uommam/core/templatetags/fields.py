"""`{% form_field field %}`: one form field written in Python (uommam/core/formrenderer.py, `render_field`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from uommam.core.formrenderer import render_field

register = template.Library()


@register.simple_tag
def form_field(field: Any) -> SafeString:
    return render_field(field)
