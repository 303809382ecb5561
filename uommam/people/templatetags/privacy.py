from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

from uommam.people import privacy

if TYPE_CHECKING:
    from uommam.accounts.models import User

register = template.Library()


@register.filter
def mask_citizen_id(value: Any) -> str:
    """{{ person.citizen_id|mask_citizen_id }} → "008•••••3456" whatever the viewer's role."""
    return privacy.mask_citizen_id(value)


@register.filter
def citizen_id_for(person: Any, user: User) -> str:
    """{{ person|citizen_id_for:request.user }}: in full for roles that need it, masked otherwise."""
    value = getattr(person, "citizen_id", "") or ""
    return value if privacy.sees_personal_details(user, person) else privacy.mask_citizen_id(value)


@register.filter
def sees_details(person: Any, user: User) -> bool:
    """{% if person|sees_details:request.user %} around relatives and other background details."""
    return privacy.sees_personal_details(user, person)
