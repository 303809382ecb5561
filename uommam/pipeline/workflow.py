"""The admission workflow, in one file, read top to bottom:

stages (in `stages.py`, shared with the models) → guards → effects → the transition table →
`available_transitions()` for the action panel → `perform()`, the only code that changes
`Candidate.stage`.

A guard answers `None` when the step may go ahead, or a translated reason naming the date and
the rule ("Chưa đủ 18 tuổi tại ngày chi bộ xét — đủ tuổi từ 01/09/2026"). Every computation of
a regulation comes from `uommam.rules`; this module only asks it questions.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.db import models, transaction
from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uommam import rules
from uommam.audit.models import AuditEntry
from uommam.audit.services import audit_entry, audit_record
from uommam.core import integrity
from uommam.core.clock import Clock
from uommam.core.clock import system as system_clock
from uommam.core.rules_config import rules_settings
from uommam.orgs import authority
from uommam.orgs.models import Role
from uommam.orgs.scope import assignments, is_admin, writable
from uommam.people.models import MemberStatus
from uommam.vn.dates import format_vn

from . import due as deadlines
from .models import Candidate, CandidateEvent, EventKind
from .notifications import notify_transition
from .stages import Stage
from .wording import age_years

if TYPE_CHECKING:
    from uommam.accounts.models import User

__all__ = [
    "ENTRY_STAGE",
    "AppliedTransition",
    "PermissionMemo",
    "TRANSITIONS",
    "Stage",
    "Transition",
    "TransitionError",
    "TransitionOption",
    "apply_transition",
    "available_transitions",
    "event_evidence",
    "perform",
    "void_last_step",
]

Data = Mapping[str, Any]
Guard = Callable[[Candidate, Data, date], "str | None"]
Effect = Callable[[Candidate, Data], None]


class TransitionError(Exception):
    """The step is not possible now; `reasons` are translated sentences for the user."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


# --- Helpers for guards --------------------------------------------------------------------


def _cite(rule: rules.RuleKey, on: date) -> str:
    # The deployment's sets (UOMMAM_REGULATION_SETS_FILE): a set it adds changes the citation from its first day.
    return rules.citation_for(rule, on=on, sets=rules_settings().regulation_sets).text


def admission_route(candidate: Candidate, on: date) -> rules.AdmissionRoute:
    """The candidate's route after the vote on `on` (the cell's meeting): whether the cell is a grassroots cell
    then, from the tree, and what the regulation set in force says about its steps and deciding organ."""
    return rules.admission_route(
        grassroots_cell=authority.is_grassroots_cell_on(candidate.cell, on),
        on=on,
        sets=rules_settings().regulation_sets,
    )


def _meeting_date(candidate: Candidate, data: Data, today: date) -> date:
    return data.get("cell_meeting_on") or candidate.cell_meeting_on or today


# --- Guards ----------------------------------------------------------------------------------


def guard_helper_is_official_member(candidate: Candidate, data: Data, today: date) -> str | None:
    """The helper is a current official member of the candidate's cell."""
    helper = data.get("helper") or candidate.helper
    if helper is None:
        return None  # asked for by the form; `requires` refuses a perform() without one
    return helper_problem(candidate, helper)


def helper_problem(candidate: Candidate, helper: Any) -> str | None:
    """Why `helper` cannot help `candidate` (None when they can); also used by the helper-change service."""
    if helper.status != MemberStatus.OFFICIAL:
        return _("%(name)s is a probationary member; the helper must be an official member.") % {"name": helper}
    if helper.cell_id != candidate.cell_id:
        return _("%(name)s is not a member of this cell.") % {"name": helper}
    if helper.left_unit_on is not None:
        return _("%(name)s left the cell on %(date)s.") % {"name": helper, "date": format_vn(helper.left_unit_on)}
    return None


def guard_certificate_date_known(candidate: Candidate, data: Data, today: date) -> str | None:
    """The certificate's date of issue is not in the future."""
    issued = data.get("certificate_issued_on")
    if issued is not None and issued > today:
        return _("The certificate date %(date)s is in the future.") % {"date": format_vn(issued)}
    return None


def guard_certificate_number_unused(candidate: Candidate, data: Data, today: date) -> str | None:
    """The certificate's number is not already another student's certificate from the same issuer."""
    number = (data.get("certificate_number") or "").strip()
    if not number:
        return None
    issuer = data.get("certificate_issuer")
    same = Candidate.objects.filter(certificate_number__iexact=number).exclude(person_id=candidate.person_id)
    if issuer is not None:
        same = same.filter(Q(certificate_issuer=issuer) | Q(certificate_issuer__isnull=True))
    holder = same.select_related("person").first()
    if holder is None:
        return None
    return _("The certificate number %(number)s is already %(name)s's: check the number on the certificate.") % {
        "number": number,
        "name": holder.person.full_name,
    }


def guard_certificate_valid_today(candidate: Candidate, data: Data, today: date) -> str | None:
    """The awareness-class certificate is still valid today (60 months)."""
    return _certificate_verdict(candidate, today)


def _certificate_verdict(candidate: Candidate, on: date) -> str | None:
    issued = candidate.certificate_issued_on
    if issued is None:
        return _("No awareness-class certificate is recorded.")
    settings = rules_settings()
    if on < issued:
        return _("The certificate was issued on %(date)s, after %(on)s: it did not exist yet that day.") % {
            "date": format_vn(issued),
            "on": format_vn(on),
        }
    if not rules.certificate_is_valid(issued, on, settings=settings):
        expired = rules.certificate_expires_on(issued, settings=settings)
        return _("The certificate expired on %(date)s (%(source)s): the student must attend the class again.") % {
            "date": format_vn(expired),
            "source": _cite("certificate_validity", on),
        }
    return None


