"""Read pages shared by the officers of one scope (uommam/accounts/sharedpage.py): a second officer gets the
page without its queries, never another scope's page, never the first officer's name or CSRF token, and
a write through a service shows at once."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from uommam.accounts.models import User
from uommam.orgs.services import role_grant
from uommam.pipeline.models import Candidate
from uommam.pipeline.stages import Stage
from uommam.pipeline.workflow import perform, void_last_step
from uommam.testing.world import PASSWORD, Records, World, add_records, student

from .test_page_queries import HTMX, PAGES, _path

# A page served from the cache costs at most this many queries: the session, the user, the data mark and
# (on the user's first page, then cached while the data mark stands) the user's roles, the scope.
WARM_BUDGET = 4


@pytest.fixture
def records(world: World) -> Records:
    return add_records(world)


def _colleague(world: World, persona: str, name: str) -> Client:
    """A client for a new user holding exactly `persona`'s roles (the same scope), named `name`."""
    user = User.objects.create_user(
        name.lower().replace(" ", "."), f"{name[:6]}@example.vn", "x-pass-2026", full_name=name
    )
    for assignment in world.users[persona].role_assignments.filter(active=True):
        role_grant(user=user, unit=assignment.unit, role=assignment.role)
    client = Client()
    client.force_login(user)
    return client


def _get(client: Client, path: str, page: str = "") -> Any:
    response = client.get(path, headers=HTMX if page == "student_search" else {}, follow=True)
    assert response.status_code == 200, (path, response.status_code)
    return response


