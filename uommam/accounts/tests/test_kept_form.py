"""Typed work is not lost to the idle logout: the form sent after it is offered again after logging in."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from uommam.accounts.middleware import LAST_SEEN_KEY
from uommam.testing.world import PASSWORD, World

LOGIN = reverse("login")


def _idle(client: Client) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 601
    session.save()


def _send_after_idle(client: Client, page: str, action: str) -> str:
    response = client.post(
        action,
        {"csrfmiddlewaretoken": "x", "given_name": "Ánh Mai", "note": "đã gõ dở", "password": "never-kept"},
        headers={"Referer": f"http://testserver{page}"},
    )
    assert response.status_code == 302 and "expired=1" in response["Location"]
    return str(response["Location"])


def _kept(client: Client, page: str) -> dict | None:
    html = client.get(page).content.decode()
    if 'id="kept-form-data"' not in html:
        return None
    start = html.index('id="kept-form-data"')
    body = html[html.index(">", start) + 1 : html.index("</script>", start)]
    return json.loads(body)


def test_a_form_sent_after_the_idle_logout_is_offered_again_on_its_page_after_login(
    world: World, client_for: Callable[[str], Client], settings
) -> None:
    settings.SESSION_IDLE_TIMEOUT = 600
    client = client_for("cell_a")
    page = reverse("people:edit", args=[world.students["a"].pk])
    _idle(client)
    location = _send_after_idle(client, page, page)
    # Back to the page after login, not to the address the form was sent to.
    assert f"next={page.replace('/', '%2F')}" in location
    response = client.post(LOGIN, {"username": "cell_a", "password": PASSWORD, "next": page})
    assert response.status_code == 302 and response["Location"] == page

    kept = _kept(client, page)
    assert kept is not None
    assert kept["action"] == page
    assert kept["values"] == {"given_name": ["Ánh Mai"], "note": ["đã gõ dở"]}  # no password, no CSRF token
    assert _kept(client, page) is None  # offered once


def test_the_kept_form_is_never_shown_to_someone_else_who_logs_in(
    world: World, client_for: Callable[[str], Client], settings
) -> None:
    settings.SESSION_IDLE_TIMEOUT = 600
    client = client_for("cell_a")
    page = reverse("people:edit", args=[world.students["a"].pk])
    _idle(client)
    _send_after_idle(client, page, page)
    client.post(LOGIN, {"username": "youth_a", "password": PASSWORD, "next": page})
    assert _kept(client, page) is None
    client.post(reverse("logout"))
    client.post(LOGIN, {"username": "cell_a", "password": PASSWORD})
    assert _kept(client, page) is None  # forgotten when someone else logged in


def test_pages_of_a_logged_in_user_carry_the_idle_warning(
    world: World, client_for: Callable[[str], Client], settings
) -> None:
    settings.SESSION_IDLE_TIMEOUT = 3600
    html = client_for("cell_a").get(reverse("core:home")).content.decode()
    assert 'data-idle-timeout="3600"' in html and 'id="idle-warning"' in html and 'data-warn-before="300"' in html
    settings.SESSION_IDLE_TIMEOUT = 0
    assert 'id="idle-warning"' not in client_for("cell_a").get(reverse("core:home")).content.decode()


def test_continue_working_renews_the_session(world: World, client_for: Callable[[str], Client], settings) -> None:
    settings.SESSION_IDLE_TIMEOUT = 600
    client = client_for("cell_a")
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 590  # the warning is showing
    session.save()
    assert client.get(reverse("keepalive")).status_code == 200
    assert client.session[LAST_SEEN_KEY] >= int(time.time()) - 5
    assert client.get(reverse("people:list")).status_code == 200