def guard_certificate_expired(candidate: Candidate, data: Data, today: date) -> str | None:
    """The certificate has expired, so the student must attend the class again (06-HD/TW 5.4)."""
    issued = candidate.certificate_issued_on
    if issued is None:
        return None
    settings = rules_settings()
    if rules.certificate_is_valid(issued, today, settings=settings):
        return _("The certificate is valid until %(date)s: the student need not attend the class again.") % {
            "date": format_vn(rules.certificate_expires_on(issued, settings=settings))
        }
    return None


def guard_certificate_valid_at_meeting(candidate: Candidate, data: Data, today: date) -> str | None:
    """The certificate is valid on the date of the cell's admission meeting."""
    return _certificate_verdict(candidate, _meeting_date(candidate, data, today))


def guard_of_age_at_meeting(candidate: Candidate, data: Data, today: date) -> str | None:
    """The student is of full 18 years (counted by month) on the date of the cell's meeting."""
    meeting = _meeting_date(candidate, data, today)
    settings = rules_settings()
    dob = candidate.person.dob
    if rules.is_of_admission_age(dob, meeting, policy=settings.age_policy, settings=settings):
        return None
    in_force = settings.on(meeting)  # the set is_of_admission_age asked
    eligible = rules.admission_age_from(dob, policy=settings.age_policy, settings=in_force)
    return _("Not yet %(age)s on the day the cell meets (%(meeting)s) — of age from %(date)s (%(source)s).") % {
        "age": age_years(in_force.admission_age_months),
        "meeting": format_vn(meeting),
        "date": format_vn(eligible),
        "source": _cite("admission_age", meeting),
    }


def guard_meeting_not_in_future(candidate: Candidate, data: Data, today: date) -> str | None:
    """The meeting date is not in the future."""
    meeting = data.get("cell_meeting_on")
    if meeting is not None and meeting > today:
        return _("The meeting date %(date)s is in the future: record the vote after the meeting.") % {
            "date": format_vn(meeting)
        }
    return None


def guard_two_thirds_voted(candidate: Candidate, data: Data, today: date) -> str | None:
    """At least two thirds of the cell's official members voted for admission."""
    members = data.get("official_members_count")
    votes = data.get("votes_for")
    if members is None or votes is None:
        return None  # checked once the form is filled in; the panel cannot know the votes yet
    if votes > members:
        return _("More votes for (%(votes)s) than official members counted (%(members)s).") % {
            "votes": votes,
            "members": members,
        }
    if not rules.vote_carries(votes, members):
        return _(
            "%(votes)s of %(members)s official members is less than two thirds: the cell did not approve. "
            "Record it as a failed vote."
        ) % {
            "votes": votes,
            "members": members,
        }
    return None


def guard_vote_failed(candidate: Candidate, data: Data, today: date) -> str | None:
    """Fewer than two thirds of the official members voted for admission (a failed vote is recorded too)."""
    members = data.get("official_members_count")
    votes = data.get("votes_for")
    if members is None or votes is None:
        return None
    if votes > members:
        return _("More votes for (%(votes)s) than official members counted (%(members)s).") % {
            "votes": votes,
            "members": members,
        }
    if rules.vote_carries(votes, members):
        return _("%(votes)s of %(members)s official members is at least two thirds: record the vote as approved.") % {
            "votes": votes,
            "members": members,
        }
    return None


def guard_decision_body_in_force(candidate: Candidate, data: Data, today: date) -> str | None:
    """The body named on the decision is the cell's deciding committee in force on the decision date."""
    decided = data.get("decision_on")
    if decided is None:
        return None
    return authority.decision_body_problem(candidate.cell, data.get("decision_body"), decided)


def guard_recognition_body_in_force(candidate: Candidate, data: Data, today: date) -> str | None:
    """The body named on the recognition is the cell's deciding committee in force on its date."""
    decided = data.get("official_decision_on")
    if decided is None:
        return None
    return authority.decision_body_problem(candidate.cell, data.get("official_decision_body"), decided)


def guard_certificate_issuer_alive(candidate: Candidate, data: Data, today: date) -> str | None:
    """The body issuing the certificate was alive on the certificate date."""
    issuer = data.get("certificate_issuer")
    issued = data.get("certificate_issued_on")
    if issuer is None or issued is None:
        return None
    return authority.body_problem(issuer, issued, act=_("the class certificate"))


def guard_dossier_complete(candidate: Candidate, data: Data, today: date) -> str | None:
    """Every form the route requires is received or checked."""
    from .dossier import missing_items

    missing = missing_items(candidate)
    if missing:
        return _("The dossier is incomplete: %(items)s.") % {"items": ", ".join(missing)}
    return None


def guard_introducers_eligible(candidate: Candidate, data: Data, today: date) -> str | None:
    """Enough introducers, each an official member with 12 months in the same unit."""
    from .dossier import introducer_problems

    problems = introducer_problems(candidate, _meeting_date(candidate, data, today))
    return " ".join(problems) if problems else None


def guard_not_needing_higher_decision(candidate: Candidate, data: Data, today: date) -> str | None:
    """The student is not over 60 (which would need a higher-level decision)."""
    meeting = _meeting_date(candidate, data, today)
    if rules.needs_higher_decision(candidate.person.dob, meeting, settings=rules_settings()):
        return _("Over 60 years old: admission needs a decision of a higher-level committee.")
    return None


