"""A cold page or figure opened by several officers of one scope at once is rendered once
(uommam/core/pagecache.py, "Filling an entry once"): the others wait for its entry, and render it
themselves only when the first could not store it or took too long."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import caches

from uommam.core import pagecache
from uommam.people import views as people_views
from uommam.testing.world import World

from .test_shared_pages import _colleague

OFFICERS = 4
RENDER_SECONDS = 0.3


def _together(work: Callable[[int], Any], count: int) -> list[Any]:
    """`work(i)` for i in range(count), each in its own thread, released at the same moment."""
    start = threading.Barrier(count)
    results: list[Any] = [None] * count
    failures: list[BaseException] = []

    def run(i: int) -> None:
        start.wait()
        try:
            results[i] = work(i)
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not failures, failures
    return results


@pytest.mark.django_db(transaction=True)
def test_officers_of_one_scope_opening_a_cold_record_together_render_it_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    officers = [_colleague(world, "cell_a", f"Zzofficer Number{i}") for i in range(OFFICERS)]
    path = f"/students/{world.students['a'].pk}/"
    rendered: list[int] = []
    real_render = people_views.render_page

    def slow_render(*args: Any, **kwargs: Any) -> Any:
        rendered.append(1)
        time.sleep(RENDER_SECONDS)  # long enough for every officer to ask before the first page is stored
        return real_render(*args, **kwargs)

    monkeypatch.setattr(people_views, "render_page", slow_render)

    pages = _together(lambda i: officers[i].get(path), OFFICERS)

    assert len(rendered) == 1
    for i, response in enumerate(pages):
        assert response.status_code == 200
        body = response.content.decode()
        assert f"Zzofficer Number{i}" in body
        assert not any(f"Zzofficer Number{j}" in body for j in range(OFFICERS) if j != i)


def test_a_waiter_gets_the_entry_the_claimant_stores() -> None:
    cache = caches["default"]

    has_claimed = threading.Event()

    def claimant() -> None:
        with pagecache.filling(cache, "k1") as claimed:
            assert claimed
            has_claimed.set()
            time.sleep(0.1)
            cache.set("k1", "page", 60)

    thread = threading.Thread(target=claimant)
    thread.start()
    assert has_claimed.wait(10)
    with pagecache.filling(cache, "k1") as claimed:
        assert not claimed
        assert pagecache.wait_for_fill(cache, "k1") == "page"
    thread.join()


def test_a_waiter_stops_waiting_as_soon_as_the_claimant_ends_without_storing() -> None:
    cache = caches["default"]

    has_claimed = threading.Event()

    def claimant() -> None:
        with pagecache.filling(cache, "k2") as claimed:
            assert claimed
            has_claimed.set()
            time.sleep(0.1)  # the page was not storable: nothing is set

    thread = threading.Thread(target=claimant)
    thread.start()
    assert has_claimed.wait(10)
    began = time.monotonic()
    assert pagecache.wait_for_fill(cache, "k2", limit=10) is None
    assert time.monotonic() - began < 5  # it did not sit out the limit
    thread.join()
    with pagecache.filling(cache, "k2") as claimed:
        assert claimed  # the claim ended with the claimant


def test_a_claim_left_behind_is_waited_for_only_up_to_the_limit() -> None:
    cache = caches["default"]
    cache.add("k3:filling", 1, 60)  # a worker killed while rendering
    began = time.monotonic()
    assert pagecache.wait_for_fill(cache, "k3", limit=0.2) is None
    assert 0.2 <= time.monotonic() - began < 5


def test_cached_figures_asked_together_are_computed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagecache, "data_mark", lambda: 41)
    computed: list[int] = []

    def compute() -> dict[str, int]:
        computed.append(1)
        time.sleep(RENDER_SECONDS)
        return {"sympathisers": 12}

    values = _together(lambda i: pagecache.cached("figures", ("unit", 7), compute), OFFICERS)

    assert values == [{"sympathisers": 12}] * OFFICERS
    assert len(computed) == 1
