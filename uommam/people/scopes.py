"""How each role sees students and Party members (see uommam.orgs.scope)."""

from __future__ import annotations

from django.db.models import Q

from uommam.orgs.capabilities import CHANGE, register
from uommam.orgs.models import Role, RoleAssignment
from uommam.orgs.roles import MEMBER_WRITE_ROLES, PERSON_WRITE_ROLES
from uommam.orgs.scope import NOTHING
from uommam.orgs.tree import path_q

from .models import PartyMember, Person

# Who may change a student's registry record inside their scope (defined with the other role groups).
__all__ = ["MEMBER_WRITE_ROLES", "PERSON_WRITE_ROLES"]


def _students_in_subtree(assignment: RoleAssignment) -> Q:
    return path_q("school__path", assignment.unit)


def _students_of_own_school(assignment: RoleAssignment) -> Q:
    school_id = assignment.unit.school_id
    return Q(school_id=school_id) if school_id else NOTHING


def _members_in_subtree(assignment: RoleAssignment) -> Q:
    return path_q("cell__path", assignment.unit)


def _members_of_own_cell(assignment: RoleAssignment) -> Q:
    return Q(cell_id=assignment.unit_id)


def _members_of_school_cells(assignment: RoleAssignment) -> Q:
    # A Youth Union secretary needs the school cell's members to propose helpers.
    school_id = assignment.unit.school_id
    return Q(cell__school_id=school_id) if school_id else NOTHING


for role in (Role.COMMITTEE_OFFICER, Role.VIEWER):
    register(Person, role, read=_students_in_subtree)
    register(PartyMember, role, read=_members_in_subtree)
for role in (Role.CELL_SECRETARY, Role.YOUTH_UNION_SECRETARY):
    register(Person, role, read=_students_of_own_school)
# Changing a student's record: the writing roles, where they read.
register(Person, Role.COMMITTEE_OFFICER, act={CHANGE: _students_in_subtree})
register(PartyMember, Role.COMMITTEE_OFFICER, act={CHANGE: _members_in_subtree})
for role in (Role.CELL_SECRETARY, Role.YOUTH_UNION_SECRETARY):
    register(Person, role, act={CHANGE: _students_of_own_school})
register(PartyMember, Role.CELL_SECRETARY, act={CHANGE: _members_of_own_cell})
assert set(PERSON_WRITE_ROLES) == {Role.COMMITTEE_OFFICER, Role.CELL_SECRETARY, Role.YOUTH_UNION_SECRETARY}
assert set(MEMBER_WRITE_ROLES) == {Role.COMMITTEE_OFFICER, Role.CELL_SECRETARY}
register(PartyMember, Role.CELL_SECRETARY, read=_members_of_own_cell)
register(PartyMember, Role.YOUTH_UNION_SECRETARY, read=_members_of_school_cells)
