"""Working days: Mon–Fri minus Vietnam's public holidays (holidays 0.109), plus make-up Saturdays.

Expected dates were checked against ``holidays.country_holidays("VN", years=...)``:
Tết 2025 = 27/01–01/02, Tết 2026 = 16/02–20/02, 30/4–1/5/2025 + substituted 02/05 (make-up Sat 26/04),
Quốc khánh 2025 = 01–02/09, 2026 = 31/08 (substituted, make-up Sat 22/08)–02/09, Hùng Kings 2026 = Sun 26/04
observed Mon 27/04.
"""

from datetime import date

from uommam.rules import (
    RulesSettings,
    add_working_days,
    is_working_day,
    public_holidays,
    working_days_between,
)


def test_zero_working_days_returns_the_start_even_on_a_holiday() -> None:
    assert add_working_days(date(2025, 1, 29), 0) == date(2025, 1, 29)


def test_the_start_day_itself_is_not_counted() -> None:
    assert add_working_days(date(2025, 3, 3), 1) == date(2025, 3, 4)  # Monday → Tuesday
    assert add_working_days(date(2025, 3, 7), 1) == date(2025, 3, 10)  # Friday → Monday


def test_tet_2025_is_skipped_whole() -> None:
    assert not is_working_day(date(2025, 1, 27))
    assert not is_working_day(date(2025, 1, 31))
    assert add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)
    assert add_working_days(date(2025, 1, 24), 5) == date(2025, 2, 7)


def test_tet_2026_in_mid_february_is_skipped_whole() -> None:
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert add_working_days(date(2026, 2, 12), 5) == date(2026, 2, 26)


def test_reunification_and_labour_day_2025_with_the_substituted_day_off() -> None:
    assert not is_working_day(date(2025, 5, 2))  # day off moved from Saturday 26/04
    assert add_working_days(date(2025, 4, 29), 1) == date(2025, 5, 5)


def test_a_government_make_up_saturday_is_a_working_day() -> None:
    assert date(2025, 4, 26).weekday() == 5
    assert is_working_day(date(2025, 4, 26))
    assert is_working_day(date(2026, 8, 22))


def test_national_day_2025_and_2026_are_skipped() -> None:
    assert add_working_days(date(2025, 8, 29), 1) == date(2025, 9, 3)
    assert add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 3)  # 31/08 substituted, 01–02/09


def test_hung_kings_day_on_a_sunday_is_observed_on_monday() -> None:
    assert not is_working_day(date(2026, 4, 27))
    assert add_working_days(date(2026, 4, 24), 1) == date(2026, 4, 28)


def test_extra_days_off_and_extra_working_days_change_the_count() -> None:
    # A local day off on Tuesday 04/03/2025 pushes Monday's next working day to Wednesday.
    assert add_working_days(date(2025, 3, 3), 1, extra_days_off=[date(2025, 3, 4)]) == date(2025, 3, 5)
    # A local make-up Saturday counts.
    assert add_working_days(date(2025, 3, 7), 1, extra_working_days=[date(2025, 3, 8)]) == date(2025, 3, 8)


def test_a_declared_day_off_wins_over_a_declared_working_day() -> None:
    d = date(2025, 3, 8)
    assert not is_working_day(d, extra_days_off=[d], extra_working_days=[d])


def test_settings_extra_days_are_added_to_keyword_extra_days() -> None:
    s = RulesSettings(extra_days_off=frozenset({date(2025, 3, 4)}))
    assert add_working_days(date(2025, 3, 3), 1, settings=s) == date(2025, 3, 5)
    assert add_working_days(date(2025, 3, 3), 1, settings=s, extra_days_off=[date(2025, 3, 5)]) == date(2025, 3, 6)


def test_negative_counts_go_backwards() -> None:
    assert add_working_days(date(2025, 2, 3), -1) == date(2025, 1, 24)


def test_working_days_between_counts_the_end_but_not_the_start() -> None:
    assert working_days_between(date(2025, 1, 24), date(2025, 2, 3)) == 1
    assert working_days_between(date(2025, 2, 3), date(2025, 1, 24)) == -1
    assert working_days_between(date(2025, 2, 3), date(2025, 2, 3)) == 0


def test_2025_has_250_working_days_counting_the_make_up_saturday() -> None:
    # 261 weekdays, 12 weekday holidays (with 01/01/2026), 1 make-up Saturday.
    assert working_days_between(date(2025, 1, 1), date(2026, 1, 1)) == 250


def test_public_holidays_come_from_the_holidays_package() -> None:
    assert date(2025, 1, 29) in public_holidays(2025)
    assert date(2026, 2, 17) in public_holidays(2026)
    assert all(d.year == 2025 for d in public_holidays(2025))
