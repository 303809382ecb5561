from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uommam.vn.school_year import parse_school_year, school_year_bounds, school_year_of, school_year_start


def test_summer_belongs_to_the_year_that_ends() -> None:
    assert school_year_of(date(2025, 8, 31)) == "2024-2025"
    assert school_year_of(date(2025, 9, 1)) == "2025-2026"
    assert school_year_start(date(2026, 5, 31)) == 2025


def test_bounds_run_from_september_to_august() -> None:
    assert school_year_bounds("2024-2025") == (date(2024, 9, 1), date(2025, 8, 31))


@pytest.mark.parametrize("label", ["2024-2025", "2024 – 2025", "2024/2025", " 2024-2025 "])
def test_common_spellings_are_read(label: str) -> None:
    assert parse_school_year(label) == 2024


@pytest.mark.parametrize("label", ["2024-2026", "24-25", "2024", "", "năm học 2024"])
def test_anything_else_is_refused(label: str) -> None:
    with pytest.raises(ValueError):
        parse_school_year(label)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_every_day_lies_within_the_bounds_of_its_school_year(day: date) -> None:
    first, last = school_year_bounds(school_year_of(day))
    assert first <= day <= last
