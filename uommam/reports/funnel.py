"""The admission funnel of a unit over a period, counted from the pipeline's recorded events.

Definitions (the same text is in docs/reports.md):

- Two time axes, the same for every figure. The *period* [date_from, date_to] selects events by
  their effective date; "Số liệu tính đến ngày" (`as_of`, the cut-off) drops every event effective
  after it. The optional "theo dữ liệu ghi nhận đến ngày" (`recorded_on`) also drops every row
  recorded (`at` / `created_at`) after the end of that day, reproducing the report exactly as it
  could have been made that evening.
- A candidate *reaches* a stage in the period when a transition event into that stage is inside it
  (effective on or after `date_from`, on or before both `date_to` and the cut-off). Each candidate
  counts once per stage, in the school year they first reached it in the period.
- A unit's figures roll up every cell whose path lies in the unit's current *or former* subtree
  (`uommam.orgs.tree`): the district committee closed on 30/06/2025 still answers for the schools
  it supervised, and the commune committees that took them over see their whole history.
- Every conversion rate follows a cohort: of the candidates who reached stage A in the period, the
  share who had reached stage B by the cut-off. Its numerator is inside its denominator, so no rate
  exceeds 100 %. Flows (how many entered a stage) stay counts.

The work is a fixed handful of SQL aggregates (one row per candidate with the first date of each
stage, Youth Union members, classes, referrals, targets), folded in Python so that every breakdown
partitions the totals exactly.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Case, Count, Exists, F, IntegerField, Min, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uommam.orgs.capabilities import READ, capability_q, permitted
from uommam.orgs.models import COMMITTEE_KINDS, OrgUnit, UnitKind
from uommam.orgs.tree import path_q
from uommam.people.models import Person
from uommam.pipeline.models import CandidateEvent, EventKind
from uommam.pipeline.stages import Stage
from uommam.pipeline.workflow import standing_events
from uommam.vn.collation import sort_key
from uommam.vn.school_year import school_year_bounds, school_year_label, school_year_start  # noqa: F401

from .models import Target

KINH = "01"


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
STEP_BY_KEY = {s.key: s for s in EVENT_STEPS}
STAGE_KEYS = tuple(s.key for s in EVENT_STEPS)
REFERRAL_KEYS = ("acknowledged", "admitted_at_destination")
LABELS: dict[str, Any] = {
    "youth_union_members": _("Youth Union members"),
    **{s.key: s.label for s in EVENT_STEPS},
    "acknowledged": _("Referrals acknowledged"),
    "admitted_at_destination": _("Admitted later at the destination"),
}
# Rate name → (numerator stage, cohort stage, label). One definition each; docs/reports.md repeats
# them. The rate is: of the candidates who reached the cohort stage in the period, the share who
# had reached the numerator stage by the cut-off.
RATES: dict[str, tuple[str, str, Any]] = {
    "sympathiser_rate": ("sympathisers", "youth_union_members", _("Youth Union members put on the list")),
    "class_rate": ("enrolled", "sympathisers", _("Sympathisers sent to the class")),
    "certification_rate": ("certified", "enrolled", _("Enrolled students certified")),
    "admission_rate": ("admitted", "certified", _("Admission rate (admitted ÷ certified)")),
    "vote_to_decision_rate": ("admitted", "voted", _("Cell votes followed by a decision")),
    "official_rate": ("official", "admitted", _("Official recognitions per admission")),
    "referral_rate": ("referred", "certified", _("Certified students referred")),
    "acknowledged_rate": ("acknowledged", "referred", _("Referrals acknowledged by the receiver")),
    "admitted_at_destination_rate": (
        "admitted_at_destination",
        "referred",
        _("Referred students admitted at the destination"),
    ),
}
REFERRAL_RATES = ("acknowledged_rate", "admitted_at_destination_rate")


# The school year (September–August) is defined once, in uommam.vn.school_year; the funnel speaks of
# school years by their start year.
school_year_of = school_year_start


def ratio(numerator: int | None, denominator: int | None) -> float | None:
    if not denominator or numerator is None:
        return None
    return numerator / denominator


def recorded_before(recorded_on: dt.date) -> dt.datetime:
    """The first instant after `recorded_on` (Asia/Ho_Chi_Minh): rows typed before it count."""
    return timezone.make_aware(dt.datetime.combine(recorded_on + dt.timedelta(days=1), dt.time.min))


@dataclass
class Row:
    """One line of a breakdown: a key, its label, the stage counts and the rates' numerators."""

    key: Any
    label: str
    counts: dict[str, int] = field(default_factory=dict)
    rate_counts: dict[str, int] = field(default_factory=dict)
    target_class: int | None = None
    target_admit: int | None = None
    # Against a target: enrolled and admitted over the target's whole school years.
    actual_class: int | None = None
    actual_admit: int | None = None

    def get(self, key: str) -> int:
        return self.counts.get(key, 0)

    def rate(self, name: str) -> float | None:
        return ratio(self.rate_counts.get(name, 0), self.get(RATES[name][1]))

    @property
    def admission_rate(self) -> float | None:
        return self.rate("admission_rate")

    @property
    def rates(self) -> dict[str, float | None]:
        return {name: self.rate(name) for name in RATES}


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
    rate_counts: dict[str, int] = field(default_factory=dict)
    recorded_on: dt.date | None = None
    referral_metrics_available: bool = False

    @property
    def rates(self) -> dict[str, float | None]:
        return {
            name: ratio(self.rate_counts.get(name, 0), self.stages.get(den, 0))
            for name, (_num, den, _l) in RATES.items()
            if name not in REFERRAL_RATES or self.referral_metrics_available
        }

    @property
    def total_row(self) -> Row:
        """The totals as a breakdown row (the "Tổng cộng" line under each breakdown table)."""
        return Row(key=None, label=str(_("Total")), counts=dict(self.stages), rate_counts=dict(self.rate_counts))

    def stage_rows(self) -> list[tuple[str, Any, int]]:
        keys = ["youth_union_members", *[s.key for s in STEPS]]
        return [(k, LABELS[k], self.stages.get(k, 0)) for k in keys]

    def side_rows(self) -> list[tuple[str, Any, int]]:
        keys = [s.key for s in SIDE_STEPS]
        if self.referral_metrics_available:
            keys += list(REFERRAL_KEYS)
        return [(k, LABELS[k], self.stages.get(k, 0)) for k in keys]

    def rate_rows(self) -> list[tuple[str, Any, float | None, int, int]]:
        """(name, label, rate, numerator, denominator) for every rate shown."""
        rates = self.rates
        return [
            (name, label, rates[name], self.rate_counts.get(name, 0), self.stages.get(den, 0))
            for name, (_n, den, label) in RATES.items()
            if name in rates
        ]

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


