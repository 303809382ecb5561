"""The dates every record carries and the order they must keep — one table.

Each `Invariant` names a model (by label, so this low module imports no app), a chain of dates that
must not decrease (`TODAY` closes a chain that may not reach into the future), the plausible range of
each date (`uommam.rules.date_bounds`), or a body that must be alive on a date (the authority rule of
`uommam.orgs.authority`, as it can be checked on stored rows). The services ask `refusals(obj)` before
saving and refuse with every sentence it returns; `manage.py check_records` and the committee page
"Kiểm tra dữ liệu" ask `stored_problems()` of what is already in the database (after imports, legacy
data, rule changes). `docs/rules.md` lists the table with its sources.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from operator import or_
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uommam import rules
from uommam.core.rules_config import rules_settings
from uommam.vn.dates import format_vn

TODAY = "@today"


@dataclass(frozen=True)
class Invariant:
    """One rule of the table. Exactly one of `dates` (an order), `bounds` or `body` says what it checks."""

    code: str
    model: str  # "app_label.Model"
    rule: Promise  # the rule in one sentence, shown beside each problem
    source: str  # where the rule comes from ("24-QĐ/TW 4.1–4.3", "ours: plausibility")
    dates: tuple[tuple[str, Promise], ...] = ()  # field paths ("enrolment__enrolled_on") with labels
    bounds: rules.DateKind | None = None  # with `dates`: each date inside its plausible range instead of ordered
    body: str = ""  # with `dates`: the body (a unit) must be alive on each date
    filled_in_order: bool = False  # with an order: a later date needs every earlier one
    where: Mapping[str, Any] = field(default_factory=dict)  # only rows matching this filter
    unit: str = ""  # lookup of the unit path that puts a row in a committee's scope
    link: tuple[str, str] = ("", "")  # (URL name, path of its pk argument) where the row is corrected


def _label(path: str, label: Promise) -> str:
    return str(label)


def _today_label() -> Promise:
    return gettext_lazy("today")


TABLE: tuple[Invariant, ...] = (
    # --- Candidacies (pipeline) ---------------------------------------------------------------
    Invariant(
        "candidate.admission_order",
        "pipeline.Candidate",
        gettext_lazy("certificate ≤ cell vote ≤ committee resolution ≤ decision ≤ received ≤ ceremony ≤ today"),
        "24-QĐ/TW, 232-QĐ/TW, 294-QĐ/TW 4.1–4.3",
        dates=(
            ("certificate_issued_on", gettext_lazy("certificate date")),
            ("cell_meeting_on", gettext_lazy("cell meeting date")),
            ("committee_resolution_on", gettext_lazy("committee resolution date")),
            ("decision_on", gettext_lazy("decision date")),
            ("decision_received_on", gettext_lazy("decision received on")),
            ("ceremony_on", gettext_lazy("ceremony date")),
            ("official_meeting_on", gettext_lazy("recognition meeting date")),
            ("official_decision_on", gettext_lazy("recognition decision date")),
            (TODAY, _today_label()),
        ),
        unit="cell__path",
        link=("pipeline:candidate", "pk"),
    ),
    Invariant(
        "candidate.theory_course_order",
        "pipeline.Candidate",
        gettext_lazy("ceremony ≤ political-theory course ≤ today"),
        "294-QĐ/TW 4.2",
        dates=(
            ("ceremony_on", gettext_lazy("ceremony date")),
            ("theory_course_completed_on", gettext_lazy("political-theory course completed on")),
            (TODAY, _today_label()),
        ),
        unit="cell__path",
        link=("pipeline:candidate", "pk"),
    ),
    Invariant(
        "candidate.dates_plausible",
        "pipeline.Candidate",
        gettext_lazy("every date of a candidacy between 01/01/1990 and today"),
        "ours: plausibility",
        dates=(
            ("stage_since", gettext_lazy("in this stage since")),
            ("certificate_issued_on", gettext_lazy("certificate date")),
            ("cell_meeting_on", gettext_lazy("cell meeting date")),
            ("decision_on", gettext_lazy("decision date")),
            ("ceremony_on", gettext_lazy("ceremony date")),
            ("exited_on", gettext_lazy("left the pipeline on")),
        ),
        bounds="event",
        unit="cell__path",
        link=("pipeline:candidate", "pk"),
    ),
    Invariant(
        "candidate.decision_body_alive",
        "pipeline.Candidate",
        gettext_lazy("the deciding body was alive on the decision date"),
        "orgs.authority (tree history)",
        dates=(("decision_on", gettext_lazy("decision date")),),
        body="decision_body",
        unit="cell__path",
        link=("pipeline:candidate", "pk"),
    ),
    Invariant(
        "candidate.official_decision_body_alive",
        "pipeline.Candidate",
        gettext_lazy("the body that recognised the official member was alive on the recognition decision date"),
        "orgs.authority (tree history)",
        dates=(("official_decision_on", gettext_lazy("recognition decision date")),),
        body="official_decision_body",
        unit="cell__path",
        link=("pipeline:candidate", "pk"),
    ),
    Invariant(
        "event.date_plausible",
        "pipeline.CandidateEvent",
        gettext_lazy("a timeline event dated between 01/01/1990 and today"),
        "ours: plausibility",
        dates=(("effective_on", gettext_lazy("effective date")),),
        bounds="event",
        unit="candidate__cell__path",
        link=("pipeline:candidate", "candidate_id"),
    ),
    Invariant(
        "dossier.order",
        "pipeline.DossierItem",
        gettext_lazy("document date ≤ received ≤ checked ≤ today"),
        "12-HD/BTCTW (forms)",
        dates=(
            ("dated_on", gettext_lazy("document date")),
            ("received_on", gettext_lazy("received on")),
            ("checked_on", gettext_lazy("checked on")),
            (TODAY, _today_label()),
        ),
        unit="candidate__cell__path",
        link=("pipeline:candidate", "candidate_id"),
    ),
    Invariant(
        "dossier.after_birth",
        "pipeline.DossierItem",
        gettext_lazy("a dossier document is dated after the student's birth"),
        "ours: plausibility",
        dates=(
            ("candidate__person__dob", gettext_lazy("date of birth")),
            ("dated_on", gettext_lazy("document date")),
        ),
        unit="candidate__cell__path",
        link=("pipeline:candidate", "candidate_id"),
    ),
    Invariant(
        "dossier.dates_plausible",
        "pipeline.DossierItem",
        gettext_lazy("a dossier document dated between 01/01/1990 and today"),
        "ours: plausibility",
        dates=(("dated_on", gettext_lazy("document date")), ("received_on", gettext_lazy("received on"))),
        bounds="event",
        unit="candidate__cell__path",
        link=("pipeline:candidate", "candidate_id"),
    ),
    # --- Awareness classes (training) ----------------------------------------------------------
    Invariant(
        "class.order",
        "training.AwarenessClass",
        gettext_lazy("a class starts on or before its last day"),
        "06-HD/TW 5.4 (awareness class)",
        dates=(("starts_on", gettext_lazy("starts on")), ("ends_on", gettext_lazy("ends on"))),
        unit="organiser__path",
        link=("training:class_detail", "pk"),
    ),
    Invariant(
        "class.dates_plausible",
        "training.AwarenessClass",
        gettext_lazy("class dates between 01/01/1990 and a few years ahead"),
        "ours: plausibility",
        dates=(("starts_on", gettext_lazy("starts on")), ("ends_on", gettext_lazy("ends on"))),
        bounds="plan",
        unit="organiser__path",
        link=("training:class_detail", "pk"),
    ),
    Invariant(
        "class.organiser_alive",
        "training.AwarenessClass",
        gettext_lazy("the organiser was alive over the class dates"),
        "orgs.authority (tree history)",
        dates=(("starts_on", gettext_lazy("starts on")), ("ends_on", gettext_lazy("ends on"))),
        body="organiser",
        unit="organiser__path",
        link=("training:class_detail", "pk"),
    ),
    Invariant(
        "session.inside_class",
        "training.ClassSession",
        gettext_lazy("every session inside the class dates"),
        "06-HD/TW 5.4 (awareness class)",
        dates=(
            ("awareness_class__starts_on", gettext_lazy("class start")),
            ("date", gettext_lazy("session date")),
            ("awareness_class__ends_on", gettext_lazy("class end")),
        ),
        unit="awareness_class__organiser__path",
        link=("training:class_detail", "awareness_class_id"),
    ),
    Invariant(
        "attendance.held",
        "training.Attendance",
        gettext_lazy("attendance only for sessions already held, after the enrolment"),
        "ours: a record follows the fact",
        dates=(
            ("enrolment__enrolled_on", gettext_lazy("enrolment date")),
            ("session__date", gettext_lazy("session date")),
            (TODAY, _today_label()),
        ),
        where={"present": True},
        unit="session__awareness_class__organiser__path",
        link=("training:class_attendance", "session__awareness_class_id"),
    ),
    Invariant(
        "enrolment.certificate_order",
        "training.Enrolment",
        gettext_lazy("enrolment ≤ last day of the class ≤ certificate ≤ today"),
        "06-HD/TW 5.4",
        dates=(
            ("enrolled_on", gettext_lazy("enrolment date")),
            ("awareness_class__ends_on", gettext_lazy("class end")),
            ("certificate_issued_on", gettext_lazy("certificate date")),
            (TODAY, _today_label()),
        ),
        where={"certificate_issued_on__isnull": False},
        unit="awareness_class__organiser__path",
        link=("training:class_certificates", "awareness_class_id"),
    ),
    Invariant(
        "enrolment.dates_plausible",
        "training.Enrolment",
        gettext_lazy("enrolment and certificate dated between 01/01/1990 and today"),
        "ours: plausibility",
        dates=(
            ("enrolled_on", gettext_lazy("enrolment date")),
            ("certificate_issued_on", gettext_lazy("certificate date")),
        ),
        bounds="event",
        unit="awareness_class__organiser__path",
        link=("training:class_detail", "awareness_class_id"),
    ),
    Invariant(
        "enrolment.issuer_alive",
        "training.Enrolment",
        gettext_lazy("the certificate's issuer was alive on the certificate date"),
        "orgs.authority (tree history)",
        dates=(("certificate_issued_on", gettext_lazy("certificate date")),),
        body="awareness_class__certificate_issuer",
        unit="awareness_class__organiser__path",
        link=("training:class_certificates", "awareness_class_id"),
    ),
    # --- Referrals -------------------------------------------------------------------------------
    Invariant(
        "referral.order",
        "referrals.Referral",
        gettext_lazy("sent ≤ acknowledged ≤ outcome ≤ today, an outcome only after the acknowledgement"),
        "ours: the referral loop (no central rule)",
        dates=(
            ("sent_on", gettext_lazy("sent on")),
            ("acknowledged_on", gettext_lazy("acknowledged on")),
            ("outcome_on", gettext_lazy("outcome date")),
            (TODAY, _today_label()),
        ),
        filled_in_order=True,
        unit="from_cell__path",
        link=("referrals:detail", "pk"),
    ),
    Invariant(
        "referral.dates_plausible",
        "referrals.Referral",
        gettext_lazy("referral dates between 01/01/1990 and today"),
        "ours: plausibility",
        dates=(
            ("sent_on", gettext_lazy("sent on")),
            ("acknowledged_on", gettext_lazy("acknowledged on")),
            ("outcome_on", gettext_lazy("outcome date")),
        ),
        bounds="event",
        unit="from_cell__path",
        link=("referrals:detail", "pk"),
    ),
    # --- Students --------------------------------------------------------------------------------
    Invariant(
        "person.birth_plausible",
        "people.Person",
        gettext_lazy("a date of birth between 01/01/1950 and today"),
        "ours: plausibility",
        dates=(("dob", gettext_lazy("date of birth")),),
        bounds="birth",
        unit="school__path",
        link=("people:detail", "pk"),
    ),
    Invariant(
        "person.dates_plausible",
        "people.Person",
        gettext_lazy("Youth Union joining and leaving school between 01/01/1990 and today"),
        "ours: plausibility",
        dates=(
            ("youth_union_joined_on", gettext_lazy("Youth Union member since")),
            ("left_school_on", gettext_lazy("left school on")),
        ),
        bounds="event",
        unit="school__path",
        link=("people:detail", "pk"),
    ),
    Invariant(
        "person.order",
        "people.Person",
        gettext_lazy("birth ≤ Youth Union joining ≤ leaving school"),
        "ours: a record follows the fact",
        dates=(
            ("dob", gettext_lazy("date of birth")),
            ("youth_union_joined_on", gettext_lazy("Youth Union member since")),
            ("left_school_on", gettext_lazy("left school on")),
        ),
        unit="school__path",
        link=("people:detail", "pk"),
    ),
)


# --- Checking one object (services, before saving) ------------------------------------------------


def value_at(obj: Any, path: str) -> Any:
    """`obj.a.b` for the lookup path "a__b" (None when a link on the way is missing)."""
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part, None)
    return obj


def _kind(problem_invariant: Invariant, obj: Any, today: date) -> list[str]:
    if problem_invariant.bounds is not None:
        return _bounds_messages(problem_invariant, obj, today)
    if problem_invariant.body:
        return _body_messages(problem_invariant, obj)
    return _order_messages(problem_invariant, obj, today)


def _bounds_messages(inv: Invariant, obj: Any, today: date) -> list[str]:
    assert inv.bounds is not None
    low, high = rules.date_bounds(inv.bounds, today, settings=rules_settings())
    messages = []
    for path, label in inv.dates:
        value = value_at(obj, path)
        if isinstance(value, date) and not low <= value <= high:
            messages.append(
                _("The %(field)s %(date)s is not plausible: it must lie between %(low)s and %(high)s.")
                % {"field": label, "date": format_vn(value), "low": format_vn(low), "high": format_vn(high)}
            )
    return messages


def _body_messages(inv: Invariant, obj: Any) -> list[str]:
    body = value_at(obj, inv.body)
    if body is None:
        return []
    for path, label in inv.dates:
        on = value_at(obj, path)
        if not isinstance(on, date):
            continue
        if body.active_until is not None and on > body.active_until:
            return [
                _("%(body)s was dissolved on %(closed)s: it cannot be named on a record whose %(field)s is %(date)s.")
                % {"body": body, "closed": format_vn(body.active_until), "field": label, "date": format_vn(on)}
            ]
        if body.active_from is not None and on < body.active_from:
            return [
                _("%(body)s exists only from %(opened)s: it cannot be named on a record whose %(field)s is %(date)s.")
                % {"body": body, "opened": format_vn(body.active_from), "field": label, "date": format_vn(on)}
            ]
    return []


def _order_messages(inv: Invariant, obj: Any, today: date) -> list[str]:
    chain = [(str(label), today if path == TODAY else value_at(obj, path)) for path, label in inv.dates]
    if inv.filled_in_order:
        for index, (name, value) in enumerate(chain):
            if value is None:
                continue
            for earlier_name, earlier in chain[:index]:
                if earlier is None:
                    return [
                        _("The %(later)s is recorded but the %(earlier)s is not: record the %(earlier)s first.")
                        % {"later": name, "earlier": earlier_name}
                    ]
    inversion = rules.first_inversion(chain)
    if inversion is None:
        return []
    if inversion.later_name == str(_today_label()):
        return [
            _("The %(field)s %(date)s is in the future (today is %(today)s).")
            % {
                "field": inversion.earlier_name,
                "date": format_vn(inversion.earlier),
                "today": format_vn(inversion.later),
            }
        ]
    return [
        _("The %(earlier)s (%(earlier_date)s) cannot be after the %(later)s (%(later_date)s).")
        % {
            "earlier": inversion.earlier_name,
            "earlier_date": format_vn(inversion.earlier),
            "later": inversion.later_name,
            "later_date": format_vn(inversion.later),
        }
    ]


def _matches(inv: Invariant, obj: Any) -> bool:
    for lookup, expected in inv.where.items():
        if lookup.endswith("__isnull"):
            if (value_at(obj, lookup.removesuffix("__isnull")) is None) != expected:
                return False
        elif value_at(obj, lookup) != expected:
            return False
    return True


def invariants_for(model: type[models.Model] | str) -> list[Invariant]:
    label = model if isinstance(model, str) else model._meta.label
    return [inv for inv in TABLE if inv.model == label]


class RecordRefused(Exception):
    """A record breaks the integrity table; `reasons` are translated sentences naming both dates."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def refusals(obj: models.Model, *, today: date | None = None) -> list[str]:
    """Every sentence of the table that `obj` (saved or not) breaks; empty when it may be saved."""
    today = today or timezone.localdate()
    messages: list[str] = []
    for inv in invariants_for(type(obj)._meta.label):
        if _matches(inv, obj):
            messages.extend(_kind(inv, obj, today))
    return messages


