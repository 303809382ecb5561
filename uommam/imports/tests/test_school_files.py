"""The files schools really have (issue 14): one test per failure class, with files the tests write.

Each test checks every student's name, date of birth, sex, ethnic group, class and ID, and the ``sheets``
and ``columns`` lists of the analysis (the same lists the JSON of ``import_students`` prints).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tracemalloc
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from uommam.imports.models import ImportBatch, MappingProfile
from uommam.imports.reader import ImportFileError, read_book
from uommam.imports.services import import_analyse, import_file
from uommam.people.models import Person
from uommam.vn.legacy import unicode_to_tcvn3, unicode_to_vni

HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc"]


def workbook(sheets: dict[str, list[list[object]]], *, merges: dict[str, list[str]] | None = None) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cell_range in (merges or {}).get(name, []):
            sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def analyse(data: bytes, school, name: str = "ds.xlsx", **options):
    return import_analyse(data=data, file_name=name, school=school, **options)


def students(analysis) -> list[tuple]:
    """(sheet, row, name, date of birth, sex, ethnic group, class, citizen ID, CMND) of every row."""
    return [
        (
            r.sheet,
            r.row,
            r.full_name,
            r.data.get("dob"),
            r.data.get("sex"),
            r.data.get("ethnicity"),
            r.data.get("class_name", ""),
            r.data.get("citizen_id", ""),
            r.data.get("old_id_number", ""),
        )  # fmt: skip
        for r in analysis.rows
    ]


def columns(analysis) -> list[tuple]:
    return [(c["sheet"], c["index"], c["header"], c["field"]) for c in analysis.columns]


def codes(entries) -> list[tuple]:
    return [(e.get("sheet", ""), e["row"], e["code"]) for e in entries]


# 1. Every sheet ---------------------------------------------------------------------------------------------


def test_an_instructions_sheet_first_does_not_hide_the_list_on_the_second(school):
    data = workbook({"Sheet1": [["Hướng dẫn"]], "Sheet2": [HEADERS[1:], ["Ma Văn Hùng", "12/03/2009", "Nam", "Tày"]]})
    analysis = analyse(data, school)
    assert students(analysis) == [("Sheet2", 2, "Ma Văn Hùng", date(2009, 3, 12), "M", "02", "", "", "")]
    assert analysis.sheets == [
        {"name": "Sheet1", "rows": 0, "used": False},
        {"name": "Sheet2", "rows": 1, "used": True},
    ]
    assert columns(analysis) == [
        ("Sheet2", 0, "Họ và tên", "full_name"), ("Sheet2", 1, "Ngày sinh", "dob"), ("Sheet2", 2, "Giới tính", "sex"),
        ("Sheet2", 3, "Dân tộc", "ethnicity"),
    ]  # fmt: skip
    assert ("Sheet1", 0, "sheet_not_used") in codes(analysis.warnings)
    assert not analysis.errors


def test_a_workbook_of_class_sheets_imports_every_class_with_the_class_from_the_sheet_name(school):
    data = workbook(
        {
            "10A1": [["DANH SÁCH LỚP 10A1"], HEADERS, [1, "Ma Văn Hùng", "12/03/2010", "Nam", "Tày"]],
            "Lớp 10A2": [HEADERS, [1, "Hoàng Thị Lan", "01/02/2010", "Nữ", "Dao"], [2, "Lý Văn An", "3/4/2010", "Nam", "Kinh"]],
        }
    )  # fmt: skip
    analysis = analyse(data, school)
    assert students(analysis) == [
        ("10A1", 3, "Ma Văn Hùng", date(2010, 3, 12), "M", "02", "10A1", "", ""),
        ("Lớp 10A2", 2, "Hoàng Thị Lan", date(2010, 2, 1), "F", "09", "10A2", "", ""),
        ("Lớp 10A2", 3, "Lý Văn An", date(2010, 4, 3), "M", "01", "10A2", "", ""),
    ]
    assert analysis.sheets == [
        {"name": "10A1", "rows": 1, "used": True},
        {"name": "Lớp 10A2", "rows": 2, "used": True},
    ]
    assert [c[3] for c in columns(analysis)] == [None, "full_name", "dob", "sex", "ethnicity"] * 2
    assert [(s, r, c) for s, r, c in codes(analysis.warnings) if c == "class_from_sheet"] == [
        ("10A1", 2, "class_from_sheet"), ("Lớp 10A2", 1, "class_from_sheet"),
    ]  # fmt: skip
    assert not analysis.errors


def test_a_workbook_without_any_table_names_its_sheets_in_the_refusal(school):
    data = workbook({"Hướng dẫn": [["Điền danh sách vào trang sau"]], "Trống": [["x"]]})
    with pytest.raises(ImportFileError) as caught:
        analyse(data, school)
    assert caught.value.code == "header_not_found"
    assert "“Hướng dẫn”, “Trống”" in caught.value.message


# 2. Every column accounted for -------------------------------------------------------------------------------


def test_phone_id_card_and_unknown_columns_are_imported_or_listed_never_dropped(school):
    headers = [*HEADERS, "Số điện thoại liên hệ", "SĐT phụ huynh", "Số CMND", "Sở thích"]
    rows = [
        headers,
        [1, "Ma Văn Hùng", "12/03/2009", "Nam", "Tày", "0912345678", "0987654321", "012345678", "bóng đá"],
        [2, "Hà Thị Mai", "01/02/2009", "Nữ", "Kinh", "0358123456", "", "", ""],
    ]
    analysis = analyse(workbook({"DS": rows}), school)
    assert students(analysis) == [
        ("DS", 2, "Ma Văn Hùng", date(2009, 3, 12), "M", "02", "", "", "012345678"),
        ("DS", 3, "Hà Thị Mai", date(2009, 2, 1), "F", "01", "", "", ""),
    ]
    assert [(r.data["phone"], r.data["parent_phone"]) for r in analysis.rows] == [
        ("0912345678", "0987654321"), ("0358123456", ""),
    ]  # fmt: skip
    assert columns(analysis) == [
        ("DS", 0, "STT", None), ("DS", 1, "Họ và tên", "full_name"), ("DS", 2, "Ngày sinh", "dob"),
        ("DS", 3, "Giới tính", "sex"), ("DS", 4, "Dân tộc", "ethnicity"), ("DS", 5, "Số điện thoại liên hệ", "phone"),
        ("DS", 6, "SĐT phụ huynh", "parent_phone"), ("DS", 7, "Số CMND", "old_id_number"), ("DS", 8, "Sở thích", None),
    ]  # fmt: skip
    (warning,) = [w for w in analysis.warnings if w["code"] == "columns_not_imported"]
    assert "“Sở thích”" in warning["message"] and "STT" not in warning["message"]


def test_a_second_phone_column_is_listed_as_not_imported(school):
    headers = [*HEADERS, "Số điện thoại liên hệ", "Điện thoại liên hệ"]
    rows = [headers, [1, "Ma Văn Hùng", "12/03/2009", "Nam", "Tày", "0912345678", "0207 3822 123"]]
    analysis = analyse(workbook({"DS": rows}), school)
    assert [c[3] for c in columns(analysis)][5:] == ["phone", None]
    assert analysis.rows[0].data["phone"] == "0912345678"


@pytest.mark.parametrize(("encode", "code"), [(unicode_to_tcvn3, "tcvn3"), (unicode_to_vni, "vni")])
def test_short_legacy_headers_follow_their_row(school, encode, code):
    headers = ["Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Lớp", "Số CCCD", "SĐT"]
    people = [
        ["Nông Thị Hường", "18/12/2009", "Nữ", "Tày", "11A2", "008309012345", "0912345678"],
        ["Hoàng Văn Đức", "05/09/2009", "Nam", "Dao", "11A2", "008209012346", "0987654321"],
    ]
    rows = [[encode(h) for h in headers], *[[encode(c) for c in p] for p in people]]
    analysis = analyse(workbook({"DS": rows}), school)
    assert students(analysis) == [
        ("DS", 2, "Nông Thị Hường", date(2009, 12, 18), "F", "02", "11A2", "008309012345", ""),
        ("DS", 3, "Hoàng Văn Đức", date(2009, 9, 5), "M", "09", "11A2", "008209012346", ""),
    ]
    assert [c[3] for c in columns(analysis)] == [
        "full_name", "dob", "sex", "ethnicity", "class_name", "citizen_id", "phone",
    ]  # fmt: skip
    assert [c[2] for c in columns(analysis)] == headers
    assert analysis.converted[code] > 0 and not analysis.errors


# 3. Headers recognised ---------------------------------------------------------------------------------------


def test_headers_with_line_breaks_hints_missing_spaces_and_stars_are_recognised(school):
    headers = ["họvàtên", "Ngày sinh\n(ngày/tháng/năm)", "Giới tính\n(Nam hoặc nữ)", "Dân tộc", "lớp", "mãhọcsinh*"]
    rows = [headers, ["Ma Văn Hùng", "12/03/2009", "Nam", "Tày", "11a1", "0812345678"]]
    analysis = analyse(workbook({"DS": rows}), school)
    assert students(analysis) == [("DS", 2, "Ma Văn Hùng", date(2009, 3, 12), "M", "02", "11A1", "", "")]
    assert analysis.rows[0].data["moet_id"] == "0812345678"
    assert [c[3] for c in columns(analysis)] == ["full_name", "dob", "sex", "ethnicity", "class_name", "moet_id"]
    assert not analysis.errors


def test_synonyms_for_phone_id_and_split_names_are_recognised(school):
    headers = ["Họ và đệm", "Tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số định danh cá nhân", "ĐT", "DT phụ huynh"]
    rows = [headers, ["Ma Văn", "Hùng", "12/03/2009", "Nam", "Tày", "008209012345", "0912345678", "0987654321"]]
    analysis = analyse(workbook({"DS": rows}), school)
    assert students(analysis) == [("DS", 2, "Ma Văn Hùng", date(2009, 3, 12), "M", "02", "", "008209012345", "")]
    assert [c[3] for c in columns(analysis)] == [
        "family_middle_name", "given_name", "dob", "sex", "ethnicity", "citizen_id", "phone", "parent_phone",
    ]  # fmt: skip


# 4. The Youth Union layouts ----------------------------------------------------------------------------------


def test_dates_written_under_nam_or_nu_give_the_date_and_the_sex(school):
    rows = [
        ["STT", "Họ và tên", "Ngày sinh", None, "Dân tộc"],
        [None, None, "Nam", "Nữ", None],
        [1, "Ma Văn Hùng", "12/03/2009", None, "Tày"],
        [2, "Hà Thị Mai", None, "01/02/2009", "Kinh"],
    ]
    analysis = analyse(workbook({"DS": rows}, merges={"DS": ["C1:D1", "A1:A2", "B1:B2", "E1:E2"]}), school)
    assert analysis.layout.header_rows == 2
    assert students(analysis) == [
        ("DS", 3, "Ma Văn Hùng", date(2009, 3, 12), "M", "02", "", "", ""),
        ("DS", 4, "Hà Thị Mai", date(2009, 2, 1), "F", "01", "", "", ""),
    ]
    assert columns(analysis) == [
        ("DS", 0, "STT", None), ("DS", 1, "Họ và tên", "full_name"), ("DS", 2, "Ngày sinh – Nam", "dob_male"),
        ("DS", 3, "Ngày sinh – Nữ", "dob_female"), ("DS", 4, "Dân tộc", "ethnicity"),
    ]  # fmt: skip
    assert not analysis.errors


def test_a_nu_column_marked_x_gives_the_sex(school):
    rows = [["Họ và tên", "Ngày sinh", "Nữ", "Dân tộc"], ["Ma Văn Hùng", "12/03/2009", None, "Tày"],
            ["Hà Thị Mai", "01/02/2009", "x", "Kinh"]]  # fmt: skip
    analysis = analyse(workbook({"DS": rows}), school)
    assert students(analysis) == [
        ("DS", 2, "Ma Văn Hùng", date(2009, 3, 12), "M", "02", "", "", ""),
        ("DS", 3, "Hà Thị Mai", date(2009, 2, 1), "F", "01", "", "", ""),
    ]
    assert [c[3] for c in columns(analysis)] == ["full_name", "dob", "female_mark", "ethnicity"]


def test_day_month_year_sub_columns_compose_a_date_and_are_never_a_data_row(school):
    rows = [
        ["STT", "Họ", "Đệm", "Tên", "Ngày, tháng, năm sinh", None, None, "Giới tính", "Dân tộc"],
        [None, None, None, None, "Ngày", "Tháng", "Năm", None, None],
        [1, "Ma", "Văn", "Hùng", 12, 3, 2009, "Nam", "Tày"],
        [2, "Hà", "Thị Thu", "Mai", 1, 2, 2009, "Nữ", "Kinh"],
    ]
    analysis = analyse(workbook({"DS": rows}, merges={"DS": ["E1:G1"]}), school)
    assert students(analysis) == [
        ("DS", 3, "Ma Văn Hùng", date(2009, 3, 12), "M", "02", "", "", ""),
        ("DS", 4, "Hà Thị Thu Mai", date(2009, 2, 1), "F", "01", "", "", ""),
    ]
    assert [c[3] for c in columns(analysis)] == [
        None, "family_name", "middle_name", "given_name", "dob_day", "dob_month", "dob_year", "sex", "ethnicity",
    ]  # fmt: skip
    assert not analysis.errors


def test_ho_dem_ten_under_a_merged_name_header(school):
    rows = [
        ["Họ và tên", None, None, "Ngày sinh", "Giới tính", "Dân tộc"],
        ["Họ", "Đệm", "Tên", None, None, None],
        ["Ma", "Văn", "Hùng", "12/03/2009", "Nam", "Tày"],
    ]
    analysis = analyse(workbook({"DS": rows}, merges={"DS": ["A1:C1"]}), school)
    assert students(analysis) == [("DS", 3, "Ma Văn Hùng", date(2009, 3, 12), "M", "02", "", "", "")]
    assert [c[3] for c in columns(analysis)] == ["family_name", "middle_name", "given_name", "dob", "sex", "ethnicity"]


# 5. Ethnicity ------------------------------------------------------------------------------------------------


def test_without_an_ethnicity_column_every_row_is_imported_with_a_blank_group(school):
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "Lớp"], ["Ma Văn Hùng", "12/03/2009", "Nam", "11A1"],
            ["Hà Thị Mai", "01/02/2009", "Nữ", "11A1"]]  # fmt: skip
    outcome = import_file(actor=None, school=school, data=workbook({"DS": rows}), file_name="ds.xlsx")
    assert students(outcome.analysis) == [
        ("DS", 2, "Ma Văn Hùng", date(2009, 3, 12), "M", "", "11A1", "", ""),
        ("DS", 3, "Hà Thị Mai", date(2009, 2, 1), "F", "", "11A1", "", ""),
    ]
    assert [c[3] for c in columns(outcome.analysis)] == ["full_name", "dob", "sex", "class_name"]
    assert ("DS", 1, "ethnicity_column_missing") in codes(outcome.analysis.warnings)
    assert sorted(Person.objects.values_list("ethnicity", flat=True)) == ["", ""]


def test_local_groups_map_to_their_group_and_keep_the_written_form(school):
    rows = [HEADERS] + [
        [i, name, "12/03/2009", "Nam", group]
        for i, (name, group) in enumerate(
            [("Triệu Văn An", "Dao đỏ"), ("Bàn Văn Bình", "Dao Tiền"), ("Lò Văn Cường", "Thái trắng"),
             ("Lê Văn Dũng", "Kinh (Việt)"), ("Ma Văn Em", ""), ("Vi Văn Giang", "Tây Ban Nha")], start=1)
    ]  # fmt: skip
    analysis = analyse(workbook({"DS": rows}), school)
    assert [(r.full_name, r.data.get("ethnicity"), r.data.get("ethnicity_note")) for r in analysis.rows] == [
        ("Triệu Văn An", "09", "Dao đỏ"), ("Bàn Văn Bình", "09", "Dao Tiền"), ("Lò Văn Cường", "03", "Thái trắng"),
        ("Lê Văn Dũng", "01", "Kinh (Việt)"), ("Ma Văn Em", "", ""), ("Vi Văn Giang", None, None),
    ]  # fmt: skip
    assert [w["code"] for w in analysis.warnings] == ["ethnicity_subgroup"] * 4 + ["ethnicity_missing"]
    assert codes(analysis.errors) == [("DS", 7, "ethnicity_unknown")]


# 6. Hidden and filtered rows ---------------------------------------------------------------------------------


def _with_hidden_rows() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "DS"
    for row in [HEADERS, [1, "Ma Văn Hùng", "12/03/2009", "Nam", "Tày"], [2, "Hà Thị Mai", "01/02/2009", "Nữ", "Kinh"],
                [3, "Lý Văn An", "03/04/2009", "Nam", "Dao"]]:  # fmt: skip
        sheet.append(row)
    sheet.auto_filter.ref = "A1:E4"
    sheet.row_dimensions[3].hidden = True  # filtered out: moved to another school
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_hidden_or_filtered_rows_are_left_out_with_a_warning(school):
    analysis = analyse(_with_hidden_rows(), school)
    assert students(analysis) == [
        ("DS", 2, "Ma Văn Hùng", date(2009, 3, 12), "M", "02", "", "", ""),
        ("DS", 4, "Lý Văn An", date(2009, 4, 3), "M", "09", "", "", ""),
    ]
    assert ("DS", 3, "row_hidden") in codes(analysis.warnings)
    assert analysis.sheets == [{"name": "DS", "rows": 2, "used": True}]


def test_hidden_rows_are_imported_when_asked(school):
    analysis = analyse(_with_hidden_rows(), school, include_hidden=True)
    assert [r.row for r in analysis.rows] == [2, 3, 4]
    assert students(analysis)[1] == ("DS", 3, "Hà Thị Mai", date(2009, 2, 1), "F", "01", "", "", "")
    assert ("DS", 3, "row_hidden_imported") in codes(analysis.warnings)


# 7. Phone numbers --------------------------------------------------------------------------------------------


def test_phone_numbers_stored_as_numbers_get_their_zero_back_and_lengths_are_checked(school):
    rows = [[*HEADERS, "SĐT"], [1, "Ma Văn Hùng", "12/03/2009", "Nam", "Tày", 912345678],
            [2, "Hà Thị Mai", "01/02/2009", "Nữ", "Kinh", "0912 345 67"]]  # fmt: skip
    analysis = analyse(workbook({"DS": rows}), school)
    assert students(analysis) == [
        ("DS", 2, "Ma Văn Hùng", date(2009, 3, 12), "M", "02", "", "", ""),
        ("DS", 3, "Hà Thị Mai", date(2009, 2, 1), "F", "01", "", "", ""),
    ]
    assert [r.data["phone"] for r in analysis.rows] == ["0912345678", "091234567"]
    assert codes(analysis.warnings) == [("DS", 2, "phone_zero_restored"), ("DS", 3, "phone_length")]
    assert "912345678" in analysis.warnings[0]["message"]
    assert [c[3] for c in columns(analysis)][-1] == "phone"


# 8. Web exports, .ods and BIFF .xls --------------------------------------------------------------------------


WEB_EXPORT = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>
<table border="1">
<tr><th rowspan="2">STT</th><th rowspan="2">Họ và tên</th><th colspan="2">Ngày sinh</th><th rowspan="2">Dân tộc</th>
<th rowspan="2">Số CCCD</th></tr>
<tr><th>Nam</th><th>Nữ</th></tr>
<tr><td>1</td><td>Ma Văn Hùng</td><td>12/03/2009</td><td></td><td>Tày</td><td>008209012345</td></tr>
<tr><td>2</td><td>Hà Thị Mai</td><td></td><td>01/02/2009</td><td>Kinh</td><td>008309012346</td></tr>
</table></body></html>"""