def _events(
    unit: OrgUnit, date_from: dt.date, date_to: dt.date, as_of: dt.date, recorded_on: dt.date | None = None
) -> QuerySet[CandidateEvent]:
    """Transition events of the unit's cells effective in the period up to the cut-off (and
    recorded by the end of `recorded_on` when given)."""
    events = (
        CandidateEvent.objects.filter(kind=EventKind.TRANSITION, effective_on__gte=date_from)
        .filter(effective_on__lte=min(date_to, as_of))
        .filter(path_q("candidate__cell__path", unit))
    )
    if recorded_on is not None:
        events = events.filter(at__lt=recorded_before(recorded_on))
    return _standing(events, recorded_on)


def _standing(events: QuerySet[CandidateEvent], recorded_on: dt.date | None) -> QuerySet[CandidateEvent]:
    """A voided step is not counted (from the day the void was recorded, on the "as recorded" axis)."""
    return standing_events(events, recorded_before=recorded_before(recorded_on) if recorded_on else None)


def _kinh_expr(field_name: str = "candidate__person__ethnicity") -> Case:
    return Case(When(Q(**{field_name: KINH}), then=Value(1)), default=Value(0), output_field=IntegerField())


def candidate_rows(
    unit: OrgUnit,
    date_from: dt.date,
    date_to: dt.date,
    as_of: dt.date,
    recorded_on: dt.date | None = None,
    people: QuerySet[Person] | None = None,
) -> list[dict[str, Any]]:
    """One row per candidate of the unit's cells: school, cohort, sex, Kinh or not, the first date
    they reached each stage inside the period (`first_<stage>`), and whether they had reached it by
    the cut-off (`by_<stage>` > 0). Everything else is a fold of these rows (also what the benchmark
    times)."""
    events = CandidateEvent.objects.filter(kind=EventKind.TRANSITION, effective_on__lte=as_of).filter(
        path_q("candidate__cell__path", unit)
    )
    if people is not None:
        events = events.filter(candidate__person__in=people)
    if recorded_on is not None:
        events = events.filter(at__lt=recorded_before(recorded_on))
    events = _standing(events, recorded_on)
    in_period = Q(effective_on__gte=date_from, effective_on__lte=min(date_to, as_of))
    annotations: dict[str, Any] = {}
    for step in EVENT_STEPS:
        annotations[f"first_{step.key}"] = Min("effective_on", filter=step.condition & in_period)
        annotations[f"by_{step.key}"] = Count("pk", filter=step.condition)
    # Rows are plain dicts; django-stubs infers a TypedDict for values() that cannot be widened to one.
    return list(
        events.values(  # type: ignore[arg-type]
            "candidate_id",
            school=F("candidate__cell__school_id"),
            cohort=F("candidate__person__cohort"),
            sex=F("candidate__person__sex"),
            kinh=_kinh_expr(),
        )
        .annotate(**annotations)
        .order_by()
    )


