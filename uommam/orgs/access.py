"""What each role may do with units and with the journal (see uommam.orgs.capabilities).

Kept apart from `scope.py` (which only says how roles see the tree) because the journal lives in the
audit app, which sits below orgs and must not import it.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet

from uommam.audit.models import AuditEntry
from uommam.audit.selectors import register_journal_scope

from .capabilities import CHANGE, NEVER, READ, describe, may_somewhere, permitted, register
from .models import OrgUnit, RoleAssignment
from .roles import CLASS_MANAGER_ROLES, FULL_DETAIL_ROLES, Role
from .tree import path_q, subtree_prefixes

SET_TARGET = describe("target.set", "set the targets of a unit")
ORGANISE_CLASS = describe("class.organise", "open an awareness class for a unit")
SEE_DETAILS = describe("person.see_details", "see citizen IDs and relatives in full")
CHECK_RECORDS = describe("records.check", "list stored records that break an authority or time-order rule")


def _strictly_below(assignment: RoleAssignment) -> Q:
    """Units strictly below the assignment's unit (today's tree)."""
    return Q(path__startswith=assignment.unit.path) & ~Q(pk=assignment.unit_id)


def _subtree(assignment: RoleAssignment) -> Q:
    """The unit and its current and former descendants."""
    return path_q("path", assignment.unit)


def _school_of_body(assignment: RoleAssignment) -> Q:
    """The school of the cell (and its units)."""
    unit = assignment.unit
    return Q(path__startswith=unit.school.path) if unit.school is not None else Q(pk=unit.pk)


def _journal_of_subtree(assignment: RoleAssignment) -> Q:
    """Journal entries recorded for units of the subtree (current and former descendants)."""
    return reduce(or_, (Q(unit_path__startswith=p) for p in subtree_prefixes(assignment.unit)))


def _journal_of_school(assignment: RoleAssignment) -> Q:
    """Journal entries recorded for the cell's school."""
    unit = assignment.unit.school if assignment.unit.school is not None else assignment.unit
    return reduce(or_, (Q(unit_path__startswith=p) for p in subtree_prefixes(unit)))


def _school_and_own_unit(assignment: RoleAssignment) -> Q:
    """The own unit and the school it belongs to."""
    unit = assignment.unit
    q = Q(pk=unit.pk)
    if unit.school is not None:
        q |= Q(path__startswith=unit.school.path)
    return q


def _own_unit(assignment: RoleAssignment) -> Q:
    """The own unit only."""
    return Q(pk=assignment.unit_id)


# How each role sees the organisation tree itself. "Change" on a unit means writing records held
# there (adding a student to a school: the student-writing roles); units themselves are changed in
# the back office only.
for _role in (Role.COMMITTEE_OFFICER, Role.VIEWER, Role.CENTRE_OFFICER):
    register(OrgUnit, _role, read=_subtree)
for _role in (Role.CELL_SECRETARY, Role.YOUTH_UNION_SECRETARY):
    register(OrgUnit, _role, read=_school_and_own_unit)
register(OrgUnit, Role.RECEIVING_OFFICER, read=_own_unit)
register(OrgUnit, Role.COMMITTEE_OFFICER, act={CHANGE: _subtree})
for _role in (Role.CELL_SECRETARY, Role.YOUTH_UNION_SECRETARY):
    register(OrgUnit, _role, act={CHANGE: _school_and_own_unit})

register(OrgUnit, Role.COMMITTEE_OFFICER, act={SET_TARGET: _strictly_below, SEE_DETAILS: _subtree})
register(OrgUnit, Role.CELL_SECRETARY, act={SEE_DETAILS: _school_of_body})
# "Kiểm tra dữ liệu": a committee checks the records of its subtree (pipeline.integrity_views).
register(OrgUnit, Role.COMMITTEE_OFFICER, act={CHECK_RECORDS: _subtree})
for _role in CLASS_MANAGER_ROLES:
    register(OrgUnit, _role, act={ORGANISE_CLASS: _subtree})
# The journal is read by committee officers (their subtree); values of citizen IDs and relatives in
# it are shown in full to the roles that see them on the student's page.
register(
    AuditEntry,
    Role.COMMITTEE_OFFICER,
    read=_journal_of_subtree,
    act={CHANGE: NEVER, SEE_DETAILS: _journal_of_subtree},
)
register(AuditEntry, Role.CELL_SECRETARY, act={SEE_DETAILS: _journal_of_school})
assert set(FULL_DETAIL_ROLES) == {Role.COMMITTEE_OFFICER, Role.CELL_SECRETARY}  # the two rules above
__all__ = ["CHECK_RECORDS", "ORGANISE_CLASS", "READ", "SEE_DETAILS", "SET_TARGET"]


def _journal_scope(entries: QuerySet[AuditEntry], user: Any) -> QuerySet[AuditEntry] | None:
    """The journal page's rule (registered with audit, which sits below orgs): None when the user
    may read no entry anywhere, else the entries they may read."""
    if not may_somewhere(user, READ, AuditEntry):
        return None
    return permitted(entries, user, READ)


register_journal_scope(_journal_scope)