def test_an_html_table_saved_as_xls_is_read_as_a_table(school):
    analysis = analyse(WEB_EXPORT.encode(), school, name="XuatExcel.xls")
    assert students(analysis) == [
        ("", 3, "Ma Văn Hùng", date(2009, 3, 12), "M", "02", "", "008209012345", ""),
        ("", 4, "Hà Thị Mai", date(2009, 2, 1), "F", "01", "", "008309012346", ""),
    ]
    assert [c[3] for c in columns(analysis)] == [None, "full_name", "dob_male", "dob_female", "ethnicity", "citizen_id"]
    assert analysis.sheets == [{"name": "", "rows": 2, "used": True}]
    assert not analysis.errors


def test_an_html_table_over_the_row_limit_is_refused_before_parsing(school, settings):
    settings.UOMMAM_IMPORT_MAX_ROWS = 10
    rows = "".join("<tr><td>Ma Văn Hùng</td><td>12/03/2009</td></tr>" for _ in range(100))
    with pytest.raises(ImportFileError) as caught:
        analyse(f"<html><table><tr><th>Họ và tên</th><th>Ngày sinh</th></tr>{rows}</table></html>".encode(), school)
    assert caught.value.code == "too_many_rows"


def _convert(data: bytes, tmp_path: Path, suffix: str) -> bytes:
    """LibreOffice writes the .ods or BIFF .xls, each run with its own profile (tests run in parallel)."""
    source = tmp_path / "ds.xlsx"
    source.write_bytes(data)
    profile = (tmp_path / "lo-profile").as_uri()
    filters = {"ods": "ods", "xls": "xls:MS Excel 97"}
    subprocess.run(
        [shutil.which("soffice") or "soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         filters[suffix], "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return (tmp_path / f"ds.{suffix}").read_bytes()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("suffix", ["ods", "xls"])
def test_ods_and_biff_xls_workbooks_keep_working_with_every_sheet(school, tmp_path, suffix):
    data = workbook(
        {
            "Hướng dẫn": [["Điền danh sách vào các trang sau"]],
            "10A1": [HEADERS, [1, "Ma Văn Hùng", "12/03/2010", "Nam", "Tày"]],
            "10A2": [HEADERS, [1, "Hoàng Thị Lan", "01/02/2010", "Nữ", "Dao"]],
        }
    )
    analysis = analyse(_convert(data, tmp_path, suffix), school, name=f"ds.{suffix}")
    assert students(analysis) == [
        ("10A1", 2, "Ma Văn Hùng", date(2010, 3, 12), "M", "02", "10A1", "", ""),
        ("10A2", 2, "Hoàng Thị Lan", date(2010, 2, 1), "F", "09", "10A2", "", ""),
    ]
    assert analysis.sheets == [
        {"name": "Hướng dẫn", "rows": 0, "used": False},
        {"name": "10A1", "rows": 1, "used": True},
        {"name": "10A2", "rows": 1, "used": True},
    ]
    assert [c[:3] for c in columns(analysis)][:2] == [("10A1", 0, "STT"), ("10A1", 1, "Họ và tên")]


# 9. Year-only births and spaces in dates ---------------------------------------------------------------------


def test_a_year_of_birth_is_recognised_and_refused_per_row_never_turned_into_a_date(school):
    rows = [["Họ và tên", "Năm sinh", "Giới tính", "Dân tộc"], ["Ma Văn Hùng", 2009, "Nam", "Tày"]]
    analysis = analyse(workbook({"DS": rows}), school)
    assert [c[3] for c in columns(analysis)] == ["full_name", "birth_year", "sex", "ethnicity"]
    assert students(analysis) == [("DS", 2, "Ma Văn Hùng", None, "M", "02", "", "", "")]
    (error,) = analysis.errors
    assert error["code"] == "dob_year_only"
    assert error["message"] == "chỉ có năm sinh 2009: cần ngày sinh đầy đủ để tính tuổi theo tháng"


def test_a_year_under_ngay_sinh_is_refused_and_spaces_inside_dates_are_tolerated(school):
    rows = [HEADERS, [1, "Ma Văn Hùng", 2009, "Nam", "Tày"], [2, "Hà Thị Mai", " 7/ 8/2009", "Nữ", "Kinh"]]
    analysis = analyse(workbook({"DS": rows}), school)
    assert students(analysis) == [
        ("DS", 2, "Ma Văn Hùng", None, "M", "02", "", "", ""),
        ("DS", 3, "Hà Thị Mai", date(2009, 8, 7), "F", "01", "", "", ""),
    ]
    assert codes(analysis.errors) == [("DS", 2, "dob_year_only")]
    assert "1905" not in analysis.errors[0]["message"]


# 10. Limits before memory ------------------------------------------------------------------------------------


def _full_height_xlsx() -> bytes:
    """A 1,048,576-row .xlsx written directly (openpyxl would take minutes): one number per row."""
    # Rows without an "r" attribute count one by one; the numbers keep the XML from compressing like a bomb.
    rows = ("<row><c><v>" + "</v></c></row><row><c><v>".join(map(str, range(1_048_576))) + "</v></c></row>").encode()
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
        b'main"><sheetData>' + rows + b"</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        template = zipfile.ZipFile(io.BytesIO(workbook({"DS": [["x"]]})))
        for name in template.namelist():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, template.read(name))
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def test_a_full_height_sheet_is_refused_from_its_structure_under_300_mb():
    data = _full_height_xlsx()
    assert len(data) < 10 * 1024 * 1024  # within the upload limit: only the structure check can refuse it
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError) as caught:
            read_book(data, "ds.xlsx")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.code == "too_many_rows"
    assert caught.value.message == "Tệp có hơn 20050 dòng; mỗi lần chỉ nhập được tối đa 20000 dòng."
    assert peak < 300 * 1024 * 1024
    # Python objects for a million rows would take far more than a few chunks of XML.
    assert peak < 64 * 1024 * 1024


