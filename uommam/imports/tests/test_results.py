"""School results: matching registered students, both grading scales, TCVN3 files, all-or-nothing, undo."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from uommam.audit.models import AuditEntry
from uommam.imports import services
from uommam.imports.models import ImportBatch, ImportKind, ImportStatus
from uommam.people.models import Person, SchoolRecord
from uommam.people.services import person_create
from uommam.testing.spreadsheets import xlsx_bytes
from uommam.vn.legacy import unicode_to_tcvn3

HEADERS = ["STT", "Lớp", "Họ và tên", "Ngày sinh", "Số định danh cá nhân", "Học lực", "Hạnh kiểm"]
YEAR = "2024-2025"


def student(school, family, middle, given, dob, citizen_id="", **extra):
    data = {"family_name": family, "middle_name": middle, "given_name": given, "dob": dob, "sex": "M",
            "ethnicity": "02", "school": school, "cohort": 2023, "citizen_id": citizen_id, **extra}  # fmt: skip
    return person_create(actor=None, data=data)


@pytest.fixture
def pupils(school):
    return [
        student(school, "Nguyễn", "Văn", "Hợi", date(2008, 9, 5), "008208012345"),
        student(school, "Ma", "Thị", "Lan", date(2008, 12, 18)),
        student(school, "Hoàng", "Đức", "Anh", date(2008, 1, 1), moet_id="0812345678"),
    ]


ROWS = [
    [1, "11A1", "Nguyễn Văn Hợi", "05/09/2008", "008208012345", "Tốt", "Tốt"],
    [2, "11A1", "Ma Thị Lan", "18/12/2008", "", "Khá", "Tốt"],
    [3, "11A2", "HOÀNG ĐỨC ANH", "01/01/2008", "", "Đạt", "Khá"],
]


def preview(user, school, rows, year=YEAR):
    return services.import_preview(
        actor=user, school=school, data=xlsx_bytes(rows), file_name="kq.xlsx", kind=ImportKind.SCHOOL_RESULTS,
        school_year=year,
    )  # fmt: skip


def test_rows_match_by_citizen_id_then_name_and_birthday_and_commit_writes_records(secretary, school, pupils):
    batch = preview(secretary, school, [["KẾT QUẢ HỌC TẬP, RÈN LUYỆN NĂM HỌC 2024-2025"], HEADERS, *ROWS])
    assert (batch.rows, batch.valid, batch.to_create, batch.error_count) == (3, 3, 3, 0)
    assert [w["code"] for w in batch.report["warnings"]] == ["matched_by_name_only", "matched_by_name_only"]
    assert SchoolRecord.objects.count() == 0
    batch = services.import_commit(batch=batch, actor=secretary)
    assert (batch.status, batch.created, batch.updated) == (ImportStatus.COMMITTED, 3, 0)
    records = {r.person_id: r for r in SchoolRecord.objects.all()}
    hoi = records[pupils[0].pk]
    assert (hoi.school_year, hoi.grade_level, hoi.scale, hoi.academic_result, hoi.conduct) == (
        YEAR,
        11,
        "new",
        "tot",
        "tot",
    )
    assert records[pupils[2].pk].grade_level == 11 and records[pupils[2].pk].conduct == "kha"
    assert AuditEntry.objects.filter(model="people.SchoolRecord", action="import").count() == 3
    assert Person.objects.count() == 3  # no student created


def test_old_scale_with_abbreviations_and_grade_from_khoi_column(secretary, school, pupils):
    headers = ["STT", "Khối", "Họ và tên", "Ngày sinh", "Số định danh cá nhân", "KQHT", "KQRL"]
    rows = [
        [1, "Khối 10", "Nguyễn Văn Hợi", "05/09/2008", "008208012345", "G", "T"],
        [2, 10, "Ma Thị Lan", "18/12/2008", "", "tb", "khá"],
        [3, "10", "Hoàng Đức Anh", "01/01/2008", "", "YẾU", "Trung Bình"],
    ]
    batch = services.import_commit(
        batch=preview(secretary, school, [headers, *rows], year="2020-2021"), actor=secretary
    )
    assert batch.created == 3
    got = sorted(SchoolRecord.objects.values_list("grade_level", "scale", "academic_result", "conduct"))
    assert got == [(10, "old", "gioi", "tot"), (10, "old", "trung_binh", "kha"), (10, "old", "yeu", "trung_binh")]


def test_ambiguous_grades_take_the_scale_of_the_year_and_a_surprising_scale_is_a_warning(secretary, school, pupils):
    rows = [[1, "12A1", "Nguyễn Văn Hợi", "05/09/2008", "008208012345", "Khá", "Khá"],
            [2, "12A1", "Ma Thị Lan", "18/12/2008", "", "Giỏi", "Tốt"]]  # fmt: skip
    batch = preview(secretary, school, [HEADERS, *rows], year="2024-2025")
    assert batch.error_count == 0
    assert [s["scale"] for s in batch.report["students"]] == ["new", "old"]
    assert "scale_unexpected_old" in [w["code"] for w in batch.report["warnings"]]


def test_unknown_grades_mixed_scales_and_missing_grade_are_errors_naming_the_value(secretary, school, pupils):
    rows = [
        [1, "11A1", "Nguyễn Văn Hợi", "05/09/2008", "008208012345", "Xuất sắc", "Tốt"],
        [2, "11A1", "Ma Thị Lan", "18/12/2008", "", "Giỏi", "Đạt"],
        [3, "", "Hoàng Đức Anh", "01/01/2008", "", "Tốt", "Kém"],
    ]
    batch = preview(secretary, school, [HEADERS, *rows])
    errors = {(e["row"], e["code"]) for e in batch.report["errors"]}
    assert (2, "academic_unknown") in errors and (3, "scales_mixed") in errors
    assert (4, "conduct_unknown") in errors and (4, "grade_level_missing") in errors
    message = next(e["message"] for e in batch.report["errors"] if e["code"] == "academic_unknown")
    assert "Xuất sắc" in message and batch.valid == 0


def test_a_student_not_on_the_schools_list_is_an_error(secretary, school, other_school, pupils):
    student(other_school, "Lý", "Văn", "Tú", date(2008, 3, 3), "008208099999")
    rows = [[1, "11A1", "Lý Văn Tú", "03/03/2008", "008208099999", "Tốt", "Tốt"],
            [2, "11A1", "Đinh Văn Mới", "04/04/2008", "", "Tốt", "Tốt"]]  # fmt: skip
    batch = preview(secretary, school, [HEADERS, *rows])
    assert [e["code"] for e in batch.report["errors"]] == ["student_not_found", "student_not_found"]
    assert "không tìm thấy học sinh trong danh sách của trường" in batch.report["errors"][1]["message"].lower()


def test_tcvn3_names_and_grades_are_repaired(secretary, school, pupils):
    rows = [
        [1, "11A1", unicode_to_tcvn3(r[2].title()), r[3], r[4], unicode_to_tcvn3(r[5]), unicode_to_tcvn3(r[6])]
        for r in ROWS
    ]
    batch = preview(secretary, school, [HEADERS, *rows])
    assert batch.error_count == 0 and batch.valid == 3
    assert batch.report["converted"]["tcvn3"] >= 1
    assert batch.report["students"][1]["full_name"] == "Ma Thị Lan"


def test_all_or_nothing_unless_skip_invalid(secretary, school, pupils):
    rows = [*ROWS, [4, "11A1", "Người Không Có", "01/02/2008", "", "Tốt", "Tốt"]]
    batch = preview(secretary, school, [HEADERS, *rows])
    with pytest.raises(services.ImportRefused):
        services.import_commit(batch=batch, actor=secretary)
    assert SchoolRecord.objects.count() == 0
    assert services.import_commit(batch=batch, actor=secretary, skip_invalid=True).created == 3


def test_an_exception_mid_commit_leaves_the_records_as_they_were(secretary, school, pupils, monkeypatch):
    from uommam.imports import results

    SchoolRecord.objects.create(
        person=pupils[0], school_year=YEAR, grade_level=11, academic_result="kha", conduct="kha"
    )
    batch = preview(secretary, school, [HEADERS, *ROWS])
    monkeypatch.setattr(results, "audit_bulk", lambda entries: (_ for _ in ()).throw(RuntimeError("disk full")))
    with pytest.raises(RuntimeError):
        services.import_commit(batch=batch, actor=secretary)
    assert list(SchoolRecord.objects.values_list("academic_result", flat=True)) == ["kha"]


def test_undo_restores_previous_values_and_deletes_new_records(secretary, school, pupils):
    old = SchoolRecord.objects.create(
        person=pupils[0], school_year=YEAR, grade_level=11, scale="new", academic_result="kha", conduct="dat"
    )
    batch = preview(secretary, school, [HEADERS, *ROWS])
    assert (batch.to_create, batch.to_update) == (2, 1)
    batch = services.import_commit(batch=batch, actor=secretary)
    old.refresh_from_db()
    assert (batch.created, batch.updated, old.academic_result, old.conduct) == (2, 1, "tot", "tot")
    assert services.undo_blockers(batch) is None
    services.import_undo(batch=batch, actor=secretary)
    old.refresh_from_db()
    assert list(SchoolRecord.objects.all()) == [old] and (old.academic_result, old.conduct) == ("kha", "dat")
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.UNDONE


def test_undo_is_refused_once_a_record_was_changed(secretary, school, pupils):
    batch = services.import_commit(batch=preview(secretary, school, [HEADERS, *ROWS]), actor=secretary)
    SchoolRecord.objects.filter(person=pupils[1]).update(conduct="dat")
    with pytest.raises(services.ImportRefused) as exc:
        services.import_undo(batch=batch, actor=secretary)
    assert "đã được sửa" in exc.value.message and SchoolRecord.objects.count() == 3


def test_a_bad_school_year_is_refused(secretary, school, pupils):
    with pytest.raises(services.ImportRefused) as exc:
        preview(secretary, school, [HEADERS, *ROWS], year="2024-2026")
    assert exc.value.code == "school_year_invalid"


def test_term_results_are_not_taken_for_the_year(secretary, school, pupils):
    top = ["STT", "Lớp", "Họ và tên", "Ngày sinh", "Số định danh cá nhân", "Học kỳ I", None, "Cả năm", None]
    sub = [None, None, None, None, None, "HL", "HK", "HL", "HK"]
    rows = [[1, "11A1", "Nguyễn Văn Hợi", "05/09/2008", "008208012345", "Khá", "Khá", "Tốt", "Tốt"]]
    data = xlsx_bytes([top, sub, *rows], merges=["F1:G1", "H1:I1"])
    batch = services.import_preview(
        actor=secretary, school=school, data=data, file_name="kq.xlsx", kind=ImportKind.SCHOOL_RESULTS, school_year=YEAR
    )
    assert batch.error_count == 0, batch.report["errors"]
    assert batch.report["students"][0]["academic_result"] == "tot"


def run(*args):
    out = StringIO()
    call_command("import_results", *args, stdout=out)
    return json.loads(out.getvalue())


def test_command_json_contract(school, pupils, tmp_path):
    path = tmp_path / "kq.xlsx"
    path.write_bytes(xlsx_bytes([HEADERS, *ROWS, [4, "11A1", "Ai Đó", "01/02/2008", "", "Tốt", "Giỏi"]]))
    args = [str(path), "--school", "THPT-CHIEMHOA", "--year", YEAR, "--json"]
    result = run(*args)
    assert list(result) == [
        "rows", "valid", "created", "updated", "errors", "warnings", "converted", "sheets", "columns", "students",
    ]  # fmt: skip
    assert (result["rows"], result["valid"], result["created"]) == (4, 3, 0)
    assert [e["code"] for e in result["errors"]] == ["conduct_unknown"]
    first = result["students"][0]
    assert (
        first["full_name"] == "Nguyễn Văn Hợi"
        and first["dob"] == "2008-09-05"
        and first["citizen_id"] == "008208012345"
    )
    assert (first["grade_level"], first["scale"], first["academic_result"], first["conduct"]) == (
        11,
        "new",
        "tot",
        "tot",
    )
    assert result["students"][2]["sex"] == "M"  # filled in from the registered student
    with pytest.raises(CommandError):
        run(*args, "--commit")
    assert SchoolRecord.objects.count() == 0
    result = run(*args, "--commit", "--skip-invalid")
    assert (result["created"], result["updated"]) == (3, 0) and SchoolRecord.objects.count() == 3


def test_upload_page_takes_kind_school_and_year_and_previews_cell_errors(client, secretary, school, pupils):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(secretary)
    page = client.get(reverse("imports:upload")).content.decode()
    assert "Kết quả học tập, rèn luyện" in page and "Danh sách học viên lớp bồi dưỡng" in page
    data = xlsx_bytes([HEADERS, *ROWS, [4, "11A1", "Ma Thị Lan", "18/12/2008", "", "Siêu", "Tốt"]])
    post = {
        "kind": "school_results",
        "school": school.pk,
        "school_year": "2023-2025",
        "file": SimpleUploadedFile("k.xlsx", data),
    }
    response = client.post(reverse("imports:upload"), post)
    assert response.status_code == 200 and "không phải là năm học" in response.content.decode()
    post |= {"school_year": "2024 - 2025", "file": SimpleUploadedFile("k.xlsx", data)}
    response = client.post(reverse("imports:upload"), post)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.school_year == YEAR and batch.kind == ImportKind.SCHOOL_RESULTS
    page = client.get(response.url).content.decode()
    assert "“Siêu” không phải là kết quả học tập" in page and 'data-code="academic_unknown"' in page
    assert client.post(reverse("imports:commit", args=[batch.pk]), {"skip_invalid": "1"}).status_code == 302
    assert SchoolRecord.objects.count() == 3


def test_results_template_has_drop_downs_for_both_scales(client, secretary):
    import io

    import openpyxl
    from django.urls import reverse

    client.force_login(secretary)
    response = client.get(reverse("imports:template") + "?kind=school_results")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["Danh sách"]
    assert [c.value for c in sheet[1]][-2:] == ["Học lực", "Hạnh kiểm"]
    formulas = sorted(v.formula1 for v in sheet.data_validations.dataValidation)
    assert formulas == ["'Danh mục'!$A$1:$A$8", "'Danh mục'!$B$1:$B$6"]
    assert [workbook["Danh mục"].cell(row=r, column=1).value for r in (1, 5)] == ["Tốt", "Giỏi"]
