"""Roadmaps read from the database: the command's JSON, the candidate page, the cell's list, the to-do page."""

from __future__ import annotations

import datetime as dt
import io
import json

from django.core.management import call_command
from django.urls import reverse

from uommam.people.models import PartyMember
from uommam.pipeline import workflow
from uommam.pipeline.models import Candidate, CandidateEvent, EventKind, Route
from uommam.pipeline.stages import Stage
from uommam.plans.roadmaps import roadmap_for, roadmaps_for
from uommam.training.models import AwarenessClass

from .conftest import TODAY


def _roadmap_json(unit: str = "CB-S-A", *extra: str) -> dict:
    out = io.StringIO()
    call_command("plan", "roadmap", "--unit", unit, "--json", *extra, stdout=out)
    return json.loads(out.getvalue())


def test_roadmap_command_prints_the_issues_json_shape_for_the_worked_cases(cell) -> None:
    payload = _roadmap_json("CB-S-A", "--today", "2026-09-07")
    assert payload["unit"] == "CB-S-A" and payload["today"] == "2026-09-07"
    by_name = {s["full_name"]: s for s in payload["students"]}
    assert set(by_name["Lý Thị Xuân"]) == {
        "person_id",
        "full_name",
        "dob",
        "leaves_school_on",
        "helper_by",
        "class_by",
        "dossier_from",
        "earliest_vote_on",
        "introducers_ready",
        "verdict",
        "missed",
    }
    xuan = by_name["Lý Thị Xuân"]
    assert xuan["verdict"] == "fits"
    assert xuan["earliest_vote_on"] == "2027-02-01"
    assert xuan["dossier_from"] == "2026-11-03"  # 90 days (the setting) before the vote
    assert xuan["introducers_ready"] == "2025-09-05"
    ha = by_name["Lý Thị Hạ"]
    assert ha["verdict"] == "fits_if_started"
    assert ha["class_by"]["code"] == "LOP-01-2027" and ha["class_by"]["starts_on"] == "2027-02-01"
    assert ha["helper_by"] == "2026-12-03"
    assert by_name["Lý Thị Thu"]["verdict"] == "refer"
    # Most urgent first: the student who still needs the class, then the dossier, then the referral.
    assert [s["full_name"] for s in payload["students"]] == ["Lý Thị Hạ", "Lý Thị Xuân", "Lý Thị Thu"]


def test_a_teacher_leaving_before_the_vote_leaves_too_few_introducers_for_two(cell) -> None:
    Candidate.objects.filter(pk=cell.fits.pk).update(route=Route.TWO_INTRODUCERS)
    PartyMember.objects.filter(given_name="Lan").update(left_unit_on=dt.date(2026, 12, 31))
    item = roadmap_for(Candidate.objects.get(pk=cell.fits.pk), today=TODAY)
    assert item is not None
    assert item.roadmap.verdict == "refer"
    assert item.roadmap.referral_destination == "Đảng ủy xã Bình"


def test_on_the_youth_union_route_one_teacher_beside_the_4_knd_is_enough(cell) -> None:
    # Same cell, same leaving teacher: the Youth Union's resolution and Mai introduce her (Điều lệ Đảng, Điều 4).
    assert cell.fits.route == Route.YOUTH_UNION
    PartyMember.objects.filter(given_name="Lan").update(left_unit_on=dt.date(2026, 12, 31))
    item = roadmap_for(cell.fits, today=TODAY)
    assert item is not None
    assert (item.roadmap.verdict, item.roadmap.earliest_vote_on) == ("fits", dt.date(2027, 2, 1))
    assert item.roadmap.introducers_needed == 1


def test_candidate_page_names_the_introducers_the_route_needs_and_the_sets_working_days(cell, client_for) -> None:
    url = reverse("pipeline:candidate", args=[cell.fits.pk])
    page = client_for("cell_a").get(url).content.decode()
    assert "Một đảng viên chính thức đủ điều kiện giới thiệu (cùng đơn vị đủ 12 tháng)" in page
    assert "Hạn ra quyết định kết nạp (60 ngày làm việc)" in page
    Candidate.objects.filter(pk=cell.fits.pk).update(route=Route.TWO_INTRODUCERS)
    page = client_for("cell_a").get(url).content.decode()
    assert "Hai đảng viên chính thức đủ điều kiện giới thiệu (cùng đơn vị đủ 12 tháng)" in page


