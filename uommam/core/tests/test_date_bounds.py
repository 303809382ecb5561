"""Every date field is bounded by the plausible ranges of `uommam.rules` (the ones the integrity checks use)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from uommam.core.dates import BIRTH, EVENT, check


def test_a_deployment_that_allows_older_births_lets_every_form_take_them(settings) -> None:
    born = dt.date(1945, 3, 2)
    with pytest.raises(ValidationError):
        check(born, BIRTH)
    settings.UOMMAM_RULES = {"earliest_birth_year": 1940}
    assert check(born, BIRTH) == born


def test_typed_events_may_lie_as_far_ahead_as_plans_and_no_further(settings) -> None:
    with time_machine.travel(dt.datetime(2026, 12, 2, 9, 0), tick=False):
        assert check(dt.date(2029, 12, 31), EVENT) == dt.date(2029, 12, 31)
        with pytest.raises(ValidationError):
            check(dt.date(2030, 1, 1), EVENT)
        settings.UOMMAM_EVENT_YEARS_AHEAD = 1
        with pytest.raises(ValidationError):
            check(dt.date(2028, 1, 1), EVENT)
        settings.UOMMAM_RULES = {"earliest_event_year": 1980}
        assert check(dt.date(1985, 6, 1), EVENT) == dt.date(1985, 6, 1)
