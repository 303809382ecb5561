"""The idle logout warns first, and what was being typed when it came is offered again after logging in.

The user is away for an hour without the test waiting an hour: both clocks that decide the logout move
together – the browser's (Playwright's clock: `Date.now()` and the timers of static/js/app.js) and the
server's (time-machine moves `time.time()`, which uommam/accounts/middleware.py reads; the live server runs
in this process). Nothing else is faked: the warning, the keep-alive request, the logout on the next request
and the kept form are the application's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from playwright.sync_api import expect

from uommam.testing.world import PASSWORD, add_records, build_world

pytestmark = pytest.mark.django_db(transaction=True)

# A real deployment's timeout (the default setting), so the server also renews the last-seen time on the
# keep-alive request (it does so at most once a minute, uommam/accounts/middleware.py); the warning comes
# five minutes before (uommam/accounts/kept_form.py).
TIMEOUT = 60 * 60
WARN_BEFORE = 5 * 60
# Inside the warning window, with room for the real seconds a slow machine adds between two steps.
INTO_THE_WARNING = TIMEOUT - WARN_BEFORE + 10


def _away_for(page: Any, traveller: Any) -> Callable[[int], None]:
    def away(seconds: int) -> None:
        traveller.shift(dt.timedelta(seconds=seconds))
        page.clock.fast_forward(seconds * 1000)  # fires app.js's once-a-second check, as after a closed lid

    return away


def test_a_warning_before_the_idle_logout_and_no_typed_work_lost(
    page: Any, live_server: Any, login: Any, settings: Any
) -> None:
    settings.SESSION_IDLE_TIMEOUT = TIMEOUT
    world = build_world()
    records = add_records(world)
    page.clock.install()
    with time_machine.travel(dt.datetime.now(tz=dt.UTC), tick=True) as traveller:
        away = _away_for(page, traveller)
        login(page, live_server, "cell_a", PASSWORD)
        candidate = f"{live_server.url}/pipeline/{records.candidate_a.pk}/"
        page.goto(candidate)

        warning = page.locator("#idle-warning")
        expect(warning).to_be_hidden()
        away(INTO_THE_WARNING)
        expect(warning).to_be_visible()
        expect(warning).to_contain_text("Đồng chí vẫn đang làm việc?")
        with page.expect_request(lambda request: request.url.endswith("/accounts/keepalive/")):
            page.get_by_test_id("idle-continue").click()
        expect(warning).to_be_hidden()

        # Typing without sending: the warning comes again, then the logout; the step is sent too late.
        page.locator("#action-panel details:has(form) summary").first.click()
        form = page.locator("#action-panel details[open] form").first
        field = form.locator("textarea, input:not([type=hidden])").first
        field.fill("Nội dung gõ dở trước khi hết phiên")
        name = field.get_attribute("name")
        away(INTO_THE_WARNING)
        expect(warning).to_be_visible()
        away(WARN_BEFORE)
        expect(warning).to_be_hidden()
        with page.expect_navigation(url="**/accounts/login/**"):
            form.locator("[type=submit]").click()
        expect(page.locator("main")).to_contain_text("không hoạt động")

        page.fill("input[name=username]", "cell_a")
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.locator("form:has(input[name=password]) [type=submit]").click()
        assert page.url == candidate
        offer = page.get_by_test_id("kept-form")
        expect(offer).to_be_visible()
        offer.get_by_role("button", name="Điền lại vào biểu mẫu").click()
        restored = page.locator(f"#action-panel [name='{name}']")
        expect(restored).to_have_value("Nội dung gõ dở trước khi hết phiên")
        expect(restored).to_be_focused()
