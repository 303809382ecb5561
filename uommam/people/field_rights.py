"""Field rights per role, declared once: who sees a student's field, sees it masked, or sets it.

Pages (templates' `citizen_id_for`), forms (`restrict_person_form`), generated files (referral
letters), exports, imports and the admin all ask here; `docs/access.md` prints the table.

- Roles that work on the dossier (`FULL_DETAIL_ROLES`, inside their scope) see and set everything.
- Every other role that may see the student sees the citizen ID masked and the relatives not at
  all; a writing role among them (the Youth Union secretary) may give the citizen ID of a *new*
  student, never change an existing one, and never set relatives (it cannot see them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from uommam.orgs.roles import FULL_DETAIL_ROLES, PERSON_WRITE_ROLES, Role

if TYPE_CHECKING:
    from uommam.accounts.models import User

SEE = "see"
MASKED = "see masked"
HIDDEN = "hidden"

RELATIVE_FIELDS = ("father_name", "father_birth_year", "mother_name", "mother_birth_year")
ID_FIELDS = ("citizen_id",)
PROTECTED_FIELDS = ID_FIELDS + RELATIVE_FIELDS

# What a role that does not see details in full gets for each protected field.
_LIMITED: dict[str, str] = {**dict.fromkeys(ID_FIELDS, MASKED), **dict.fromkeys(RELATIVE_FIELDS, HIDDEN)}


def role_right(role: str, field: str) -> str:
    """The right of `role` on a student's `field`, inside the role's scope."""
    if field not in PROTECTED_FIELDS or role == Role.ADMIN or role in FULL_DETAIL_ROLES:
        return SEE
    return _LIMITED[field]


def role_sets(role: str, field: str, *, existing: bool) -> bool:
    """Whether `role` may set `field` of a student (a new one when not `existing`), by hand or by import."""
    if role == Role.ADMIN:
        return True
    if role not in PERSON_WRITE_ROLES:
        return False
    right = role_right(role, field)
    return right == SEE or (right == MASKED and not existing)


def limited_fields(*, existing: bool) -> tuple[str, ...]:
    """Fields a role without full details may not set (for a new or an existing student)."""
    return tuple(f for f in PROTECTED_FIELDS if not role_sets(Role.YOUTH_UNION_SECRETARY, f, existing=existing))


def matrix() -> list[tuple[str, str, str, str, str]]:
    """(role, field, right, sets on a new student, sets on an existing one) for the access document."""
    return [
        (
            role,
            field,
            role_right(role, field),
            "yes" if role_sets(role, field, existing=False) else "no",
            "yes" if role_sets(role, field, existing=True) else "no",
        )
        for role in Role.values
        for field in PROTECTED_FIELDS
    ]


def masked_or_hidden(user: User, person: Any) -> bool:
    """True when `user` sees `person`'s protected fields limited (masked ID, no relatives)."""
    from .privacy import sees_personal_details

    return not sees_personal_details(user, person)