def _youth_union(
    unit: OrgUnit,
    date_from: dt.date,
    date_to: dt.date,
    as_of: dt.date,
    recorded_on: dt.date | None,
    readable: QuerySet[Person] | None = None,
) -> list[dict[str, Any]]:
    """Youth Union members at school during the period, grouped, with how many of them had been put
    on a sympathiser list by the cut-off (the numerator of `sympathiser_rate`)."""
    # Students at school during the period: cohorts entering grade 10 up to three school years
    # before the period's first school year, and no later than its last.
    first, last = school_year_of(date_from), school_year_of(date_to)
    joined_by = min(date_to, as_of)
    people = Person.objects.filter(path_q("school__path", unit), cohort__gte=first - 2, cohort__lte=last).filter(
        Q(left_school_on__isnull=True) | Q(left_school_on__gte=date_from)
    )
    if readable is not None:
        people = people.filter(pk__in=readable)
    listed = CandidateEvent.objects.filter(
        STEP_BY_KEY["sympathisers"].condition,
        candidate__person=OuterRef("pk"),
        kind=EventKind.TRANSITION,
        effective_on__lte=as_of,
    )
    if recorded_on is not None:
        people = people.filter(created_at__lt=recorded_before(recorded_on))
        listed = listed.filter(at__lt=recorded_before(recorded_on))
    listed = _standing(listed, recorded_on)
    member = Q(youth_union_joined_on__lte=joined_by)
    # Rows are plain dicts; django-stubs infers a TypedDict for values() that cannot be widened to one.
    return list(
        people.annotate(listed=Exists(listed))  # type: ignore[arg-type]
        .values("school_id", "cohort", "sex", kinh=_kinh_expr("ethnicity"))
        .annotate(
            members=Count("id", filter=member),
            members_listed=Count("id", filter=member & Q(listed=True)),
        )
        .order_by()
    )


def _classes(
    unit: OrgUnit,
    date_from: dt.date,
    date_to: dt.date,
    as_of: dt.date,
    recorded_on: dt.date | None,
    reader: Any = None,
) -> int:
    """Awareness classes organised inside the unit's subtree that started in the period (by the cut-off)."""
    if not apps.is_installed("uommam.training"):
        return 0
    from uommam.training.models import AwarenessClass

    classes = AwarenessClass.objects.filter(path_q("organiser__path", unit)).filter(
        starts_on__gte=date_from, starts_on__lte=min(date_to, as_of)
    )
    if recorded_on is not None:
        classes = classes.filter(created_at__lt=recorded_before(recorded_on))
    if reader is not None:
        classes = permitted(classes, reader, READ)
    return classes.count()


