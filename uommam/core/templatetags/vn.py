"""Vietnamese formats for templates: dd/mm/yyyy dates, "1.496", "3,2%"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone, translation

from uommam.vn.dates import format_vn, format_vn_long
from uommam.vn.numbers import format_int, format_percent

register = template.Library()


@register.filter
def vndate(value: Any) -> str:
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return format_vn(value)


@register.filter
def vndatetime(value: Any) -> str:
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_vn(local.date())} {local:%H:%M}"


@register.filter
def vndate_long(value: Any) -> str:
    return format_vn_long(value) if value else ""


@register.filter
def vnint(value: Any) -> str:
    if value is None or value == "":
        return ""
    if translation.get_language() == "en":
        return f"{int(value):,}"
    return format_int(int(value))


@register.filter
def vnpercent(value: Any, decimals: int = 1) -> str:
    if value is None:
        return "–"
    if translation.get_language() == "en":
        return f"{float(value) * 100:.{int(decimals)}f}%"
    return format_percent(float(value), decimals=int(decimals))


@register.filter(is_safe=True)
def page_title(value: Any) -> str:
    """The browser tab's title: "Việc cần làm – Ươm Mầm", or just the site's name for a page without one."""
    title = str(value).strip()
    return f"{title} – Ươm Mầm" if title else "Ươm Mầm"
