"""Number formatting edges: default places, binary floats shown as typed, Decimal input, error messages."""

from decimal import Decimal

import pytest

from uommam.vn.numbers import format_decimal, format_int, format_percent


def test_no_decimal_places_by_default() -> None:
    assert format_decimal(1234.56) == "1.235"


@pytest.mark.parametrize(("n", "text"), [(123, "123"), (123456, "123.456"), (1234, "1.234"), (12345, "12.345")])
def test_groups_of_three_from_the_right(n: int, text: str) -> None:
    assert format_int(n) == text


def test_floats_are_rounded_as_written_not_as_stored() -> None:
    assert format_decimal(2.675, 2) == "2,68"  # stored as 2.67499999…
    assert format_percent(0.00045, 2) == "0,05%"  # 0.00045 × 100 is stored as 0.04499…


def test_decimal_and_int_ratios_are_accepted() -> None:
    assert format_percent(Decimal("0.125")) == "12,5%"
    assert format_percent(1) == "100,0%"
    assert format_decimal(Decimal("2.675"), 2) == "2,68"


def test_errors_name_the_problem() -> None:
    with pytest.raises(ValueError, match=r"^decimals must be >= 0$"):
        format_decimal(1, -1)
    with pytest.raises(ValueError, match=r"^cannot format Decimal\('NaN'\)$"):
        format_decimal(Decimal("NaN"))
