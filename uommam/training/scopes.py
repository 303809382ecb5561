"""How each role sees awareness classes, their enrolments — and, for political-centre staff,
the students and candidacies enrolled in their classes (product.md: they see nothing else).

Seeing a class is not managing it: committee officers and cell secretaries see the classes their
students attend, but only the organiser's staff and the committees above the organiser manage
one (`CLASS_MANAGER_ROLES` with the organiser inside the assignment's subtree).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from uommam.orgs.capabilities import CHANGE, capability_q, describe, register
from uommam.orgs.models import Role, RoleAssignment
from uommam.orgs.roles import CLASS_MANAGER_ROLES
from uommam.orgs.scope import NOTHING
from uommam.orgs.tree import path_q
from uommam.people.models import Person
from uommam.pipeline.models import Candidate

from .models import AwarenessClass, Enrolment

if TYPE_CHECKING:
    from uommam.accounts.models import User

MANAGE_CLASS = describe("class.manage", "change an awareness class, its roster, results and certificates")


def _classes_organised_in_subtree(assignment: RoleAssignment) -> Q:
    return path_q("organiser__path", assignment.unit)


def _classes_of_subtree(assignment: RoleAssignment) -> Q:
    # A committee sees the classes it (or a unit below it) runs, and those its schools' students attend.
    return path_q("organiser__path", assignment.unit) | path_q("enrolments__school__path", assignment.unit)


def _classes_attended_by_own_school(assignment: RoleAssignment) -> Q:
    school_id = assignment.unit.school_id
    return Q(enrolments__school_id=school_id) if school_id else NOTHING


def _enrolments_in_own_classes(assignment: RoleAssignment) -> Q:
    return path_q("awareness_class__organiser__path", assignment.unit)


def _enrolments_of_subtree(assignment: RoleAssignment) -> Q:
    return path_q("awareness_class__organiser__path", assignment.unit) | path_q("school__path", assignment.unit)


def _enrolments_of_own_school(assignment: RoleAssignment) -> Q:
    school_id = assignment.unit.school_id
    return Q(school_id=school_id) if school_id else NOTHING


def _enrolled_in_own_classes(assignment: RoleAssignment) -> Q:
    return path_q("class_enrolments__awareness_class__organiser__path", assignment.unit)


register(AwarenessClass, Role.CENTRE_OFFICER, read=_classes_organised_in_subtree)
register(Enrolment, Role.CENTRE_OFFICER, read=_enrolments_in_own_classes)
for _role in (Role.COMMITTEE_OFFICER, Role.VIEWER):
    register(AwarenessClass, _role, read=_classes_of_subtree)
    register(Enrolment, _role, read=_enrolments_of_subtree)
for _role in (Role.CELL_SECRETARY, Role.YOUTH_UNION_SECRETARY):
    register(AwarenessClass, _role, read=_classes_attended_by_own_school)
    register(Enrolment, _role, read=_enrolments_of_own_school)
# Political-centre staff: the people and candidacies enrolled in their classes, nothing more.
register(Person, Role.CENTRE_OFFICER, read=_enrolled_in_own_classes)
register(Candidate, Role.CENTRE_OFFICER, read=_enrolled_in_own_classes, act={CHANGE: _enrolled_in_own_classes})


for _role in CLASS_MANAGER_ROLES:
    register(AwarenessClass, _role, act={MANAGE_CLASS: _classes_organised_in_subtree})


def manageable_q(user: User) -> Q | None:
    """Classes the user may change; None means all (administrator)."""
    return capability_q(AwarenessClass, user, MANAGE_CLASS)
