"""Reads: the leaving forecast, referral lists, the inbox count and the loop metrics.

Every rule (age, certificate validity, acknowledgement deadline) comes from `uommam.rules`.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from uommam import rules
from uommam.core.rules_config import rules_settings
from uommam.orgs.capabilities import units_with
from uommam.orgs.models import OrgUnit, Role, UnitKind
from uommam.orgs.scope import assignments, is_admin, visible
from uommam.orgs.tree import path_q
from uommam.people.models import Person
from uommam.pipeline.models import Candidate, CandidateQuerySet
from uommam.vn.text import fold

from .models import OPEN_STATUSES, OUTCOME_STATUSES, Referral, ReferralQuerySet, Status
from .scopes import RECEIVE

if TYPE_CHECKING:
    from uommam.accounts.models import User

# The forecast's three groups, in the order the page shows them.
ACTIONS = ("admit_now", "admit_before_leaving", "refer")
ACTION_LABELS = {
    "admit_now": _("Eligible now"),
    "admit_before_leaving": _("Can be admitted before leaving school"),
    "refer": _("Will leave school before 18: refer"),
}


# --- Forecast --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForecastRow:
    candidate: Candidate
    leaves_school_on: date
    leaving_estimated: bool
    forecast: rules.Forecast

    @property
    def person(self) -> Person:
        return self.candidate.person

    @property
    def action(self) -> str:
        return self.forecast.action


@dataclass
class ForecastSummary:
    rows: list[ForecastRow]
    groups: dict[str, list[ForecastRow]] = field(default_factory=dict)
    by_class: dict[str, Counter[str]] = field(default_factory=dict)
    by_cohort: dict[int, Counter[str]] = field(default_factory=dict)

    @property
    def totals(self) -> Counter[str]:
        return Counter(row.action for row in self.rows)


def candidates_of_unit(unit: OrgUnit) -> CandidateQuerySet:
    """Candidacies of a cell, of a school's cells, or of every cell below a committee."""
    if unit.kind == UnitKind.CELL:
        return Candidate.objects.filter(cell=unit)
    if unit.kind == UnitKind.SCHOOL:
        return Candidate.objects.filter(cell__school=unit)
    return Candidate.objects.filter(path_q("cell__path", unit))


def leaving_date(person: Person) -> tuple[date, bool]:
    """The date the student leaves school, and whether it is an estimate (end of grade 12: 31/05 of
    the cohort's third year) because the registry has none."""
    if person.left_school_on:
        return person.left_school_on, False
    if person.expected_leaving_on:
        return person.expected_leaving_on, False
    return date(person.cohort + 3, 5, 31), True


def forecast_rows(*, unit: OrgUnit, today: date, user: User | None = None) -> list[ForecastRow]:
    """Every certified candidate still in the pipeline in `unit`'s scope (and the user's, if given)."""
    settings = rules_settings()
    candidates = candidates_of_unit(unit).in_pipeline().filter(certificate_issued_on__isnull=False)
    if user is not None:
        candidates = visible(candidates, user)
    rows = []
    for candidate in candidates.select_related("person", "cell").order_by("person__sort_key", "pk"):
        leaves, estimated = leaving_date(candidate.person)
        result = rules.forecast(
            candidate.person.dob,
            leaves,
            today=today,
            certificate_issued_on=candidate.certificate_issued_on,
            policy=settings.age_policy,
            settings=settings,
        )
        rows.append(ForecastRow(candidate, leaves, estimated, result))
    return rows


def forecast_summary(rows: list[ForecastRow]) -> ForecastSummary:
    summary = ForecastSummary(rows=rows, groups={action: [] for action in ACTIONS})
    by_class: dict[str, Counter[str]] = defaultdict(Counter)
    by_cohort: dict[int, Counter[str]] = defaultdict(Counter)
    for row in rows:
        summary.groups[row.action].append(row)
        by_class[row.person.class_name or "–"][row.action] += 1
        by_cohort[row.person.cohort][row.action] += 1
    summary.by_class = dict(sorted(by_class.items()))
    summary.by_cohort = dict(sorted(by_cohort.items()))
    return summary


