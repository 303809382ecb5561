from __future__ import annotations

from datetime import date
from typing import Any

from django import template

from uommam.training.selectors import certificate_expiry

register = template.Library()


@register.filter
def certificate_expires(issued_on: date | None) -> date | None:
    """Last valid day of a certificate issued on this date (rules.certificate_expires_on)."""
    return certificate_expiry(issued_on)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if mapping else None
