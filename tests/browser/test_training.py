"""The political-centre officer runs a class end to end in Chromium: enrol students from two
schools in bulk, record the essays, issue the certificates in one go."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from uommam.pipeline.models import Candidate
from uommam.pipeline.stages import Stage
from uommam.testing.trees import PASSWORD, build_class_world
from uommam.training.models import ClassStatus, Enrolment
from uommam.training.services import class_create


@pytest.mark.django_db(transaction=True)
def test_centre_officer_enrols_grades_and_certifies_a_class(page: Any, live_server: Any, login: Any) -> None:
    world = build_class_world()
    world.sympathiser("Ma", "Văn", "An", school=0)
    world.sympathiser("Lý", "Thị", "Bình", school=1)
    world.sympathiser("Hà", "Thị", "Ánh", school=1)
    today = timezone.localdate()
    class_create(
        actor=None,
        data={
            "organiser": world.centre,
            "code": "TTCT-01-2026",
            "number": "01/2026",
            "name": "Lớp 01/2026",
            "starts_on": today - timedelta(days=6),
            "ends_on": today - timedelta(days=2),
            "place": "Hội trường",
            "capacity": 50,
            "status": ClassStatus.RUNNING,
        },
    )

    login(page, live_server, "centre", PASSWORD)
    page.goto(f"{live_server.url}/classes/")
    page.get_by_role("link", name="Lớp 01/2026").click()

    page.get_by_role("link", name="Ghi danh học viên").click()
    assert page.get_by_test_id("pool").locator("tbody tr").count() == 3
    page.locator("#select-all").check()
    page.get_by_role("button", name="Ghi danh các học sinh đã chọn").click()
    assert page.get_by_test_id("count-enrolled").inner_text().startswith("3")
    # Vietnamese order: given name first ("An" before "Ánh": a shorter name sorts first), then family name.
    names = page.get_by_test_id("roster").locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert names == ["Ma Văn An", "Hà Thị Ánh", "Lý Thị Bình"]

    # Every student attended every session (the grid opens with all ticked); results need it.
    page.get_by_role("link", name="Điểm danh").click()
    page.get_by_role("button", name="Lưu điểm danh").click()
    page.get_by_role("link", name="Quay lại lớp").click()

    page.get_by_role("link", name="Bài thu hoạch và kết quả").click()
    for row in page.get_by_test_id("results").locator("tbody tr").all():
        row.locator("input[name^=score]").fill("8,5")
        row.locator("select").select_option("passed")
    page.get_by_role("button", name="Lưu kết quả").click()
    assert page.get_by_test_id("count-passed").inner_text().startswith("3")

    page.get_by_role("link", name="Cấp giấy chứng nhận", exact=True).click()
    page.get_by_label("Tiền tố số giấy chứng nhận").fill("GCN-TTCT")
    page.get_by_role("button", name="Đề xuất số").click()
    # Wait for the HTMX fragment with a locator: a string predicate would need eval, which the CSP forbids.
    expect(page.locator("[name^=number-]").first).to_have_value(re.compile(r"^GCN-TTCT/"))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cấp 3 giấy chứng nhận").click()
    assert page.get_by_test_id("count-certified").inner_text().startswith("3")

    assert set(Candidate.objects.values_list("stage", flat=True)) == {Stage.CERTIFIED}
    assert sorted(Enrolment.objects.values_list("certificate_number", flat=True)) == [
        "GCN-TTCT/001",
        "GCN-TTCT/002",
        "GCN-TTCT/003",
    ]