def forecast_units_for(user: User) -> QuerySet[OrgUnit]:
    """Schools and cells whose forecast the user may open."""
    units = OrgUnit.objects.filter(kind__in=[UnitKind.CELL, UnitKind.SCHOOL])
    return visible(units, user).order_by("kind", "sort_key")


# --- Destinations ------------------------------------------------------------------------------


def suggested_commune(person: Person, on: date) -> OrgUnit | None:
    """The Party committee of the student's home commune today: a pre-2025 commune leads through its
    successor(s) to the commune committee that took it over."""
    unit = person.home_commune
    seen: set[int] = set()
    while unit is not None and unit.pk not in seen:
        seen.add(unit.pk)
        if unit.kind == UnitKind.COMMUNE_COMMITTEE and unit.is_active_on(on):
            return unit
        unit = unit.successor
    return None


def universities() -> QuerySet[OrgUnit]:
    """Receiving committees of colleges and universities: each university's grassroots committee, or the
    university itself when it has none registered (an organisation entered by a sender)."""
    with_committee = OrgUnit.objects.filter(kind=UnitKind.GRASSROOTS_COMMITTEE, parent__kind=UnitKind.UNIVERSITY)
    bare = OrgUnit.objects.filter(kind=UnitKind.UNIVERSITY).exclude(children__kind=UnitKind.GRASSROOTS_COMMITTEE)
    return (with_committee | bare).distinct().order_by("sort_key")


def commune_committees(on: date) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(kind=UnitKind.COMMUNE_COMMITTEE).active_on(on).order_by("sort_key")


def destinations(on: date) -> QuerySet[OrgUnit]:
    """Every organisation a student may be referred to on `on`: commune committees and universities."""
    return OrgUnit.objects.filter(
        Q(pk__in=commune_committees(on).values("pk")) | Q(pk__in=universities().values("pk"))
    ).order_by("kind", "sort_key")


# The inbox filter for "waiting for acknowledgement" (the badge's referrals).
WAITING = "waiting"


# --- Lists -------------------------------------------------------------------------------------


def receiving_unit_ids(user: User) -> list[int]:
    return [unit.pk for unit in units_with(user, RECEIVE, Referral)]


def inbox(user: User) -> QuerySet[Referral]:
    """Referrals addressed to the units where the user receives."""
    if is_admin(user):
        return Referral.objects.filter(to_unit__uses_uommam=True).select_related("person", "to_unit", "from_cell")
    return Referral.objects.filter(to_unit_id__in=receiving_unit_ids(user)).select_related(
        "person", "to_unit", "from_cell"
    )


def awaiting_acknowledgement(user: Any) -> QuerySet[Referral]:
    """Incoming referrals waiting for the user's acknowledgement, oldest first.

    The one definition behind the navigation badge, the inbox's "waiting" count and filter and the
    to-do page's section for the receiver: they cannot disagree."""
    return inbox(user).filter(status=Status.SENT).order_by("sent_on", "pk")


def inbox_count(user: Any) -> int:
    """Incoming referrals waiting for acknowledgement (the navigation badge)."""
    return awaiting_acknowledgement(user).count()


def search_inbox(referrals: QuerySet[Referral], params: Mapping[str, str]) -> QuerySet[Referral]:
    """The inbox narrowed by the receiver's search (`q`: student, letter number or sending cell), `status`
    (or "waiting") and `unit` (one of the user's receiving units)."""
    text = params.get("q", "").strip()
    if text:
        # Accent-insensitive on the student's name ("nguyen van" finds "Nguyễn Văn"), as the student list.
        by_name = Q()
        for word in fold(text).split():
            by_name &= Q(person__search_key__contains=word)
        referrals = referrals.filter(by_name | Q(letter_number__icontains=text) | Q(from_cell__name__icontains=text))
    status = params.get("status", "")
    if status == WAITING:
        referrals = referrals.filter(status=Status.SENT)
    elif status in Status.values:
        referrals = referrals.filter(status=status)
    unit = params.get("unit", "")
    if unit.isdigit():
        referrals = referrals.filter(to_unit_id=int(unit))
    return referrals


def is_receiver_only(user: User) -> bool:
    roles = {a.role for a in assignments(user)}
    return bool(roles) and roles <= {Role.RECEIVING_OFFICER} and not is_admin(user)


