"""The admission funnel of a unit over a period, counted from the pipeline's recorded events.

Definitions (the same text is in docs/reports.md):

- A candidate *reaches* a stage in the period when a transition event into that stage has
  `effective_on` inside [date_from, date_to]. Each candidate counts once per stage, however many
  such events they have.
- "As of" a date: only events that had happened (`effective_on` ≤ as_of) and had been recorded
  (`at` before the end of that day) count — the figures someone would have seen that evening.
- A unit's figures roll up every cell whose path lies in the unit's current *or former* subtree
  (`uommam.orgs.tree`): the district committee closed on 30/06/2025 still answers for the schools
  it supervised, and the commune committees that took them over see their whole history.
- Every rate is one count divided by another count of the same period; None when the divisor
  is zero.

The work is a fixed handful of grouped SQL aggregates (totals by school/cohort/sex/ethnicity,
a trend by school year, Youth Union members, classes, targets), so the number of queries does
not grow with the data.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uommam.orgs.models import OrgUnit
from uommam.orgs.tree import path_q
from uommam.people.models import Person
from uommam.pipeline.models import CandidateEvent, EventKind
from uommam.pipeline.stages import Stage
from uommam.vn.collation import sort_key
from uommam.vn.school_year import FIRST_MONTH as SCHOOL_YEAR_FIRST_MONTH
from uommam.vn.school_year import school_year_bounds, school_year_label, school_year_start  # noqa: F401

from .models import Target

KINH = "01"
TREND_YEARS = 6


@dataclass(frozen=True)
class Step:
    key: str
    label: Any
    condition: Q


# The main line of the funnel, in order. "fail_class" returns a student to the sympathiser list;
# that is not a new sympathiser.
STEPS: tuple[Step, ...] = (
    Step(
        "sympathisers",
        _("Sympathisers"),
        Q(to_stage=Stage.SYMPATHISER) & ~Q(transition="fail_class"),
    ),
    Step("enrolled", _("Enrolled in an awareness class"), Q(to_stage=Stage.IN_CLASS)),
    Step("certified", _("Certified"), Q(to_stage=Stage.CERTIFIED)),
    Step("dossier_complete", _("Dossier prepared"), Q(to_stage=Stage.DOSSIER)),
    Step("voted", _("Voted by the cell"), Q(to_stage=Stage.VOTED)),
    Step("admitted", _("Admitted (decision)"), Q(to_stage=Stage.DECIDED)),
    Step("probationary", _("Ceremony held"), Q(to_stage=Stage.PROBATIONARY)),
    Step("official", _("Official members"), Q(to_stage=Stage.OFFICIAL)),
)
SIDE_STEPS: tuple[Step, ...] = (
    Step("referred", _("Referred"), Q(to_stage=Stage.REFERRED)),
    Step("withdrawn", _("Withdrew"), Q(to_stage=Stage.WITHDRAWN)),
    Step("not_admitted", _("Not admitted"), Q(to_stage=Stage.NOT_ADMITTED)),
    Step("struck_off", _("Struck off"), Q(to_stage=Stage.STRUCK_OFF)),
    Step("moved", _("Moved away"), Q(to_stage=Stage.MOVED)),
)
EVENT_STEPS = STEPS + SIDE_STEPS
STAGE_KEYS = tuple(s.key for s in EVENT_STEPS)
LABELS: dict[str, Any] = {
    "youth_union_members": _("Youth Union members"),
    **{s.key: s.label for s in EVENT_STEPS},
    "acknowledged": _("Referrals acknowledged"),
    "admitted_at_destination": _("Admitted later at the destination"),
}
# Rate name → (numerator, denominator, label). One definition each; docs/reports.md repeats them.
RATES: dict[str, tuple[str, str, Any]] = {
    "sympathiser_rate": ("sympathisers", "youth_union_members", _("Youth Union members put on the list")),
    "class_rate": ("enrolled", "sympathisers", _("Sympathisers sent to the class")),
    "certification_rate": ("certified", "enrolled", _("Enrolled students certified")),
    "admission_rate": ("admitted", "certified", _("Admission rate (admitted ÷ certified)")),
    "vote_to_decision_rate": ("admitted", "voted", _("Cell votes followed by a decision")),
    "official_rate": ("official", "admitted", _("Official recognitions per admission")),
    "referral_rate": ("referred", "certified", _("Certified students referred")),
}


# The school year (September–August) is defined once, in uommam.vn.school_year; the funnel speaks of
# school years by their start year.
school_year_of = school_year_start


def ratio(numerator: int | None, denominator: int | None) -> float | None:
    if not denominator or numerator is None:
        return None
    return numerator / denominator


@dataclass
class Row:
    """One line of a breakdown: a key, its label and the stage counts."""

    key: Any
    label: str
    counts: dict[str, int] = field(default_factory=dict)
    target_class: int | None = None
    target_admit: int | None = None

    def get(self, key: str) -> int:
        return self.counts.get(key, 0)

    @property
    def admission_rate(self) -> float | None:
        return ratio(self.get("admitted"), self.get("certified"))


@dataclass
class Funnel:
    unit: OrgUnit
    date_from: dt.date
    date_to: dt.date
    as_of: dt.date
    classes: int
    stages: dict[str, int]
    targets: dict[str, Any]
    by_school: list[Row]
    by_year: list[Row]
    by_cohort: list[Row]
    by_sex: list[Row]
    by_ethnicity: list[Row]
    referral_metrics_available: bool = False

    @property
    def rates(self) -> dict[str, float | None]:
        return {name: ratio(self.stages.get(num, 0), self.stages.get(den, 0)) for name, (num, den, _l) in RATES.items()}

    def stage_rows(self) -> list[tuple[str, Any, int]]:
        keys = ["youth_union_members", *[s.key for s in STEPS]]
        return [(k, LABELS[k], self.stages.get(k, 0)) for k in keys]

    def side_rows(self) -> list[tuple[str, Any, int]]:
        keys = [s.key for s in SIDE_STEPS]
        if self.referral_metrics_available:
            keys += ["acknowledged", "admitted_at_destination"]
        return [(k, LABELS[k], self.stages.get(k, 0)) for k in keys]

    def rate_rows(self) -> list[tuple[str, Any, float | None]]:
        rates = self.rates
        return [(name, label, rates[name]) for name, (_n, _d, label) in RATES.items()]

    def as_json(self) -> dict[str, Any]:
        """The shape `manage.py report funnel --format json` prints (and nothing more)."""
        return {
            "unit": self.unit.code,
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "classes": self.classes,
            "stages": dict(self.stages),
            "rates": {k: (round(v, 6) if v is not None else None) for k, v in self.rates.items()},
            "targets": dict(self.targets),
        }


def _events(unit: OrgUnit, date_from: dt.date, date_to: dt.date, as_of: dt.date) -> QuerySet[CandidateEvent]:
    recorded_before = timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min))
    return (
        CandidateEvent.objects.filter(kind=EventKind.TRANSITION, effective_on__gte=date_from)
        .filter(effective_on__lte=min(date_to, as_of), at__lt=recorded_before)
        .filter(path_q("candidate__cell__path", unit))
    )


def _stage_counts() -> dict[str, Count]:
    return {step.key: Count("candidate_id", distinct=True, filter=step.condition) for step in EVENT_STEPS}


def _kinh_expr() -> Case:
    return Case(
        When(Q(candidate__person__ethnicity=KINH), then=Value(1)), default=Value(0), output_field=IntegerField()
    )


def _school_year_expr(field_name: str = "effective_on") -> Case:
    """`school_year_start` of uommam.vn.school_year, as SQL, for grouping by school year."""
    return Case(
        When(Q(**{f"{field_name}__month__gte": SCHOOL_YEAR_FIRST_MONTH}), then=ExtractYear(field_name)),
        default=ExtractYear(field_name) - 1,
        output_field=IntegerField(),
    )


def raw_aggregate(unit: OrgUnit, date_from: dt.date, date_to: dt.date, as_of: dt.date) -> list[dict[str, Any]]:
    """The one grouped aggregate the dashboard is built on (also what the benchmark times).

    Candidates never change person or cell, so grouping by school, cohort, sex and ethnicity
    partitions them: the groups add up exactly to the totals.
    """
    return list(
        _events(unit, date_from, date_to, as_of)
        .values(
            school=F("candidate__cell__school_id"),
            cohort=F("candidate__person__cohort"),
            sex=F("candidate__person__sex"),
            kinh=_kinh_expr(),
        )
        .annotate(**_stage_counts())
        .order_by()
    )


def _trend(unit: OrgUnit, date_to: dt.date, as_of: dt.date) -> list[dict[str, Any]]:
    last = school_year_of(date_to)
    start = school_year_bounds(school_year_label(last - TREND_YEARS + 1))[0]
    return list(
        _events(unit, start, date_to, as_of)
        .values(year=_school_year_expr())
        .annotate(
            **{
                k: v
                for k, v in _stage_counts().items()
                if k in {"sympathisers", "enrolled", "certified", "admitted", "official", "referred"}
            }
        )
        .order_by("year")
    )


def _youth_union(unit: OrgUnit, date_from: dt.date, date_to: dt.date) -> list[dict[str, Any]]:
    # Students at school during the period: cohorts entering grade 10 up to three school years
    # before the period's first school year, and no later than its last.
    first, last = school_year_of(date_from), school_year_of(date_to)
    return list(
        Person.objects.filter(path_q("school__path", unit), cohort__gte=first - 2, cohort__lte=last)
        .filter(Q(left_school_on__isnull=True) | Q(left_school_on__gte=date_from))
        .values(
            "school_id",
            "cohort",
            "sex",
            kinh=Case(When(ethnicity=KINH, then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
        .annotate(members=Count("id", filter=Q(youth_union_joined_on__lte=date_to)))
        .order_by()
    )


def _classes(unit: OrgUnit, date_from: dt.date, date_to: dt.date) -> int:
    """Awareness classes organised inside the unit's subtree that started in the period."""
    if not apps.is_installed("uommam.training"):
        return 0
    from uommam.training.models import AwarenessClass

    return (
        AwarenessClass.objects.filter(path_q("organiser__path", unit))
        .filter(starts_on__gte=date_from, starts_on__lte=date_to)
        .count()
    )