def _repeated_rows_ods() -> bytes:
    """An .ods of a few hundred bytes whose one row repeats 1,048,575 times (calamine would expand it)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
        '<table:table table:name="DS"><table:table-row><table:table-cell office:value-type="string"><text:p>Họ và tên'
        "</text:p></table:table-cell></table:table-row>"
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell office:value-type="string">'
        "<text:p>Ma Lan</text:p></table:table-cell></table:table-row></table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def test_a_repeated_row_ods_is_refused_before_it_is_expanded():
    data = _repeated_rows_ods()
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError) as caught:
            read_book(data, "ds.ods")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.code == "too_many_rows"
    assert peak < 300 * 1024 * 1024


def test_the_upload_option_imports_hidden_rows_through_preview_and_commit(client, secretary, school):
    client.force_login(secretary)
    form = {"school": school.pk, "kind": "students", "include_hidden": "on"}
    client.post(reverse("imports:upload"), form | {"file": SimpleUploadedFile("ds.xlsx", _with_hidden_rows())})
    batch = ImportBatch.objects.get()
    assert batch.include_hidden and batch.rows == 3
    page = client.get(reverse("imports:preview", args=[batch.pk])).content.decode()
    assert 'data-code="row_hidden_imported"' in page
    client.post(reverse("imports:commit", args=[batch.pk]))
    assert sorted(Person.objects.filter(school=school).values_list("full_name", flat=True)) == [
        "Hà Thị Mai", "Lý Văn An", "Ma Văn Hùng",
    ]  # fmt: skip


def test_without_the_option_the_hidden_row_is_listed_and_not_committed(client, secretary, school):
    client.force_login(secretary)
    form = {"school": school.pk, "kind": "students", "file": SimpleUploadedFile("ds.xlsx", _with_hidden_rows())}
    client.post(reverse("imports:upload"), form)
    batch = ImportBatch.objects.get()
    assert not batch.include_hidden and batch.rows == 2
    client.post(reverse("imports:commit", args=[batch.pk]))
    assert "Hà Thị Mai" not in Person.objects.filter(school=school).values_list("full_name", flat=True)
    assert Person.objects.filter(school=school, full_name="Lý Văn An").exists()


def test_a_web_export_row_styled_hidden_is_left_out_like_a_hidden_row(school):
    hidden = WEB_EXPORT.replace(
        "<tr><td>2</td>", '<tr style="display: none"><td>3</td><td>Lý Văn An</td><td>1/1/2009</td><td></td>'
        "<td>Dao</td><td></td></tr><tr><td>2</td>",
    )  # fmt: skip
    analysis = analyse(hidden.encode(), school, name="XuatExcel.xls")
    assert [(r.row, r.full_name) for r in analysis.rows] == [(3, "Ma Văn Hùng"), (5, "Hà Thị Mai")]
    assert ("", 4, "row_hidden") in codes(analysis.warnings)


def test_a_sheet_laid_out_differently_is_mapped_in_the_same_step_and_remembered(client, secretary, school):
    data = workbook(
        {
            "10A1": [HEADERS, [1, "Ma Văn Hùng", "12/03/2010", "Nam", "Tày"]],
            "10A2": [["Họ và tên", "Ngày sinh", "Giới tính", "Thành phần XH"], ["Hoàng Thị Lan", "01/02/2010", "Nữ", "Dao"]],
        }
    )  # fmt: skip
    client.force_login(secretary)
    form = {"school": school.pk, "kind": "students", "file": SimpleUploadedFile("ds.xlsx", data)}
    client.post(reverse("imports:upload"), form)
    batch = ImportBatch.objects.get()
    (layout,) = batch.report["layouts"]
    assert layout["sheets"] == ["10A2"] and [c["field"] for c in batch.report["columns"]][-1] is None
    page = client.get(reverse("imports:preview", args=[batch.pk])).content.decode()
    assert 'name="lay_1_3"' in page
    post = {f"col_{k}": v for k, v in batch.mapping.items()} | {
        "lay_1": layout["signature"], **{f"lay_1_{k}": v for k, v in layout["mapping"].items()}, "lay_1_3": "ethnicity",
    }  # fmt: skip
    client.post(reverse("imports:remap", args=[batch.pk]), post)
    batch.refresh_from_db()
    assert [(c["sheet"], c["header"], c["field"]) for c in batch.report["columns"]][-1] == (
        "10A2", "Thành phần XH", "ethnicity",
    )  # fmt: skip
    assert MappingProfile.objects.filter(unit=school).count() == 2
    client.post(reverse("imports:commit", args=[batch.pk]))
    assert Person.objects.get(full_name="Hoàng Thị Lan").ethnicity == "09"
    assert Person.objects.get(full_name="Hoàng Thị Lan").class_name == "10A2"
