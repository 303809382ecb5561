"""Who sees which targets (see uommam.orgs.scope): the same subtree rule as the tree itself."""

from __future__ import annotations

from django.db.models import Q

from uommam.orgs.capabilities import register
from uommam.orgs.models import Role, RoleAssignment
from uommam.orgs.tree import path_q

from .models import Target


def _in_subtree(assignment: RoleAssignment) -> Q:
    return path_q("unit__path", assignment.unit)


def _own_school(assignment: RoleAssignment) -> Q:
    unit = assignment.unit
    q = Q(unit_id=unit.pk)
    if unit.school is not None:
        q |= Q(unit__path__startswith=unit.school.path)
    return q


for _role in (Role.COMMITTEE_OFFICER, Role.VIEWER, Role.CENTRE_OFFICER):
    register(Target, _role, read=_in_subtree)
for _role in (Role.CELL_SECRETARY, Role.YOUTH_UNION_SECRETARY):
    register(Target, _role, read=_own_school)
