"""How each role sees candidacies (see uommam.orgs.scope)."""

from __future__ import annotations

from django.db.models import Q

from uommam.orgs.capabilities import CHANGE, register
from uommam.orgs.models import Role, RoleAssignment
from uommam.orgs.roles import CANDIDATE_WRITE_ROLES
from uommam.orgs.scope import NOTHING
from uommam.orgs.tree import path_q

from .models import Candidate

# Who may act on a candidacy in their scope; each transition narrows this further.
__all__ = ["CANDIDATE_WRITE_ROLES"]


def _in_subtree(assignment: RoleAssignment) -> Q:
    return path_q("cell__path", assignment.unit)


def _own_cell(assignment: RoleAssignment) -> Q:
    return Q(cell_id=assignment.unit_id)


def _school_cells(assignment: RoleAssignment) -> Q:
    school_id = assignment.unit.school_id
    return Q(cell__school_id=school_id) if school_id else NOTHING


for role in (Role.COMMITTEE_OFFICER, Role.VIEWER):
    register(Candidate, role, read=_in_subtree)
register(Candidate, Role.CELL_SECRETARY, read=_own_cell)
register(Candidate, Role.YOUTH_UNION_SECRETARY, read=_school_cells)
register(Candidate, Role.COMMITTEE_OFFICER, act={CHANGE: _in_subtree})
register(Candidate, Role.CELL_SECRETARY, act={CHANGE: _own_cell})
register(Candidate, Role.YOUTH_UNION_SECRETARY, act={CHANGE: _school_cells})
assert set(CANDIDATE_WRITE_ROLES) == {Role.COMMITTEE_OFFICER, Role.CELL_SECRETARY, Role.YOUTH_UNION_SECRETARY}