def _referral_flags(unit: OrgUnit, as_of: dt.date, recorded_on: dt.date | None) -> dict[int, tuple[bool, bool]] | None:
    """candidate id → (a referral of theirs acknowledged by the cut-off, admitted at the destination
    by the cut-off), for referrals sent from the unit's cells by the cut-off. None without the
    referrals app. The cohort is chosen by the caller: candidates referred in the period."""
    if not apps.is_installed("uommam.referrals"):
        return None
    from uommam.referrals.models import Referral, Status

    referrals = Referral.objects.current().filter(path_q("from_cell__path", unit), sent_on__lte=as_of)
    if recorded_on is not None:
        referrals = referrals.filter(created_at__lt=recorded_before(recorded_on))
    admitted = Q(status=Status.ADMITTED) & (Q(outcome_on__isnull=True) | Q(outcome_on__lte=as_of))
    rows = referrals.values("candidate_id").annotate(
        ack=Count("pk", filter=Q(acknowledged_on__lte=as_of)), adm=Count("pk", filter=admitted)
    )
    return {row["candidate_id"]: (row["ack"] > 0, row["adm"] > 0) for row in rows.order_by()}


def _readable_people(reader: Any) -> QuerySet[Person, Any] | None:  # rows: {"pk": …}, for `__in`
    """The people `reader` may read (uommam.orgs.capabilities), as a subquery; None: no restriction."""
    if reader is None:
        return None
    q = capability_q(Person, reader, READ)
    if q is None:
        return None
    return Person.objects.filter(q).values("pk")


def _school_years(date_from: dt.date, date_to: dt.date) -> list[int]:
    return list(range(school_year_of(date_from), school_year_of(date_to) + 1))


# --- Targets -------------------------------------------------------------------------------

TARGET_UNIT_KINDS = (UnitKind.CELL, *COMMITTEE_KINDS)


def accountable_units(unit: OrgUnit) -> QuerySet[OrgUnit]:
    """The Party units whose targets are the unit's: itself when it is a cell or a committee; the
    school's cells for a school (a school is not a Party unit and holds no target)."""
    if unit.kind in TARGET_UNIT_KINDS:
        return OrgUnit.objects.filter(pk=unit.pk)
    if unit.kind == UnitKind.SCHOOL:
        return OrgUnit.objects.filter(kind=UnitKind.CELL, school_id=unit.pk)
    return OrgUnit.objects.none()


def target_actuals(
    unit: OrgUnit, years: list[int], as_of: dt.date, recorded_on: dt.date | None = None
) -> dict[Any, tuple[int, int]]:
    """Enrolled and admitted over whole school years `years` (up to the cut-off), in total (key
    None) and per school: the actuals a target of those years is compared with. The same figure
    whoever looks at it: it depends only on the unit, the years and the two axes."""
    if not years:
        return {None: (0, 0)}
    start = school_year_bounds(school_year_label(min(years)))[0]
    end = school_year_bounds(school_year_label(max(years)))[1]
    events = _events(unit, start, end, as_of, recorded_on)
    counts = {
        "enrolled": Count("candidate_id", distinct=True, filter=STEP_BY_KEY["enrolled"].condition),
        "admitted": Count("candidate_id", distinct=True, filter=STEP_BY_KEY["admitted"].condition),
    }
    result: dict[Any, tuple[int, int]] = {}
    # The rows carry the counts annotated from **counts too, which django-stubs does not see.
    rows: Iterable[Mapping[str, Any]] = (
        events.values(school=F("candidate__cell__school_id")).annotate(**counts).order_by()
    )
    for row in rows:
        result[row["school"]] = (row["enrolled"], row["admitted"])
    total = events.aggregate(**counts)
    result[None] = (total["enrolled"], total["admitted"])
    return result


