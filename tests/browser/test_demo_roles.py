"""Every demo login works in a real browser: the start page, a student search, the language switch."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from uommam.demo.builders.context import DEMO_PASSWORD
from uommam.demo.builders.users import DEMO_USERS
from uommam.vn.text import fold

# Roles whose scope holds whole schools: they must find students named Nguyễn by typing "nguyen".
SCHOOL_SCOPES = {"quantri", "tinhuy", "huyenuy", "xachiemhoa", "bithu.chiemhoa", "bithu.halang", "doan.chiemhoa", "xem"}


def test_each_demo_role_logs_in_searches_and_switches_language(
    browser: Any, live_server: Any, login: Any, transactional_db: None, demo: str
) -> None:
    for username, _name, _role, _unit, _description in DEMO_USERS:
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        try:
            login(page, live_server, username, DEMO_PASSWORD)
            assert page.locator("h1").first.inner_text() == "Việc cần làm", username

            page.goto(f"{live_server.url}/students/")
            page.fill("#id_q", "nguyen")
            page.locator("form[role=search] button[type=submit]").click()
            page.wait_for_url("**/students/?*q=nguyen*")
            count = page.get_by_test_id("result-count").inner_text()
            found = int(count.split()[0].replace(".", ""))
            if username in SCHOOL_SCOPES:
                assert found > 0, (username, count)
            names = page.locator("table tbody td[data-label] a").all_inner_texts()
            assert len(names) == min(found, 50), username
            assert all("nguyen" in fold(name) for name in names), (username, names)

            page.get_by_test_id("switch-language").click()
            # Assertions that wait: the switch posts, redirects, then loads the page again.
            expect(page.locator("html")).to_have_attribute("lang", "en")
            expect(page.locator("h1").first).to_have_text("Students")
            page.get_by_test_id("switch-language").click()
            expect(page.locator("html")).to_have_attribute("lang", "vi")
            expect(page.locator("h1").first).to_have_text("Học sinh / Quần chúng")
        finally:
            context.close()
