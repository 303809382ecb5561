"""Reconciliation: random histories (events with random effective dates and random recording times,
classes, targets, referrals), every figure of the funnel recomputed with independent plain SQL over
the tables, and compared — totals, rate numerators, per-school and per-year rows, targets and the
referral loop — for random periods, cut-offs and "as recorded on" dates."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uommam.pipeline.models import CandidateEvent
from uommam.referrals.models import Referral
from uommam.reports.funnel import RATES, compute_funnel, school_year_of
from uommam.reports.models import Target
from uommam.training.models import AwarenessClass
from uommam.vn.school_year import school_year_label

from .helpers import TARGETS, candidacy, make_student

D = dt.date
START = D(2021, 9, 1)
# Each path a candidate may follow; a history is a prefix of one of them.
PATHS = (
    ["accept_sympathiser", "enrol", "certify", "open_dossier", "record_vote", "decide", "hold_ceremony"],
    ["accept_sympathiser", "enrol", "fail_class", "enrol", "certify", "refer"],
    ["accept_sympathiser", "enrol", "certify", "withdraw"],
)
STAGE_SQL = {  # stage key → (to_stage, exclude fail_class)
    "sympathisers": ("sympathiser", True),
    "enrolled": ("in_class", False),
    "certified": ("certified", False),
    "dossier_complete": ("dossier", False),
    "voted": ("voted", False),
    "admitted": ("decided", False),
    "probationary": ("probationary", False),
    "referred": ("referred", False),
    "withdrawn": ("withdrawn", False),
}

candidate_st = st.fixed_dictionaries(
    {
        "school": st.sampled_from(["A", "B"]),
        "path": st.sampled_from(range(len(PATHS))),
        "length": st.integers(min_value=1, max_value=7),
        "start": st.integers(min_value=0, max_value=1300),  # days after START
        "gaps": st.lists(st.integers(min_value=0, max_value=200), min_size=7, max_size=7),
        "delays": st.lists(st.integers(min_value=0, max_value=400), min_size=7, max_size=7),
        "acknowledged_after": st.none() | st.integers(min_value=0, max_value=300),
        "admitted_after": st.none() | st.integers(min_value=0, max_value=500),
    }
)
world_st = st.fixed_dictionaries(
    {
        "candidates": st.lists(candidate_st, max_size=10),
        "classes": st.lists(st.tuples(st.integers(0, 1500), st.integers(0, 300)), max_size=3),
        "targets": st.lists(
            st.tuples(st.sampled_from(["DU-A", "CB-S-A", "CB-S-B"]), st.integers(2021, 2025), st.integers(0, 50)),
            max_size=5,
        ),
        "period_start": st.integers(0, 1300),
        "period_days": st.integers(0, 1200),
        "cutoff_after": st.integers(-200, 800),
        "recorded_after": st.none() | st.integers(-100, 900),
        "unit": st.sampled_from(["TU-T", "DU-A", "HU-D"]),
    }
)
# The cells each unit answers for (its current or former subtree), written down independently of
# uommam.orgs.tree: the district closed on 30/06/2025 had both schools; DU-A took school A.
CELLS = {"TU-T": ("CB-S-A", "CB-S-B"), "HU-D": ("CB-S-A", "CB-S-B"), "DU-A": ("CB-S-A",)}
ORGANISES_CLASSES = {"TU-T": True, "HU-D": True, "DU-A": False}  # the centre sat under the district


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _build(world: Any, data: dict[str, Any]) -> None:
    centre = world.units["TTCT-D"]
    for index, (start, delay) in enumerate(data["classes"]):
        day = START + dt.timedelta(days=start)
        klass = AwarenessClass.objects.create(
            organiser=centre,
            certificate_issuer=centre,
            code=f"R{index}",
            number=f"{index}",
            name=f"Lớp {index}",
            starts_on=day,
            ends_on=day + dt.timedelta(days=5),
        )
        AwarenessClass.objects.filter(pk=klass.pk).update(created_at=_aware(day + dt.timedelta(days=delay)))
    for code, year, size in data["targets"]:
        Target.objects.update_or_create(
            unit=world.units[code],
            school_year=school_year_label(year),
            defaults={"students_to_class": size, "students_to_admit": size // 5},
        )
    for spec in data["candidates"]:
        school = world.units[f"S-{spec['school']}"]
        steps, day = [], START + dt.timedelta(days=spec["start"])
        for name, gap in zip(PATHS[spec["path"]][: spec["length"]], spec["gaps"], strict=False):
            day += dt.timedelta(days=gap)
            steps.append((name, day))
        candidate = candidacy(make_student(school), world.units[f"CB-S-{spec['school']}"], steps)
        events = CandidateEvent.objects.filter(candidate=candidate).order_by("pk")
        for event, (_name, on), delay in zip(events, steps, spec["delays"], strict=False):
            CandidateEvent.objects.filter(pk=event.pk).update(at=_aware(on + dt.timedelta(days=delay)))
        if steps and TARGETS[steps[-1][0]] == "referred":
            sent = steps[-1][1]
            ack, adm = spec["acknowledged_after"], spec["admitted_after"]
            Referral.objects.create(
                candidate=candidate,
                person=candidate.person,
                from_cell=candidate.cell,
                to_unit=world.units["DU-U-X"],
                destination_kind="university",
                sent_on=sent,
                acknowledged_on=sent + dt.timedelta(days=ack) if ack is not None else None,
                status="admitted" if adm is not None else "sent",
                outcome_on=sent + dt.timedelta(days=adm) if adm is not None else None,
            )


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _expected(world: Any, unit: str, d_from: dt.date, d_to: dt.date, cutoff: dt.date, recorded: dt.datetime | None):
    cells = [world.units[c].pk for c in CELLS[unit]]
    marks = ",".join(["%s"] * len(cells))
    rec = " AND e.at < %s" if recorded else ""
    rec_params = [recorded] if recorded else []
    end = min(d_to, cutoff)
    # (candidate, school, stage key) → first effective date in the period
    events = _rows(
        f"SELECT e.candidate_id, o.school_id, e.to_stage, e.transition, e.effective_on "
        f"FROM pipeline_candidateevent e JOIN pipeline_candidate c ON c.id = e.candidate_id "
        f"JOIN orgs_orgunit o ON o.id = c.cell_id "
        f"WHERE c.cell_id IN ({marks}) AND e.kind = 'transition' AND e.effective_on <= %s{rec}",
        [*cells, cutoff, *rec_params],
    )
    first: dict[tuple[int, str], dt.date] = {}
    reached_by: set[tuple[int, str]] = set()
    school_of: dict[int, int] = {}
    for candidate_id, school_id, to_stage, transition, effective in events:
        effective = _day(effective)
        school_of[candidate_id] = school_id
        for key, (stage, not_fail) in STAGE_SQL.items():
            if to_stage == stage and not (not_fail and transition == "fail_class"):
                reached_by.add((candidate_id, key))
                if d_from <= effective <= end and (
                    (candidate_id, key) not in first or effective < first[candidate_id, key]
                ):
                    first[candidate_id, key] = effective
    # The referral loop, from the referrals table.
    referrals = _rows(
        f"SELECT r.candidate_id, r.acknowledged_on, r.status, r.outcome_on FROM referrals_referral r "
        f"WHERE r.from_cell_id IN ({marks}) AND r.status <> 'passed_on' AND r.sent_on <= %s"
        + (" AND r.created_at < %s" if recorded else ""),
        [*cells, cutoff, *rec_params],
    )
    for candidate_id, acknowledged_on, status, outcome_on in referrals:
        if (candidate_id, "referred") not in first:
            continue
        if acknowledged_on is not None and _day(acknowledged_on) <= cutoff:
            reached_by.add((candidate_id, "acknowledged"))
            first[candidate_id, "acknowledged"] = first[candidate_id, "referred"]
        if status == "admitted" and (outcome_on is None or _day(outcome_on) <= cutoff):
            reached_by.add((candidate_id, "admitted_at_destination"))
            first[candidate_id, "admitted_at_destination"] = first[candidate_id, "referred"]
    totals = Counter(key for _c, key in first)
    per_school = Counter((school_of[c], key) for c, key in first)
    per_year = Counter((school_year_of(day), key) for (_c, key), day in first.items())
    numerators = Counter()
    for name, (num, den, _label) in RATES.items():
        for candidate_id, key in first:
            if key == den and (candidate_id, num) in reached_by:
                numerators[name] += 1
    classes = 0
    if ORGANISES_CLASSES[unit]:
        classes = _rows(
            "SELECT COUNT(*) FROM training_awarenessclass WHERE starts_on >= %s AND starts_on <= %s"
            + (" AND created_at < %s" if recorded else ""),
            [d_from, end, *rec_params],
        )[0][0]
    return totals, per_school, per_year, numerators, classes


def _expected_targets(world: Any, unit: str, years: list[str], recorded: dt.datetime | None) -> tuple[Any, list[str]]:
    own = world.units[unit].pk if unit == "DU-A" else None
    rows = _rows(
        "SELECT school_year, students_to_class, students_to_admit FROM reports_target WHERE unit_id = %s"
        + (" AND created_at < %s" if recorded else ""),
        [own, *([recorded] if recorded else [])],
    )
    rows = [r for r in rows if r[0] in years]
    if not rows:
        return None, years
    return (sum(r[1] for r in rows), sum(r[2] for r in rows)), [y for y in years if y not in {r[0] for r in rows}]


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=world_st)
def test_every_figure_matches_plain_sql(world, data) -> None:
    with transaction.atomic():
        _build(world, data)
        d_from = START + dt.timedelta(days=data["period_start"])
        d_to = d_from + dt.timedelta(days=data["period_days"])
        cutoff = d_to + dt.timedelta(days=data["cutoff_after"])
        recorded_on = None if data["recorded_after"] is None else d_to + dt.timedelta(days=data["recorded_after"])
        recorded = (
            timezone.make_aware(dt.datetime.combine(recorded_on + dt.timedelta(days=1), dt.time.min))
            if recorded_on
            else None
        )
        unit = data["unit"]
        funnel = compute_funnel(
            unit=world.units[unit], date_from=d_from, date_to=d_to, as_of=cutoff, recorded_on=recorded_on
        )
        totals, per_school, per_year, numerators, classes = _expected(world, unit, d_from, d_to, cutoff, recorded)

        for key in (*STAGE_SQL, "acknowledged", "admitted_at_destination"):
            assert funnel.stages[key] == totals[key], key
            for row in funnel.by_school:
                assert row.get(key) == per_school[row.key, key], (row.label, key)
            for row in funnel.by_year:
                assert row.get(key) == per_year[row.key, key], (row.label, key)
            # Tables add up.
            assert sum(row.get(key) for row in funnel.by_school) == funnel.stages[key]
            assert sum(row.get(key) for row in funnel.by_year) == funnel.stages[key]
        for name in RATES:
            if name != "sympathiser_rate":
                assert funnel.rate_counts.get(name, 0) == numerators[name], name
        assert all(rate is None or 0 <= rate <= 1 for rate in funnel.rates.values())
        assert funnel.classes == classes

        years = [school_year_label(y) for y in range(school_year_of(d_from), school_year_of(d_to) + 1)]
        own, without = _expected_targets(world, unit, years, recorded)
        if own is None:
            assert funnel.targets["students_to_admit"] is None
        else:
            assert (funnel.targets["students_to_class"], funnel.targets["students_to_admit"]) == own
            assert funnel.targets["years_without_target"] == without
        transaction.set_rollback(True)


def test_reconciliation_builds_each_path_stage() -> None:
    """The paths above only use transitions the helpers know."""
    assert {name for path in PATHS for name in path} <= set(TARGETS)
