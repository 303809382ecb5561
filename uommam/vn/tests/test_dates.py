from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uommam.vn.dates import DateParseError, format_vn, format_vn_long, parse_day_first


@pytest.mark.parametrize(
    "text",
    [
        "05/09/2009",
        "5/9/2009",
        "05-09-2009",
        "05.09.2009",
        "2009-09-05",
        " 05/09/2009 ",
        "2009-09-05 00:00:00",
    ],
)
def test_accepted_text_forms_are_read_day_first(text):
    assert parse_day_first(text) == date(2009, 9, 5)


def test_date_and_datetime_objects_pass_through():
    assert parse_day_first(date(2009, 2, 1)) == date(2009, 2, 1)
    assert parse_day_first(datetime(2009, 2, 1, 13, 30)) == date(2009, 2, 1)


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (39814, date(2009, 1, 1)),
        (39814.75, date(2009, 1, 1)),
        (45905, date(2025, 9, 5)),
    ],
)
def test_excel_serials_use_the_1900_system(serial, expected):
    assert parse_day_first(serial) == expected


def test_excel_serial_60_is_the_non_existent_29_february_1900():
    with pytest.raises(DateParseError) as exc:
        parse_day_first(60)
    assert exc.value.code == "date_impossible"


@pytest.mark.parametrize("serial", [0, -5, float("nan"), float("inf"), 10**9])
def test_out_of_range_serials_are_unrecognised(serial):
    with pytest.raises(DateParseError) as exc:
        parse_day_first(serial)
    assert exc.value.code == "date_unrecognised"


def test_impossible_date_has_code_and_vietnamese_message():
    with pytest.raises(DateParseError) as exc:
        parse_day_first("31/02/2009")
    assert exc.value.code == "date_impossible"
    assert exc.value.message_vi == "Ngày 31/02/2009 không tồn tại"
    assert str(exc.value) == exc.value.message_vi


def test_month_first_dates_are_never_swapped():
    with pytest.raises(DateParseError) as exc:
        parse_day_first("09/25/2009")
    assert exc.value.code == "date_impossible"


def test_day_and_month_order_is_day_first_when_both_could_be_months():
    assert parse_day_first("03/04/2009") == date(2009, 4, 3)


def test_two_digit_year_is_an_error_not_a_guess():
    with pytest.raises(DateParseError) as exc:
        parse_day_first("01/02/09")
    assert exc.value.code == "date_two_digit_year"
    assert "4 chữ số" in exc.value.message_vi


@pytest.mark.parametrize(
    "value",
    ["", "abc", "2009", "05/09", "05/09/209", "05/09-2009", "2009/09/05", "05/09/2009 abc", None, True, [1]],
)
def test_other_values_are_unrecognised(value):
    with pytest.raises(DateParseError) as exc:
        parse_day_first(value)
    assert exc.value.code == "date_unrecognised"
    assert "ngày/tháng/năm" in exc.value.message_vi


def test_format_vn_pads_day_and_month():
    assert format_vn(date(2025, 9, 5)) == "05/09/2025"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2025, 9, 5), "ngày 05 tháng 9 năm 2025"),
        (date(2026, 1, 15), "ngày 15 tháng 01 năm 2026"),
        (date(2026, 2, 3), "ngày 03 tháng 02 năm 2026"),
        (date(2025, 3, 10), "ngày 10 tháng 3 năm 2025"),
        (date(2025, 12, 31), "ngày 31 tháng 12 năm 2025"),
    ],
)
def test_format_vn_long_follows_the_official_padding_convention(value, expected):
    assert format_vn_long(value) == expected


def test_format_vn_long_with_place():
    assert format_vn_long(date(2025, 9, 5), place="Chiêm Hóa") == "Chiêm Hóa, ngày 05 tháng 9 năm 2025"


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 12, 31)))
def test_format_vn_round_trips_through_parse(d):
    assert parse_day_first(format_vn(d)) == d
    assert parse_day_first(d.isoformat()) == d
    assert parse_day_first(f"{d.day}.{d.month}.{d.year}") == d


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)))
def test_excel_serial_round_trips(d):
    serial = (d - date(1899, 12, 30)).days
    assert parse_day_first(serial) == d
    assert parse_day_first(float(serial) + 0.5) == d


@given(st.one_of(st.text(), st.integers(), st.floats(), st.none()))
def test_parse_day_first_only_ever_raises_date_parse_error(value):
    try:
        result = parse_day_first(value)
    except DateParseError as exc:
        assert exc.code in {"date_impossible", "date_two_digit_year", "date_unrecognised"}
    else:
        assert isinstance(result, date)


@given(st.integers(min_value=1, max_value=31), st.integers(min_value=1, max_value=12), st.integers(1900, 2100))
def test_parsed_text_dates_are_exactly_the_written_day_month_year(day, month, year):
    text = f"{day:02d}/{month:02d}/{year}"
    try:
        result = parse_day_first(text)
    except DateParseError as exc:
        assert exc.code == "date_impossible"
        with pytest.raises(ValueError):
            date(year, month, day)
    else:
        assert (result.day, result.month, result.year) == (day, month, year)
        assert result - timedelta(days=0) == date(year, month, day)


@pytest.mark.parametrize("text", [" 7/ 8/2009", "07 / 08 / 2009", "7 /8/ 2009"])
def test_spaces_typed_inside_a_date_are_tolerated(text):
    assert parse_day_first(text) == date(2009, 8, 7)


@pytest.mark.parametrize("value", [2009, 2009.0, "2009", " 2009 "])
def test_a_bare_year_is_recognised_as_a_year_only(value):
    from uommam.vn.dates import year_only

    assert year_only(value) == 2009


@pytest.mark.parametrize("value", [39000, "05/09/2009", "209", True, None, 1899, "20091"])
def test_dates_serials_and_other_values_are_not_a_year_only(value):
    from uommam.vn.dates import year_only

    assert year_only(value) is None