# --- Checking what is stored (check_records, the committee page) ----------------------------------


@dataclass(frozen=True)
class Problem:
    kind: str  # the invariant's code
    record: str  # "app.Model#pk"
    url: str
    rule: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "record": self.record, "url": self.url, "rule": self.rule, "message": self.message}


def _stored_q(inv: Invariant, today: date) -> Q | None:
    """Rows that may break the invariant, as one database condition (re-checked in Python)."""
    paths = [path for path, _label in inv.dates]
    if inv.bounds is not None:
        low, high = rules.date_bounds(inv.bounds, today, settings=rules_settings())
        return reduce(or_, (Q(**{f"{p}__lt": low}) | Q(**{f"{p}__gt": high}) for p in paths))
    if inv.body:
        return reduce(
            or_,
            (Q(**{f"{inv.body}__active_until__lt": F(p)}) | Q(**{f"{inv.body}__active_from__gt": F(p)}) for p in paths),
        )
    conditions: list[Q] = []
    for i, first in enumerate(paths):
        for later in paths[i + 1 :]:
            if first == TODAY:
                continue
            if later == TODAY:
                conditions.append(Q(**{f"{first}__gt": today}))
            else:
                conditions.append(Q(**{f"{first}__gt": F(later)}))
        if inv.filled_in_order and first != TODAY:
            for later in paths[i + 1 :]:
                if later != TODAY:
                    conditions.append(Q(**{f"{first}__isnull": True, f"{later}__isnull": False}))
    return reduce(or_, conditions) if conditions else None


def _url(inv: Invariant, obj: Any) -> str:
    name, arg = inv.link
    if not name:
        return ""
    return reverse(name, args=[value_at(obj, arg)])


def stored_problems(*, today: date | None = None, unit_prefixes: Sequence[str] | None = None) -> Iterator[Problem]:
    """Every stored row that breaks an invariant, optionally only those under the given unit paths."""
    today = today or timezone.localdate()
    for inv in TABLE:
        condition = _stored_q(inv, today)
        if condition is None:
            continue
        model = apps.get_model(inv.model)
        rows = model._default_manager.filter(condition).filter(**inv.where)
        if unit_prefixes is not None:
            if not unit_prefixes or not inv.unit:
                continue
            rows = rows.filter(reduce(or_, (Q(**{f"{inv.unit}__startswith": p}) for p in unit_prefixes)))
        for obj in rows.order_by("pk").iterator():
            for message in _kind(inv, obj, today):
                yield Problem(inv.code, f"{inv.model}#{obj.pk}", _url(inv, obj), str(inv.rule), message)
