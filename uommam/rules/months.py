"""Calendar-month arithmetic shared by every rule counted in months.

A period counted in months ends on the corresponding day of the last month, or on that month's last day when
it has no such day (Bộ luật Dân sự 2015, Điều 147–148). :func:`add_months` implements exactly that, so the
certificate, probation and introducer periods all clamp the same way.
"""

from __future__ import annotations

import calendar
from datetime import date


def month_index(d: date) -> int:
    """Months since year 0: ``d.year * 12 + d.month``. Differences of two indices ignore the day of month."""
    return d.year * 12 + d.month


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` calendar months (``n`` may be negative), same day number, clamped to month end.

    >>> add_months(date(2020, 1, 31), 1)
    datetime.date(2020, 2, 29)
    >>> add_months(date(2024, 2, 29), 12)
    datetime.date(2025, 2, 28)
    """
    year, month0 = divmod(d.year * 12 + (d.month - 1) + n, 12)
    month = month0 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last_day))
