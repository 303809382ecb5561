"""Usable by everyone: WCAG 2.1 A/AA by axe-core on the main flows as each role, the keyboard alone,
and targets big enough to tap on a 390 px phone."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from uommam.testing.world import PASSWORD, Records, World, add_records, build_world

pytestmark = pytest.mark.django_db(transaction=True)

VENDOR = Path(__file__).resolve().parent / "vendor"
AXE = VENDOR / "axe.min.js"
# The WCAG 2.1 success criteria of levels A and AA (axe-core's tags).
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MIN_TARGET_PX = 44


def axe_source() -> str:
    """axe.min.js, after checking it is the file SHA256SUMS names."""
    sums = dict(reversed(line.split()) for line in (VENDOR / "SHA256SUMS").read_text().splitlines() if line.strip())
    data = AXE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == sums["axe.min.js"], "tests/browser/vendor/axe.min.js was modified"
    return data.decode("utf-8")


def preload_axe(page: Any, source: str) -> None:
    """Have axe-core in every page this browser context opens from now on: loaded with the page rather than
    sent over the DevTools protocol after it (a tenth of a second less per page). Like the evaluation in
    :func:`axe_violations`, an init script is not subject to the page's Content-Security-Policy."""
    page.context.add_init_script(script=source)


def axe_violations(page: Any, source: str) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; WCAG 2.1 A/AA violations only."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the page's Content-Security-Policy forbids inline scripts.
        page.evaluate(source + "\n;0")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    assert result["passes"], "axe-core checked nothing"
    return list(result["violations"])


# Ids (WCAG 4.1.1 left axe's rules): every id once, and every reference to an id finds it.
BROKEN_IDS_JS = """
() => {
  const seen = {};
  document.querySelectorAll('[id]').forEach(el => { seen[el.id] = (seen[el.id] || 0) + 1; });
  const problems = Object.keys(seen).filter(id => seen[id] > 1).map(id => `id "${id}" used ${seen[id]} times`);
  for (const attr of ['aria-describedby', 'aria-labelledby', 'aria-controls', 'for']) {
    document.querySelectorAll(`[${attr}]`).forEach(el => {
      for (const id of el.getAttribute(attr).split(/\\s+/)) {
        if (id && !document.getElementById(id)) problems.push(`${attr}="${id}" points to no element`);
      }
    });
  }
  return problems;
}
"""


def describe(url: str, violations: list[dict[str, Any]]) -> list[str]:
    lines = []
    for v in violations:
        for node in v["nodes"][:3]:
            lines.append(f"{url}: {v['id']} ({v['impact']}) {node['target']} – {node.get('failureSummary', '')[:200]}")
    return lines


Path_ = Callable[[World, Records], str]

# The main flows as each persona walks them (uommam/testing/world.py says who stands where).
PAGES: dict[str, list[Path_]] = {
    "cell_a": [
        lambda w, r: "/",
        lambda w, r: "/students/",
        lambda w, r: f"/students/{w.students['a'].pk}/",
        lambda w, r: f"/students/{w.students['a'].pk}/edit/",
        lambda w, r: "/students/new/",
        lambda w, r: "/pipeline/",
        lambda w, r: "/pipeline/nomination/",
        lambda w, r: f"/pipeline/{r.candidate_a.pk}/",
        lambda w, r: f"/pipeline/{r.candidate_a.pk}/dossier/all/",
        lambda w, r: "/classes/",
        lambda w, r: "/referrals/",
        # The send form needs its students (from the forecast); without them it goes back to the forecast.
        lambda w, r: f"/referrals/send/?candidate={r.candidate_a.pk}",
        lambda w, r: "/referrals/forecast/",
        lambda w, r: f"/referrals/{r.referral_a.pk}/",
        lambda w, r: "/imports/",
        lambda w, r: "/imports/new/",
        lambda w, r: "/reports/targets/",
        lambda w, r: "/units/",
        lambda w, r: "/accounts/password/",
    ],
    "youth_a": [
        lambda w, r: "/",
        lambda w, r: "/pipeline/nomination/",
        lambda w, r: f"/students/{w.students['a'].pk}/",
    ],
    "centre": [
        lambda w, r: "/",
        lambda w, r: "/classes/",
        lambda w, r: "/classes/new/",
        lambda w, r: f"/classes/{r.class_d.pk}/",
        lambda w, r: f"/classes/{r.class_d.pk}/enrol/",
        lambda w, r: f"/classes/{r.class_d.pk}/attendance/",
        lambda w, r: f"/classes/{r.class_d.pk}/results/",
        lambda w, r: f"/classes/{r.class_d.pk}/certificates/",
    ],
    "receiver": [
        lambda w, r: "/",
        lambda w, r: "/referrals/inbox/",
        lambda w, r: f"/referrals/{r.referral_a.pk}/",
    ],
    "province": [
        lambda w, r: "/",
        lambda w, r: "/reports/",
        lambda w, r: "/reports/review/",
        lambda w, r: "/reports/names/",
        lambda w, r: "/reports/targets/",
        lambda w, r: "/referrals/metrics/",
        lambda w, r: "/audit/",
        lambda w, r: "/units/",
        lambda w, r: f"/units/{w.units['S-A'].pk}/",
        lambda w, r: "/students/members/",
    ],
    "viewer": [
        lambda w, r: "/",
        lambda w, r: "/students/",
        lambda w, r: f"/pipeline/{r.candidate_a.pk}/",
        lambda w, r: "/reports/",
    ],
}

