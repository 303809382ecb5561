"""Light, well-titled pages: the browser tab says which page it is, and HTML is sent compressed."""

from __future__ import annotations

import gzip
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from uommam.testing.world import World


def test_the_title_names_the_page_then_the_site(world: World, client_for: Callable[[str], Client]) -> None:
    html = client_for("cell_a").get(reverse("core:home")).content.decode()
    assert "<title>Việc cần làm – Ươm Mầm</title>" in html


def test_pages_are_gzipped_for_browsers_that_accept_it(world: World, client_for: Callable[[str], Client]) -> None:
    client = client_for("cell_a")
    plain = client.get(reverse("people:list"))
    packed = client.get(reverse("people:list"), headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    text = gzip.decompress(packed.content).decode()
    assert "<title>" in text and len(packed.content) < len(plain.content) / 2


def test_the_login_page_loads_neither_htmx_nor_chart_js(client: Client) -> None:
    html = client.get(reverse("login")).content.decode()
    assert "htmx.min.js" not in html and "chart" not in html and "bootstrap.bundle" not in html
    assert "js/app.js" in html
