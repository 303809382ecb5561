"""Queries per page type of the load mix (bench/load.py): bounded, and not growing with the data.

Each page type is opened as the persona whose role uses it in the load mix, with an empty cache (the
worst case: the page cache of the to-do list and the dashboard is cold). The limits are today's counts
plus a small margin, so that a new N+1 loop or a forgotten `select_related` fails here, not in
production under load.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from uommam.testing.world import Records, World, add_records, student

HTMX = {"HX-Request": "true", "HX-Target": "results"}


def _path(records: Records, page: str) -> str:
    return {
        "home": "/",
        "students": "/students/",
        "student_search": "/students/?q=ma",
        "student": f"/students/{records.candidate_a.person_id}/",
        "student_youth_union": f"/students/{records.candidate_a.person_id}/",
        "pipeline": "/pipeline/",
        "candidate": f"/pipeline/{records.candidate_a.pk}/",
        "classes": "/classes/",
        "class": f"/classes/{records.class_d.pk}/",
        "referrals": "/referrals/",
        "referrals_cell": "/referrals/",
        "reports": "/reports/",
        "audit": "/audit/",
        "units": "/units/",
    }[page]


# page type → (persona of the load mix's role that opens it, at most this many queries with a cold cache).
# A miss of the shared page cache (uommam/accounts/sharedpage.py) reads the data mark once for its key; the
# to-do page and the dashboard reuse it for their figures, the other pages pay it on top (+1 below).
PAGES: dict[str, tuple[str, int]] = {
    "home": ("cell_a", 12),
    "students": ("cell_a", 10),
    "student_search": ("cell_a", 9),
    "student": ("cell_a", 17),  # +1 since issue 18 (whether the cell may list the student without a proposal), +1
    # The Youth Union secretary is never offered that, and the page does not look the cell up for them.
    "student_youth_union": ("youth_a", 10),
    "pipeline": ("cell_a", 9),
    "candidate": ("cell_a", 19),  # 24 before the panel and the void link shared their scope answers; 22 before
    # the timeline, the void link, the checklist, the expiry warnings and the introducers shared their reads
    "classes": ("centre", 9),
    "class": ("centre", 15),
    "referrals": ("receiver", 13),  # +1
    "referrals_cell": ("cell_a", 7),
    "reports": ("commune_a", 15),
    "audit": ("province", 11),
    "units": ("province", 8),
}
# The home page of each role of the load mix (each role's to-do list is built differently). A province-wide
# scope reads the subtrees of the units closed in the 2025 reorganisation too: 14 queries on PostgreSQL.
HOME_PERSONAS = ["cell_a", "youth_a", "commune_a", "province", "centre", "receiver", "viewer"]
HOME_BUDGET = 15


@pytest.fixture
def records(world: World) -> Records:
    return add_records(world)


def _queries(client: Client, path: str, headers: dict[str, str] | None = None) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, headers=headers or {}, follow=True)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured)


def _more_of_everything(world: World, records: Records, n: int = 6) -> None:
    """n more students at school A, each a candidate of its cell, enrolled in the class."""
    from uommam.pipeline.models import Candidate
    from uommam.pipeline.stages import Stage
    from uommam.training.models import Enrolment

    for i in range(n):
        person = student(world.units["S-A"], "Ma", "Văn", f"Thêm{i}", citizen_id=f"00820800{i:04d}", sex="M")
        candidate = Candidate.objects.create(
            person=person, cell=world.units["CB-S-A"], stage=Stage.DOSSIER, helper=world.members["a"]
        )
        Enrolment.objects.create(
            awareness_class=records.class_d,
            person=person,
            candidate=candidate,
            enrolled_on=date(2024, 11, 1),
            school=world.units["S-A"],
        )


@pytest.mark.parametrize("page", list(PAGES))
def test_each_page_type_of_the_load_mix_stays_within_its_query_budget(
    page: str, records: Records, client_for: Callable[[str], Client], django_assert_max_num_queries: Any
) -> None:
    persona, limit = PAGES[page]
    client = client_for(persona)
    cache.clear()
    with django_assert_max_num_queries(limit):
        response = client.get(_path(records, page), headers=HTMX if page == "student_search" else {}, follow=True)
    assert response.status_code == 200


@pytest.mark.parametrize("persona", HOME_PERSONAS)
def test_the_todo_page_of_every_role_stays_within_its_query_budget(
    persona: str, records: Records, client_for: Callable[[str], Client], django_assert_max_num_queries: Any
) -> None:
    client = client_for(persona)
    with django_assert_max_num_queries(HOME_BUDGET):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("page", list(PAGES))
def test_queries_per_page_do_not_grow_with_more_students_and_candidates(
    page: str, world: World, records: Records, client_for: Callable[[str], Client]
) -> None:
    persona, _ = PAGES[page]
    client = client_for(persona)
    path = _path(records, page)
    headers = HTMX if page == "student_search" else None
    before = _queries(client, path, headers)
    _more_of_everything(world, records)
    assert _queries(client, path, headers) <= before


# The next record page of a scope whose first page is stored: what belongs to the scope – the units' subtrees,
# the schools whose students it sees in full, whether its cell may list a student without a proposal, the
# navigation's badge – is read from the cache; what belongs to the record is read afresh. Before: 16 queries
# for the cell secretary, 18 for the committees.
NEXT_RECORD_BUDGET = {"cell_a": 12, "commune_a": 12, "province": 12}


@pytest.mark.parametrize("persona", list(NEXT_RECORD_BUDGET))
def test_the_next_student_page_of_a_scope_reads_only_the_students_own_rows(
    persona: str, world: World, records: Records, client_for: Callable[[str], Client]
) -> None:
    client = client_for(persona)
    another = student(world.units["S-A"], "Lý", "Thị", "Mới", citizen_id="008208009999", sex="F")
    cache.clear()
    first = _queries(client, f"/students/{records.candidate_a.person_id}/")
    with CaptureQueriesContext(connection) as captured:  # the cache as the first page left it
        assert client.get(f"/students/{another.pk}/").status_code == 200
    following = len(captured)
    assert following <= NEXT_RECORD_BUDGET[persona] < first


def test_a_candidates_roadmap_is_computed_once_for_every_officer_who_opens_the_candidate(
    records: Records, client_for: Callable[[str], Client]
) -> None:
    path = f"/pipeline/{records.candidate_a.pk}/"
    commune = client_for("commune_a")
    alone = _queries(commune, path)  # clears the cache: the commune computes the roadmap itself
    _queries(client_for("cell_a"), path)  # clears the cache, then the cell secretary's page stores the roadmap
    with CaptureQueriesContext(connection) as captured:
        assert commune.get(path).status_code == 200
    # The roadmap reads the cell's members, the province's classes and the first dossier documents.
    assert len(captured) <= alone - 3


def test_a_students_school_years_awards_and_history_are_read_once_for_every_officer_who_opens_the_student(
    records: Records, client_for: Callable[[str], Client]
) -> None:
    path = f"/students/{records.candidate_a.person_id}/"
    commune = client_for("commune_a")
    alone = _queries(commune, path)
    _queries(client_for("cell_a"), path)  # clears the cache, then the cell secretary's page stores the rows
    with CaptureQueriesContext(connection) as captured:
        assert commune.get(path).status_code == 200
    assert len(captured) <= alone - 3
