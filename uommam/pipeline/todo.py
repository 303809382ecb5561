"""Việc cần làm: overdue and upcoming deadlines for the candidates the user may see and act on.

The page is a table of deadline kinds (`KINDS`): each kind names who acts on it, and builds its title
and help text from the rules settings in force today, so a deployment that changes a time limit sees
its own number on the page. One query for the open candidacies (with person and cell), then every
deadline is asked of `uommam.rules` in Python: the number of queries does not grow with the number of
candidates. `todo_sections(user)` feeds the home page (each section names its template) and the daily
reminder e-mail; a section only reaches the users whose role takes its action.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from uommam import rules
from uommam.core.rules_config import rules_settings
from uommam.orgs.models import Role
from uommam.orgs.scope import has_role, is_admin
from uommam.rules.settings import RulesSettings
from uommam.vn.dates import format_vn

from .due import ceremony_due, decision_due, decision_received
from .models import Candidate
from .selectors import candidates_visible_to
from .stages import Stage
from .wording import age_years, working_days

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


@dataclass(frozen=True)
class DeadlineKind:
    """One row of the to-do table: what is due, who acts on it, and its texts from the settings `s`."""

    key: str
    title: Callable[[RulesSettings], str]
    date_label: Any  # a lazy string
    action: Any  # a lazy string: the button of each line
    # The kind's explanation with the numbers of the regulation set in force on the day shown.
    help: Callable[[RulesSettings, date], str] = lambda s, today: ""
    acts: tuple[str, ...] = (Role.CELL_SECRETARY,)


def _ceremony_help(s: RulesSettings, today: date) -> str:
    days = working_days(s.ceremony_working_days)
    if s.regulation_set_for(today).ceremony_counted_from == "decision_issued":
        return _("%(limit)s after the decision was issued.") % {"limit": days}
    return _("%(limit)s after receiving the decision.") % {"limit": days}


KINDS: tuple[DeadlineKind, ...] = (
    DeadlineKind(
        "decision",
        lambda s: _("Admission decisions due"),
        gettext_lazy("Due by"),
        gettext_lazy("Record the decision"),
        lambda s, today: (
            _("%(limit)s after the cell's resolution (%(extension)s more when extended).")
            % {
                "limit": working_days(s.decision_working_days),
                "extension": working_days(s.decision_extension_working_days),
            }
        ),
        acts=(Role.COMMITTEE_OFFICER,),
    ),
    DeadlineKind(
        "ceremony",
        lambda s: _("Admission ceremonies due"),
        gettext_lazy("Due by"),
        gettext_lazy("Record the ceremony"),
        lambda s, today: _ceremony_help(s, today),
    ),
    DeadlineKind(
        "review",
        lambda s: _("Official recognition to consider"),
        gettext_lazy("Due by"),
        gettext_lazy("Hold the recognition meeting"),
        lambda s, today: (
            _("Within %(limit)s after the %(months)s-month probation ends.")
            % {"limit": working_days(s.official_review_working_days), "months": s.probation_months}
        ),
    ),
    DeadlineKind(
        "certificates",
        lambda s: (
            ngettext(
                "Certificates expiring within %(months)s month",
                "Certificates expiring within %(months)s months",
                settings.UOMMAM_CERTIFICATE_WARNING_MONTHS,
            )
            % {"months": settings.UOMMAM_CERTIFICATE_WARNING_MONTHS}
        ),
        gettext_lazy("Expires on"),
        gettext_lazy("Plan the vote or the class"),
        lambda s, today: (
            _("Candidates not yet voted on by the cell; a certificate is valid for %(months)s months.")
            % {"months": s.certificate_validity_months}
        ),
    ),
    DeadlineKind(
        "turning18",
        lambda s: _("Turning %(age)s this month or next") % {"age": age_years(s.admission_age_months)},
        gettext_lazy("Of age from"),
        gettext_lazy("Prepare the dossier"),
    ),
    DeadlineKind(
        "leaving",
        lambda s: _("Will leave school before %(age)s") % {"age": age_years(s.admission_age_months)},
        gettext_lazy("Leaves school on"),
        gettext_lazy("Prepare a referral"),
    ),
    DeadlineKind(
        "left_school",
        lambda s: _("Left school with an open candidacy"),
        gettext_lazy("Left school on"),
        gettext_lazy("Close or refer"),
        lambda s, today: _(
            "Shown apart from the current students: they no longer attend a class or wait for their age here."
        ),
    ),
)


def acts_on(kind: DeadlineKind, user: Any) -> bool:
    """Whether the user's role takes this kind's action (an administrator stands in for every role)."""
    return is_admin(user) or has_role(user, *kind.acts)


def _section(kind: DeadlineKind, items: list[TodoItem], s: RulesSettings, today: date) -> dict[str, Any]:
    items.sort(key=lambda i: (i.on, i.candidate.person.sort_key))
    return {
        "key": kind.key,
        "template": SECTION_TEMPLATE,
        "title": kind.title(s),
        "date_label": str(kind.date_label),
        "help": kind.help(s, today),
        "items": items,
        "overdue": sum(1 for i in items if i.overdue),
        "acts": kind.acts,
        "action": str(kind.action),
    }


def _end_of_next_month(today: date) -> date:
    return rules.add_months(today.replace(day=1), 2) - timedelta(days=1)


def _deadlines(c: Candidate, today: date, s: RulesSettings) -> Iterator[tuple[str, TodoItem]]:
    """Every (kind key, line) the candidate has due or upcoming today."""
    stage = c.stage
    if stage in (Stage.VOTED, Stage.COMMITTEE_RESOLVED) and c.cell_meeting_on and (due := decision_due(c)):
        note = _("cell's resolution of %(date)s") % {"date": format_vn(c.cell_meeting_on)}
        yield "decision", TodoItem(c, due, due < today, note)
    elif stage == Stage.DECIDED and (received := decision_received(c)) and (due := ceremony_due(c)):
        yield (
            "ceremony",
            TodoItem(c, due, due < today, _("decision received on %(date)s") % {"date": format_vn(received)}),
        )
    elif stage == Stage.PROBATIONARY and c.ceremony_on:
        ends = rules.probation_ends_on(c.ceremony_on, settings=s)
        due = rules.official_review_due(c.ceremony_on, settings=s)
        if ends <= today + timedelta(days=UPCOMING_DAYS):
            yield "review", TodoItem(c, due, due < today, _("probation ends on %(date)s") % {"date": format_vn(ends)})
    if stage not in BEFORE_VOTE:
        return
    # A recorded departure, or an expected leaving date that has passed (graduation): people.models.left_school_q.
    gone = c.person.left_school_as_of(today)
    if gone is not None:
        # Life after school: no class to attend again, no age to wait for at this school; the cell
        # closes the candidacy or refers the student (domain.md §7).
        note = _("left school on %(date)s: close the candidacy or refer the student") % {"date": format_vn(gone)}
        yield "left_school", TodoItem(c, gone, False, note)
        return
    if c.certificate_issued_on:
        expires = rules.certificate_expires_on(c.certificate_issued_on, settings=s)
        if expires <= rules.add_months(today, settings.UOMMAM_CERTIFICATE_WARNING_MONTHS):
            note = _("expired: the class must be attended again") if expires < today else _("before the cell's vote")
            yield "certificates", TodoItem(c, expires, expires < today, note)
    eligible = rules.admission_age_from(c.person.dob, settings=s)
    if today.replace(day=1) <= eligible <= _end_of_next_month(today):
        yield "turning18", TodoItem(c, eligible, False, _("of admission age from this date"))
    leaves = c.person.expected_leaving_on
    if leaves and c.person.left_school_on is None and leaves >= today:
        outlook = rules.forecast(
            c.person.dob, leaves, today=today, certificate_issued_on=c.certificate_issued_on, settings=s
        )
        if outlook.action == "refer":
            note = _(
                "still %(months)s month(s) short of %(age)s when leaving; of age from %(date)s: prepare a referral"
            ) % {
                "months": outlook.months_short_at_leaving,
                "age": age_years(s.admission_age_months),
                "date": format_vn(outlook.eligible_from),
            }
            yield "leaving", TodoItem(c, leaves, False, note)


# Those who answer for the candidacies of their cells see, beside their own work, how many lines are waiting on
# another role, with a link (issue 11): the cell and the committee above it. The Youth Union and read-only viewers
# see neither (issue 18): nothing here is theirs to do.
OVERSEERS = (Role.CELL_SECRETARY, Role.COMMITTEE_OFFICER)


def _for_others(section: dict[str, Any]) -> dict[str, Any]:
    """A section another role acts on: only how many lines there are, how many overdue, and where to see them."""
    return {
        **section,
        "items": [],
        "others": len(section["items"]),
        "others_overdue": section["overdue"],
        "overdue": 0,
        "link": reverse("pipeline:index"),
    }


def todo_sections(user: Any, *, today: date | None = None) -> list[dict[str, Any]]:
    """The non-empty sections of the user's to-do list, most urgent kinds first: in full those the user's role acts
    on; for an overseer (the cell, the committee), the others as counts with a link."""
    today = today or timezone.localdate()
    own = {kind.key for kind in KINDS if acts_on(kind, user)}
    oversees = has_role(user, *OVERSEERS)
    kinds = [kind for kind in KINDS if kind.key in own or oversees]
    if not kinds:
        return []  # a read-only viewer or a Youth Union secretary: nothing here is theirs to do
    s = rules_settings()
    items: dict[str, list[TodoItem]] = {kind.key: [] for kind in kinds}
    for candidate in candidates_visible_to(user).in_pipeline().select_related("person", "cell"):
        for key, item in _deadlines(candidate, today, s):
            if key in items:
                items[key].append(item)
    texts = s.on(today)  # the numbers in the help texts: those in force today
    sections = [_section(kind, items[kind.key], texts, today) for kind in kinds if items[kind.key]]
    return [section if section["key"] in own else _for_others(section) for section in sections]