def _targets(
    unit: OrgUnit, years: list[int], as_of: dt.date, recorded_on: dt.date | None
) -> tuple[dict[str, Any], dict[int, tuple[int, int, int, int]]]:
    """The unit's own targets over the period's school years (never the sum of its children's), the
    years that had none, the actuals of those same school years; and each school's (set on its
    cell): (to class, to admit, enrolled and admitted in those school years)."""
    labels = [school_year_label(y) for y in years]
    accountable = list(accountable_units(unit).values_list("pk", flat=True))
    rows = Target.objects.filter(school_year__in=labels).filter(
        Q(unit_id__in=accountable) | (path_q("unit__path", unit) & Q(unit__kind=UnitKind.CELL))
    )
    if recorded_on is not None:
        rows = rows.filter(created_at__lt=recorded_before(recorded_on))
    per_school: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    own = [0, 0]
    own_years: set[str] = set()
    for row in rows.values("unit_id", "unit__school_id", "school_year", "students_to_class", "students_to_admit"):
        if row["unit_id"] in accountable:
            own_years.add(row["school_year"])
            own[0] += row["students_to_class"]
            own[1] += row["students_to_admit"]
        if row["unit__school_id"]:
            per_school[row["unit__school_id"]][0] += row["students_to_class"]
            per_school[row["unit__school_id"]][1] += row["students_to_admit"]
    actuals = target_actuals(unit, years, as_of, recorded_on) if own_years or per_school else {}
    actual = actuals[None] if own_years else (None, None)
    targets: dict[str, Any] = {
        "school_years": labels,
        "years_without_target": [label for label in labels if label not in own_years],
        "students_to_class": own[0] if own_years else None,
        "students_to_admit": own[1] if own_years else None,
        "enrolled_in_those_years": actual[0],
        "admitted_in_those_years": actual[1],
    }
    return targets, {k: (v[0], v[1], *actuals.get(k, (0, 0))) for k, v in per_school.items()}


# --- Folding -------------------------------------------------------------------------------