def guard_cell_under_grassroots_committee(candidate: Candidate, data: Data, today: date) -> str | None:
    """The cell sits under a grassroots committee, whose resolution (8-KNĐ) is needed; a grassroots cell (chi bộ cơ sở) has none."""
    on = candidate.cell_meeting_on or today
    route = admission_route(candidate, on)
    if not route.needs_committee_resolution:
        return _(
            "%(cell)s is a grassroots cell: %(organ)s decides directly, without a grassroots committee "
            "resolution (8-KNĐ) (%(source)s)."
        ) % {"cell": candidate.cell, "organ": route.deciding_organ, "source": _cite("admission_route", on)}
    return None


def guard_decision_after_meeting(candidate: Candidate, data: Data, today: date) -> str | None:
    """The decision is dated after the cell's meeting, not in the future, and received after it was signed."""
    decided = data.get("decision_on")
    if decided is None:
        return None
    if candidate.cell_meeting_on and decided < candidate.cell_meeting_on:
        return _("The decision date %(date)s is before the cell's meeting (%(meeting)s).") % {
            "date": format_vn(decided),
            "meeting": format_vn(candidate.cell_meeting_on),
        }
    if decided > today:
        return _("The decision date %(date)s is in the future.") % {"date": format_vn(decided)}
    received = data.get("decision_received_on")
    if received is not None and received < decided:
        return _("The decision cannot be received before it was signed.")
    return None


def guard_ceremony_in_time_or_consented(candidate: Candidate, data: Data, today: date) -> str | None:
    """The ceremony follows the decision, is not in the future, and is within 30 working days of receiving it or has the superior's consent."""
    ceremony = data.get("ceremony_on")
    received = deadlines.decision_received(candidate)
    if ceremony is None or received is None:
        return None
    if ceremony < received:
        return _("The ceremony cannot be held before the decision was received (%(date)s).") % {
            "date": format_vn(received)
        }
    if ceremony > today:
        return _("The ceremony date %(date)s is in the future.") % {"date": format_vn(ceremony)}
    due = deadlines.ceremony_due(candidate)
    if due is not None and ceremony > due and not (data.get("late_ceremony_consent") or "").strip():
        return _(
            "The ceremony is later than %(due)s (%(rule)s, %(source)s): record the superior committee's consent."
        ) % {
            "due": format_vn(due),
            "rule": deadlines.ceremony_rule(candidate),
            "source": _cite("ceremony_deadline", received),
        }
    return None


def guard_probation_over(candidate: Candidate, data: Data, today: date) -> str | None:
    """The 12-month probation that started on the ceremony date has ended."""
    if candidate.ceremony_on is None:
        return _("No ceremony date is recorded.")
    ends = rules.probation_ends_on(candidate.ceremony_on, settings=rules_settings())
    meeting = data.get("official_meeting_on") or today
    if meeting < ends:
        return _("Probation ends on %(date)s (%(source)s).") % {
            "date": format_vn(ends),
            "source": _cite("probation_period", candidate.ceremony_on),
        }
    return None


def guard_recognition_two_thirds(candidate: Candidate, data: Data, today: date) -> str | None:
    """At least two thirds of the cell's official members voted for recognition."""
    members = data.get("official_members_at_review")
    votes = data.get("official_votes_for")
    if members is None or votes is None:
        return None
    if not rules.vote_carries(votes, members) or votes > members:
        return _("%(votes)s of %(members)s official members is less than two thirds: recognition not approved.") % {
            "votes": votes,
            "members": members,
        }
    return None


def guard_theory_course_done(candidate: Candidate, data: Data, today: date) -> str | None:
    """The political-theory course for new members is recorded as completed."""
    if candidate.theory_course_completed_on is None and data.get("theory_course_completed_on") is None:
        return _("The political-theory course for new members is not recorded as completed.")
    return None


def guard_reason_given(candidate: Candidate, data: Data, today: date) -> str | None:
    """A reason is given."""
    if "exit_reason" in data and not (data.get("exit_reason") or "").strip():
        return _("Give the reason.")
    return None


def guard_no_youth_union_proposal(candidate: Candidate, data: Data, today: date) -> str | None:
    """Listing without a proposal is for students the Youth Union did not propose (else: accept it)."""
    if candidate.proposed_by_id is not None:
        return _("The Youth Union proposed this student: put the student on the list by accepting its proposal.")
    return None


def guard_listing_reason_given(candidate: Candidate, data: Data, today: date) -> str | None:
    """The cell says why it lists a student nobody proposed (asked only when the step is taken)."""
    if data and not (data.get("listing_reason") or "").strip():
        return _("Give the reason for putting the student on the list without a Youth Union proposal.")
    return None


def guard_committee_resolution_first(candidate: Candidate, data: Data, today: date) -> str | None:
    """Where the cell sits under a grassroots committee, its resolution (8-KNĐ) comes before the decision (not for a grassroots cell)."""
    if candidate.stage != Stage.VOTED:
        return None
    on = candidate.cell_meeting_on or today
    if admission_route(candidate, on).needs_committee_resolution:
        return _("Record the resolution of %(committee)s (8-KNĐ) before the admission decision.") % {
            "committee": authority.deciding_committee_on(candidate.cell, on)
        }
    return None


def guard_committee_resolution_dates(candidate: Candidate, data: Data, today: date) -> str | None:
    """The committee's resolution is dated between the cell's meeting and today."""
    resolved = data.get("committee_resolution_on")
    if resolved is None:
        return None
    if resolved > today:
        return _("The resolution date %(date)s is in the future.") % {"date": format_vn(resolved)}
    if candidate.cell_meeting_on and resolved < candidate.cell_meeting_on:
        return _("The resolution date %(date)s is before the cell's meeting (%(meeting)s).") % {
            "date": format_vn(resolved),
            "meeting": format_vn(candidate.cell_meeting_on),
        }
    return None


