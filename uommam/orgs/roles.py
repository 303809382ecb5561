"""The roles and the groups of roles the rules speak of, defined once.

`Role` itself is a model choice (`uommam.orgs.models`); every app takes its groups from here, so a
group such as "who receives referrals" cannot be written twice, differently.
"""

from __future__ import annotations

from .models import Role

__all__ = [
    "CANDIDATE_WRITE_ROLES",
    "CLASS_MANAGER_ROLES",
    "FULL_DETAIL_ROLES",
    "MEMBER_WRITE_ROLES",
    "PERSON_WRITE_ROLES",
    "READ_ONLY_ROLES",
    "RECEIVER_ROLES",
    "SENDER_ROLES",
    "Role",
]

# A viewer never writes; other roles write only what a capability allows inside their scope.
READ_ONLY_ROLES = frozenset({Role.VIEWER})
# Citizen IDs and relatives in full, inside their scope (people.privacy; field rights).
FULL_DETAIL_ROLES = (Role.COMMITTEE_OFFICER, Role.CELL_SECRETARY)
# Who may change a student's registry record, a Party member, a candidacy inside their scope.
PERSON_WRITE_ROLES = (Role.COMMITTEE_OFFICER, Role.CELL_SECRETARY, Role.YOUTH_UNION_SECRETARY)
MEMBER_WRITE_ROLES = (Role.COMMITTEE_OFFICER, Role.CELL_SECRETARY)
CANDIDATE_WRITE_ROLES = (Role.COMMITTEE_OFFICER, Role.CELL_SECRETARY, Role.YOUTH_UNION_SECRETARY)
# Referrals: who sends (and records a paper acknowledgement); who receives at their own unit.
SENDER_ROLES = (Role.CELL_SECRETARY, Role.COMMITTEE_OFFICER)
RECEIVER_ROLES = (Role.RECEIVING_OFFICER, Role.COMMITTEE_OFFICER)
# Awareness classes: the organiser's staff and the committees above the organiser.
CLASS_MANAGER_ROLES = (Role.CENTRE_OFFICER, Role.COMMITTEE_OFFICER)
