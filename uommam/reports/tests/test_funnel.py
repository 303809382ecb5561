"""Every rate and count definition of the funnel, the "as of" date and the 2025 rollup."""

from __future__ import annotations

import datetime as dt

import pytest

from uommam.reports.funnel import compute_funnel, school_year_of

from .helpers import FULL, aware, candidacy, make_student

D = dt.date
PERIOD = {"date_from": D(2023, 9, 1), "date_to": D(2024, 8, 31)}


@pytest.fixture
def pipeline(world):
    """School A: one admitted, two certified only, one referred; school B: one admitted."""
    a, b = world.units["S-A"], world.units["S-B"]
    cell_a, cell_b = world.units["CB-S-A"], world.units["CB-S-B"]
    candidacy(make_student(a, ethnicity="01", sex="M"), cell_a, FULL)
    for _ in range(2):
        candidacy(make_student(a), cell_a, FULL[:3])
    candidacy(make_student(a, cohort=2021), cell_a, [*FULL[:3], ("refer", D(2024, 6, 1))])
    candidacy(make_student(b), cell_b, FULL)
    return world


def test_admission_rate_is_admitted_over_certified_in_the_period(pipeline):
    funnel = compute_funnel(unit=pipeline.units["TU-T"], **PERIOD)
    assert funnel.stages["certified"] == 5
    assert funnel.stages["admitted"] == 2
    assert funnel.rates["admission_rate"] == pytest.approx(2 / 5)
    assert funnel.stages["referred"] == 1
    assert funnel.rates["referral_rate"] == pytest.approx(1 / 5)
    assert funnel.stages["probationary"] == 2
    assert funnel.rates["official_rate"] == 0


def test_every_rate_has_its_documented_numerator_and_denominator(pipeline):
    funnel = compute_funnel(unit=pipeline.units["TU-T"], **PERIOD)
    s = funnel.stages
    assert funnel.rates == {
        "sympathiser_rate": pytest.approx(s["sympathisers"] / s["youth_union_members"]),
        "class_rate": pytest.approx(s["enrolled"] / s["sympathisers"]),
        "certification_rate": pytest.approx(s["certified"] / s["enrolled"]),
        "admission_rate": pytest.approx(s["admitted"] / s["certified"]),
        "vote_to_decision_rate": pytest.approx(s["admitted"] / s["voted"]),
        "official_rate": pytest.approx(0),
        "referral_rate": pytest.approx(s["referred"] / s["certified"]),
    }


def test_a_rate_with_nothing_to_divide_by_is_none(world):
    funnel = compute_funnel(unit=world.units["TU-T"], **PERIOD)
    assert funnel.rates["admission_rate"] is None
    assert funnel.as_json()["rates"]["admission_rate"] is None


def test_youth_union_members_are_students_at_school_during_the_period(world):
    a = world.units["S-A"]
    make_student(a, cohort=2023)  # grade 10 in 2023-2024
    make_student(a, cohort=2019)  # left in 2022
    make_student(a, cohort=2023, youth_union_joined_on=None)
    funnel = compute_funnel(unit=world.units["S-A"], **PERIOD)
    # The world's own student of school A (cohort 2023) is a member too.
    assert funnel.stages["youth_union_members"] == 2


def test_events_outside_the_period_do_not_count(pipeline):
    funnel = compute_funnel(unit=pipeline.units["TU-T"], date_from=D(2024, 3, 15), date_to=D(2024, 8, 31))
    assert funnel.stages["certified"] == 0
    assert funnel.stages["admitted"] == 2
    assert funnel.rates["admission_rate"] is None


def test_returning_from_class_is_not_a_new_sympathiser(world):
    steps = [("accept_sympathiser", D(2023, 10, 1)), ("enrol", D(2023, 11, 1)), ("fail_class", D(2023, 11, 9))]
    candidacy(make_student(world.units["S-A"]), world.units["CB-S-A"], steps)
    funnel = compute_funnel(unit=world.units["S-A"], **PERIOD)
    assert funnel.stages["sympathisers"] == 1


def test_a_candidate_counts_once_per_stage(world):
    steps = [
        ("accept_sympathiser", D(2023, 10, 1)),
        ("enrol", D(2023, 11, 1)),
        ("fail_class", D(2023, 11, 9)),
        ("enrol", D(2024, 3, 1)),
    ]
    candidacy(make_student(world.units["S-A"]), world.units["CB-S-A"], steps)
    assert compute_funnel(unit=world.units["S-A"], **PERIOD).stages["enrolled"] == 1