def guard_recognition_dates(candidate: Candidate, data: Data, today: date) -> str | None:
    """The recognition meeting and decision are not in the future, and the decision follows the meeting."""
    meeting = data.get("official_meeting_on")
    decided = data.get("official_decision_on")
    for value in (meeting, decided):
        if value is not None and value > today:
            return _("The date %(date)s is in the future.") % {"date": format_vn(value)}
    if meeting is not None and decided is not None and decided < meeting:
        return _("The recognition decision (%(decided)s) cannot precede the cell's meeting (%(meeting)s).") % {
            "decided": format_vn(decided),
            "meeting": format_vn(meeting),
        }
    return None


def guard_theory_course_not_in_future(candidate: Candidate, data: Data, today: date) -> str | None:
    """The theory course date, when given, is not in the future."""
    done = data.get("theory_course_completed_on")
    if done is not None and done > today:
        return _("The date %(date)s is in the future.") % {"date": format_vn(done)}
    return None


# --- Effects: what a transition writes besides the stage ------------------------------------


def _copy(*fields: str) -> Effect:
    def effect(candidate: Candidate, data: Data) -> None:
        for name in fields:
            if name in data:
                setattr(candidate, name, data[name])

    return effect


def _exit(candidate: Candidate, data: Data) -> None:
    candidate.exit_reason = (data.get("exit_reason") or "")[:255]
    candidate.exited_on = data.get("effective_on")


def _decide(candidate: Candidate, data: Data) -> None:
    _copy("decision_number", "decision_on", "decision_body", "decision_received_on", "decision_extended")(
        candidate, data
    )
    if candidate.decision_body is None and candidate.decision_on is not None:
        # The committee in force on the decision date: the closed district for a decision of 2024.
        candidate.decision_body = authority.deciding_committee_on(candidate.cell, candidate.decision_on)


def _recognise(candidate: Candidate, data: Data) -> None:
    _copy(
        "official_meeting_on",
        "official_members_at_review",
        "official_votes_for",
        "official_decision_number",
        "official_decision_on",
        "official_decision_body",
        "theory_course_completed_on",
    )(candidate, data)
    if candidate.official_decision_body is None and candidate.official_decision_on is not None:
        # The committee in force on the recognition date, as for the admission decision.
        candidate.official_decision_body = authority.deciding_committee_on(
            candidate.cell, candidate.official_decision_on
        )
    # Official as of the end of the 12 months even when the paperwork is late (domain.md §6.10).
    assert candidate.ceremony_on is not None
    candidate.official_on = rules.probation_ends_on(candidate.ceremony_on, settings=rules_settings())


def _nothing(candidate: Candidate, data: Data) -> None:
    return None


# --- The table -----------------------------------------------------------------------------

