"""Browser test harness: real headless Chromium driven by Playwright for Python.

Chromium is Debian's ``/usr/bin/chromium``; Playwright never downloads a browser here (do not run
``playwright install``). When it is missing, browser tests are skipped with a reason, unless
``UOMMAM_REQUIRE_BROWSER=1`` (CI), where they fail.

Fixtures:
- ``browser``: one Chromium per test session (per xdist worker).
- ``page``: a fresh context per test, desktop viewport 1280×900, locale vi-VN, Asia/Ho_Chi_Minh.
- ``phone_page``: the same on a 390×844 touch screen.
- ``login``: ``login(page, live_server, username, password)`` signs in through ``/accounts/login/``.
- ``sign_in``: ``sign_in(page, live_server, username)`` gives the browser a logged-in session without the login
  form (half a second less per test), for tests whose subject is not the login.

Every test under ``tests/browser/`` is marked ``browser`` (``pytest -m "not browser"`` leaves them out).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

# Playwright's sync API runs an asyncio loop in the test thread; Django would then refuse ORM calls
# from fixtures and tests ("You cannot call this from an async context").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
DEFAULT_TIMEOUT_MS = 15_000
LOGIN_PATH = "/accounts/login/"
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"_report_{report.when}", report)
    return report


def _browser_required() -> bool:
    return os.environ.get("UOMMAM_REQUIRE_BROWSER", "") == "1"


def _unavailable(reason: str) -> None:
    if _browser_required():
        pytest.fail(f"{reason} (UOMMAM_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"Chromium not installed at {CHROMIUM}: browser tests skipped")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        _unavailable("Playwright for Python is not installed: browser tests skipped")

    profile = tempfile.mkdtemp(prefix="uommam-chromium-")
    with sync_playwright() as pw:
        # Plain launch: Playwright gives Chromium a new empty profile; HOME-like state stays in `profile`.
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            env={**os.environ, "HOME": profile, "XDG_CONFIG_HOME": profile, "XDG_CACHE_HOME": profile},
            timeout=60_000,
        )
        try:
            yield browser
        finally:
            browser.close()
    shutil.rmtree(profile, ignore_errors=True)


def _new_page(
    browser: Browser, request: pytest.FixtureRequest, tmp_path: Path, **context_options: Any
) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **context_options)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        report = getattr(request.node, "_report_call", None)
        if report is not None and report.failed and not page.is_closed():
            shot = tmp_path / "failure.png"
            try:
                page.screenshot(path=str(shot), full_page=True)
                print(f"\nbrowser screenshot of the failure: {shot} (url {page.url})")
            except Exception as exc:  # a screenshot must never hide the real failure
                print(f"\ncould not take a failure screenshot: {exc}")
        context.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Page]:
    yield from _new_page(browser, request, tmp_path, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone_page(browser: Browser, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Page]:
    yield from _new_page(
        browser,
        request,
        tmp_path,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )


def login_as(page: Page, live_server: Any, username: str, password: str, *, expect_success: bool = True) -> Page:
    """Sign in through the Django login form; by default fail the test if the form is shown again."""
    page.goto(f"{live_server.url}{LOGIN_PATH}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        # The language switch in the header is a form too: press the login form's own button.
        page.locator("form:has(input[name=password]) [type=submit]").click()
    if expect_success and page.url.split("?")[0].endswith(LOGIN_PATH):
        pytest.fail(f"login as {username!r} failed: still on {page.url}", pytrace=False)
    return page


@pytest.fixture
def login() -> Callable[..., Page]:
    """``login(page, live_server, username, password)``; see :func:`login_as`."""
    return login_as


def sign_in_as(page: Page, live_server: Any, username: str) -> Page:
    """Log in as Django's test client does (``force_login``: Django's ``login()`` with its signals, so the
    journal entry, the last-seen time and the second-factor step are those of a form login) and hand the
    session cookie to the browser. The login form itself is tested through :func:`login_as`."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page


@pytest.fixture
def sign_in() -> Callable[..., Page]:
    """``sign_in(page, live_server, username)``; see :func:`sign_in_as`."""
    return sign_in_as
