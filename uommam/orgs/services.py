"""Writes to the organisation tree. Paths are maintained here and nowhere else."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction

from uommam.audit.services import audit_record

from .models import PATH_STEP, OrgUnit, RoleAssignment, UnitParentPeriod

if TYPE_CHECKING:
    from uommam.accounts.models import User


def _path_for(unit: OrgUnit, parent: OrgUnit | None) -> tuple[str, int]:
    own = f"{unit.pk:0{PATH_STEP}d}/"
    if parent is None:
        return own, 0
    return parent.path + own, parent.depth + 1


@transaction.atomic
def orgunit_create(*, actor: User | None = None, parent: OrgUnit | None = None, **fields: Any) -> OrgUnit:
    unit = OrgUnit(parent=parent, created_by=actor, updated_by=actor, **fields)
    unit.save()
    unit.path, unit.depth = _path_for(unit, parent)
    unit.save(update_fields=["path", "depth"])
    if parent is not None:
        UnitParentPeriod.objects.create(unit=unit, parent=parent, valid_from=unit.active_from)
    audit_record(actor=actor, action="create", obj=unit, unit=unit, after={"code": unit.code, "name": unit.name})
    return unit


@transaction.atomic
def orgunit_move(*, unit: OrgUnit, new_parent: OrgUnit, on: date, actor: User | None = None) -> OrgUnit:
    """Re-parent a unit (and its subtree) from `on`, closing the previous parent period."""
    if new_parent.path.startswith(unit.path):
        raise ValueError("A unit cannot be moved under itself.")
    old_parent = unit.parent
    UnitParentPeriod.objects.filter(unit=unit, valid_until__isnull=True).update(
        valid_until=on.fromordinal(on.toordinal() - 1)
    )
    UnitParentPeriod.objects.create(unit=unit, parent=new_parent, valid_from=on)
    old_path = unit.path
    unit.parent = new_parent
    unit.path, unit.depth = _path_for(unit, new_parent)
    unit.updated_by = actor
    unit.version += 1
    unit.save()
    depth_shift = unit.depth - old_path.count("/") + 1
    for child in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
        child.path = unit.path + child.path[len(old_path) :]
        child.depth += depth_shift
        child.save(update_fields=["path", "depth"])
    audit_record(
        actor=actor,
        action="update",
        obj=unit,
        unit=unit,
        before={"parent": old_parent.code if old_parent else None},
        after={"parent": new_parent.code, "from": on.isoformat()},
    )
    return unit


@transaction.atomic
def orgunit_close(
    *, unit: OrgUnit, last_day: date, successor: OrgUnit | None = None, actor: User | None = None
) -> OrgUnit:
    before = {"active_until": unit.active_until, "successor": unit.successor_id}
    unit.active_until = last_day
    unit.successor = successor
    unit.updated_by = actor
    unit.version += 1
    unit.save()
    audit_record(
        actor=actor,
        action="update",
        obj=unit,
        unit=unit,
        before=before,
        after={"active_until": last_day, "successor": successor.code if successor else None},
    )
    return unit


@transaction.atomic
def role_grant(*, user: User, unit: OrgUnit, role: str, actor: User | None = None) -> RoleAssignment:
    assignment, _ = RoleAssignment.objects.update_or_create(
        user=user, unit=unit, role=role, defaults={"active": True, "granted_by": actor}
    )
    audit_record(actor=actor, action="grant", obj=assignment, unit=unit, after={"user": user.username, "role": role})
    return assignment
