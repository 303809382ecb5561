"""Phone first: at 390 px the candidate's next steps are on the first screen, and the to-do page opens
as a list of counts, each with "xem tất cả"."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from uommam.pipeline.models import Candidate
from uommam.pipeline.stages import Stage
from uommam.testing.world import PASSWORD, add_records, build_world, student

pytestmark = pytest.mark.django_db(transaction=True)
PHONE_SCREEN = 844  # the phone_page fixture's viewport height


def test_on_a_phone_the_candidates_actions_are_on_the_first_screen(
    phone_page: Any, live_server: Any, login: Any, tmp_path: Path
) -> None:
    records = add_records(build_world())
    login(phone_page, live_server, "cell_a", PASSWORD)
    phone_page.goto(f"{live_server.url}/pipeline/{records.candidate_a.pk}/")
    steps = phone_page.locator("[data-testid=action-panel] [data-testid^=step-]")
    expect(steps.first).to_be_visible()
    phone_page.screenshot(path=str(tmp_path / "candidate-390.png"))
    panel = phone_page.locator("[data-testid=action-panel]").bounding_box()
    first = steps.first.bounding_box()
    assert panel is not None and first is not None
    assert first["y"] + first["height"] <= PHONE_SCREEN, f"first step at {first['y']:.0f} px"
    # Before the student's record, which follows the actions on a phone.
    record = phone_page.locator("h2", has_text="Học sinh").bounding_box()
    assert record is not None and record["y"] > panel["y"]


def test_on_a_desk_the_actions_stand_beside_the_record(page: Any, live_server: Any, login: Any) -> None:
    records = add_records(build_world())
    login(page, live_server, "cell_a", PASSWORD)
    page.goto(f"{live_server.url}/pipeline/{records.candidate_a.pk}/")
    panel = page.locator("[data-testid=action-panel]").bounding_box()
    record = page.locator("h2", has_text="Học sinh").bounding_box()
    assert panel is not None and record is not None
    assert panel["x"] > record["x"] + 300 and abs(panel["y"] - record["y"]) < 100


def test_on_a_phone_the_to_do_page_shows_counts_until_see_all(
    phone_page: Any, live_server: Any, login: Any, tmp_path: Path
) -> None:
    world = build_world()
    school, cell = world.units["S-A"], world.units["CB-S-A"]
    for given, leaving in (("Một", date(2099, 5, 31)), ("Hai", date(2099, 5, 31)), ("Ba", date(2099, 5, 31))):
        # Certificates that ran out: each is a line of the "certificates" section.
        person = student(school, "Đinh", "Văn", given, sex="M", expected_leaving_on=leaving)
        Candidate.objects.create(
            person=person,
            cell=cell,
            stage=Stage.CERTIFIED,
            certificate_number=f"GCN-{given}",
            certificate_issued_on=date(2019, 9, 1),
        )
    login(phone_page, live_server, "cell_a", PASSWORD)
    phone_page.goto(f"{live_server.url}/")
    section = phone_page.locator("[data-testid=todo-certificates]")
    expect(section.locator("summary")).to_contain_text("xem tất cả")
    expect(section.locator("table")).to_be_hidden()
    assert section.locator("[data-testid=todo-certificates-count]").inner_text() == "3"
    phone_page.screenshot(path=str(tmp_path / "todo-390.png"), full_page=True)
    height = phone_page.evaluate("document.documentElement.scrollHeight")
    section.locator("summary").click()
    expect(section.locator("table")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollHeight") > height
