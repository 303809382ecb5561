"""Dates a record may carry and the order they must keep; the result of an awareness class.

Pure functions the integrity table (``uommam.core.integrity``) and the services ask. The order of the
admission steps is the procedure of the implementing regulation (24-/232-/294-QĐ/TW points 4.1–4.3: the
cell votes, the superior committee decides, the cell holds the ceremony on receiving the decision, the
probation runs from the ceremony; Điều lệ Đảng Điều 5). The plausibility bounds are ours
(``RulesSettings.earliest_birth_year`` …): a date outside them is a typing error, not history.
The class result follows the political centres' practice (essay on 10, pass mark and minimum attendance
as settings, [U]).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from .settings import RulesSettings, resolve

DateKind = Literal["birth", "event", "plan"]
"""What a date is: a birth (1950 → today), a recorded event (1990 → today), a plan (1990 → a few years ahead)."""


def date_bounds(kind: DateKind, today: date, *, settings: RulesSettings | None = None) -> tuple[date, date]:
    """The earliest and latest plausible value of a date of this kind, both inclusive."""
    s = resolve(settings)
    if kind == "birth":
        return date(s.earliest_birth_year, 1, 1), today
    if kind == "event":
        return date(s.earliest_event_year, 1, 1), today
    return date(s.earliest_event_year, 1, 1), date(today.year + s.plan_years_ahead, 12, 31)


def in_bounds(value: date, kind: DateKind, today: date, *, settings: RulesSettings | None = None) -> bool:
    low, high = date_bounds(kind, today, settings=settings)
    return low <= value <= high


@dataclass(frozen=True)
class Inversion:
    """Two dates out of order: `earlier` (named `earlier_name`) is after `later`."""

    earlier_name: str
    earlier: date
    later_name: str
    later: date


def first_inversion(chain: Sequence[tuple[str, date | None]]) -> Inversion | None:
    """The first pair of a chain of named dates that breaks its order (missing dates are skipped).

    Every pair is compared, not only neighbours, so a missing middle date does not hide an inversion.
    """
    known = [(name, value) for name, value in chain if value is not None]
    for i, (first_name, first) in enumerate(known):
        for later_name, later in known[i + 1 :]:
            if first > later:
                return Inversion(first_name, first, later_name, later)
    return None


ClassResult = Literal["passed", "failed"]


def attendance_sufficient(attended: int, held: int, *, settings: RulesSettings | None = None) -> bool:
    """At least the minimum share of the sessions held was attended (a class with no session held: no)."""
    s = resolve(settings)
    # Whole numbers only: attended/held ≥ p/100 ⇔ 100·attended ≥ p·held.
    return held > 0 and 100 * attended >= s.class_min_attendance_percent * held


def class_pass_mark(settings: RulesSettings | None = None) -> Decimal:
    return Decimal(resolve(settings).class_pass_mark_tenths) / 10


def class_result(
    essay_score: Decimal | None, attended: int, held: int, *, settings: RulesSettings | None = None
) -> ClassResult | None:
    """Passed when the essay reaches the pass mark and attendance the minimum share; None without a score."""
    if essay_score is None:
        return None
    if essay_score >= class_pass_mark(settings) and attendance_sufficient(attended, held, settings=settings):
        return "passed"
    return "failed"