CELL = (Role.CELL_SECRETARY,)
CELL_OR_COMMITTEE = (Role.CELL_SECRETARY, Role.COMMITTEE_OFFICER)
COMMITTEE = (Role.COMMITTEE_OFFICER,)
BEFORE_ADMISSION = (
    Stage.IDENTIFIED,
    Stage.SYMPATHISER,
    Stage.IN_CLASS,
    Stage.CERTIFIED,
    Stage.DOSSIER,
    Stage.VOTED,
    Stage.COMMITTEE_RESOLVED,
)


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise
    sources: tuple[Stage, ...]
    target: Stage
    roles: tuple[str, ...]
    guards: tuple[Guard, ...] = ()
    effect: Effect = _nothing
    # Which date the event is effective on (a field of the submitted data); else today.
    date_field: str | None = None
    # Data keys `perform()` insists on (the panel cannot know them; the forms ask for them).
    requires: tuple[str, ...] = ()
    style: str = "primary"
    help: Promise = field(default=gettext_lazy(""))
    # The URL name of the page that takes this step together with its own records (a referral and its
    # letter); the action panel links there instead of offering a bare form.
    page: str = ""


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "accept_sympathiser",
        gettext_lazy("Put on the sympathiser list"),
        (Stage.IDENTIFIED,),
        Stage.SYMPATHISER,
        CELL_OR_COMMITTEE,
        guards=(guard_helper_is_official_member,),
        effect=_copy("helper"),
        requires=("helper",),
        date_field="effective_on",
    ),
    Transition(
        "list_without_proposal",
        gettext_lazy("Put on the sympathiser list without a Youth Union proposal"),
        (Stage.IDENTIFIED,),
        Stage.SYMPATHISER,
        CELL_OR_COMMITTEE,
        guards=(guard_no_youth_union_proposal, guard_listing_reason_given, guard_helper_is_official_member),
        effect=_copy("helper"),
        requires=("helper",),
        date_field="effective_on",
        style="secondary",
    ),
    Transition(
        "enrol",
        gettext_lazy("Enrol in an awareness class"),
        (Stage.SYMPATHISER,),
        Stage.IN_CLASS,
        # Enrolment happens in a class, by those who run classes; the cell proposes by its sympathiser list.
        (Role.CENTRE_OFFICER, Role.COMMITTEE_OFFICER),
        date_field="effective_on",
        page="training:class_list",
    ),
    Transition(
        "certify",
        gettext_lazy("Record the class certificate"),
        (Stage.SYMPATHISER, Stage.IN_CLASS),
        Stage.CERTIFIED,
        (Role.CENTRE_OFFICER, Role.CELL_SECRETARY, Role.COMMITTEE_OFFICER),
        guards=(guard_certificate_date_known, guard_certificate_number_unused, guard_certificate_issuer_alive),
        effect=_copy("certificate_number", "certificate_issued_on", "certificate_issuer"),
        requires=("certificate_number", "certificate_issued_on"),
        date_field="certificate_issued_on",
    ),
    Transition(
        "fail_class",
        gettext_lazy("Did not complete the class"),
        (Stage.IN_CLASS,),
        Stage.SYMPATHISER,
        (Role.CENTRE_OFFICER, Role.CELL_SECRETARY, Role.COMMITTEE_OFFICER),
        date_field="effective_on",
        style="secondary",
    ),
    Transition(
        "re_enrol",
        gettext_lazy("Back to the sympathiser list to attend the class again (certificate expired)"),
        (Stage.CERTIFIED, Stage.DOSSIER),
        Stage.SYMPATHISER,
        (Role.CELL_SECRETARY, Role.CENTRE_OFFICER, Role.COMMITTEE_OFFICER),
        guards=(guard_certificate_expired,),
        date_field="effective_on",
        style="secondary",
    ),
    Transition(
        "open_dossier",
        gettext_lazy("Start the dossier"),
        (Stage.CERTIFIED,),
        Stage.DOSSIER,
        CELL,
        guards=(guard_certificate_valid_today,),
        effect=_copy("route"),
        date_field="effective_on",
    ),
    Transition(
        "record_vote",
        gettext_lazy("Record the cell's admission vote"),
        (Stage.DOSSIER,),
        Stage.VOTED,
        CELL,
        guards=(
            guard_meeting_not_in_future,
            guard_of_age_at_meeting,
            guard_certificate_valid_at_meeting,
            guard_not_needing_higher_decision,
            guard_dossier_complete,
            guard_introducers_eligible,
            guard_two_thirds_voted,
        ),
        effect=_copy("cell_meeting_on", "cell_resolution_number", "official_members_count", "votes_for"),
        requires=("cell_meeting_on", "official_members_count", "votes_for"),
        date_field="cell_meeting_on",
    ),
    Transition(
        "record_failed_vote",
        gettext_lazy("Record a failed admission vote (the student stays a sympathiser)"),
        (Stage.DOSSIER,),
        # Fewer than two thirds: no resolution to admit; the student stays on the sympathiser list with
        # the certificate and may be considered again (Điều lệ Đảng Điều 4; 294-QĐ/TW 3.2).
        Stage.CERTIFIED,
        CELL,
        guards=(guard_meeting_not_in_future, guard_vote_failed),
        requires=("cell_meeting_on", "official_members_count", "votes_for"),
        date_field="cell_meeting_on",
        style="secondary",
    ),
    Transition(
        "record_committee_resolution",
        gettext_lazy("Record the grassroots committee's resolution"),
        (Stage.VOTED,),
        Stage.COMMITTEE_RESOLVED,
        CELL_OR_COMMITTEE,
        guards=(guard_cell_under_grassroots_committee, guard_committee_resolution_dates),
        effect=_copy("committee_resolution_on", "committee_resolution_number"),
        requires=("committee_resolution_on",),
        date_field="committee_resolution_on",
    ),
    Transition(
        "decide",
        gettext_lazy("Record the admission decision"),
        (Stage.VOTED, Stage.COMMITTEE_RESOLVED),
        Stage.DECIDED,
        COMMITTEE,
        guards=(guard_committee_resolution_first, guard_decision_after_meeting, guard_decision_body_in_force),
        effect=_decide,
        requires=("decision_number", "decision_on"),
        date_field="decision_on",
    ),
    Transition(
        "hold_ceremony",
        gettext_lazy("Record the admission ceremony"),
        (Stage.DECIDED,),
        Stage.PROBATIONARY,
        CELL,
        guards=(guard_ceremony_in_time_or_consented,),
        effect=_copy("ceremony_on", "late_ceremony_consent"),
        requires=("ceremony_on",),
        date_field="ceremony_on",
    ),
    Transition(
        "recognise_official",
        gettext_lazy("Recognise as official member"),
        (Stage.PROBATIONARY,),
        Stage.OFFICIAL,
        COMMITTEE,
        guards=(
            guard_probation_over,
            guard_theory_course_not_in_future,
            guard_theory_course_done,
            guard_recognition_dates,
            guard_recognition_two_thirds,
            guard_recognition_body_in_force,
        ),
        effect=_recognise,
        requires=("official_meeting_on", "official_members_at_review", "official_votes_for", "official_decision_on"),
        date_field="official_decision_on",
    ),
    Transition(
        "strike_off",
        gettext_lazy("Strike off the list"),
        (Stage.PROBATIONARY,),
        Stage.STRUCK_OFF,
        COMMITTEE,
        guards=(guard_reason_given,),
        effect=_exit,
        requires=("exit_reason",),
        date_field="effective_on",
        style="danger",
    ),
    Transition(
        "not_admit",
        gettext_lazy("Not admitted"),
        (Stage.DOSSIER, Stage.VOTED, Stage.COMMITTEE_RESOLVED),
        Stage.NOT_ADMITTED,
        CELL_OR_COMMITTEE,
        guards=(guard_reason_given,),
        effect=_exit,
        requires=("exit_reason",),
        date_field="effective_on",
        style="danger",
    ),
    Transition(
        "withdraw",
        gettext_lazy("Withdraw from the pipeline"),
        BEFORE_ADMISSION,
        Stage.WITHDRAWN,
        CELL,
        guards=(guard_reason_given,),
        effect=_exit,
        requires=("exit_reason",),
        date_field="effective_on",
        style="secondary",
    ),
    Transition(
        "withdraw_proposal",
        gettext_lazy("Withdraw the Youth Union's proposal"),
        # Only before the cell acts on it: once on the sympathiser list, the proposal is the cell's.
        (Stage.IDENTIFIED,),
        Stage.WITHDRAWN,
        (Role.YOUTH_UNION_SECRETARY,),
        guards=(guard_reason_given,),
        effect=_exit,
        requires=("exit_reason",),
        date_field="effective_on",
        style="secondary",
    ),
    Transition(
        "refer",
        gettext_lazy("Refer to the home commune or university"),
        (Stage.SYMPATHISER, Stage.IN_CLASS, Stage.CERTIFIED, Stage.DOSSIER),
        Stage.REFERRED,
        CELL,
        effect=_exit,
        date_field="effective_on",
        style="warning",
        page="referrals:send",
    ),
    Transition(
        "move",
        gettext_lazy("Moved to another school"),
        BEFORE_ADMISSION,
        Stage.MOVED,
        CELL,
        guards=(guard_reason_given,),
        effect=_exit,
        requires=("exit_reason",),
        date_field="effective_on",
        style="secondary",
    ),
)

