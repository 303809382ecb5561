from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from uommam.rules import (
    DEFAULT_SETTINGS,
    Inversion,
    attendance_sufficient,
    class_pass_mark,
    class_result,
    date_bounds,
    first_inversion,
    in_bounds,
)

TODAY = date(2026, 11, 30)


def test_births_events_and_plans_have_their_own_plausible_range() -> None:
    assert date_bounds("birth", TODAY) == (date(1950, 1, 1), TODAY)
    assert date_bounds("event", TODAY) == (date(1990, 1, 1), TODAY)
    assert date_bounds("plan", TODAY) == (date(1990, 1, 1), date(2029, 12, 31))
    assert not in_bounds(date(1, 1, 1), "event", TODAY)
    assert not in_bounds(date(9999, 12, 31), "plan", TODAY)
    assert in_bounds(date(2027, 3, 15), "plan", TODAY) and not in_bounds(date(2027, 3, 15), "event", TODAY)


def test_the_first_inversion_of_a_chain_skips_missing_dates_but_not_what_they_hide() -> None:
    chain = [("vote", date(2026, 5, 1)), ("resolution", None), ("decision", date(2026, 4, 1))]
    inversion = first_inversion(chain)
    # The integrity table shows both dates with their names: the vote on 01/05 after the decision on 01/04.
    assert inversion == Inversion("vote", date(2026, 5, 1), "decision", date(2026, 4, 1))
    assert first_inversion([("vote", date(2026, 4, 1)), ("decision", date(2026, 4, 1))]) is None


@given(st.lists(st.one_of(st.none(), st.dates()), max_size=6))
def test_a_chain_has_no_inversion_exactly_when_its_known_dates_never_decrease(values: list[date | None]) -> None:
    known = [v for v in values if v is not None]
    chain = [(str(i), v) for i, v in enumerate(values)]
    assert (first_inversion(chain) is None) == (known == sorted(known))


def test_a_class_is_passed_from_5_0_with_80_percent_of_the_sessions_by_default() -> None:
    assert class_pass_mark(DEFAULT_SETTINGS) == Decimal("5")
    assert class_result(Decimal("4.50"), 5, 5) == "failed"
    assert class_result(Decimal("5.00"), 4, 5) == "passed"
    assert class_result(Decimal("9"), 3, 5) == "failed"  # 2 of 5 sessions missed
    assert class_result(None, 5, 5) is None
    assert not attendance_sufficient(0, 0)


def test_the_pass_mark_and_minimum_attendance_follow_the_settings() -> None:
    lenient = DEFAULT_SETTINGS.replace(class_pass_mark_tenths=40, class_min_attendance_percent=60)
    assert class_result(Decimal("4.50"), 3, 5, settings=lenient) == "passed"