# What a 390 px test taps: the main lists and forms.
PHONE_PAGES: dict[str, list[Path_]] = {
    "cell_a": [
        lambda w, r: "/",
        lambda w, r: "/students/",
        lambda w, r: f"/students/{w.students['a'].pk}/",
        lambda w, r: "/pipeline/",
        lambda w, r: "/pipeline/nomination/",
        lambda w, r: f"/pipeline/{r.candidate_a.pk}/",
        lambda w, r: f"/pipeline/{r.candidate_a.pk}/dossier/all/",
        lambda w, r: "/referrals/",
        lambda w, r: f"/referrals/{r.referral_a.pk}/",
        lambda w, r: "/reports/targets/",
    ],
    "receiver": [lambda w, r: f"/referrals/{r.referral_a.pk}/"],
    "centre": [lambda w, r: "/classes/", lambda w, r: f"/classes/{r.class_d.pk}/"],
}

# Every visible link and button (a <summary> is a button) in the header and the main part, with its
# size. A link inside a sentence is exempt (WCAG's "inline" exception), as are hidden elements.
SMALL_TARGETS_JS = """
min => {
  const small = [];
  for (const el of document.querySelectorAll('main a[href], main button, main summary, nav a[href], nav button')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    if (el.tagName === 'A' && el.parentElement && el.parentElement.tagName === 'P') continue;
    if (box.height < min - 0.5 || box.width < min - 0.5) {
      const text = (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 40);
      small.push(`${el.tagName.toLowerCase()} "${text}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}
"""


def _walk(page: Any, live_server: Any, sign_in: Any, persona: str, pages: Any) -> tuple[Any, Any, list[str]]:
    """The persona world with its records, the browser logged in as `persona`, and the persona's paths.
    (The login form is not these tests' subject: test_login_and_error_pages_have_no_wcag_21_aa_violation.)"""
    world = build_world()
    records = add_records(world)
    sign_in(page, live_server, persona)
    return world, records, [path(world, records) for path in pages[persona]]


def _visit(page: Any, live_server: Any, persona: str, path: str) -> None:
    """Open the page and make sure it is the page asked for – not the login form or another page it
    redirected to, which would then be checked in its place."""
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.status == 200, (persona, path, response and response.status)
    shown = urlsplit(page.url)
    assert shown.path + (f"?{shown.query}" if shown.query else "") == path, (persona, path, page.url)


@pytest.mark.parametrize("persona", sorted(PAGES))
def test_main_flow_pages_have_no_wcag_21_aa_violation(page: Any, live_server: Any, sign_in: Any, persona: str) -> None:
    source = axe_source()
    preload_axe(page, source)
    _world, _records, paths = _walk(page, live_server, sign_in, persona, PAGES)
    problems: list[str] = []
    for path in paths:
        _visit(page, live_server, persona, path)
        problems += describe(path, axe_violations(page, source))
        problems += [f"{path}: {problem}" for problem in page.evaluate(BROKEN_IDS_JS)]
        if "{#" in page.inner_text("body") or "{%" in page.inner_text("body"):
            problems.append(f"{path}: template code shown as text")
    assert not problems, f"axe-core, as {persona}:\n" + "\n".join(problems)


