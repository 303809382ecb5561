"""The receiver's inbox: search and filters, and one count of what waits for acknowledgement shared by
the navigation badge, the inbox and the to-do page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from uommam.pipeline.models import Candidate
from uommam.pipeline.stages import Stage
from uommam.referrals.reminders import todo_sections
from uommam.referrals.selectors import inbox_count
from uommam.referrals.services import ReferralDraft, referral_acknowledge, referral_create
from uommam.testing.world import World, student

CERTIFICATE = {"certificate_number": "GCN-02", "certificate_issued_on": date(2025, 11, 20)}
TODAY = date(2026, 7, 20)


def _refer(world: World, family: str, given: str, sent_on: date) -> Any:
    person = student(world.units["S-A"], family, "Thị", given, sex="F")
    candidate = Candidate.objects.create(
        person=person, cell=world.units["CB-S-A"], stage=Stage.CERTIFIED, **CERTIFICATE
    )
    return referral_create(
        draft=ReferralDraft(candidate=candidate, to_unit=world.units["DU-U-X"]),
        actor=world.users["cell_a"],
        sent_on=sent_on,
    )


@pytest.fixture
def inbox(world: World) -> dict[str, Any]:
    """Three referrals to the university committee: one overdue, one recent, one acknowledged."""
    referrals = {
        "overdue": _refer(world, "Lý", "Quá", date(2026, 5, 4)),
        "recent": _refer(world, "Ma", "Mới", date(2026, 7, 10)),
        "done": _refer(world, "Nông", "Xong", date(2026, 5, 4)),
    }
    referral_acknowledge(referral=referrals["done"], actor=world.users["receiver"], on=date(2026, 5, 20))
    return referrals


def _rows(client: Client, **params: str) -> str:
    with time_machine.travel(TODAY, tick=False):
        return client.get(reverse("referrals:inbox"), params).content.decode()


def test_the_badge_the_inbox_and_the_to_do_page_count_the_same_referrals(
    world: World, inbox: dict[str, Any], client_for: Callable[[str], Client]
) -> None:
    receiver = world.users["receiver"]
    assert inbox_count(receiver) == 2
    sections = {s["key"]: s for s in todo_sections(receiver, today=TODAY)}
    waiting = sections["referrals-inbox"]
    assert {item.referral.pk for item in waiting["items"]} == {inbox["overdue"].pk, inbox["recent"].pk}
    assert waiting["overdue"] == 1
    # The receiver's own unit is not named in the third person on its own to-do page.
    assert all(world.units["DU-U-X"].name not in item.text for item in waiting["items"])
    client = client_for("receiver")
    with time_machine.travel(TODAY, tick=False):
        home = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="todo-referrals-inbox-count">2<' in home
    assert re.search(r'data-nav="referrals">[^<]*<span class="badge[^"]*">2<', home)  # the navigation badge
    assert re.search(r'data-testid="inbox-waiting"[^>]*>2<', _rows(client))


def test_the_inbox_searches_by_name_without_accents_and_by_letter_number(
    inbox: dict[str, Any], client_for: Callable[[str], Client]
) -> None:
    client = client_for("receiver")
    page = _rows(client, q="ly thi qua")
    assert "Lý Thị Quá" in page and "Ma Thị Mới" not in page and "Nông Thị Xong" not in page
    number = inbox["recent"].letter_number
    assert number
    page = _rows(client, q=number)
    assert "Ma Thị Mới" in page and "Lý Thị Quá" not in page
    assert "Không có giới thiệu nào khớp" in _rows(client, q="không có ai")


def test_the_inbox_filters_what_waits_for_acknowledgement(
    inbox: dict[str, Any], client_for: Callable[[str], Client]
) -> None:
    page = _rows(client_for("receiver"), status="waiting")
    assert "Lý Thị Quá" in page and "Ma Thị Mới" in page and "Nông Thị Xong" not in page
    page = _rows(client_for("receiver"), status="acknowledged")
    assert "Nông Thị Xong" in page and "Lý Thị Quá" not in page


def test_an_htmx_search_answers_with_the_rows_only(inbox: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    with time_machine.travel(TODAY, tick=False):
        response = client_for("receiver").get(reverse("referrals:inbox"), {"q": "Mới"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Ma Thị Mới" in body and "<h1" not in body


def test_the_sender_sees_no_inbox_section_and_names_the_late_unit(world: World, inbox: dict[str, Any]) -> None:
    sections = {s["key"]: s for s in todo_sections(world.users["cell_a"], today=TODAY)}
    assert "referrals-inbox" not in sections
    follow_up = sections["referrals"]["items"]
    assert [item.referral.pk for item in follow_up if item.kind == "ack_overdue"] == [inbox["overdue"].pk]
    assert world.units["DU-U-X"].name in follow_up[0].text