def sent_referrals(user: User) -> QuerySet[Referral]:
    """Referrals the user sees as sender or supervisor (the receiver's inbox is separate)."""
    return visible(Referral.objects.all(), user).select_related("person", "to_unit", "from_cell")


# --- Loop metrics ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoopMetrics:
    """The referral loop of a unit for referrals sent in [date_from, date_to], as of `as_of`.

    Ratios are 0–1 (None when nothing was referred). A passed-on referral is counted once, through
    the referral that replaced it.
    """

    unit_code: str
    date_from: date
    date_to: date
    as_of: date
    referred: int
    acknowledged: int
    acknowledged_ratio: float | None
    median_days_to_acknowledge: float | None
    outcome_known: int
    outcome_known_ratio: float | None
    admitted: int
    admitted_ratio: float | None
    certificates_expired_unused: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit_code,
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "as_of": self.as_of.isoformat(),
            "referred": self.referred,
            "acknowledged": self.acknowledged,
            "acknowledged_ratio": self.acknowledged_ratio,
            "median_days_to_acknowledge": self.median_days_to_acknowledge,
            "outcome_known": self.outcome_known,
            "outcome_known_ratio": self.outcome_known_ratio,
            "admitted": self.admitted,
            "admitted_ratio": self.admitted_ratio,
            "certificates_expired_unused": self.certificates_expired_unused,
        }


def referrals_of_unit(unit: OrgUnit) -> ReferralQuerySet:
    """Referrals sent from cells below `unit` or received by units below it."""
    return Referral.objects.filter(path_q("from_cell__path", unit) | path_q("to_unit__path", unit))


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def loop_metrics(unit: OrgUnit, date_from: date, date_to: date, *, as_of: date | None = None) -> LoopMetrics:
    """Referred, acknowledged (%), median days to acknowledge, outcome known (%), admitted later (%),
    certificates that expired unused — for referrals of `unit` sent between the two dates (inclusive)."""
    from django.utils import timezone

    as_of = as_of or timezone.localdate()
    referrals = list(
        referrals_of_unit(unit)
        .current()
        .filter(sent_on__gte=date_from, sent_on__lte=date_to)
        .select_related("previous")
        .values("status", "sent_on", "acknowledged_on", "certificate_expires_on", "previous__sent_on")
    )
    referred = len(referrals)
    acknowledged = [r for r in referrals if r["acknowledged_on"] is not None and r["acknowledged_on"] <= as_of]
    days = [(r["acknowledged_on"] - r["sent_on"]).days for r in acknowledged if r["acknowledged_on"] is not None]
    outcome = [r for r in referrals if r["status"] in OUTCOME_STATUSES]
    admitted = [r for r in referrals if r["status"] == Status.ADMITTED]
    expired_unused = [
        r
        for r in referrals
        if r["status"] != Status.ADMITTED
        and r["certificate_expires_on"] is not None
        and r["certificate_expires_on"] < as_of
    ]
    return LoopMetrics(
        unit_code=unit.code,
        date_from=date_from,
        date_to=date_to,
        as_of=as_of,
        referred=referred,
        acknowledged=len(acknowledged),
        acknowledged_ratio=_ratio(len(acknowledged), referred),
        median_days_to_acknowledge=float(statistics.median(days)) if days else None,
        outcome_known=len(outcome),
        outcome_known_ratio=_ratio(len(outcome), referred),
        admitted=len(admitted),
        admitted_ratio=_ratio(len(admitted), referred),
        certificates_expired_unused=len(expired_unused),
    )


def metrics_units_for(user: User) -> QuerySet[OrgUnit]:
    units = OrgUnit.objects.filter(
        Q(kind__in=[UnitKind.CELL, UnitKind.SCHOOL])
        | Q(kind__in=[UnitKind.PROVINCIAL_COMMITTEE, UnitKind.COMMUNE_COMMITTEE, UnitKind.GRASSROOTS_COMMITTEE])
    )
    return visible(units, user).order_by("path")


def open_referrals() -> QuerySet[Referral]:
    return Referral.objects.filter(status__in=OPEN_STATUSES)
