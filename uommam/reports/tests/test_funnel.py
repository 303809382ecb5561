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


def test_every_rate_follows_its_cohort_to_the_cut_off(pipeline):
    funnel = compute_funnel(unit=pipeline.units["TU-T"], **PERIOD)
    s, n = funnel.stages, funnel.rate_counts
    # Of the 5 certified in the period, 2 admitted and 1 referred by the cut-off; 2 ceremonies, no official.
    assert funnel.rates == {
        "sympathiser_rate": pytest.approx(n["sympathiser_rate"] / s["youth_union_members"]),
        "class_rate": pytest.approx(5 / 5),
        "certification_rate": pytest.approx(5 / 5),
        "admission_rate": pytest.approx(2 / 5),
        "vote_to_decision_rate": pytest.approx(2 / 2),
        "official_rate": pytest.approx(0),
        "referral_rate": pytest.approx(1 / 5),
        "acknowledged_rate": pytest.approx(0),
        "admitted_at_destination_rate": pytest.approx(0),
    }


def test_a_later_admission_counts_for_the_period_of_the_certificate(world):
    """Certified in June, admitted in November: the admission rate of the school year of the
    certificate counts it once the cut-off is after November; the flow of admissions does not."""
    steps = [*FULL[:2], ("certify", D(2024, 6, 10)), ("open_dossier", D(2024, 9, 5)), ("record_vote", D(2024, 10, 1))]
    candidacy(make_student(world.units["S-A"]), world.units["CB-S-A"], [*steps, ("decide", D(2024, 11, 5))])
    before = compute_funnel(unit=world.units["S-A"], **PERIOD, as_of=D(2024, 10, 31))
    after = compute_funnel(unit=world.units["S-A"], **PERIOD, as_of=D(2024, 12, 31))
    assert before.rates["admission_rate"] == 0
    assert after.rates["admission_rate"] == 1
    assert after.stages["admitted"] == 0  # not admitted in the period


def test_no_rate_exceeds_100_percent_when_earlier_sympathisers_enrol(world):
    # Put on the list in 2022-2023, enrolled in 2023-2024: the class rate of 2023-2024 has no cohort.
    steps = [("accept_sympathiser", D(2023, 5, 1)), ("enrol", D(2023, 11, 1)), ("certify", D(2023, 11, 10))]
    for _ in range(3):
        candidacy(make_student(world.units["S-A"]), world.units["CB-S-A"], steps)
    candidacy(make_student(world.units["S-A"]), world.units["CB-S-A"], FULL[:1])
    funnel = compute_funnel(unit=world.units["S-A"], **PERIOD)
    assert funnel.stages["enrolled"] == 3 and funnel.stages["sympathisers"] == 1
    assert funnel.rates["class_rate"] == 0
    assert all(rate is None or 0 <= rate <= 1 for rate in funnel.rates.values())


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

    def test_late_entries_count_on_the_effective_axis(self, world):
        # Decided on 01/04/2024 but only entered on 10/05/2024: "as of 30/04/2024" counts it.
        candidacy(make_student(world.units["S-A"]), world.units["CB-S-A"], FULL[:6], recorded_at=aware(D(2024, 5, 10)))
        funnel = compute_funnel(unit=world.units["S-A"], **PERIOD, as_of=D(2024, 4, 30))
        assert funnel.stages["admitted"] == 1 and funnel.stages["certified"] == 1

    def test_as_recorded_on_reproduces_the_report_of_that_day(self, world):
        candidacy(make_student(world.units["S-A"]), world.units["CB-S-A"], FULL[:6], recorded_at=aware(D(2024, 5, 10)))
        candidacy(make_student(world.units["S-A"]), world.units["CB-S-A"], FULL[:3])  # recorded on the day
        before = compute_funnel(unit=world.units["S-A"], **PERIOD, as_of=D(2024, 5, 9), recorded_on=D(2024, 5, 9))
        after = compute_funnel(unit=world.units["S-A"], **PERIOD, as_of=D(2024, 5, 9), recorded_on=D(2024, 5, 10))
        assert before.stages["certified"] == 1 and before.stages["admitted"] == 0
        assert after.stages["certified"] == 2 and after.stages["admitted"] == 1

    def test_classes_follow_both_axes(self, world):
        from uommam.training.models import AwarenessClass

        centre = world.units["TTCT-D"]
        klass = AwarenessClass.objects.create(
            organiser=centre,
            certificate_issuer=centre,
            code="L1",
            number="01/2024",
            name="Lớp 01/2024",
            starts_on=D(2024, 3, 1),
            ends_on=D(2024, 3, 8),
        )
        AwarenessClass.objects.filter(pk=klass.pk).update(created_at=aware(D(2024, 4, 1)))
        unit = world.units["TU-T"]
        assert compute_funnel(unit=unit, **PERIOD, as_of=D(2024, 2, 28)).classes == 0
        assert compute_funnel(unit=unit, **PERIOD, as_of=D(2024, 3, 1)).classes == 1
        assert compute_funnel(unit=unit, **PERIOD, recorded_on=D(2024, 3, 31)).classes == 0
        assert compute_funnel(unit=unit, **PERIOD, recorded_on=D(2024, 4, 1)).classes == 1

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


def test_year_rows_cover_the_periods_school_years_and_add_up(world):
    cell, school = world.units["CB-S-A"], world.units["S-A"]
    # Put on the list twice (back from the class in between): one sympathiser, in 2022-2023.
    steps = [("accept_sympathiser", D(2022, 9, 1)), ("enrol", D(2022, 10, 1)), ("fail_class", D(2022, 10, 9))]
    candidacy(make_student(school), cell, [*steps, ("enrol", D(2023, 10, 1))])
    candidacy(make_student(school), cell, [("accept_sympathiser", D(2023, 8, 31)), ("enrol", D(2023, 9, 1))])
    funnel = compute_funnel(unit=school, date_from=D(2022, 9, 1), date_to=D(2024, 8, 31))
    years = {r.label: r for r in funnel.by_year}
    assert list(years) == ["2022-2023", "2023-2024"]
    assert years["2022-2023"].get("sympathisers") == 2
    assert years["2022-2023"].get("enrolled") == 1 and years["2023-2024"].get("enrolled") == 1
    for key in ("sympathisers", "enrolled"):
        assert sum(r.get(key) for r in funnel.by_year) == funnel.stages[key]


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