def test_candidate_page_shows_the_timeline_and_the_next_milestone(cell, client_for) -> None:
    page = client_for("cell_a").get(reverse("pipeline:candidate", args=[cell.needs_class.pk])).content.decode()
    assert 'data-testid="roadmap"' in page
    assert "Lớp 01/2027" in page
    assert "03/12/2026" in page  # helper by: next milestone
    # The texts in force on the vote (2027: the provisional 208-QĐ/TW) set the working-day deadlines.
    assert "Quy định 208-QĐ/TW; Hướng dẫn 01-HD/TW; Hướng dẫn 12-HD/BTCTW — chưa đối chiếu văn bản gốc" in page
    refer = client_for("cell_a").get(reverse("pipeline:candidate", args=[cell.too_young.pk])).content.decode()
    assert 'data-testid="roadmap-refer"' in refer and "Đảng ủy xã Bình" in refer


def test_cells_list_sorts_by_latest_safe_start_and_stays_in_scope(cell, client_for) -> None:
    url = reverse("plans:roadmaps") + f"?unit={cell.world.units['CB-S-A'].pk}&sort=start"
    page = client_for("cell_a").get(url).content.decode()
    assert page.index("Lý Thị Hạ") < page.index("Lý Thị Xuân") < page.index("Lý Thị Thu")
    by_name = client_for("cell_a").get(url.replace("sort=start", "sort=name")).content.decode()
    assert by_name.index("Lý Thị Hạ") < by_name.index("Lý Thị Thu") < by_name.index("Lý Thị Xuân")
    assert client_for("cell_b").get(url).status_code == 404


def test_todo_page_warns_when_the_latest_safe_start_is_within_a_month(cell, client_for) -> None:
    home = client_for("cell_a").get(reverse("core:home")).content.decode()
    assert 'data-testid="todo-safe-start"' not in home  # 03/12/2026 is three months away
    Candidate.objects.filter(pk=cell.fits.pk).update(helper=None)
    # Without a helper the student with a certificate must be put on the list by the dossier's start.
    home = client_for("cell_a").get(reverse("core:home")).content.decode()
    assert 'data-testid="todo-safe-start"' not in home
    AwarenessClass.objects.filter(pk=cell.february_class.pk).update(starts_on="2026-10-05", ends_on="2026-10-09")
    home = client_for("cell_a").get(reverse("core:home")).content.decode()
    section = home[home.index('data-testid="todo-safe-start"') :]
    assert "Lý Thị Hạ" in section and "06/08/2026" in section  # 60 days before the class: overdue


def test_a_student_enrolled_in_the_class_counts_on_its_certificate(cell) -> None:
    from uommam.pipeline.stages import Stage
    from uommam.training.models import Enrolment

    Candidate.objects.filter(pk=cell.needs_class.pk).update(stage=Stage.IN_CLASS)
    Enrolment.objects.create(
        awareness_class=cell.february_class,
        person=cell.needs_class.person,
        candidate=cell.needs_class,
        enrolled_on=dt.date(2026, 9, 1),
        school=cell.world.units["S-A"],
    )
    cell.needs_class.refresh_from_db()
    item = roadmap_for(cell.needs_class, today=TODAY)
    assert item is not None
    assert item.roadmap.verdict == "fits"
    assert item.roadmap.class_for_vote is not None and item.roadmap.class_for_vote.code == "LOP-01-2027"
    assert item.roadmap.class_by is None


def test_only_the_cell_is_warned_of_a_latest_safe_start(cell, client_for) -> None:
    AwarenessClass.objects.filter(pk=cell.february_class.pk).update(starts_on="2026-10-05", ends_on="2026-10-09")
    Candidate.objects.filter(pk=cell.fits.pk).update(helper=None)
    assert 'data-testid="todo-safe-start"' in client_for("cell_a").get(reverse("core:home")).content.decode()
    for persona in ("youth_a", "viewer", "commune_a"):
        home = client_for(persona).get(reverse("core:home")).content.decode()
        assert 'data-testid="todo-safe-start"' not in home, persona


