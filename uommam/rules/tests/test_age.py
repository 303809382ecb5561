"""Age rule: full 18 "counted by month" on the date the cell meets; above full 60 → higher decision."""

from datetime import date

import pytest

from uommam.rules import (
    RulesSettings,
    admission_age_from,
    age_in_months,
    is_minor,
    is_of_admission_age,
    needs_higher_decision,
)


def test_age_in_months_ignores_the_day_of_month() -> None:
    assert age_in_months(date(2008, 5, 31), date(2026, 5, 1)) == 216
    assert age_in_months(date(2008, 5, 1), date(2026, 4, 30)) == 215


def test_month_policy_makes_a_student_born_on_the_31st_of_age_on_the_1st_of_the_birth_month() -> None:
    dob = date(2008, 5, 31)
    assert admission_age_from(dob) == date(2026, 5, 1)
    assert not is_of_admission_age(dob, date(2026, 4, 30))
    assert is_of_admission_age(dob, date(2026, 5, 1))


def test_day_policy_waits_for_the_18th_birthday_of_a_student_born_on_the_31st() -> None:
    dob = date(2008, 5, 31)
    assert admission_age_from(dob, "day") == date(2026, 5, 31)
    assert not is_of_admission_age(dob, date(2026, 5, 30), "day")
    assert is_of_admission_age(dob, date(2026, 5, 31), "day")


def test_a_student_born_on_the_1st_is_of_age_on_the_same_day_under_both_policies() -> None:
    dob = date(2008, 9, 1)
    assert admission_age_from(dob, "month") == admission_age_from(dob, "day") == date(2026, 9, 1)
    assert not is_of_admission_age(dob, date(2026, 8, 31), "month")
    assert not is_of_admission_age(dob, date(2026, 8, 31), "day")


def test_a_student_born_on_29_february_turns_18_on_28_february_under_the_day_policy() -> None:
    dob = date(2008, 2, 29)
    assert admission_age_from(dob, "day") == date(2026, 2, 28)
    assert not is_of_admission_age(dob, date(2026, 2, 27), "day")
    assert is_of_admission_age(dob, date(2026, 2, 28), "day")
    assert admission_age_from(dob, "month") == date(2026, 2, 1)


def test_policy_defaults_to_the_settings_value() -> None:
    dob = date(2008, 5, 31)
    strict = RulesSettings(age_policy="day")
    assert not is_of_admission_age(dob, date(2026, 5, 1), settings=strict)
    assert is_of_admission_age(dob, date(2026, 5, 1), "month", settings=strict)


def test_an_unknown_policy_is_rejected() -> None:
    with pytest.raises(ValueError):
        admission_age_from(date(2008, 1, 1), "year")  # type: ignore[arg-type]


def test_above_full_60_needs_a_higher_decision_from_the_month_after_the_60th_birthday_month() -> None:
    dob = date(1965, 6, 15)
    assert not needs_higher_decision(dob, date(2025, 6, 30))  # 720 months: still "full 60"
    assert needs_higher_decision(dob, date(2025, 7, 1))  # 721 months: above full 60
    assert is_of_admission_age(dob, date(2030, 1, 1))  # still of age; only the decider changes


def test_a_student_is_a_minor_until_the_day_before_the_18th_birthday() -> None:
    dob = date(2008, 5, 31)
    assert is_minor(dob, date(2026, 5, 30))
    assert not is_minor(dob, date(2026, 5, 31))
    assert is_minor(dob, date(2026, 5, 1))  # of admission age by month already, still a minor in civil law


def test_a_student_born_on_29_february_is_no_longer_a_minor_on_28_february_of_a_common_year() -> None:
    dob = date(2008, 2, 29)
    assert is_minor(dob, date(2026, 2, 27))
    assert not is_minor(dob, date(2026, 2, 28))
    assert not is_minor(date(2008, 2, 29), date(2026, 3, 1))