def _referral_metrics(unit: OrgUnit, date_from: dt.date, date_to: dt.date, as_of: dt.date) -> dict[str, int] | None:
    """The far end of the referral loop, from the referrals app: of the referrals sent in the
    period, how many the receiving organisation acknowledged, and how many it later admitted."""
    if not apps.is_installed("uommam.referrals"):
        return None
    from uommam.referrals.selectors import loop_metrics

    metrics = loop_metrics(unit, date_from, date_to, as_of=as_of)
    return {"acknowledged": metrics.acknowledged, "admitted_at_destination": metrics.admitted}


def _school_years(date_from: dt.date, date_to: dt.date) -> list[str]:
    return [school_year_label(y) for y in range(school_year_of(date_from), school_year_of(date_to) + 1)]


def _targets(unit: OrgUnit, years: list[str]) -> tuple[dict[str, Any], dict[int, tuple[int, int]]]:
    """The unit's own targets over the period's school years (else the sum of its schools'), and
    each school's (targets set on the school or on a body of the school such as its cell)."""
    rows = list(
        Target.objects.filter(path_q("unit__path", unit), school_year__in=years).values(
            "unit_id", "unit__kind", "unit__school_id", "school_year", "students_to_class", "students_to_admit"
        )
    )
    per_school: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    own = [0, 0]
    has_own = False
    for row in rows:
        if row["unit_id"] == unit.pk:
            has_own = True
            own[0] += row["students_to_class"]
            own[1] += row["students_to_admit"]
        school_id = row["unit_id"] if row["unit__kind"] == "school" else row["unit__school_id"]
        if school_id and school_id != unit.pk:
            per_school[school_id][0] += row["students_to_class"]
            per_school[school_id][1] += row["students_to_admit"]
    if not has_own and per_school:
        own = [sum(v[0] for v in per_school.values()), sum(v[1] for v in per_school.values())]
        has_own = True
    targets: dict[str, Any] = {
        "school_years": years,
        "students_to_class": own[0] if has_own else None,
        "students_to_admit": own[1] if has_own else None,
    }
    return targets, {k: (v[0], v[1]) for k, v in per_school.items()}