BY_NAME: dict[str, Transition] = {t.name: t for t in TRANSITIONS}
# A candidacy is created (nominated) in this stage; from there only the table moves it.
ENTRY_STAGE = Stage.IDENTIFIED


# --- Asking and doing ----------------------------------------------------------------------


@dataclass(frozen=True)
class TransitionOption:
    """One button of the action panel: enabled, or disabled with the reasons."""

    transition: Transition
    reasons: tuple[str, ...]

    @property
    def enabled(self) -> bool:
        return not self.reasons


# Answers of `may_perform` for one candidate and user, by the roles that decide them (see `_deciding_roles`).
PermissionMemo = dict[tuple[str, ...], bool]


def _deciding_roles(user: User, roles: tuple[str, ...]) -> tuple[str, ...]:
    """The roles of `roles` the user holds ("admin" for an administrator): the scope query depends on these
    only, so steps whose role lists differ but meet the user's roles in the same place share one answer."""
    if is_admin(user):
        return ("admin",)
    held = {assignment.role for assignment in assignments(user)}
    return tuple(sorted(held.intersection(roles)))


def may_perform(
    candidate: Candidate, transition: Transition, user: User, *, memo: PermissionMemo | None = None
) -> bool:
    """Does the user hold one of the transition's roles with the candidate inside its scope?

    `memo` (one page's answers for this candidate and user) saves repeating the same scope query."""
    deciding = _deciding_roles(user, transition.roles)
    if memo is not None and deciding in memo:
        return memo[deciding]
    allowed = bool(deciding) and writable(Candidate.objects.filter(pk=candidate.pk), user, transition.roles).exists()
    if memo is not None:
        memo[deciding] = allowed
    return allowed


def check(candidate: Candidate, transition: Transition, data: Data, today: date) -> list[str]:
    reasons = []
    for guard in transition.guards:
        reason = guard(candidate, data, today)
        if reason:
            reasons.append(str(reason))
    return reasons


def available_transitions(
    candidate: Candidate, user: User, *, today: date | None = None, memo: PermissionMemo | None = None
) -> list[TransitionOption]:
    """Every step the user could take from the candidate's stage, each with its blocking reasons."""
    today = today or timezone.localdate()
    memo = {} if memo is None else memo  # one scope query per deciding role set, not per step
    options = []
    for transition in TRANSITIONS:
        if candidate.stage not in transition.sources:
            continue
        if not may_perform(candidate, transition, user, memo=memo):
            continue
        options.append(TransitionOption(transition, tuple(check(candidate, transition, {}, today))))
    return options


def missing_data(transition: Transition, data: Data) -> list[str]:
    """Reasons for each required value absent from `data` ("Enter the decision date.")."""
    reasons = []
    for name in transition.requires:
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            # `requires` names concrete Candidate fields (a relation's reverse side has no verbose name).
            label = cast("models.Field[Any, Any]", Candidate._meta.get_field(name)).verbose_name
            reasons.append(_("Enter the %(field)s.") % {"field": label})
    return reasons


@dataclass(frozen=True)
class AppliedTransition:
    """A step applied in memory: the moved candidacy and its timeline event, neither saved yet."""

    candidate: Candidate
    transition: Transition
    source: str
    effective_on: date
    event: CandidateEvent
    clock: Clock

    def audit(self, actor: User | None) -> AuditEntry:
        """The journal row of this step (unsaved), stamped by the step's clock."""
        return audit_entry(actor=actor, **self.audit_fields())

    def audit_fields(self) -> dict[str, Any]:
        return {
            "action": "transition",
            "obj": self.candidate,
            "unit": self.candidate.cell,
            "changes": {"stage": [self.source, str(self.transition.target)]},
            "note": self.transition.name,
            "at": self.clock.now if self.clock.historical else None,
        }


