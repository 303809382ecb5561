"""Việc cần làm: overdue and upcoming deadlines for the candidates the user may see.

One query for the open candidacies (with person and cell), then every deadline is asked of
`uommam.rules` in Python: the number of queries does not grow with the number of candidates.
`todo_sections(user)` feeds the home page (each section names its template) and the daily
reminder e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from uommam import rules
from uommam.core.rules_config import rules_settings
from uommam.orgs.models import Role
from uommam.orgs.scope import has_role, is_admin
from uommam.vn.dates import format_vn

from .models import Candidate
from .selectors import candidates_visible_to
from .stages import Stage

SECTION_TEMPLATE = "pipeline/todo/section.html"
# How far ahead an upcoming deadline is listed.
UPCOMING_DAYS = 30
# Stages before the cell's vote, when age and certificate still matter.
BEFORE_VOTE = (Stage.IDENTIFIED, Stage.SYMPATHISER, Stage.IN_CLASS, Stage.CERTIFIED, Stage.DOSSIER)


@dataclass(frozen=True)
class TodoItem:
    candidate: Candidate
    on: date
    overdue: bool
    note: str = ""


def _section(
    key: str,
    title: str,
    date_label: str,
    items: list[TodoItem],
    help_text: str = "",
    *,
    acts: tuple[str, ...] = (Role.CELL_SECRETARY,),
    action: str = "",
) -> dict[str, Any]:
    """One kind of deadline. `acts`: the roles that take the action; `action`: what they do."""
    items.sort(key=lambda i: (i.on, i.candidate.person.sort_key))
    return {
        "key": key,
        "template": SECTION_TEMPLATE,
        "title": title,
        "date_label": date_label,
        "help": help_text,
        "items": items,
        "overdue": sum(1 for i in items if i.overdue),
        "acts": acts,
        "action": action,
    }


def _for_user(section: dict[str, Any], user: Any) -> dict[str, Any]:
    """Items for those who act; for the others, only how many there are and where to see them."""
    if is_admin(user) or has_role(user, *section["acts"]):
        return section
    return {
        **section,
        "items": [],
        "others": len(section["items"]),
        "others_overdue": section["overdue"],
        "overdue": 0,
        "link": reverse("pipeline:index"),
    }


def _end_of_next_month(today: date) -> date:
    return rules.add_months(today.replace(day=1), 2) - timedelta(days=1)


def todo_sections(user: Any, *, today: date | None = None) -> list[dict[str, Any]]:
    """The non-empty sections of the user's to-do list, most urgent kinds first."""
    today = today or timezone.localdate()
    s = rules_settings()
    soon = today + timedelta(days=UPCOMING_DAYS)
    candidates = list(candidates_visible_to(user).in_pipeline().select_related("person", "cell"))

    decision, ceremony, review, certificates, turning, leaving, left = [], [], [], [], [], [], []
    month_start = today.replace(day=1)
    next_month_end = _end_of_next_month(today)
    certificate_horizon = rules.add_months(today, settings.UOMMAM_CERTIFICATE_WARNING_MONTHS)
    for c in candidates:
        stage = c.stage
        if stage in (Stage.VOTED, Stage.COMMITTEE_RESOLVED) and c.cell_meeting_on:
            due = (rules.decision_due_extended if c.decision_extended else rules.decision_due)(
                c.cell_meeting_on, settings=s
            )
            decision.append(
                TodoItem(
                    c, due, due < today, _("cell's resolution of %(date)s") % {"date": format_vn(c.cell_meeting_on)}
                )
            )
        elif stage == Stage.DECIDED and (c.decision_received_on or c.decision_on):
            received = c.decision_received_on or c.decision_on
            due = rules.ceremony_due(received, settings=s)
            ceremony.append(
                TodoItem(c, due, due < today, _("decision received on %(date)s") % {"date": format_vn(received)})
            )
        elif stage == Stage.PROBATIONARY and c.ceremony_on:
            ends = rules.probation_ends_on(c.ceremony_on, settings=s)
            due = rules.official_review_due(c.ceremony_on, settings=s)
            if ends <= soon:
                review.append(
                    TodoItem(c, due, due < today, _("probation ends on %(date)s") % {"date": format_vn(ends)})
                )
        if stage not in BEFORE_VOTE:
            continue
        # A recorded departure, or an expected leaving date that has passed (graduation): people.models.left_school_q.
        gone = c.person.left_school_as_of(today)
        if gone is not None:
            # Life after school: no class to attend again, no age to wait for at this school; the cell
            # closes the candidacy or refers the student (domain.md §7).
            left.append(
                TodoItem(
                    c,
                    gone,
                    False,
                    _("left school on %(date)s: close the candidacy or refer the student") % {"date": format_vn(gone)},
                )
            )
            continue
        if c.certificate_issued_on:
            expires = rules.certificate_expires_on(c.certificate_issued_on, settings=s)
            if expires <= certificate_horizon:
                note = (
                    _("expired: the class must be attended again") if expires < today else _("before the cell's vote")
                )
                certificates.append(TodoItem(c, expires, expires < today, note))
        eligible = rules.admission_age_from(c.person.dob, settings=s)
        if month_start <= eligible <= next_month_end:
            turning.append(TodoItem(c, eligible, False, _("of admission age from this date")))
        leaves = c.person.expected_leaving_on
        if leaves and c.person.left_school_on is None and leaves >= today:
            outlook = rules.forecast(
                c.person.dob, leaves, today=today, certificate_issued_on=c.certificate_issued_on, settings=s
            )
            if outlook.action == "refer":
                leaving.append(
                    TodoItem(
                        c,
                        leaves,
                        False,
                        _(
                            "still %(months)s month(s) short of 18 when leaving; of age from %(date)s: prepare a referral"
                        )
                        % {"months": outlook.months_short_at_leaving, "date": format_vn(outlook.eligible_from)},
                    )
                )

    sections = [
        _section(
            "decision",
            _("Admission decisions due"),
            _("Due by"),
            decision,
            _("60 working days after the cell's resolution."),
            acts=(Role.COMMITTEE_OFFICER,),
            action=_("Record the decision"),
        ),
        _section(
            "ceremony",
            _("Admission ceremonies due"),
            _("Due by"),
            ceremony,
            _("30 working days after receiving the decision."),
            action=_("Record the ceremony"),
        ),
        _section(
            "review",
            _("Official recognition to consider"),
            _("Due by"),
            review,
            _("Within 30 working days after the 12-month probation ends."),
            action=_("Hold the recognition meeting"),
        ),
        _section(
            "certificates",
            _("Certificates expiring within 6 months"),
            _("Expires on"),
            certificates,
            _("Candidates not yet voted on by the cell."),
            action=_("Plan the vote or the class"),
        ),
        _section(
            "turning18", _("Turning 18 this month or next"), _("Of age from"), turning, action=_("Prepare the dossier")
        ),
        _section(
            "leaving", _("Will leave school before 18"), _("Leaves school on"), leaving, action=_("Prepare a referral")
        ),
        _section(
            "left_school",
            _("Left school with an open candidacy"),
            _("Left school on"),
            left,
            _("Shown apart from the current students: they no longer attend a class or wait for their age here."),
            action=_("Close or refer"),
        ),
    ]
    return [_for_user(section, user) for section in sections if section["items"]]
