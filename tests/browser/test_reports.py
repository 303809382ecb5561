"""A committee officer opens the reports dashboard in Chromium, switches unit and school year
(HTMX swaps the report and redraws the charts), and downloads every document."""

from __future__ import annotations

import io
from typing import Any

import pytest
from playwright.sync_api import expect

from uommam.reports.tests.helpers import FULL, candidacy, make_student
from uommam.testing.world import PASSWORD, build_world


@pytest.mark.django_db(transaction=True)
def test_officer_changes_unit_and_year_and_downloads_each_document(
    page: Any, live_server: Any, login: Any, tmp_path: Any
) -> None:
    world = build_world()
    candidacy(make_student(world.units["S-A"], given="Bình"), world.units["CB-S-A"], FULL)
    candidacy(make_student(world.units["S-A"], given="An"), world.units["CB-S-A"], FULL[:3])
    candidacy(make_student(world.units["S-B"], given="Cúc"), world.units["CB-S-B"], FULL[:3])

    login(page, live_server, "province", PASSWORD)
    page.goto(f"{live_server.url}/reports/")
    assert page.get_by_test_id("report-unit").inner_text() == "Tỉnh ủy Thử nghiệm"
    assert page.locator("canvas[data-chart]").count() == 3

    # The closed district is in the selector, marked closed; choosing it swaps the report.
    page.get_by_test_id("unit-select").select_option(label=_option_label(page, "Huyện ủy Thử nghiệm"))
    expect(page.get_by_test_id("report-unit")).to_have_text("Huyện ủy Thử nghiệm")
    page.get_by_test_id("year-select").select_option("2023-2024")
    expect(page.get_by_test_id("certified")).to_have_text("3")
    expect(page.get_by_test_id("admitted")).to_have_text("1")
    assert page.get_by_test_id("admission-rate").inner_text() == "33,3%"
    assert "year=2023-2024" in page.url
    # Chart.js drew the swapped-in canvases (the test's own evaluation is not subject to the page's CSP).
    page.wait_for_timeout(300)
    drawn = page.evaluate("() => [...document.querySelectorAll('canvas[data-chart]')].every(c => !!Chart.getChart(c))")
    assert drawn
    assert page.locator("[data-testid=funnel-table] caption").count() == 1

    # Downloads ask why (Decree 13/2023): one purpose chosen above the buttons serves all four.
    page.get_by_test_id("downloads").locator("select[name=purpose]").select_option("report")
    downloads = {}
    for testid in ("download-xlsx", "download-names", "download-docx", "download-pdf"):
        with page.expect_download() as info:
            page.get_by_test_id(testid).click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        downloads[testid] = target.read_bytes()

    from openpyxl import load_workbook

    summary = load_workbook(io.BytesIO(downloads["download-xlsx"]))["Tổng hợp"]
    assert any(row[0] == "Được cấp giấy chứng nhận" and row[1] == 3 for row in summary.iter_rows(values_only=True))
    names = load_workbook(io.BytesIO(downloads["download-names"])).active
    assert [r[1].split()[-1] for r in names.iter_rows(min_row=4, values_only=True)] == ["An", "Bình", "Cúc"]
    assert downloads["download-docx"][:2] == b"PK"
    assert downloads["download-pdf"][:4] == b"%PDF"
    from django.utils import translation

    from uommam.audit.downloads import DownloadPurpose
    from uommam.audit.models import AuditEntry

    with translation.override("vi"):
        purpose = str(DownloadPurpose.REPORT_UPWARD.label)
    assert [e.note for e in AuditEntry.objects.filter(action="export")] == [purpose] * 4


def _option_label(page: Any, name: str) -> str:
    for label in page.locator("[data-testid=unit-select] option").all_inner_texts():
        if name in label:
            return label
    raise AssertionError(f"{name} is not in the unit selector")
