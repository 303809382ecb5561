"""Unreadable POST bodies get a 400 with a message; ordinary forms pass untouched."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from uommam.testing.world import World


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"family_name": "x"}', "application/json"),
        (b"<xml/>", "text/xml"),
        (b"--x\r\ngarbage without parts", "multipart/form-data; boundary=x"),
        (b"a=b", "multipart/form-data"),
    ],
)
def test_unreadable_bodies_are_refused_with_a_message(
    world: World, client_for: Callable[[str], Client], body: bytes, content_type: str
) -> None:
    response = client_for("cell_a").generic("POST", reverse("people:create"), body, content_type=content_type)
    assert (
        response.status_code == 400
        and "Reload the page" in response.content.decode()
        or "tải lại" in response.content.decode()
    )


def test_forms_and_empty_posts_pass(world: World, client_for: Callable[[str], Client]) -> None:
    client = client_for("cell_a")
    assert client.post(reverse("people:archive", args=[world.students["a"].pk])).status_code == 302
    assert client.post(reverse("logout")).status_code == 302
