"""Properties that must hold for every date, checked with hypothesis."""

from datetime import date, timedelta

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from uommam.rules import (
    AgePolicy,
    RulesSettings,
    add_months,
    add_working_days,
    admission_age_from,
    age_in_months,
    certificate_expires_on,
    certificate_is_valid,
    forecast,
    is_of_admission_age,
    is_working_day,
    months_short,
    working_days_between,
)
from uommam.rules.settings import AGE_POLICIES

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))
births = st.dates(min_value=date(1960, 1, 1), max_value=date(2015, 12, 31))
counts = st.integers(min_value=0, max_value=120)
extra = st.frozensets(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)), max_size=6)

_ORACLE = holidays.country_holidays("VN", years=range(1999, 2038))


def _oracle_is_working_day(d: date) -> bool:
    """Independent definition straight from the package, for comparison."""
    if d in _ORACLE:
        return False
    return d.weekday() < 5 or d in _ORACLE.weekend_workdays


@given(dates, st.integers(min_value=1, max_value=120))
def test_a_working_day_result_is_never_a_weekend_or_holiday(start: date, n: int) -> None:
    result = add_working_days(start, n)
    assert result > start
    assert _oracle_is_working_day(result)
    assert result not in _ORACLE
    assert result.weekday() < 5 or result in _ORACLE.weekend_workdays


@given(dates)
def test_is_working_day_agrees_with_the_holidays_package(d: date) -> None:
    assert is_working_day(d) == _oracle_is_working_day(d)


@given(dates, counts, counts, extra, extra)
def test_adding_n_then_m_working_days_equals_adding_n_plus_m(
    start: date, n: int, m: int, off: frozenset[date], work: frozenset[date]
) -> None:
    # Extra days go through settings here to exercise that path too.
    local = RulesSettings(extra_days_off=off, extra_working_days=work)
    step_by_step = add_working_days(add_working_days(start, n, settings=local), m, settings=local)
    assert step_by_step == add_working_days(start, n + m, settings=local)


@given(dates, counts, extra, extra)
def test_working_days_between_inverts_add_working_days(
    start: date, n: int, off: frozenset[date], work: frozenset[date]
) -> None:
    end = add_working_days(start, n, extra_days_off=off, extra_working_days=work)
    assert working_days_between(start, end, extra_days_off=off, extra_working_days=work) == n


@settings(max_examples=50)
@given(dates, st.integers(min_value=0, max_value=800))
def test_working_days_between_matches_a_day_by_day_count(a: date, span: int) -> None:
    b = a + timedelta(days=span)
    naive = sum(_oracle_is_working_day(a + timedelta(days=i)) for i in range(1, span + 1))
    assert working_days_between(a, b) == naive
    assert working_days_between(b, a) == -naive


@given(births)
def test_month_policy_is_never_later_than_day_policy(dob: date) -> None:
    assert admission_age_from(dob, "month") <= admission_age_from(dob, "day")


@given(births, dates)
def test_of_age_by_day_implies_of_age_by_month(dob: date, on: date) -> None:
    if is_of_admission_age(dob, on, "day"):
        assert is_of_admission_age(dob, on, "month")


@given(births, dates)
def test_month_policy_is_exactly_216_calendar_months(dob: date, on: date) -> None:
    assert is_of_admission_age(dob, on, "month") == (age_in_months(dob, on) >= 216)


@given(births)
def test_admission_age_from_is_the_first_day_of_age(dob: date) -> None:
    policies: tuple[AgePolicy, ...] = ("month", "day")
    for policy in policies:
        first = admission_age_from(dob, policy)
        assert is_of_admission_age(dob, first, policy)
        assert not is_of_admission_age(dob, first - timedelta(days=1), policy)


@given(dates, st.integers(min_value=-240, max_value=240))
def test_add_months_keeps_the_day_or_clamps_to_the_month_end(d: date, n: int) -> None:
    r = add_months(d, n)
    assert (r.year * 12 + r.month) - (d.year * 12 + d.month) == n
    assert r.day == d.day or (r.day < d.day and (r + timedelta(days=1)).day == 1)


@given(dates, dates, dates)
def test_certificate_validity_is_monotone_up_to_expiry(issued: date, t: date, u: date) -> None:
    t, u = sorted((t, u))
    if certificate_is_valid(issued, t) and u <= certificate_expires_on(issued):
        assert certificate_is_valid(issued, u)


@given(births, dates)
def test_months_short_under_the_month_policy_is_216_minus_age_in_months(dob: date, on: date) -> None:
    assert months_short(admission_age_from(dob, "month"), on) == max(0, 216 - age_in_months(dob, on))


@given(births, dates, dates, st.one_of(st.none(), dates), st.sampled_from(AGE_POLICIES))
def test_forecast_action_is_consistent_with_its_fields(
    dob: date, leaves: date, today: date, certificate: date | None, policy: AgePolicy
) -> None:
    f = forecast(dob, leaves, today=today, certificate_issued_on=certificate, policy=policy)
    assert f.eligible_from == admission_age_from(dob, policy)
    assert f.before_leaving == (f.eligible_from <= leaves)
    assert (f.months_short_at_leaving == 0) == f.before_leaving
    if f.eligible_from <= today:
        assert f.action == "admit_now"
    elif not f.before_leaving:
        assert f.action == "refer"
    else:
        assert f.action == "admit_before_leaving"
    assert (f.certificate_expires_on is None) == (certificate is None)
    assert (f.certificate_valid_at_eligibility is None) == (certificate is None)
