"""Both edges of every window, backward working days, and declared make-up days.

Calendar facts (holidays 0.109): March 2025 has no holiday; 26/04/2025 is the national make-up Saturday for
02/05/2025; 30/04–02/05/2025 are days off.
"""

from datetime import date, timedelta

import pytest

from uommam.rules import (
    add_working_days,
    admission_age_from,
    certificate_is_valid,
    document_is_current,
    forecast,
    is_of_admission_age,
    is_working_day,
    months_short,
    needs_higher_decision,
    regulation_set_for,
    working_days_between,
)

FRI, SAT, SUN, MON = date(2025, 3, 7), date(2025, 3, 8), date(2025, 3, 9), date(2025, 3, 10)
DAY = timedelta(days=1)

# --- Backward working days (away from Tết, so a wrong step size cannot hide behind a long holiday) ---


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (FRI, -1, date(2025, 3, 6)),
        (FRI, -4, date(2025, 3, 3)),
        (FRI, -5, date(2025, 2, 28)),
        (MON, -1, FRI),
        (SUN, -1, FRI),
        (date(2025, 3, 12), -2, MON),
        (date(2025, 4, 28), -1, date(2025, 4, 26)),  # the national make-up Saturday counts backwards too
        (date(2025, 5, 5), -1, date(2025, 4, 29)),  # 30/04–02/05 are skipped backwards
    ],
)
def test_add_working_days_counts_backwards_day_by_day(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected
    # The inverse holds from a working day (from Sunday, the Friday before is 0 working days back).
    assert working_days_between(expected, start) == (-n if is_working_day(start) else 0)


def test_backwards_is_the_inverse_of_forwards_on_ordinary_weeks() -> None:
    for n in range(1, 12):
        assert add_working_days(add_working_days(FRI, n), -n) == FRI


def test_zero_working_days_is_the_start_itself_even_on_a_sunday() -> None:
    assert add_working_days(SUN, 0) == SUN


# --- Declared make-up days in working_days_between ---


def test_a_declared_make_up_saturday_counts_in_working_days_between() -> None:
    assert working_days_between(FRI, MON) == 1
    assert working_days_between(FRI, MON, extra_working_days=[SAT]) == 2
    assert working_days_between(MON, FRI, extra_working_days=[SAT]) == -2


def test_the_interval_is_open_at_the_start_and_closed_at_the_end() -> None:
    assert working_days_between(SAT, SAT, extra_working_days=[SAT]) == 0
    assert working_days_between(FRI, SAT, extra_working_days=[SAT]) == 1  # the end counts
    assert working_days_between(SAT, MON, extra_working_days=[SAT]) == 1  # the start does not
    assert working_days_between(date(2025, 3, 6), MON, extra_days_off=[FRI]) == 1
    assert working_days_between(FRI, MON, extra_days_off=[FRI]) == 1


def test_a_date_declared_both_off_and_working_is_off() -> None:
    assert not is_working_day(SAT, extra_days_off=[SAT], extra_working_days=[SAT])
    assert not is_working_day(MON, extra_days_off=[MON], extra_working_days=[MON])
    assert working_days_between(FRI, MON, extra_days_off=[SAT], extra_working_days=[SAT]) == 1


def test_a_declared_working_day_on_an_ordinary_weekday_changes_nothing() -> None:
    assert working_days_between(FRI, MON, extra_working_days=[FRI, MON]) == 1


def test_working_days_between_spans_years_with_declared_days() -> None:
    plain = working_days_between(date(2024, 12, 31), date(2026, 1, 1))
    assert working_days_between(date(2024, 12, 31), date(2026, 1, 1), extra_working_days=[SAT]) == plain + 1
    assert working_days_between(date(2024, 12, 31), date(2026, 1, 1), extra_days_off=[MON]) == plain - 1


# --- Windows: the first and the last day inside, the days just outside ---


def test_admission_age_window_opens_on_the_first_of_the_birth_month() -> None:
    dob = date(2008, 5, 31)
    assert admission_age_from(dob) == date(2026, 5, 1)
    assert is_of_admission_age(dob, date(2026, 5, 1))
    assert not is_of_admission_age(dob, date(2026, 4, 30))
    assert is_of_admission_age(dob, date(2026, 5, 31), "day")
    assert not is_of_admission_age(dob, date(2026, 5, 30), "day")


def test_unknown_age_policy_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown age policy: 'week'"):
        admission_age_from(date(2008, 5, 31), "week")  # type: ignore[arg-type]


def test_full_60_lasts_through_the_birth_month() -> None:
    dob = date(1965, 6, 30)
    assert not needs_higher_decision(dob, date(2025, 6, 30))
    assert needs_higher_decision(dob, date(2025, 7, 1))


def test_certificate_is_valid_on_its_issue_date_and_its_expiry_date_only_between() -> None:
    issued = date(2020, 1, 15)
    assert certificate_is_valid(issued, issued)
    assert not certificate_is_valid(issued, issued - DAY)
    assert certificate_is_valid(issued, date(2025, 1, 15))
    assert not certificate_is_valid(issued, date(2025, 1, 16))


@pytest.mark.parametrize("kind", ["personal_history", "introduction", "opinion_summary"])
def test_documents_are_current_from_their_date_through_their_last_day(kind: str) -> None:
    issued = date(2025, 1, 31)
    last = date(2026, 1, 31) if kind == "personal_history" else date(2025, 7, 31)
    assert document_is_current(kind, issued, issued)  # type: ignore[arg-type]
    assert not document_is_current(kind, issued, issued - DAY)  # type: ignore[arg-type]
    assert document_is_current(kind, issued, last)  # type: ignore[arg-type]
    assert not document_is_current(kind, issued, last + DAY)  # type: ignore[arg-type]


def test_forecast_on_the_eligibility_date_itself_is_admit_now() -> None:
    dob, eligible = date(2008, 5, 20), date(2026, 5, 1)
    assert forecast(dob, date(2026, 6, 1), today=eligible).action == "admit_now"
    assert forecast(dob, date(2026, 6, 1), today=eligible - DAY).action == "admit_before_leaving"


def test_forecast_leaving_on_the_eligibility_date_is_still_before_leaving() -> None:
    dob, eligible = date(2008, 5, 20), date(2026, 5, 1)
    on_the_day = forecast(dob, eligible, today=date(2025, 9, 5))
    assert (on_the_day.before_leaving, on_the_day.months_short_at_leaving, on_the_day.action) == (
        True,
        0,
        "admit_before_leaving",
    )
    day_before = forecast(dob, eligible - DAY, today=date(2025, 9, 5))
    assert (day_before.before_leaving, day_before.months_short_at_leaving, day_before.action) == (False, 1, "refer")


def test_forecast_without_certificate_says_nothing_about_it() -> None:
    result = forecast(date(2008, 5, 20), date(2026, 6, 1), today=date(2025, 9, 5))
    assert (result.certificate_expires_on, result.certificate_valid_at_eligibility) == (None, None)


def test_forecast_checks_the_certificate_on_the_later_of_eligibility_and_today() -> None:
    dob = date(2008, 5, 20)  # eligible 01/05/2026
    issued_expiring_01_05_2026 = date(2021, 5, 1)
    before = forecast(dob, date(2026, 6, 1), today=date(2025, 9, 5), certificate_issued_on=issued_expiring_01_05_2026)
    assert (before.certificate_expires_on, before.certificate_valid_at_eligibility) == (date(2026, 5, 1), True)
    # Once today is past the eligibility date, today is the earliest date a cell can consider the student.
    late = forecast(dob, date(2026, 6, 1), today=date(2026, 5, 2), certificate_issued_on=issued_expiring_01_05_2026)
    assert late.certificate_valid_at_eligibility is False
    # A certificate issued after eligibility is judged on today, not on the (earlier) eligibility date.
    fresh = forecast(dob, date(2026, 6, 1), today=date(2026, 5, 20), certificate_issued_on=date(2026, 5, 10))
    assert fresh.certificate_valid_at_eligibility is True


def test_forecast_policy_argument_overrides_the_settings() -> None:
    assert forecast(date(2008, 5, 20), date(2026, 6, 1), today=date(2026, 5, 10), policy="day").action == (
        "admit_before_leaving"
    )


@pytest.mark.parametrize(
    ("eligible_from", "on", "expected"),
    [
        (date(2026, 5, 1), date(2026, 5, 1), 0),
        (date(2026, 5, 1), date(2026, 4, 30), 1),
        (date(2026, 5, 1), date(2026, 4, 1), 1),
        (date(2026, 5, 1), date(2026, 3, 31), 2),
        (date(2026, 6, 20), date(2026, 5, 10), 2),
        (date(2026, 6, 20), date(2026, 5, 20), 1),
        (date(2026, 6, 20), date(2026, 5, 21), 1),
        (date(2026, 5, 1), date(2027, 1, 1), 0),
    ],
)
def test_months_short_rounds_a_part_month_up(eligible_from: date, on: date, expected: int) -> None:
    assert months_short(eligible_from, on) == expected


@pytest.mark.parametrize(
    ("on", "code", "before_coverage"),
    [
        (date(2021, 7, 29), "2021", True),
        (date(2021, 7, 30), "2021", False),
        (date(2025, 1, 19), "2021", False),
        (date(2025, 1, 20), "2025-01", False),
        (date(2025, 6, 30), "2025-01", False),
        (date(2025, 7, 1), "2025-07", False),
        (date(2026, 4, 7), "2025-07", False),
        (date(2026, 4, 8), "2026-04", False),
        (date(2026, 5, 18), "2026-04", False),
        (date(2026, 5, 19), "2026-05", False),
        (date(2026, 7, 25), "2026-05", False),
        (date(2026, 7, 26), "2026-07", False),
        (date(2099, 12, 31), "2026-07", False),
    ],
)
def test_regulation_sets_switch_on_their_first_day(on: date, code: str, before_coverage: bool) -> None:
    chosen = regulation_set_for(on)
    assert (chosen.code, chosen.before_coverage) == (code, before_coverage)


def test_a_date_on_the_first_plausible_day_is_in_bounds() -> None:
    from uommam.rules import in_bounds

    today = date(2026, 11, 30)
    assert in_bounds(date(1950, 1, 1), "birth", today)
    assert not in_bounds(date(1949, 12, 31), "birth", today)
    assert in_bounds(today, "event", today)


@pytest.mark.parametrize(
    ("attended", "held", "enough"),
    [(1, 1, True), (0, 1, False), (4, 5, True), (79, 99, False), (80, 100, True), (0, 0, False)],
)
def test_attendance_at_the_exact_minimum_share(attended: int, held: int, enough: bool) -> None:
    from uommam.rules import attendance_sufficient

    # 79 of 99 is 79.8 %: below 80 % although 101 × 79 would reach it.
    assert attendance_sufficient(attended, held) is enough


def test_introducers_count_from_their_ready_day_to_their_last_day_in_the_unit() -> None:
    from uommam.rules import RoadmapInput, RulesSettings, StaffPeriod
    from uommam.rules.roadmap import introducers_on

    inp = RoadmapInput(
        dob=date(2008, 10, 20),
        leaves_school_on=date(2026, 5, 31),
        today=date(2025, 1, 1),
        in_school_since=date(2024, 9, 5),
        staff=(
            StaffPeriod(1, in_unit_from=date(2024, 8, 1), official_from=date(2010, 1, 1)),
            StaffPeriod(
                2, in_unit_from=date(2024, 10, 1), in_unit_until=date(2026, 5, 31), official_from=date(2015, 6, 1)
            ),
            StaffPeriod(3, in_unit_from=date(2020, 1, 1)),  # never official
        ),
    )
    counts = {on: introducers_on(inp, on) for on in (date(2025, 9, 4), date(2025, 9, 5), date(2025, 10, 1))}
    assert counts == {date(2025, 9, 4): 0, date(2025, 9, 5): 1, date(2025, 10, 1): 2}
    assert introducers_on(inp, date(2026, 5, 31)) == 2
    assert introducers_on(inp, date(2026, 6, 1)) == 1
    longer = RulesSettings(introducer_months_together=24)
    assert introducers_on(inp, date(2025, 10, 1), settings=longer) == 0
    assert introducers_on(inp, date(2026, 9, 5), settings=longer) == 1


def test_citations_follow_the_sets_given() -> None:
    from uommam.rules import citations_for, loader

    sets = loader.load_sets(
        '[[set]]\ncode = "2025-07"\n[set.citations]\nforms = [{ document = "13-HD/BTCTW", confidence = "C1" }]\n'
    )
    on = date(2025, 9, 1)
    assert [c.text for c in citations_for("forms", on=on, sets=sets)] == ["Hướng dẫn 13-HD/BTCTW"]
    assert [c.text for c in citations_for("forms", on=on)] == ["Hướng dẫn 12-HD/BTCTW"]
