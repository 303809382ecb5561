"""Each role's weekly job in Chromium, counting what it costs: page loads and form submissions.

- the cell secretary records a whole dossier in one submit;
- the Youth Union secretary proposes three students with one resolution (4-KNĐ) in one submit;
- the centre officer enters the results of a 30-student class with at most 31 field edits and one submit.

Each job is also looked at on a 390 px phone: nothing is wider than the screen. Screenshots are kept
in the test's temporary directory (printed with -s).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from uommam.orgs.models import Role
from uommam.pipeline.models import Candidate, DossierItem, Route
from uommam.pipeline.stages import Stage
from uommam.testing.trees import PASSWORD, build_class_world, build_personas, candidate, student
from uommam.training.models import ClassStatus, Enrolment, EnrolmentResult
from uommam.training.services import class_create, enrol_bulk

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


class Loads:
    """Page loads (GET navigations of the tab) and submissions (POST navigations), as the user lives them."""

    def __init__(self, page: Any) -> None:
        self.gets = 0
        self.posts = 0
        page.on("request", self._seen)

    def _seen(self, request: Any) -> None:
        if not request.is_navigation_request() or request.frame.parent_frame is not None:
            return
        if request.method == "POST":
            self.posts += 1
        else:
            self.gets += 1


def _shots(page: Any, folder: Path, name: str) -> None:
    """A desktop and a 390 px screenshot of the current page; the phone layout must not overflow."""
    page.screenshot(path=str(folder / f"{name}-desktop.png"), full_page=True)
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(folder / f"{name}-390.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(size)
    print(f"\nscreenshots: {folder / name}-desktop.png, {folder / name}-390.png")
    assert overflow <= PHONE["width"] + 1, f"{name}: the page is {overflow} px wide on a 390 px phone"


def test_cell_secretary_records_a_whole_dossier_in_one_submit(
    page: Any, live_server: Any, login: Any, tmp_path: Path
) -> None:
    personas = build_personas()
    dossier = candidate(personas, stage=Stage.DOSSIER, route=Route.YOUTH_UNION, helper=personas.members["helper"])
    scan = tmp_path / "don-xin-vao-dang.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned application")
    received = (timezone.localdate() - timedelta(days=3)).strftime("%d/%m/%Y")
    dated = (timezone.localdate() - timedelta(days=10)).strftime("%d/%m/%Y")
    login(page, live_server, personas.user(Role.CELL_SECRETARY).username, PASSWORD)
    page.goto(f"{live_server.url}/pipeline/{dossier.pk}/")

    loads = Loads(page)
    page.get_by_test_id("dossier-all-link").click()
    page.wait_for_load_state()
    rows = page.get_by_test_id("dossier-row")
    legends = rows.locator("legend").all_inner_texts()
    assert [legend.split(" ", 1)[0] for legend in legends] == ["1-KNĐ", "2-KNĐ", "3-KNĐ", "4-KNĐ", "5-KNĐ", "20-KNĐ"]
    assert legends[0].startswith("1-KNĐ Đơn")  # the form's name, not its bare code
    _shots(page, tmp_path, "dossier")
    for index in range(rows.count()):
        row = rows.nth(index)
        row.locator("select[name$=-status]").select_option("checked")
        row.locator("input[name$=-dated_on]").fill(dated)
        row.locator("input[name$=-received_on]").fill(received)
    rows.nth(0).locator("input[type=file]").set_input_files(str(scan))
    rows.nth(5).locator("input[name$=-subject]").fill("Bố: Nguyễn Văn Hùng")
    with page.expect_navigation():
        page.get_by_test_id("dossier-all-save").click()

    assert loads.posts == 1  # the whole dossier in one submit
    assert loads.gets == 2  # the form, and the candidate page after saving
    items = DossierItem.objects.filter(candidate=dossier)
    assert items.count() == 6 and set(items.values_list("status", flat=True)) == {"checked"}
    assert items.get(form="1-KNĐ").file
    assert "Nguyễn Văn Hùng" in page.get_by_test_id("dossier").inner_text()


def test_youth_union_proposes_three_students_with_one_resolution_in_one_submit(
    page: Any, live_server: Any, login: Any, tmp_path: Path
) -> None:
    personas = build_personas()
    today = timezone.localdate()
    cohort = today.year if today.month >= 9 else today.year - 1  # grade 10 this school year
    pupils = [student(personas.school, given=name, cohort=cohort) for name in ("Hoa", "Lan", "Mai")]
    resolution_on = (today - timedelta(days=2)).strftime("%d/%m/%Y")
    login(page, live_server, personas.user(Role.YOUTH_UNION_SECRETARY).username, PASSWORD)

    loads = Loads(page)
    page.goto(f"{live_server.url}/pipeline/nomination/")
    _shots(page, tmp_path, "nomination")
    for pupil in pupils:
        page.check(f"#person-{pupil.pk}")
    page.fill("#id_proposal-resolution_number", "07-NQ/ĐTN")
    page.fill("#id_proposal-resolution_on", resolution_on)
    confirmations: list[str] = []

    def confirm(dialog: Any) -> None:
        confirmations.append(dialog.message)
        dialog.accept()

    page.once("dialog", confirm)
    with page.expect_navigation():
        page.locator("button[value=propose]").click()

    assert len(confirmations) == 1  # asked once before proposing
    assert loads.posts == 1
    assert loads.gets == 2  # the nomination page, and the same page after proposing
    proposed = Candidate.objects.filter(person__in=pupils)
    assert {(c.stage, c.proposal_resolution_number) for c in proposed} == {(Stage.IDENTIFIED, "07-NQ/ĐTN")}
    assert proposed.count() == 3
    assert page.get_by_test_id("proposals").locator("tbody tr").count() == 3


def test_centre_officer_enters_a_30_student_class_with_31_edits_at_most_and_one_submit(
    page: Any, live_server: Any, login: Any, tmp_path: Path
) -> None:
    world = build_class_world()
    given = "An Bình Chi Dung Giang Hà Hương Khánh Lan Linh Mai Minh Nam Nga Ngọc".split()
    students = [world.sympathiser("Ma", "Văn" if i % 2 else "Thị", given[i % 15], school=i % 2) for i in range(30)]
    today = timezone.localdate()
    klass = class_create(
        actor=None,
        data={
            "organiser": world.centre,
            "code": "TTCT-30",
            "number": "30/2026",
            "name": "Lớp ba mươi",
            "starts_on": today - timedelta(days=6),
            "ends_on": today - timedelta(days=2),
            "place": "Hội trường",
            "capacity": 50,
            "status": ClassStatus.RUNNING,
        },
    )
    enrol_bulk(awareness_class=klass, actor=world.users["centre"], candidates=students, today=today - timedelta(days=7))
    login(page, live_server, "centre", PASSWORD)

    loads = Loads(page)
    page.goto(f"{live_server.url}/classes/{klass.pk}/results/")
    _shots(page, tmp_path, "results")
    edits = 0
    scores = page.get_by_test_id("results").locator("input[name^=score-]")
    assert scores.count() == 30
    for index in range(30):
        scores.nth(index).fill("4" if index == 0 else "8,5")
        edits += 1
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu kết quả").click()
        edits += 0  # the submit is not a field edit

    assert edits <= 31 and loads.posts == 1
    results = list(Enrolment.objects.filter(awareness_class=klass).values_list("result", flat=True))
    assert results.count(EnrolmentResult.PASSED) == 29 and results.count(EnrolmentResult.FAILED) == 1
