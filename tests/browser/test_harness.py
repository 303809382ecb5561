"""Smoke test of the browser harness: Chromium loads the Django login page from the live server."""

from __future__ import annotations

from typing import Any


def test_login_page_renders_in_chromium(page: Any, live_server: Any) -> None:
    response = page.goto(f"{live_server.url}/accounts/login/")
    assert response is not None
    assert response.ok, f"GET /accounts/login/ answered {response.status}"
    assert "Ươm Mầm" in page.title()
    assert page.locator("input[name=username]").is_visible()
    assert page.locator("input[name=password]").is_visible()


def test_login_page_fits_a_phone_screen(phone_page: Any, live_server: Any) -> None:
    phone_page.goto(f"{live_server.url}/accounts/login/")
    assert "Ươm Mầm" in phone_page.title()
    # 390 only with <meta name="viewport" content="width=device-width, …">; without it a phone lays out 980px.
    assert phone_page.evaluate("window.innerWidth") == 390
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the login page scrolls sideways by {overflow}px on a 390px screen"
