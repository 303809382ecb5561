"""The moment a write is recorded: the system clock, or a historical one.

Services take a `Clock` so that whoever replays history (the demo, a late import of old records)
records each row at the moment it would have been entered, and the guards judge "today" as that
day: a decision of 2024 is checked against the tree of 2024 and stamped in 2024. Reports read these
stamps for their "as recorded on" axis, so a historical clock is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

# A record of a day is entered in the afternoon of that day (office hours, Asia/Ho_Chi_Minh).
RECORDED_AT = time(16, 0)


@dataclass(frozen=True)
class Clock:
    now: datetime  # aware
    historical: bool = False  # stamp rows with `now` (the system clock lets the database default do it)
    day: date | None = None  # "today" for the guards when a caller asks about another day

    @property
    def today(self) -> date:
        return self.day or timezone.localdate(self.now)

    def later(self, minutes: int) -> Clock:
        return Clock(self.now + timedelta(minutes=minutes), self.historical, self.day)


def system() -> Clock:
    return Clock(timezone.now())


def historical(on: date, *, minutes: int = 0) -> Clock:
    """16:00 local time on `on`, plus `minutes` (to keep several entries of one day in order)."""
    moment = datetime.combine(on, RECORDED_AT) + timedelta(minutes=minutes)
    return Clock(timezone.make_aware(moment), historical=True)


def now() -> datetime:
    """The current moment, looked up at call time: a model default that a historical clock can move
    (`default=timezone.now` would keep the original function)."""
    return timezone.now()
