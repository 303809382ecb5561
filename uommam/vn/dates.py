"""Strict day-first dates as they appear in Vietnamese spreadsheets, and the official ways to write them.

Vietnamese dates are always day/month/year. A value that only makes sense month-first (``09/25/2009``) is
an error, never silently swapped; two-digit years are an error, never guessed.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

__all__ = ["DateParseError", "format_vn", "format_vn_long", "parse_day_first", "year_only"]

# Excel's 1900 date system counts 1900-01-01 as 1 and keeps Lotus 1-2-3's fictitious 1900-02-29 as 60,
# so serials after 60 are one day ahead of a plain count from 1899-12-31.
_EXCEL_EPOCH_AFTER_LEAP_BUG = date(1899, 12, 30)
_EXCEL_EPOCH_BEFORE_LEAP_BUG = date(1899, 12, 31)
_EXCEL_FAKE_LEAP_DAY = 60
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31

_DAY_FIRST = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d+)")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# A time part that spreadsheet exports sometimes add after the date: "2009-02-01 00:00:00".
_TRAILING_TIME = re.compile(r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
# " 7/ 8/2009", "07 / 08 / 2009": spaces typed around the separators.
_SPACED_SEPARATOR = re.compile(r"\s*([/.-])\s*")
_YEAR = re.compile(r"\d{4}")
# A bare number in this range is a year of birth typed where a date belongs, not an Excel serial: serial 1900
# is 1905-03-14 and serial 2100 is 1905-10-01, dates no student is born on.
_YEARS = range(1900, 2101)


class DateParseError(ValueError):
    """A value that is not a valid day-first date. ``code`` is stable; ``message_vi`` is for people."""

    def __init__(self, code: str, message_vi: str) -> None:
        super().__init__(message_vi)
        self.code = code
        self.message_vi = message_vi


def _impossible(day: int, month: int, year: int) -> DateParseError:
    return DateParseError("date_impossible", f"Ngày {day:02d}/{month:02d}/{year} không tồn tại")


def _build(day: int, month: int, year: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _impossible(day, month, year) from None


def _from_serial(serial: float) -> date:
    if not math.isfinite(serial) or serial < 1 or serial > _EXCEL_MAX_SERIAL:
        raise DateParseError("date_unrecognised", f"Số ngày Excel {serial:g} không phải một ngày hợp lệ")
    days = math.floor(serial)  # the fraction is the time of day
    if days == _EXCEL_FAKE_LEAP_DAY:
        raise _impossible(29, 2, 1900)
    if days < _EXCEL_FAKE_LEAP_DAY:
        return _EXCEL_EPOCH_BEFORE_LEAP_BUG + timedelta(days=days)
    return _EXCEL_EPOCH_AFTER_LEAP_BUG + timedelta(days=days)


def _unrecognised(text: str) -> DateParseError:
    return DateParseError(
        "date_unrecognised",
        f"Không đọc được ngày “{text}”; hãy ghi theo dạng ngày/tháng/năm, ví dụ 05/09/2009",
    )


def year_only(value: object) -> int | None:
    """The year when ``value`` is only a year (``2009``, ``"2009"``, ``2009.0``), else None.

    Callers refuse it: a year is not a date, and turning it into 01/01 or an Excel serial invents a birthday.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return value if value in _YEARS else None
    if isinstance(value, str) and _YEAR.fullmatch(value.strip()):
        year = int(value.strip())
        return year if year in _YEARS else None
    return None


def _from_text(raw: str) -> date:
    text = _SPACED_SEPARATOR.sub(r"\1", " ".join(raw.split()))
    for pattern in (_DAY_FIRST, _ISO):
        match = pattern.match(text)
        if match and _TRAILING_TIME.fullmatch(text, match.end()):
            break
    else:
        raise _unrecognised(text)
    if pattern is _ISO:
        year, month, day = (int(g) for g in match.groups())
        return _build(day, month, year)
    day_s, _sep, month_s, year_s = match.groups()
    if len(year_s) == 2:
        raise DateParseError(
            "date_two_digit_year",
            f"Năm trong ngày “{text}” phải ghi đủ 4 chữ số, ví dụ {int(day_s):02d}/{int(month_s):02d}/20{year_s}",
        )
    if len(year_s) != 4:
        raise _unrecognised(text)
    return _build(int(day_s), int(month_s), int(year_s))


def parse_day_first(value: object) -> date:
    """Parse a spreadsheet value as a date, day first, or raise :class:`DateParseError`.

    Accepts ``date``/``datetime`` objects (time dropped), Excel serial numbers (1900 date system; serial
    60, Excel's non-existent 29/02/1900, is ``date_impossible``), and text ``dd/mm/yyyy``, ``d/m/yyyy``,
    ``dd-mm-yyyy``, ``dd.mm.yyyy`` or ``yyyy-mm-dd`` (an optional ``00:00:00`` time part is ignored).
    Error codes: ``date_impossible``, ``date_two_digit_year``, ``date_unrecognised``.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):  # bool is an int subclass; True is not serial 1
        raise _unrecognised(str(value))
    if isinstance(value, int | float):
        return _from_serial(float(value))
    if isinstance(value, str):
        return _from_text(value)
    raise _unrecognised("" if value is None else str(value))


def format_vn(d: date) -> str:
    """``dd/mm/yyyy``, the everyday Vietnamese form: ``05/09/2025``."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_vn_long(d: date, place: str | None = None) -> str:
    """The date line of an official document: ``ngày 05 tháng 9 năm 2025``, or with a place
    ``Chiêm Hóa, ngày 05 tháng 01 năm 2026``.

    Hướng dẫn 36-HD/VPTW (Văn phòng Trung ương Đảng, 2018, on the format of Party documents) writes days
    below 10 and the months 1 and 2 with a leading zero, and every other month without one — so
    "tháng 01", "tháng 02" but "tháng 3" … "tháng 12".
    """
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    text = f"ngày {d.day:02d} tháng {month} năm {d.year}"
    return f"{place}, {text}" if place else text