def test_the_axe_check_finds_what_it_is_meant_to_find(page: Any) -> None:
    """The harness can fail: pale text, an unlabelled field and a duplicate id are reported."""
    page.set_content(
        '<html lang="vi"><head><title>t</title></head><body><main><p style="color:#dd9593;background:#b3140f">menu</p>'
        '<input id="id_on"><input id="id_on" aria-describedby="id_on_error"></main></body></html>'
    )
    found = {v["id"] for v in axe_violations(page, axe_source())}
    assert {"color-contrast", "label"} <= found, found


def test_login_and_error_pages_have_no_wcag_21_aa_violation(page: Any, live_server: Any) -> None:
    source = axe_source()
    problems: list[str] = []
    page.goto(f"{live_server.url}/accounts/login/")
    problems += describe("login", axe_violations(page, source))
    # A failed login: the error message and the fields marked invalid.
    page.fill("input[name=username]", "nobody")
    page.fill("input[name=password]", "wrong-password")
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").click()
    problems += describe("login with an error", axe_violations(page, source))
    expect(page.locator("input[name=username]")).to_be_focused()
    page.goto(f"{live_server.url}/no-such-page/")
    problems += describe("404", axe_violations(page, source))
    assert not problems, "\n".join(problems)


def test_step_form_errors_are_announced_and_referenced(page: Any, live_server: Any, sign_in: Any) -> None:
    """A step sent empty: the error is linked to its field (no dangling aria-describedby), and axe is clean."""
    source = axe_source()
    _world, records, _paths = _walk(page, live_server, sign_in, "cell_a", PAGES)
    page.goto(f"{live_server.url}/pipeline/{records.candidate_a.pk}/")
    step = page.locator("#action-panel details:has(form) summary").first
    step.click()
    form = page.locator("#action-panel details[open] form").first
    form.locator("[type=submit]").click()
    expect(
        page.locator("#action-panel [aria-invalid=true], #action-panel [data-testid=step-errors]").first
    ).to_be_visible()
    dangling = page.evaluate(
        """() => [...document.querySelectorAll('[aria-describedby]')].flatMap(el =>
             el.getAttribute('aria-describedby').split(/\\s+/).filter(id => id && !document.getElementById(id)))"""
    )
    assert dangling == []
    assert describe("step with errors", axe_violations(page, source)) == []


def test_every_id_is_unique_on_the_referral_page(page: Any, live_server: Any, sign_in: Any) -> None:
    _world, records, _paths = _walk(page, live_server, sign_in, "receiver", PAGES)
    page.goto(f"{live_server.url}/referrals/{records.referral_a.pk}/")
    duplicates = page.evaluate(
        """() => { const seen = {}; document.querySelectorAll('[id]').forEach(el => seen[el.id] = (seen[el.id] || 0) + 1);
                   return Object.keys(seen).filter(id => seen[id] > 1); }"""
    )
    assert duplicates == []
    # The outcome's date label leads to the outcome's date, not to the acknowledgement's.
    label = page.locator("[data-testid=outcome-form] label", has_text="Ngày").first
    label.click()
    assert page.evaluate("document.activeElement.closest('form').dataset.testid") == "outcome-form"


@pytest.mark.parametrize("persona", sorted(PHONE_PAGES))
def test_links_and_buttons_are_at_least_44_px_on_a_phone(
    phone_page: Any, live_server: Any, sign_in: Any, persona: str
) -> None:
    _world, _records, paths = _walk(phone_page, live_server, sign_in, persona, PHONE_PAGES)
    problems: list[str] = []
    for path in paths:
        _visit(phone_page, live_server, persona, path)
        # Open the phone menu and every fold, so that what they hold is measured too.
        phone_page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        phone_page.locator(".navbar-toggler").click()
        expect(phone_page.locator("#mainnav")).to_be_visible()
        problems += [f"{path}: {target}" for target in phone_page.evaluate(SMALL_TARGETS_JS, MIN_TARGET_PX)]
        overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"{path}: the page is {overflow} px wider than the phone")
    assert not problems, f"targets under {MIN_TARGET_PX} px as {persona}:\n" + "\n".join(problems)


