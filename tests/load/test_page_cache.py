"""The cached to-do list and dashboard figures: a write shows at once, for every viewer of its scope,
and never reaches another scope or language (uommam/core/pagecache.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from uommam.core import pagecache
from uommam.imports.services import import_file
from uommam.orgs.scope import scope_key
from uommam.pipeline.models import Candidate
from uommam.pipeline.stages import Stage
from uommam.pipeline.workflow import perform, void_last_step
from uommam.testing.world import World, student


@pytest.fixture(autouse=True)
def _figures_not_whole_pages(settings: pytest.FixtureRequest) -> None:
    """These tests read the figures from the page's context: the whole page rendered, its figures cached.
    Whole pages served from the cache are tested in test_shared_pages.py."""
    settings.UOMMAM_SHARED_PAGES = False  # type: ignore[attr-defined]


# Every viewer whose default report unit contains school A, and one whose does not.
SEE_SCHOOL_A = ["cell_a", "commune_a", "province"]


def _sympathisers(client: Client) -> int:
    response = client.get("/reports/")
    assert response.status_code == 200
    return response.context["funnel"].stages.get("sympathisers", 0)


def test_a_stage_change_shows_at_once_on_the_cached_dashboard_of_every_viewer_in_scope(
    world: World, identified: Candidate, client_for: Callable[[str], Client]
) -> None:
    clients = {name: client_for(name) for name in [*SEE_SCHOOL_A, "commune_b"]}
    before = {name: _sympathisers(c) for name, c in clients.items()}
    # Served from the cache now: the same figures.
    assert {name: _sympathisers(c) for name, c in clients.items()} == before

    perform(identified, "accept_sympathiser", actor=world.users["cell_a"], data={"helper": world.members["a"]})

    after = {name: _sympathisers(c) for name, c in clients.items()}
    assert after == {**{name: before[name] + 1 for name in SEE_SCHOOL_A}, "commune_b": before["commune_b"]}


def test_voiding_a_step_takes_it_off_the_cached_dashboard_at_once(
    world: World, identified: Candidate, client_for: Callable[[str], Client]
) -> None:
    perform(identified, "accept_sympathiser", actor=world.users["cell_a"], data={"helper": world.members["a"]})
    client = client_for("commune_a")
    counted = _sympathisers(client)
    assert _sympathisers(client) == counted  # cached

    void_last_step(identified, actor=world.users["cell_a"], reason="Nhập nhầm người")

    assert _sympathisers(client) == counted - 1


def _home_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


def test_an_import_makes_the_next_todo_page_be_computed_again(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("cell_a")
    cold = _home_queries(client)
    warm = _home_queries(client)
    assert warm < cold

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["STT", "Mã lớp", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số định danh cá nhân"])
    writer.writerow([1, "10A1", "Nguyễn Văn Hợi", "05/09/2010", "Nam", "Tày", "008210012345"])
    mark = pagecache.data_mark()
    outcome = import_file(
        actor=world.users["cell_a"], school=world.units["S-A"], data=buffer.getvalue().encode(), file_name="ds.csv"
    )
    assert outcome.batch.created == 1

    assert pagecache.data_mark() > mark
    assert _home_queries(client) == cold


def test_the_cached_todo_list_of_one_commune_never_reaches_the_sibling_commune(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = student(world.units["S-A"], "Zzcache", "Thị", "Riêng", citizen_id="008308000888")
    # Voted by the cell ten days ago: the committee's decision is due, an item of the to-do list.
    Candidate.objects.create(
        person=person,
        cell=world.units["CB-S-A"],
        stage=Stage.VOTED,
        helper=world.members["a"],
        cell_meeting_on=timezone.localdate() - timedelta(days=10),
    )
    # The committee of school A's commune decides: the candidate is on its list, never on commune B's.
    own = client_for("commune_a").get("/").content.decode()
    sibling = client_for("commune_b").get("/").content.decode()
    assert "Zzcache" in own
    assert "Zzcache" not in sibling


def test_the_cached_dashboard_follows_the_language_of_the_page(
    world: World, identified: Candidate, client_for: Callable[[str], Client]
) -> None:
    perform(identified, "accept_sympathiser", actor=world.users["cell_a"], data={"helper": world.members["a"]})
    client = client_for("commune_a")

    def sexes(language: str) -> list[str]:
        response = client.get("/reports/", headers={"Accept-Language": language})
        return [row.label for row in response.context["funnel"].by_sex]

    # The breakdown's labels are words of the language the figures were computed in.
    assert sexes("vi") == ["Nam"]
    assert sexes("en") == ["Male"]
    assert sexes("vi") == ["Nam"]


def test_officers_of_the_same_unit_share_one_entry_and_other_units_do_not(world: World) -> None:
    from uommam.accounts.models import User
    from uommam.orgs.services import role_grant

    second = User.objects.create_user("cell_a2", "cell_a2@example.vn", "persona-password-2026")
    role_grant(user=second, unit=world.units["CB-S-A"], role="cell_secretary")
    assert scope_key(second) == scope_key(world.users["cell_a"])
    assert scope_key(world.users["cell_b"]) != scope_key(world.users["cell_a"])
    assert scope_key(world.users["admin"]) == "admin"
