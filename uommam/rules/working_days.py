"""Working days in Vietnam: Monday–Friday, minus public holidays, plus make-up working Saturdays.

Every time limit of the admission procedure ("within 60 working days", "within 30 working days") is counted
in these days. Public holidays come from the ``holidays`` package (``country_holidays("VN")``), which follows
Bộ luật Lao động 2019, Điều 112 and the government's yearly notices: lunar Tết, Hùng Kings day, days off
moved to bridge a weekend ("Day off (substituted from …)") and the Saturdays worked in exchange
(``weekend_workdays``), which *are* working days here.

On top of that a caller may declare ``extra_days_off`` (a local day off) and ``extra_working_days`` (a local
make-up Saturday). If a date is in both, the day off wins: a declared closure is the more specific fact.

The holiday table is built once per year and cached, because these functions run in loops over thousands
of students.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

from .settings import RulesSettings, resolve

DateSet = frozenset[date]


@lru_cache(maxsize=256)
def _year_table(year: int) -> tuple[DateSet, DateSet]:
    """(public holidays, make-up working weekend days) that fall in ``year``.

    The package lists a make-up Saturday under the year whose holiday it compensates, which can be the
    neighbouring year, so the neighbours are loaded and the result is filtered to ``year``.
    """
    cal = holidays.country_holidays("VN", years=(year - 1, year, year + 1))
    days_off = frozenset(d for d in cal if d.year == year)
    make_up = frozenset(d for d in cal.weekend_workdays if d.year == year)
    return days_off, make_up


def public_holidays(year: int) -> DateSet:
    """Vietnam's public holidays (including substituted days off) in ``year``, as the package knows them."""
    return _year_table(year)[0]


class _Calendar:
    """A working-day calendar: the national one plus caller-declared exceptions."""

    __slots__ = ("days_off", "working")

    def __init__(self, days_off: DateSet, working: DateSet) -> None:
        self.days_off = days_off
        self.working = working - days_off  # a declared day off wins over a declared working day

    def is_working_day(self, d: date) -> bool:
        if d in self.days_off:
            return False
        if d in self.working:
            return True
        national_off, make_up = _year_table(d.year)
        if d.weekday() >= 5:
            return d in make_up
        return d not in national_off

    def exceptions_between(self, after: date, through: date) -> set[date]:
        """Dates in (after, through] whose status may differ from "weekday ⇔ working"."""
        found: set[date] = set()
        for year in range(after.year, through.year + 1):
            national_off, make_up = _year_table(year)
            found.update(national_off, make_up)
        found.update(self.days_off, self.working)
        return {d for d in found if after < d <= through}


_NATIONAL = _Calendar(frozenset(), frozenset())


def _calendar(
    settings: RulesSettings | None, extra_days_off: Iterable[date], extra_working_days: Iterable[date]
) -> _Calendar:
    s = resolve(settings)
    days_off = s.extra_days_off.union(extra_days_off)
    working = s.extra_working_days.union(extra_working_days)
    if not days_off and not working:
        return _NATIONAL
    return _Calendar(days_off, working)


def is_working_day(
    d: date,
    *,
    extra_days_off: Iterable[date] = (),
    extra_working_days: Iterable[date] = (),
    settings: RulesSettings | None = None,
) -> bool:
    """True when ``d`` is a working day (see the module docstring for the definition)."""
    return _calendar(settings, extra_days_off, extra_working_days).is_working_day(d)


def add_working_days(
    start: date,
    n: int,
    *,
    extra_days_off: Iterable[date] = (),
    extra_working_days: Iterable[date] = (),
    settings: RulesSettings | None = None,
) -> date:
    """The ``n``-th working day after ``start``; ``start`` itself is not counted.

    ``n == 0`` returns ``start`` unchanged (even on a holiday). A negative ``n`` counts backwards: the
    ``|n|``-th working day before ``start``. Adding ``n`` then ``m`` equals adding ``n + m`` for ``n, m ≥ 0``.
    """
    cal = _calendar(settings, extra_days_off, extra_working_days)
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    d = start
    while remaining:
        d += step
        if cal.is_working_day(d):
            remaining -= 1
    return d


def _weekdays_through(d: date) -> int:
    """Number of Mondays–Fridays from 0001-01-01 (a Monday, ordinal 1) through ``d``."""
    weeks, rest = divmod(d.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def working_days_between(
    a: date,
    b: date,
    *,
    extra_days_off: Iterable[date] = (),
    extra_working_days: Iterable[date] = (),
    settings: RulesSettings | None = None,
) -> int:
    """Working days in ``(a, b]``, negative when ``b < a``; zero when ``a == b``.

    The inverse of :func:`add_working_days`: ``working_days_between(a, add_working_days(a, n)) == n``.
    Use it for "overdue by N working days": ``working_days_between(due, today)``.
    Computed arithmetically (not day by day), so spans of years cost the same as spans of days.
    """
    if b < a:
        return -working_days_between(
            b, a, extra_days_off=extra_days_off, extra_working_days=extra_working_days, settings=settings
        )
    cal = _calendar(settings, extra_days_off, extra_working_days)
    count = _weekdays_through(b) - _weekdays_through(a)
    for d in cal.exceptions_between(a, b):
        count += int(cal.is_working_day(d)) - int(d.weekday() < 5)
    return count
