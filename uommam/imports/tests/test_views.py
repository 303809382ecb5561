"""The pages through the client, as the owner (THPT Chiêm Hóa cell secretary), an outsider and a viewer."""

from __future__ import annotations

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from uommam.imports.models import ImportBatch, ImportStatus
from uommam.people.models import Person
from uommam.testing.spreadsheets import GOOD_ROWS, NATIONAL_HEADERS, xlsx_bytes


def upload(client, school, data, name="ds.xlsx"):
    return client.post(
        reverse("imports:upload"),
        {"school": school.pk, "kind": "students", "file": SimpleUploadedFile(name, data)},
    )


def test_owner_uploads_previews_and_commits(client, secretary, school):
    client.force_login(secretary)
    response = upload(client, school, xlsx_bytes([NATIONAL_HEADERS, *GOOD_ROWS]))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("imports:preview", args=[batch.pk])
    page = client.get(response.url)
    assert page.status_code == 200 and "Nguyễn Văn Hợi" in page.content.decode()
    assert Person.objects.count() == 0
    response = client.post(reverse("imports:commit", args=[batch.pk]))
    assert response.status_code == 302 and Person.objects.count() == 3
    assert "Lịch sử nhập dữ liệu" in client.get(reverse("imports:history")).content.decode()


def test_owner_fixes_the_mapping_through_htmx_and_gets_the_partial(client, secretary, school):
    client.force_login(secretary)
    headers = ["STT", "Mã lớp", "Họ và tên", "Ngày sinh", "Giới tính", "Thành phần XH", "Số định danh cá nhân"]
    upload(client, school, xlsx_bytes([headers, *GOOD_ROWS]))
    batch = ImportBatch.objects.get()
    assert batch.error_count == 0 and batch.warning_count == 2  # "Thành phần XH" not imported; no ethnic group
    page = client.get(reverse("imports:preview", args=[batch.pk])).content.decode()
    assert 'data-testid="columns"' in page and page.count('data-testid="not-imported"') == 2  # STT, Thành phần XH
    data = {f"col_{k}": v for k, v in batch.mapping.items()} | {"col_5": "ethnicity"}
    response = client.post(reverse("imports:remap", args=[batch.pk]), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert response.content.decode().count('data-testid="not-imported"') == 1
    batch.refresh_from_db()
    assert batch.warning_count == 0 and batch.valid == 3


def test_an_unreadable_file_is_shown_as_a_form_error(client, secretary, school):
    client.force_login(secretary)
    response = upload(client, school, b"\x00\x01garbage" * 100, name="x.xlsx")
    assert response.status_code == 200 and "bảng tính Excel" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_sibling_cell_secretary_gets_404_for_another_schools_batch(client, secretary, outsider, school):
    client.force_login(secretary)
    upload(client, school, xlsx_bytes([NATIONAL_HEADERS, *GOOD_ROWS]))
    batch = ImportBatch.objects.get()
    client.force_login(outsider)
    assert client.get(reverse("imports:preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("imports:commit", args=[batch.pk])).status_code == 404
    assert ImportBatch.objects.get().status == ImportStatus.PREVIEWED


def test_outsider_cannot_upload_into_another_school(client, outsider, school):
    client.force_login(outsider)
    response = upload(client, school, xlsx_bytes([NATIONAL_HEADERS, *GOOD_ROWS]))
    assert response.status_code == 200 and ImportBatch.objects.count() == 0


def test_read_only_viewer_gets_403(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("imports:upload")).status_code == 403


def test_template_has_drop_down_lists_for_sex_and_ethnic_group(client, secretary):
    client.force_login(secretary)
    response = client.get(reverse("imports:template"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["Danh sách"]
    assert [c.value for c in sheet[1]][:4] == ["STT", "Mã lớp", "Mã định danh Bộ GD&ĐT", "Họ và tên"]
    formulas = sorted(v.formula1 for v in sheet.data_validations.dataValidation)
    assert formulas == ["'Danh mục'!$A$1:$A$54", "'Danh mục'!$B$1:$B$2"]