class _Bucket:
    """Counts and rate numerators of one breakdown line."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = defaultdict(int)
        self.rate_counts: dict[str, int] = defaultdict(int)


def _fold(
    rows: list[dict[str, Any]],
    members: list[dict[str, Any]],
    referral: dict[int, tuple[bool, bool]] | None,
    years: list[int],
) -> tuple[_Bucket, dict[str, dict[Any, _Bucket]]]:
    """Fold the per-candidate rows (and the Youth Union groups) into the total and every breakdown.
    A candidate is in one school, cohort, sex and ethnic group, and counts in the school year they
    first reached the stage in the period: every breakdown adds up to the total."""
    total = _Bucket()
    groups: dict[str, dict[Any, _Bucket]] = {g: defaultdict(_Bucket) for g in ("school", "cohort", "sex", "kinh")}
    by_year: dict[Any, _Bucket] = defaultdict(_Bucket)
    for row in rows:
        reached = {key for key in STAGE_KEYS if row[f"first_{key}"] is not None}
        if not reached:
            continue
        flags = referral.get(row["candidate_id"], (False, False)) if referral is not None else None
        if flags is not None and "referred" in reached:
            reached_extra = {k for k, flag in zip(REFERRAL_KEYS, flags, strict=True) if flag}
        else:
            reached_extra = set()
        by_cutoff = {key for key in STAGE_KEYS if row[f"by_{key}"]} | reached_extra
        targets = [total, *(groups[g][row[g]] for g in groups)]
        for key in reached | reached_extra:
            for bucket in targets:
                bucket.counts[key] += 1
        for key in reached:
            by_year[school_year_of(row[f"first_{key}"])].counts[key] += 1
        for key in reached_extra:
            by_year[school_year_of(row["first_referred"])].counts[key] += 1
        for name, (num, den, _label) in RATES.items():
            if den in reached and num in by_cutoff:
                for bucket in targets:
                    bucket.rate_counts[name] += 1
                by_year[school_year_of(row[f"first_{den}"])].rate_counts[name] += 1
    for row in members:
        targets = [total, *(groups[g][row["school_id" if g == "school" else g]] for g in groups)]
        for bucket in targets:
            bucket.counts["youth_union_members"] += row["members"]
            bucket.rate_counts["sympathiser_rate"] += row["members_listed"]
    groups["year"] = by_year
    return total, groups


def _rows(
    buckets: dict[Any, _Bucket], keys: list[Any], labels: dict[Any, str], *, youth_union: bool = True
) -> list[Row]:
    """Breakdown rows with every count present (0, not missing); Youth Union members are not
    counted per school year, so year rows leave them out."""
    count_keys = [*(["youth_union_members"] if youth_union else []), *STAGE_KEYS, *REFERRAL_KEYS]
    empty = _Bucket()
    return [
        Row(
            key=k,
            label=labels.get(k, str(k)),
            counts={c: buckets.get(k, empty).counts.get(c, 0) for c in count_keys},
            rate_counts=dict(buckets.get(k, empty).rate_counts),
        )
        for k in keys
    ]


def compute_funnel(
    *,
    unit: OrgUnit,
    date_from: dt.date,
    date_to: dt.date,
    as_of: dt.date | None = None,
    recorded_on: dt.date | None = None,
    reader: Any = None,
) -> Funnel:
    """The funnel of `unit` for [date_from, date_to], counting events effective by `as_of` (default
    today) and, when `recorded_on` is given, recorded by the end of that day.

    With `reader` (a user), the counts cover only the people that user may read: a receiving officer
    of a commune counts the students referred to the commune, not the school below it. Without it
    (commands, issued documents) the unit's whole subtree counts."""
    as_of = as_of or timezone.localdate()
    readable = _readable_people(reader)
    rows = candidate_rows(unit, date_from, date_to, as_of, recorded_on, people=readable)
    members = _youth_union(unit, date_from, date_to, as_of, recorded_on, readable)
    referral = _referral_flags(unit, as_of, recorded_on)
    years = _school_years(date_from, date_to)
    targets, school_targets = _targets(unit, years, as_of, recorded_on)
    total, groups = _fold(rows, members, referral, years)

    stage_keys = ["youth_union_members", *STAGE_KEYS, *(REFERRAL_KEYS if referral is not None else ())]
    stages = {k: total.counts.get(k, 0) for k in stage_keys}

    schools = groups["school"]
    school_ids = [k for k in set(schools) | set(school_targets) if k is not None]
    names = {
        pk: short or name
        for pk, short, name in OrgUnit.objects.filter(pk__in=school_ids).values_list("pk", "short_name", "name")
    }
    by_school = _rows(schools, sorted(school_ids, key=lambda pk: sort_key(names.get(pk, ""))), names)
    for row in by_school:
        target = school_targets.get(row.key)
        if target:
            row.target_class, row.target_admit, row.actual_class, row.actual_admit = target
    if None in schools:
        by_school += _rows(schools, [None], {None: str(_("Other cells"))})

    by_year = _rows(groups["year"], years, {y: school_year_label(y) for y in years}, youth_union=False)
    cohorts = groups["cohort"]
    by_cohort = _rows(cohorts, sorted(k for k in cohorts if k is not None), {})
    sex_labels = {"M": str(_("Male")), "F": str(_("Female"))}
    by_sex = _rows(groups["sex"], [s for s in ("F", "M") if s in groups["sex"]], sex_labels)
    eth_labels = {1: str(_("Kinh")), 0: str(_("Ethnic minorities"))}
    by_ethnicity = _rows(groups["kinh"], [k for k in (1, 0) if k in groups["kinh"]], eth_labels)

    return Funnel(
        unit=unit,
        date_from=date_from,
        date_to=date_to,
        as_of=as_of,
        recorded_on=recorded_on,
        classes=_classes(unit, date_from, date_to, as_of, recorded_on, reader),
        stages=stages,
        rate_counts=dict(total.rate_counts),
        targets=targets,
        by_school=by_school,
        by_year=by_year,
        by_cohort=by_cohort,
        by_sex=by_sex,
        by_ethnicity=by_ethnicity,
        referral_metrics_available=referral is not None,
    )


NAME_STEP_CHOICES = [(step.key, step.label) for step in EVENT_STEPS]