def test_a_step_form_and_an_htmx_action_by_keyboard_alone(page: Any, live_server: Any, sign_in: Any) -> None:
    """Tab to a step, open it with Enter, send it empty with Enter: focus lands on the first field to correct."""
    _world, records, _paths = _walk(page, live_server, sign_in, "cell_a", PAGES)
    page.goto(f"{live_server.url}/pipeline/{records.candidate_a.pk}/")
    # Withdrawing asks for one thing, its reason: the step the keyboard walk corrects below.
    testid = "step-withdraw"
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.testid") == testid:
            break
    else:
        pytest.fail(f"Tab never reached the step {testid}")
    page.keyboard.press("Enter")  # opens the <details>
    form = page.locator(f"#action-panel details:has(summary[data-testid={testid}]) form")
    expect(form).to_be_visible()
    # Tab through the step's fields to its button and send it with nothing filled in.
    button = form.locator("[type=submit]")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type === 'submit'"):
            break
    assert button.evaluate("el => el === document.activeElement")
    with page.expect_response(lambda r: "/step/" in r.url):
        page.keyboard.press("Enter")
    invalid = page.locator("#action-panel [aria-invalid=true]").first
    expect(invalid).to_be_focused()
    expect(page.locator("#announcer")).not_to_be_empty()
    # The focused field is described by its error message.
    described = invalid.get_attribute("aria-describedby") or ""
    assert any(page.locator(f"#{ident}").count() == 1 for ident in described.split()), described

    # Corrected and sent again by keyboard: the step is recorded and the page shows the new stage.
    stage_before = page.get_by_test_id("stage").inner_text()
    page.keyboard.type("Chuyển trường, không tiếp tục")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type === 'submit'"):
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_test_id("stage")).not_to_have_text(stage_before)


def test_the_menus_open_and_close_by_keyboard(page: Any, live_server: Any, login: Any) -> None:
    """Without Bootstrap's JavaScript: the account menu opens with Enter, closes with Escape, logs out by keyboard."""
    build_world()
    login(page, live_server, "cell_a", PASSWORD)
    account = page.get_by_test_id("current-user")
    account.focus()
    page.keyboard.press("Enter")
    expect(account).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_test_id("logout")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("logout")).to_be_hidden()
    expect(account).to_be_focused()
    page.keyboard.press("Enter")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.testid") == "logout":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/accounts/login/" in page.url or page.locator("input[name=password]").count() == 1


def test_step_button_is_disabled_while_the_step_is_sent(page: Any, live_server: Any, sign_in: Any) -> None:
    _world, records, _paths = _walk(page, live_server, sign_in, "cell_a", PAGES)
    page.goto(f"{live_server.url}/pipeline/{records.candidate_a.pk}/")
    page.locator("#action-panel details:has(form) summary").first.click()
    form = page.locator("#action-panel details[open] form").first
    assert form.get_attribute("hx-disabled-elt")
    # Hold the answer back, as a slow line does, and look at the button meanwhile.
    held: list[Any] = []
    page.route("**/step/**", lambda route: held.append(route))
    form.locator("[type=submit]").click()
    expect(form.locator("[type=submit]")).to_be_disabled()
    expect(form).to_have_attribute("aria-busy", "true")
    for _ in range(100):  # the route handler runs while Playwright waits
        if held:
            break
        page.wait_for_timeout(50)
    held[0].continue_()
    expect(
        page.locator("#action-panel [aria-invalid=true], #action-panel [data-testid=step-errors]").first
    ).to_be_visible(timeout=15_000)


def test_after_a_plain_form_error_focus_is_on_the_first_field_to_correct(
    page: Any, live_server: Any, sign_in: Any
) -> None:
    """A full-page form (no HTMX) sent with a required name emptied: back on the page, focus is on that field."""
    world, _records, _paths = _walk(page, live_server, sign_in, "cell_a", PAGES)
    page.goto(f"{live_server.url}/students/{world.students['a'].pk}/edit/")
    field = page.locator("main form input[required][type=text]").first
    name = field.get_attribute("name")
    field.fill("")
    with page.expect_navigation():
        field.press("Enter")
    invalid = page.locator(f"main form [name='{name}']")
    expect(invalid).to_have_attribute("aria-invalid", "true")
    expect(invalid).to_be_focused()
    expect(page.locator("#announcer")).not_to_be_empty()
