"""Who sees referrals, and the one door through which a receiver sees a student (uommam.orgs.scope).

A receiving officer sees only the referrals addressed to their unit and, through them, the referred
students: nothing else of the sending school (no candidacy, no other student, no Party member).
"""

from __future__ import annotations

from django.db.models import Q

from uommam.orgs.models import Role, RoleAssignment
from uommam.orgs.scope import register
from uommam.orgs.tree import path_q
from uommam.people.models import Person

from .models import Referral

# Who may send referrals and record a paper acknowledgement (sender side).
SENDER_ROLES = (Role.CELL_SECRETARY, Role.COMMITTEE_OFFICER)
# Who may acknowledge, assign a helper, record the outcome and pass on (receiver side, own unit only).
RECEIVER_ROLES = (Role.RECEIVING_OFFICER, Role.COMMITTEE_OFFICER)


def _from_own_cell(assignment: RoleAssignment) -> Q:
    return Q(from_cell_id=assignment.unit_id)


def _committee(assignment: RoleAssignment) -> Q:
    # Sent from cells below the committee, or addressed to the committee itself.
    return path_q("from_cell__path", assignment.unit) | Q(to_unit_id=assignment.unit_id)


def _viewer(assignment: RoleAssignment) -> Q:
    return path_q("from_cell__path", assignment.unit) | path_q("to_unit__path", assignment.unit)


def _addressed_to_unit(assignment: RoleAssignment) -> Q:
    return Q(to_unit_id=assignment.unit_id)


def _people_referred_to_unit(assignment: RoleAssignment) -> Q:
    return Q(referrals__to_unit_id=assignment.unit_id)


register(Referral, Role.CELL_SECRETARY, _from_own_cell)
register(Referral, Role.COMMITTEE_OFFICER, _committee)
register(Referral, Role.VIEWER, _viewer)
register(Referral, Role.RECEIVING_OFFICER, _addressed_to_unit)
register(Person, Role.RECEIVING_OFFICER, _people_referred_to_unit)
