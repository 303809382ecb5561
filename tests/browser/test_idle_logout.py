"""The idle logout warns first, and what was being typed when it came is offered again after logging in."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from uommam.testing.world import PASSWORD, add_records, build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_warning_before_the_idle_logout_and_no_typed_work_lost(
    page: Any, live_server: Any, login: Any, settings: Any
) -> None:
    # 15 s without a request logs out; the warning comes 3 s before (a fifth of so short a timeout).
    settings.SESSION_IDLE_TIMEOUT = 15
    world = build_world()
    records = add_records(world)
    login(page, live_server, "cell_a", PASSWORD)
    candidate = f"{live_server.url}/pipeline/{records.candidate_a.pk}/"
    page.goto(candidate)

    warning = page.locator("#idle-warning")
    expect(warning).to_be_visible(timeout=20_000)
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
    expect(warning).to_be_visible(timeout=20_000)
    expect(warning).to_be_hidden(timeout=10_000)
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