def _listed(candidate: Candidate, on: dt.date, transition: str = "accept_sympathiser") -> CandidateEvent:
    return CandidateEvent.objects.create(
        candidate=candidate,
        kind=EventKind.TRANSITION,
        transition=transition,
        from_stage=Stage.IDENTIFIED,
        to_stage=Stage.SYMPATHISER,
        effective_on=on,
    )


def _helper_milestone(candidate: Candidate) -> dt.date:
    item = roadmap_for(Candidate.objects.select_related("person", "cell").get(pk=candidate.pk), today=TODAY)
    assert item is not None
    return next(m.on for m in item.roadmap.timeline if m.key == "helper")


def test_the_listing_milestone_is_the_day_she_was_listed_not_the_day_of_her_current_stage(cell) -> None:
    # Listed on 31/12/2025; certified (her current stage) since 20/04/2026.
    _listed(cell.fits, dt.date(2025, 12, 31))
    # Listed twice (sent back and listed again): the latest listing counts.
    _listed(cell.too_young, dt.date(2025, 11, 3))
    _listed(cell.too_young, dt.date(2026, 3, 2), "list_without_proposal")
    assert _helper_milestone(cell.fits) == dt.date(2025, 12, 31)
    # The cell's list reads every candidacy's listing at once.
    by_name = {item.person.given_name: item.roadmap for item in roadmaps_for(Candidate.objects.all(), today=TODAY)}
    helper = {name: next((m.on for m in r.timeline if m.key == "helper"), None) for name, r in by_name.items()}
    assert helper == {"Xuân": dt.date(2025, 12, 31), "Thu": dt.date(2026, 3, 2), "Hạ": dt.date(2026, 12, 3)}


def test_a_voided_listing_does_not_count(cell, client_for) -> None:
    # Listed with the wrong day, voided, listed again with the right one, then entered the class.
    secretary, teacher = cell.world.users["cell_a"], PartyMember.objects.get(given_name="Mai")
    wrong = {"helper": teacher, "effective_on": dt.date(2026, 2, 10)}
    listed = workflow.perform(cell.needs_class, "accept_sympathiser", actor=secretary, data=wrong)
    back = workflow.void_last_step(listed, actor=secretary, reason="Ghi nhầm ngày")
    right = {"helper": teacher, "effective_on": dt.date(2025, 12, 31)}
    workflow.perform(back, "accept_sympathiser", actor=secretary, data=right)
    Candidate.objects.filter(pk=cell.needs_class.pk).update(stage=Stage.IN_CLASS, stage_since=dt.date(2026, 8, 20))
    assert _helper_milestone(cell.needs_class) == dt.date(2025, 12, 31)
    # The candidate page reuses the timeline it has read (void included) for the same date.
    page = client_for("cell_a").get(reverse("pipeline:candidate", args=[cell.needs_class.pk])).content.decode()
    helper = page[page.index('data-key="helper"') :].split("</li>", 1)[0]
    assert "31/12/2025" in helper


def test_without_a_recorded_listing_the_milestone_falls_back_to_the_stage_date(cell) -> None:
    # Records imported without their timeline: the day of the current stage, as before.
    assert _helper_milestone(cell.fits) == dt.date(2026, 4, 20)
    # Only the void of the one listing: nothing in force, the same fallback.
    listing = _listed(cell.fits, dt.date(2025, 12, 31))
    CandidateEvent.objects.create(
        candidate=cell.fits,
        kind=EventKind.VOID,
        transition="accept_sympathiser",
        effective_on=listing.effective_on,
        data={"voids": listing.pk, "reason": "Nhầm người"},
    )
    assert _helper_milestone(cell.fits) == dt.date(2026, 4, 20)


def test_the_listing_dates_of_a_cell_are_read_in_one_query(cell, django_assert_num_queries) -> None:
    for c in (cell.fits, cell.too_young):
        _listed(c, dt.date(2025, 12, 31))
    candidates = list(Candidate.objects.select_related("person__home_commune", "cell"))
    one = [c for c in candidates if c.pk == cell.fits.pk]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as alone:
        roadmaps_for(one, today=TODAY)
    with django_assert_num_queries(len(alone)):
        roadmaps_for(candidates, today=TODAY)
