"""A candidacy's two admission deadlines, asked of `uommam.rules` with the candidacy's own dates.

The candidate page, the to-do page, the reminders and the workflow's guard all need the decision and the
ceremony deadlines; they take them from here so that each counts from the same dates (the ceremony from
the day the decision was received, or from the day it was issued where the regulation set in force says so)
and says the same number of working days as the set it was counted with.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from uommam import rules
from uommam.core.rules_config import rules_settings

from .models import Candidate
from .wording import working_days


def decision_due(candidate: Candidate) -> date | None:
    """The last day for the decision after the cell's vote (extended when the committee extended it)."""
    if candidate.cell_meeting_on is None:
        return None
    due = rules.decision_due_extended if candidate.decision_extended else rules.decision_due
    return due(candidate.cell_meeting_on, settings=rules_settings())


def decision_rule(candidate: Candidate) -> str:
    """How :func:`decision_due` was counted, e.g. "60 working days after the cell's resolution"."""
    if candidate.cell_meeting_on is None:
        return ""
    values = rules_settings().on(candidate.cell_meeting_on)
    if candidate.decision_extended:
        return _("%(days)s after the cell's resolution, %(more)s more as extended") % {
            "days": working_days(values.decision_working_days),
            "more": working_days(values.decision_extension_working_days),
        }
    return _("%(days)s after the cell's resolution") % {"days": working_days(values.decision_working_days)}


def decision_received(candidate: Candidate) -> date | None:
    """The day the cell received the decision (its date of issue when the receipt was not recorded)."""
    return candidate.decision_received_on or candidate.decision_on


def ceremony_due(candidate: Candidate) -> date | None:
    """The last day for the ceremony once the decision is known."""
    received = decision_received(candidate)
    if received is None:
        return None
    return rules.ceremony_due(received, decision_issued_on=candidate.decision_on, settings=rules_settings())


def ceremony_rule(candidate: Candidate) -> str:
    """How :func:`ceremony_due` was counted, e.g. "30 working days after receiving the decision"."""
    received = decision_received(candidate)
    if received is None:
        return ""
    s = rules_settings()
    start = rules.ceremony_counted_from(received, candidate.decision_on, settings=s)
    days = working_days(s.on(start).ceremony_working_days)
    if start != received:
        return _("%(days)s after the decision was issued") % {"days": days}
    return _("%(days)s after receiving the decision") % {"days": days}
