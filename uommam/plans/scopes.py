"""Who sees which annual plans (see uommam.orgs.scope): the unit's subtree, or a secretary's own school."""

from __future__ import annotations

from django.db.models import Q

from uommam.orgs.models import Role, RoleAssignment
from uommam.orgs.scope import register
from uommam.orgs.tree import path_q

from .models import AnnualPlan

# A plan is drafted, edited and issued by the cell's secretary or a committee officer above it.
PLAN_WRITE_ROLES = (Role.COMMITTEE_OFFICER, Role.CELL_SECRETARY)


def _in_subtree(assignment: RoleAssignment) -> Q:
    return path_q("unit__path", assignment.unit)


def _own_unit(assignment: RoleAssignment) -> Q:
    return Q(unit_id=assignment.unit_id)


for _role in (Role.COMMITTEE_OFFICER, Role.VIEWER):
    register(AnnualPlan, _role, _in_subtree)
register(AnnualPlan, Role.CELL_SECRETARY, _own_unit)
