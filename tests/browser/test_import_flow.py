"""The cell secretary of THPT Chiêm Hóa imports a student list: upload, fix a column, preview, commit."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from uommam.demo.builders import orgs
from uommam.demo.builders.context import DEMO_PASSWORD, DemoContext

expect = pytest.importorskip("playwright.sync_api").expect

HEADERS = ["STT", "Mã lớp", "Họ và tên", "Ngày sinh", "Giới tính", "Thành phần XH", "Số định danh cá nhân"]
ROWS = [
    [1, "10A1", "NguyÔn V¨n Hîi", "05/09/2010", "Nam", "Tày", "008210012345"],
    [2, "10A1", "Ma ThÞ Lan", "18/12/2010", "Nữ", "Kinh", 8310012346],
]


@pytest.fixture
def secretary(transactional_db: Any, settings: Any, tmp_path: Any) -> str:
    settings.MEDIA_ROOT = tmp_path / "media"
    ctx = DemoContext(stdout=io.StringIO())
    orgs.build(ctx)
    from uommam.accounts.models import User
    from uommam.orgs.models import Role
    from uommam.orgs.services import role_grant

    user = User.objects.create_user(username="bithu.chiemhoa", password=DEMO_PASSWORD, full_name="Lý Thị Mai")
    role_grant(user=user, unit=ctx.unit("CB-THPT-CHIEMHOA"), role=Role.CELL_SECRETARY)
    return "bithu.chiemhoa"


def test_cell_secretary_uploads_fixes_a_column_previews_and_commits(page, live_server, secretary, tmp_path):
    from uommam.people.models import Person

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH HỌC SINH LỚP 10A1"])
    sheet.append(HEADERS)
    for row in ROWS:
        sheet.append(row)
    sheet.append(["Tổng số: 2 học sinh"])
    path = tmp_path / "danh-sach.xlsx"
    workbook.save(path)

    # The harness's login() clicks the first submit button on the page, which is now the language switch;
    # sign in through the login form itself.
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", secretary)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").click()
    assert "/accounts/login/" not in page.url
    page.goto(f"{live_server.url}/students/")
    page.get_by_test_id("import-link").click()
    page.set_input_files("input[name=file]", str(path))
    with page.expect_navigation():
        page.locator("[data-testid=upload-form] button[type=submit]").click()

    # "Thành phần XH" is not a column we know: it is listed as not imported, and the ethnic group stays
    # blank (a warning, not an error) until the column is mapped.
    assert page.get_by_test_id("error-count").inner_text() == "0"
    # Warnings: the column not imported, no ethnic group, the citizen ID typed as a number (leading 0 restored).
    assert page.get_by_test_id("warning-count").inner_text() == "3"
    assert "Thành phần XH" in page.get_by_test_id("columns").inner_text()
    page.screenshot(path=str(tmp_path / "preview-columns.png"), full_page=True)
    desktop = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(tmp_path / "preview-columns-phone.png"), full_page=True)
    page.set_viewport_size(desktop)
    page.select_option("#col_5", "ethnicity")
    page.locator("[data-testid=mapping-form] button[type=submit]").click()
    expect(page.get_by_test_id("warning-count")).to_have_text("1")
    assert page.get_by_test_id("to-create").inner_text() == "2"
    students = page.get_by_test_id("students").inner_text()
    assert "Nguyễn Văn Hợi" in students and "Ma Thị Lan" in students  # TCVN3 repaired
    assert Person.objects.count() == 0

    with page.expect_navigation():
        page.locator("[data-testid=commit-form] button[type=submit]").click()
    assert "/imports/" in page.url
    assert page.get_by_test_id("batch-status").first.inner_text() in ("Đã nhập", "Committed")
    assert sorted(Person.objects.values_list("full_name", flat=True)) == ["Ma Thị Lan", "Nguyễn Văn Hợi"]
    assert Person.objects.get(full_name="Ma Thị Lan").citizen_id == "008310012346"