def apply_transition(
    candidate: Candidate, name: str, *, actor: User | None, data: Data | None = None, clock: Clock | None = None
) -> AppliedTransition:
    """The step itself, without locking or saving: stage, required values, guards, effect, and the
    time-order and authority rules of the result. Raises TransitionError, changing nothing.

    `perform()` calls it on the locked row and saves what it returns; the demo calls it on
    candidacies held in memory, with a historical clock, and saves them in bulk. "Today" for every
    guard is the clock's day.
    """
    transition = BY_NAME[name]
    values = dict(data or {})
    clock = clock or system_clock()
    today = clock.today
    if candidate.stage not in transition.sources:
        raise TransitionError(
            [
                _("“%(step)s” is not possible from the stage “%(stage)s”.")
                % {"step": transition.label, "stage": candidate.get_stage_display()}
            ]
        )
    reasons = missing_data(transition, values) or check(candidate, transition, values, today)
    if reasons:
        raise TransitionError(reasons)
    effective_on = (values.get(transition.date_field) if transition.date_field else None) or today
    values.setdefault("effective_on", effective_on)
    out_of_order = _before_the_step_it_follows(candidate, transition, effective_on)
    if out_of_order:
        raise TransitionError([out_of_order])
    # The effect runs on a copy: a refusal below leaves the caller's candidacy untouched.
    moved = copy.copy(candidate)
    source = moved.stage
    before = {f.attname: getattr(moved, f.attname) for f in Candidate._meta.concrete_fields}
    transition.effect(moved, values)
    moved.stage = transition.target
    moved.stage_since = effective_on
    moved.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    moved.version += 1
    reasons = integrity.refusals(moved, today=today)
    implausible = implausible_date(effective_on, today)
    if implausible:
        reasons.append(implausible)
    if reasons:
        raise TransitionError(reasons)
    event = CandidateEvent(
        candidate=moved,
        kind=EventKind.TRANSITION,
        transition=name,
        from_stage=source,
        to_stage=transition.target,
        effective_on=effective_on,
        actor=moved.updated_by,
        summary=str(transition.label),
        data={
            **event_evidence(values),
            RESTORE_KEY: _changed_fields(before, moved, exclude=STAGE_FIELDS),
            SINCE_KEY: candidate.stage_since.isoformat() if candidate.stage_since else None,
        },
        at=clock.now,
    )
    return AppliedTransition(moved, transition, source, effective_on, event, clock)


def implausible_date(on: date, today: date) -> str | None:
    """Why the date of a step (or of a helper's or introducer's change) is not a real past day, or None."""
    if rules.in_bounds(on, "event", today, settings=rules_settings()):
        return None
    low, high = rules.date_bounds("event", today, settings=rules_settings())
    return _("The date %(date)s is not plausible: it must lie between %(low)s and %(high)s.") % {
        "date": format_vn(on),
        "low": format_vn(low),
        "high": format_vn(high),
    }


# The values a step overwrote, kept on its event so that voiding it restores them (never a silent overwrite).
RESTORE_KEY = "_before"
# The day the candidacy had been in its stage since, before the step: voiding the step restores it too.
SINCE_KEY = "_since"


def _before_the_step_it_follows(candidate: Candidate, transition: Transition, effective_on: date) -> str | None:
    """A step is not dated before the day the candidacy entered its current stage (the step it follows).

    One exception: a certificate recorded for a student on the sympathiser list may be older than the listing –
    she attended a class before (at another school, or before the cell listed her); its date is the
    certificate's, not the cell's act."""
    since = candidate.stage_since
    if since is None or effective_on >= since:
        return None
    if transition.name == "certify" and candidate.stage == Stage.SYMPATHISER:
        return None
    return _(
        "The date %(date)s is before %(since)s, the day the candidacy entered “%(stage)s”: a step cannot be "
        "dated before the step it follows. Check the date, or void the earlier step if it was recorded wrongly."
    ) % {"date": format_vn(effective_on), "since": format_vn(since), "stage": candidate.get_stage_display()}


STAGE_FIELDS = {"stage", "stage_since", "version", "updated_by_id", "updated_at"}


def _changed_fields(before: dict[str, Any], after: Candidate, *, exclude: set[str]) -> dict[str, Any]:
    changed = {}
    for name, old in before.items():
        if name in exclude or getattr(after, name) == old:
            continue
        changed[name] = old.isoformat() if isinstance(old, date) else old
    return changed


