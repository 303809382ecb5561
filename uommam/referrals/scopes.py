"""Who sees referrals, and the one door through which a receiver sees a student (uommam.orgs.scope).

A receiving officer sees only the referrals addressed to their unit and, through them, the referred
students: nothing else of the sending school (no candidacy, no other student, no Party member).
"""

from __future__ import annotations

from django.db.models import Q

from uommam.orgs.capabilities import describe, register
from uommam.orgs.models import RoleAssignment
from uommam.orgs.roles import RECEIVER_ROLES, SENDER_ROLES, Role
from uommam.orgs.tree import path_q
from uommam.people.models import Person
from uommam.pipeline.models import Candidate

from .models import Referral

__all__ = ["RECEIVE", "RECEIVER_ROLES", "SEND", "SENDER_ROLES", "SENDER_SIDE"]

# Acknowledge, assign a helper, record the outcome and pass on: the receiver side, own unit only.
RECEIVE = describe("referral.receive", "act as the receiving organisation of a referral")
# Record a paper acknowledgement and follow up: the sending cell and the committees above it.
SENDER_SIDE = describe("referral.sender_side", "act as the sender of a referral")
# Refer a student (the send page, from the forecast): the cell that holds the candidacy signs the letter.
SEND = describe("referral.send", "refer a student of the own cell to another organisation")


def _from_own_cell(assignment: RoleAssignment) -> Q:
    return Q(from_cell_id=assignment.unit_id)


def _committee(assignment: RoleAssignment) -> Q:
    # Sent from cells below the committee, or addressed to the committee itself.
    return path_q("from_cell__path", assignment.unit) | Q(to_unit_id=assignment.unit_id)


def _sent_from_subtree(assignment: RoleAssignment) -> Q:
    return path_q("from_cell__path", assignment.unit)


def _viewer(assignment: RoleAssignment) -> Q:
    return path_q("from_cell__path", assignment.unit) | path_q("to_unit__path", assignment.unit)


def _addressed_to_unit(assignment: RoleAssignment) -> Q:
    return Q(to_unit_id=assignment.unit_id)


def _candidacies_of_own_cell(assignment: RoleAssignment) -> Q:
    return Q(cell_id=assignment.unit_id)


def _people_referred_to_unit(assignment: RoleAssignment) -> Q:
    return Q(referrals__to_unit_id=assignment.unit_id)


register(Referral, Role.CELL_SECRETARY, read=_from_own_cell)
register(Referral, Role.COMMITTEE_OFFICER, read=_committee)
register(Referral, Role.VIEWER, read=_viewer)
register(Referral, Role.RECEIVING_OFFICER, read=_addressed_to_unit)
register(Person, Role.RECEIVING_OFFICER, read=_people_referred_to_unit)
for _role in RECEIVER_ROLES:
    register(Referral, _role, act={RECEIVE: _addressed_to_unit})
register(Referral, Role.CELL_SECRETARY, act={SENDER_SIDE: _from_own_cell})
register(Referral, Role.COMMITTEE_OFFICER, act={SENDER_SIDE: _sent_from_subtree})
register(Candidate, Role.CELL_SECRETARY, act={SEND: _candidacies_of_own_cell})
assert set(SENDER_ROLES) == {Role.CELL_SECRETARY, Role.COMMITTEE_OFFICER}  # the two rules above