class TestAsOf:
    def test_events_after_the_as_of_date_do_not_count(self, pipeline):
        funnel = compute_funnel(unit=pipeline.units["TU-T"], **PERIOD, as_of=D(2024, 3, 31))
        assert funnel.stages["voted"] == 2
        assert funnel.stages["admitted"] == 0

    def test_events_recorded_after_the_as_of_date_do_not_count(self, world):
        # Decided on 01/04/2024 but only entered on 10/05/2024.
        candidacy(make_student(world.units["S-A"]), world.units["CB-S-A"], FULL[:6], recorded_at=aware(D(2024, 5, 10)))
        before = compute_funnel(unit=world.units["S-A"], **PERIOD, as_of=D(2024, 5, 9))
        after = compute_funnel(unit=world.units["S-A"], **PERIOD, as_of=D(2024, 5, 10))
        assert before.stages["admitted"] == 0 and before.stages["certified"] == 0
        assert after.stages["admitted"] == 1

    def test_current_stage_does_not_matter(self, world):
        # Admitted in the period, struck off afterwards: still admitted in that period.
        candidate = candidacy(make_student(world.units["S-A"]), world.units["CB-S-A"], FULL)
        candidate.stage = "struck_off"
        candidate.save()
        assert compute_funnel(unit=world.units["S-A"], **PERIOD).stages["admitted"] == 1


class TestRollupAcrossTheReorganisation:
    """Schools A and B sat under district HU-D until 30/06/2025, then under communes DU-A / DU-B."""

    def test_closed_district_keeps_its_schools_history(self, pipeline):
        funnel = compute_funnel(unit=pipeline.units["HU-D"], **PERIOD)
        assert funnel.stages["certified"] == 5
        assert funnel.stages["admitted"] == 2

    def test_successor_commune_sees_its_school_before_it_arrived(self, pipeline):
        funnel = compute_funnel(unit=pipeline.units["DU-A"], **PERIOD)
        assert funnel.stages["certified"] == 4
        assert funnel.stages["admitted"] == 1

    def test_sibling_commune_sees_only_its_school(self, pipeline):
        assert compute_funnel(unit=pipeline.units["DU-B"], **PERIOD).stages["certified"] == 1

    def test_province_total_equals_the_sum_of_its_schools(self, pipeline):
        funnel = compute_funnel(unit=pipeline.units["TU-T"], **PERIOD)
        assert sum(row.get("certified") for row in funnel.by_school) == funnel.stages["certified"]
        assert {row.label for row in funnel.by_school} == {"Trường THPT A", "Trường THPT B"}

    def test_events_after_the_move_still_roll_up_to_the_province_only_once(self, world):
        later = [("accept_sympathiser", D(2025, 9, 10)), ("enrol", D(2025, 10, 1)), ("certify", D(2025, 10, 10))]
        candidacy(make_student(world.units["S-A"]), world.units["CB-S-A"], later)
        period = {"date_from": D(2025, 9, 1), "date_to": D(2026, 8, 31)}
        assert compute_funnel(unit=world.units["TU-T"], **period).stages["certified"] == 1
        assert compute_funnel(unit=world.units["DU-A"], **period).stages["certified"] == 1


def test_breakdowns_partition_the_totals(pipeline):
    funnel = compute_funnel(unit=pipeline.units["TU-T"], **PERIOD)
    for rows in (funnel.by_cohort, funnel.by_sex, funnel.by_ethnicity):
        assert sum(r.get("certified") for r in rows) == 5
    kinh = {r.key: r for r in funnel.by_ethnicity}
    assert kinh[1].get("admitted") == 1 and kinh[0].get("admitted") == 1
    assert {r.key: r.get("certified") for r in funnel.by_cohort} == {2021: 1, 2022: 4, 2023: 0}


def test_trend_counts_each_school_year_september_to_august(world):
    cell, school = world.units["CB-S-A"], world.units["S-A"]
    candidacy(make_student(school), cell, [("accept_sympathiser", D(2022, 8, 31)), ("enrol", D(2022, 9, 1))])
    funnel = compute_funnel(unit=school, date_from=D(2022, 9, 1), date_to=D(2023, 8, 31))
    years = {r.label: r for r in funnel.by_year}
    assert list(years)[-1] == "2022-2023" and len(years) == 6
    assert years["2021-2022"].get("sympathisers") == 1
    assert years["2022-2023"].get("enrolled") == 1


def test_school_year_boundaries():
    assert school_year_of(D(2024, 8, 31)) == 2023
    assert school_year_of(D(2024, 9, 1)) == 2024


def test_json_has_exactly_the_documented_keys(pipeline):
    data = compute_funnel(unit=pipeline.units["TU-T"], **PERIOD).as_json()
    assert set(data) == {"unit", "from", "to", "classes", "stages", "rates", "targets"}
    assert {
        "sympathisers",
        "enrolled",
        "certified",
        "dossier_complete",
        "voted",
        "admitted",
        "official",
        "referred",
    } <= set(data["stages"])
    assert data["unit"] == "TU-T" and data["from"] == "2023-09-01"