class VoidError(Exception):
    """The step cannot be voided; `reasons` are translated sentences."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def last_step(candidate: Candidate, events: Iterable[CandidateEvent] | None = None) -> CandidateEvent | None:
    """The latest stage change still in force (not voided), the only one that may be voided.

    `events`: all of the candidacy's events when the caller has read them already (the candidate page shows
    them); otherwise they are read here. A candidacy has a few dozen at most."""
    if events is None:
        events = CandidateEvent.objects.filter(candidate=candidate)
    events = list(events)
    voided = voided_among(events)
    steps = [e for e in events if e.kind == EventKind.TRANSITION and e.pk not in voided]
    return max(steps, key=lambda e: e.pk, default=None)


def voided_among(events: Iterable[CandidateEvent]) -> set[int]:
    """The ids of the steps that the void events among `events` (one candidacy's) take back."""
    return {int(e.data["voids"]) for e in events if e.kind == EventKind.VOID and e.data.get("voids") is not None}


def voided_event_ids(events: Any) -> Any:
    """The ids of the events voided among `events`' candidacies (reports leave them out)."""
    # The id as text, cast to an integer: PostgreSQL does not compare jsonb with an integer key.
    return (
        CandidateEvent.objects.filter(kind=EventKind.VOID, candidate_id__in=events.values("candidate_id"))
        .annotate(voided=Cast(KT("data__voids"), IntegerField()))
        .values_list("voided", flat=True)
    )


def standing_events(events: QuerySet[CandidateEvent], *, recorded_before: Any = None) -> QuerySet[CandidateEvent]:
    """`events` without the steps that were voided: what reports count. With `recorded_before` (an
    aware datetime), only voids recorded before it count, so a report "as recorded on" a day still
    shows a step voided later."""
    voids = (
        CandidateEvent.objects.filter(kind=EventKind.VOID, candidate_id=OuterRef("candidate_id"))
        .annotate(voided=Cast(KT("data__voids"), IntegerField()))
        .filter(voided=OuterRef("pk"))
    )
    if recorded_before is not None:
        voids = voids.filter(at__lt=recorded_before)
    return events.filter(~Exists(voids))


def void_last_step(
    candidate: Candidate, *, actor: User, reason: str, check_permission: bool = True, clock: Clock | None = None
) -> Candidate:
    """Void the candidacy's latest stage change, with a reason: the step stays in the timeline, a
    "voided" entry follows it, and the candidacy returns to the stage and values it had before (the
    values the step overwrote are kept on its event). To correct a step, void it and take it again.
    Only those who may take the step may void it."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise VoidError([_("Give the reason for voiding the step.")])
    clock = clock or system_clock()
    with transaction.atomic():
        locked = Candidate.objects.select_for_update(of=("self",)).select_related("cell").get(pk=candidate.pk)
        event = last_step(locked)
        if event is None or event.to_stage != locked.stage:
            raise VoidError([_("There is no recorded step to void.")])
        transition = BY_NAME.get(event.transition)
        if transition is None:
            raise VoidError([_("This step cannot be voided here.")])
        if check_permission and not may_perform(locked, transition, actor):
            raise PermissionError(event.transition)
        source = locked.stage
        fields = {f.attname: f for f in Candidate._meta.concrete_fields}
        for name, old in (event.data.get(RESTORE_KEY) or {}).items():
            if name not in fields:
                continue
            is_date = fields[name].get_internal_type() == "DateField"
            setattr(locked, name, date.fromisoformat(old) if is_date and isinstance(old, str) else old)
        locked.stage = event.from_stage
        if SINCE_KEY in event.data:
            since = event.data[SINCE_KEY]
            locked.stage_since = date.fromisoformat(since) if since else None
        else:  # a step recorded before the day was kept on its event: the day of the step before it
            previous = (
                CandidateEvent.objects.filter(candidate=locked, kind=EventKind.TRANSITION, pk__lt=event.pk)
                .exclude(pk__in=voided_event_ids(CandidateEvent.objects.filter(candidate=locked)))
                .order_by("-pk")
                .first()
            )
            locked.stage_since = previous.effective_on if previous is not None else locked.stage_since
        locked.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.version += 1
        locked.save()
        CandidateEvent.objects.create(
            candidate=locked,
            kind=EventKind.VOID,
            transition=event.transition,
            from_stage=source,
            to_stage="",  # a reversal: reports count the steps in force, not this line
            effective_on=event.effective_on,
            actor=locked.updated_by,
            summary=(_("Voided: %(step)s — %(reason)s") % {"step": transition.label, "reason": reason})[:255],
            data={"voids": event.pk, "reason": reason[:255], "restored_stage": event.from_stage},
            at=clock.now,
        )
        audit_record(
            actor=actor,
            action="update",
            obj=locked,
            unit=locked.cell,
            changes={"stage": [source, event.from_stage]},
            note=f"void:{event.transition}",
            at=clock.now if clock.historical else None,
        )
    return locked


def perform(
    candidate: Candidate,
    name: str,
    *,
    actor: User | None,
    data: Data | None = None,
    today: date | None = None,
    check_permission: bool = True,
    clock: Clock | None = None,
) -> Candidate:
    """Move `candidate` through transition `name`, or raise TransitionError / PermissionError.

    Locks the row, checks the actor's permission against the locked row, applies the step
    (`apply_transition`), and writes the candidacy, the timeline event and the audit entry in the
    same transaction. This and `apply_transition` are the only code that assigns `Candidate.stage`.
    """
    transition = BY_NAME[name]
    if clock is None:
        clock = system_clock() if today is None else Clock(timezone.now(), historical=False, day=today)
    with transaction.atomic():
        # of=self: PostgreSQL cannot lock the nullable side of the outer joins select_related adds.
        locked = (
            Candidate.objects.select_for_update(of=("self",))
            .select_related("person", "cell__superior_committee")
            .get(pk=candidate.pk)
        )
        # No actor (the demo replaying history) has no role: with the check on, it is refused.
        if check_permission and (actor is None or not may_perform(locked, transition, actor)):
            raise PermissionError(name)
        applied = apply_transition(locked, name, actor=actor, data=data, clock=clock)
        moved = applied.candidate
        moved.save()
        applied.event.save()
        audit_record(actor=actor, **applied.audit_fields())
        # Those who act next hear of it once the step is committed, never for a rolled-back one.
        candidate_pk = moved.pk
        transaction.on_commit(lambda: notify_transition(candidate_pk, name))
    return moved


def event_evidence(data: Data) -> dict[str, Any]:
    """The submitted values as evidence on the timeline (model instances by id and name)."""
    evidence: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, date):
            evidence[key] = value.isoformat()
        elif hasattr(value, "pk"):
            evidence[key] = {"id": value.pk, "name": str(value)}
        elif isinstance(value, str | int | float | bool) or value is None:
            evidence[key] = value
    return evidence


def event_label(event: CandidateEvent) -> str:
    """A timeline line in the reader's language: the step's label for transitions, else the stored summary."""
    transition = BY_NAME.get(event.transition)
    if event.kind == EventKind.VOID or transition is None:
        return event.summary
    return str(transition.label)