@pytest.mark.parametrize("page", [p for p in PAGES if p != "referrals_cell"])
def test_a_second_officer_of_the_same_scope_gets_the_page_from_the_cache_with_his_own_name(
    page: str, world: World, records: Records
) -> None:
    persona, _ = PAGES[page]
    first = _colleague(world, persona, "Zzfirst Officer")
    second = _colleague(world, persona, "Zzsecond Officer")
    path = _path(records, page)
    opened = _get(first, path, page)
    cold = opened.content.decode()
    # The receiver's /referrals/ is a redirect to the inbox: the page is the inbox.
    path = opened.redirect_chain[-1][0] if opened.redirect_chain else path

    with CaptureQueriesContext(connection) as captured:
        warm = _get(second, path, page).content.decode()

    assert len(captured) <= WARM_BUDGET, [q["sql"] for q in captured.captured_queries]
    assert "Zzfirst" not in warm
    assert "uommamShared" not in cold + warm  # every placeholder filled in
    if page != "student_search":  # the fragment has no header
        assert "Zzsecond Officer" in warm and "Zzsecond Officer" not in cold

    # The same page apart from the name and the CSRF tokens.
    def plain(body: str) -> str:
        body = re.sub(r"Zz(first|second) Officer|Officer", "", body)
        return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken&quot;: &quot;|X-CSRFToken": ")[^"&]+', "", body)

    assert plain(warm) == plain(cold)


@pytest.mark.parametrize(
    ("path_of", "sees", "does_not_see"),
    [
        (lambda r: "/students/", ["cell_a", "viewer"], ["cell_b", "receiver", "viewer_b"]),
        (lambda r: f"/students/{r.candidate_a.person_id}/", ["cell_a", "youth_a"], ["cell_b", "receiver"]),
        (lambda r: f"/pipeline/{r.candidate_a.pk}/", ["cell_a", "commune_a"], ["cell_b", "commune_b"]),
    ],
)
def test_a_cached_page_never_reaches_another_scope_asking_the_same_url(
    path_of: Callable[[Records], str],
    sees: list[str],
    does_not_see: list[str],
    records: Records,
    client_for: Callable[[str], Client],
) -> None:
    path = path_of(records)
    for persona in sees:  # each stores its page first
        assert "Ánh" in client_for(persona).get(path).content.decode(), persona
    for persona in does_not_see:
        response = client_for(persona).get(path)
        assert response.status_code == 404 or "Ánh" not in response.content.decode(), persona


def test_the_citizen_id_stays_masked_for_a_viewer_after_a_cell_secretary_cached_the_record(
    records: Records, client_for: Callable[[str], Client]
) -> None:
    path = f"/students/{records.candidate_a.person_id}/"
    assert "008308123456" in client_for("cell_a").get(path).content.decode()
    viewer = client_for("viewer").get(path).content.decode()
    assert "008308123456" not in viewer
    assert "3456" in viewer  # masked, not missing


def test_a_form_on_a_page_served_from_the_cache_posts_with_the_readers_own_token(
    world: World, records: Records
) -> None:
    path = f"/pipeline/{records.candidate_a.pk}/"
    _get(_colleague(world, "cell_a", "Zzfirst Officer"), path)
    user = User.objects.create_user("zzsecond", "zzsecond@example.vn", "x-pass-2026", full_name="Zzsecond Officer")
    role_grant(user=user, unit=world.units["CB-S-A"], role="cell_secretary")
    second = Client(enforce_csrf_checks=True)
    second.force_login(user)
    body = _get(second, path).content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert tokens and "uommamShared" not in body

    # The log-out form of the cached page: a foreign or placeholder token would be refused with 403.
    response = second.post("/accounts/logout/", {"csrfmiddlewaretoken": tokens[-1]})

    assert response.status_code == 302
    assert "_auth_user_id" not in second.session


def test_a_stage_change_and_its_void_show_at_once_on_the_cached_record(
    world: World, identified: Candidate, client_for: Callable[[str], Client]
) -> None:
    path = f"/pipeline/{identified.pk}/"
    reader = client_for("commune_a")
    assert reader.get(path).context is not None
    assert reader.get(path).context is None  # from the cache

    perform(identified, "accept_sympathiser", actor=world.users["cell_a"], data={"helper": world.members["a"]})
    after = reader.get(path)
    assert after.context is not None  # rendered again, not served from the cache
    assert after.context["candidate"].stage == Stage.SYMPATHISER

    void_last_step(identified, actor=world.users["cell_a"], reason="Nhập nhầm người")
    voided = reader.get(path)
    assert voided.context is not None and voided.context["candidate"].stage == Stage.IDENTIFIED


def test_an_acknowledged_referral_shows_at_once_on_the_cached_inbox(
    world: World, records: Records, client_for: Callable[[str], Client]
) -> None:
    from uommam.referrals.services import referral_acknowledge

    receiver = client_for("receiver")
    assert receiver.get("/referrals/inbox/").context is not None
    before = receiver.get("/referrals/inbox/")
    assert before.context is None  # from the cache

    referral_acknowledge(referral=records.referral_a, actor=world.users["receiver"], on=date(2026, 6, 5))

    response = receiver.get("/referrals/inbox/")
    assert response.context is not None
    acknowledged = "Đã xác nhận nhận"
    assert response.content.decode().count(acknowledged) > before.content.decode().count(acknowledged)


def test_a_page_with_a_flash_message_is_neither_served_from_nor_stored_in_the_cache(
    records: Records, client_for: Callable[[str], Client]
) -> None:
    client = client_for("cell_a")
    client.get("/students/")  # stored without a message
    # A message waiting for this user (as after a saved form), carried in the messages cookie.
    storage = CookieStorage(HttpRequest())
    storage.add(constants.SUCCESS, "Zzsaved đã lưu")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value

    shown = client.get("/students/")
    assert "Zzsaved" in shown.content.decode()
    assert shown.context is not None
    # Shown once: the next request no longer has it, and the user's other session never gets it.
    assert "Zzsaved" not in client.get("/students/").content.decode()
    assert "Zzsaved" not in client_for("cell_a").get("/students/").content.decode()


def test_a_missing_record_is_not_cached(records: Records, client_for: Callable[[str], Client]) -> None:
    path = f"/students/{records.candidate_b.person_id}/"
    assert client_for("cell_a").get(path).status_code == 404
    assert client_for("cell_b").get(path).status_code == 200
    assert client_for("cell_a").get(path).status_code == 404


def test_without_the_page_cache_setting_every_page_is_rendered(
    records: Records, client_for: Callable[[str], Client], settings: Any
) -> None:
    settings.UOMMAM_PAGE_CACHE = False
    client = client_for("cell_a")
    client.get("/students/")
    assert client.get("/students/").context is not None


def test_a_role_granted_elsewhere_changes_the_next_page_at_once(world: World, records: Records) -> None:
    from uommam.orgs.services import role_grant as grant

    user = User.objects.create_user("zzmoved", "zzmoved@example.vn", "x-pass-2026", full_name="Zzmoved Officer")
    grant(user=user, unit=world.units["CB-S-B"], role="cell_secretary")
    client = Client()
    client.force_login(user)
    path = f"/students/{records.candidate_a.person_id}/"
    assert client.get(path).status_code == 404
    assert client.get("/students/").status_code == 200  # roles and page cached

    grant(user=user, unit=world.units["CB-S-A"], role="cell_secretary", actor=world.users["admin"])

    assert client.get(path).status_code == 200
    assert "Ánh" in client.get("/students/").content.decode()


def test_the_fragment_and_the_full_page_of_one_address_are_stored_apart_and_by_language(
    records: Records, client_for: Callable[[str], Client]
) -> None:
    client = client_for("cell_a")
    full = client.get("/students/?q=ma").content.decode()
    fragment = client.get("/students/?q=ma", headers=HTMX).content.decode()
    assert "<html" in full and "<html" not in fragment
    assert "<html" in client.get("/students/?q=ma").content.decode()
    vietnamese = client.get("/students/", headers={"Accept-Language": "vi"}).content.decode()
    english = client.get("/students/", headers={"Accept-Language": "en"}).content.decode()
    assert 'lang="vi"' in vietnamese and 'lang="en"' in english


def test_a_row_changed_without_a_journal_entry_shows_at_once_on_the_cached_record(
    world: World, records: Records, client_for: Callable[[str], Client]
) -> None:
    # A data fix made outside the services (the shell, a script) writes no journal entry; the page must
    # not stay stale for it either (the write token of uommam/core/pagecache.py).
    person = student(world.units["S-A"], "Lò", "Văn", "Sửa", citizen_id="008208000778", sex="M")
    path = f"/students/{person.pk}/"
    reader = client_for("commune_a")
    assert reader.get(path).context is not None
    assert reader.get(path).context is None  # from the cache

    person.given_name = "Đínhchính"
    person.save()

    after = reader.get(path)
    assert after.context is not None  # rendered again
    assert "Đínhchính" in after.content.decode()


def test_a_log_in_elsewhere_leaves_the_cached_pages_in_place(
    world: World, records: Records, client_for: Callable[[str], Client]
) -> None:
    # A log-in writes the journal and the user's last log-in time; neither shows on a shared page.
    reader = client_for("commune_a")
    assert reader.get("/students/").context is not None
    assert reader.get("/students/").context is None

    other = Client()
    signed_in = other.post(reverse("login"), {"username": world.users["cell_b"].username, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert User.objects.get(pk=world.users["cell_b"].pk).last_login is not None

    assert reader.get("/students/").context is None  # still from the cache
