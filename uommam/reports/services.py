"""Writes of the reports app: setting targets.

A target belongs to the accountable Party unit (a cell, or a committee for its whole subtree), one
per unit and school year (the database's unique constraint), holding both kinds: students to send
to the class and students to admit. A committee's target is its own figure, never the sum of the
targets below it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from uommam.audit.services import audit_record, snapshot
from uommam.core.locking import check_unchanged_since
from uommam.orgs.access import SET_TARGET
from uommam.orgs.capabilities import may
from uommam.orgs.models import OrgUnit

from .funnel import TARGET_UNIT_KINDS
from .models import Target, validate_school_year

if TYPE_CHECKING:
    from uommam.accounts.models import User


def may_set_target(*, user: User, unit: OrgUnit) -> bool:
    """A committee officer sets targets for units strictly below their committee (or an administrator)."""
    return may(user, SET_TARGET, unit)


def target_set(
    *,
    unit: OrgUnit,
    school_year: str,
    students_to_class: int,
    students_to_admit: int,
    actor: User,
    note: str = "",
    seen_at: datetime | None = None,
) -> Target:
    """Create or change the unit's target for a school year; raises PermissionDenied outside the rules,
    StaleEdit when `seen_at` is given and someone else changed the target after it."""
    validate_school_year(school_year)
    if unit.kind not in TARGET_UNIT_KINDS:
        # The accountable Party unit holds the target: a school's is set on its cell.
        raise ValidationError(
            _("Targets are set on a Party cell or a Party committee, not on %(unit)s.") % {"unit": unit.name}
        )
    if not may_set_target(user=actor, unit=unit):
        raise PermissionDenied
    with transaction.atomic():
        target = Target.objects.select_for_update().filter(unit=unit, school_year=school_year).first()
        check_unchanged_since(target, seen_at, actor=actor, fields=["students_to_class", "students_to_admit"])
        before = snapshot(target) if target else None
        if target is None:
            target = Target(unit=unit, school_year=school_year, created_by=actor)
        else:
            target.version += 1
        target.students_to_class = students_to_class
        target.students_to_admit = students_to_admit
        target.note = note
        target.set_by = actor
        target.updated_by = actor
        target.save()
        audit_record(
            actor=actor,
            action="create" if before is None else "update",
            obj=target,
            unit=unit,
            before=before,
            after=snapshot(target),
        )
    return target
