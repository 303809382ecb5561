"""Template filters about a student's time at school."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template

register = template.Library()


@register.filter
def left_school_as_of(person: Any, on: date) -> date | None:
    """The day `person` left school if on or before `on` (Person.left_school_as_of)."""
    return person.left_school_as_of(on)  # type: ignore[no-any-return]
