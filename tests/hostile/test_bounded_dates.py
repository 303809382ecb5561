"""Hostile dates in query parameters and forms: a form error or a 400 page, never a 500.

Dates are bounded once (uommam.core.dates): births 1950–today, events 1990–a few years ahead.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from uommam.testing.world import World

HOSTILE = ("0001-01-01", "9999-12-31", "01/01/0001", "31/12/9999", "1899-12-31")
PERIOD_URLS = (
    "reports:dashboard",
    "reports:review",
    "reports:names",
    "reports:export_funnel_xlsx",
    "reports:export_names_xlsx",
    "referrals:metrics",
    "referrals:forecast",
    "audit:list",
)


@pytest.mark.parametrize("name", PERIOD_URLS)
def test_hostile_period_parameters_never_give_a_server_error(
    name: str, world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("province")
    client.raise_request_exception = False
    problems = []
    for value in HOSTILE:
        for param in ("date_from", "date_to", "as_of", "today", "month"):
            raw = value[:7] if param == "month" else value
            response = client.get(reverse(name), {param: raw, "purpose": "filing"})
            if response.status_code >= 500:
                problems.append(f"{param}={raw}: {response.status_code}")
    assert not problems, problems


def test_a_birth_date_outside_1950_to_today_is_a_form_error(world: World) -> None:
    from uommam.core.dates import BIRTH, bounded_date_field

    field = bounded_date_field("dob", kind=BIRTH)
    for raw in ("01/01/1949", "01/01/2999", "0001-01-01"):
        with pytest.raises(Exception) as caught:
            field.clean(raw)
        assert caught.type.__name__ == "ValidationError"
    assert field.clean("17/05/2008").year == 2008