def _fold(rows: list[dict[str, Any]], key: str, keys: tuple[str, ...]) -> dict[Any, dict[str, int]]:
    folded: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(keys, 0))
    for row in rows:
        bucket = folded[row[key]]
        for k in keys:
            bucket[k] += row.get(k, 0) or 0
    return folded


def compute_funnel(*, unit: OrgUnit, date_from: dt.date, date_to: dt.date, as_of: dt.date | None = None) -> Funnel:
    """The funnel of `unit` for [date_from, date_to] as recorded by the end of `as_of` (default today)."""
    as_of = as_of or timezone.localdate()
    rows = raw_aggregate(unit, date_from, date_to, as_of)
    members = _youth_union(unit, date_from, date_to)
    trend_rows = _trend(unit, date_to, as_of)
    years = _school_years(date_from, date_to)
    targets, school_targets = _targets(unit, years)

    count_keys = (*STAGE_KEYS, "youth_union_members")
    for row in members:
        row["youth_union_members"] = row.pop("members")
        row["school"] = row.pop("school_id")
    combined = rows + members

    stages = dict.fromkeys(count_keys, 0)
    for row in combined:
        for k in count_keys:
            stages[k] += row.get(k, 0) or 0
    referral = _referral_metrics(unit, date_from, date_to, as_of)
    if referral is not None:
        stages.update(referral)
    # Order the stages as the funnel reads.
    stages = {k: stages[k] for k in ("youth_union_members", *STAGE_KEYS, *(referral or {}))}

    by_school_counts = _fold(combined, "school", count_keys)
    school_ids = [k for k in set(by_school_counts) | set(school_targets) if k is not None]
    names = {
        pk: short or name
        for pk, short, name in OrgUnit.objects.filter(pk__in=school_ids).values_list("pk", "short_name", "name")
    }
    by_school = []
    for school_id in sorted(school_ids, key=lambda pk: sort_key(names.get(pk, ""))):
        target = school_targets.get(school_id)
        by_school.append(
            Row(
                key=school_id,
                label=names.get(school_id, "?"),
                counts=by_school_counts.get(school_id, {}),
                target_class=target[0] if target else None,
                target_admit=target[1] if target else None,
            )
        )
    if None in by_school_counts:
        by_school.append(Row(key=None, label=str(_("Other cells")), counts=by_school_counts[None]))

    trend_keys = tuple(k for k in STAGE_KEYS if k in (trend_rows[0] if trend_rows else {}))
    trend = {row["year"]: row for row in trend_rows}
    last = school_year_of(date_to)
    by_year = [
        Row(key=y, label=school_year_label(y), counts={k: trend.get(y, {}).get(k, 0) for k in trend_keys})
        for y in range(last - TREND_YEARS + 1, last + 1)
    ]

    by_cohort_counts = _fold(combined, "cohort", count_keys)
    by_cohort = [Row(key=c, label=str(c), counts=by_cohort_counts[c]) for c in sorted(by_cohort_counts)]
    by_sex_counts = _fold(combined, "sex", count_keys)
    sex_labels = {"M": str(_("Male")), "F": str(_("Female"))}
    by_sex = [Row(key=s, label=sex_labels.get(s, s), counts=by_sex_counts[s]) for s in ("F", "M") if s in by_sex_counts]
    eth_counts = _fold(combined, "kinh", count_keys)
    eth_labels = {1: str(_("Kinh")), 0: str(_("Ethnic minorities"))}
    by_ethnicity = [Row(key=k, label=eth_labels[k], counts=eth_counts[k]) for k in (1, 0) if k in eth_counts]

    return Funnel(
        unit=unit,
        date_from=date_from,
        date_to=date_to,
        as_of=as_of,
        classes=_classes(unit, date_from, date_to),
        stages=stages,
        targets=targets,
        by_school=by_school,
        by_year=by_year,
        by_cohort=by_cohort,
        by_sex=by_sex,
        by_ethnicity=by_ethnicity,
        referral_metrics_available=referral is not None,
    )


NAME_STEP_CHOICES = [(step.key, step.label) for step in EVENT_STEPS]
