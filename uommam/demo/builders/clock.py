"""Replaying history: the services run as if on the day each act happened.

The demo tells five years in one run. `workflow.apply_transition` and `training.services.class_create`
take a historical `Clock` directly; the other services it calls (referrals, their letters, the dossier)
read the time from `django.utils.timezone`, so for the duration of one call — in this single-threaded
command only, never in a request — `recorded_on` moves that clock to the day of the act. Every row
those services write (the record, its journal entry, its letter) is then stamped that afternoon, and
their guards judge "today" as that day, exactly as when the act was entered at the time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, TypeVar
from unittest import mock

from django.utils import timezone

from uommam.core.clock import Clock, historical

T = TypeVar("T")


@contextmanager
def recorded_on(day: date, *, minutes: int = 0) -> Iterator[Clock]:
    clock = historical(day, minutes=minutes)
    with mock.patch.object(timezone, "now", return_value=clock.now):
        yield clock


def on_day(day: date, call: Callable[..., T], /, **kwargs: Any) -> T:
    """`call(**kwargs)` recorded on `day`."""
    with recorded_on(day):
        return call(**kwargs)
