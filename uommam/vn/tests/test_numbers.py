from decimal import Decimal

import pytest

from uommam.vn.numbers import format_decimal, format_int, format_percent


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1000, "1.000"),
        (1496, "1.496"),
        (-1000000, "-1.000.000"),
        (371, "371"),
    ],
)
def test_format_int_groups_thousands_with_dots(value, expected):
    assert format_int(value) == expected


def test_format_percent_uses_decimal_comma_and_no_space():
    assert format_percent(12 / 371, decimals=1) == "3,2%"
    assert format_percent(1) == "100,0%"
    assert format_percent(0.5, decimals=0) == "50%"


def test_format_decimal_rounds_half_away_from_zero_on_the_visible_value():
    assert format_decimal(2.25, 1) == "2,3"
    assert format_decimal(-2.25, 1) == "-2,3"
    assert format_decimal(0.125, 2) == "0,13"


def test_format_decimal_groups_the_integer_part():
    assert format_decimal(1234567.891, 2) == "1.234.567,89"
    assert format_decimal(Decimal("1000"), 0) == "1.000"


def test_format_decimal_never_prints_negative_zero():
    assert format_decimal(-0.04, 1) == "0,0"


def test_format_decimal_rejects_nan_and_negative_places():
    with pytest.raises(ValueError):
        format_decimal(float("nan"), 1)
    with pytest.raises(ValueError):
        format_decimal(1.0, -1)
