"""Preview writes nothing, commit writes everything or nothing, undo while nothing depends on it."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from uommam.audit.models import AuditEntry
from uommam.imports import services, students
from uommam.imports.models import ImportBatch, ImportStatus, MappingProfile
from uommam.people.models import Person, SchoolRecord
from uommam.people.services import person_create, person_update
from uommam.testing.spreadsheets import GOOD_ROWS, NATIONAL_HEADERS, xlsx_bytes

BAD_ROW = [9, "10A1", "Hà Văn Tú", "31/02/2010", "Nam", "Kinh", ""]


def preview(secretary, school, rows, name="ds.xlsx"):
    return services.import_preview(actor=secretary, school=school, data=xlsx_bytes(rows), file_name=name)


def existing(school, **extra):
    data = {"family_name": "Ma", "middle_name": "Thị", "given_name": "Lan", "dob": date(2010, 12, 18), "sex": "F",
            "ethnicity": "02", "school": school, "cohort": 2025, **extra}  # fmt: skip
    return person_create(actor=None, data=data)


def test_preview_records_the_batch_and_stores_the_file_under_a_generated_name(secretary, school, settings):
    batch = preview(secretary, school, [NATIONAL_HEADERS, *GOOD_ROWS], name="../../etc/passwd.xlsx")
    assert Person.objects.count() == 0
    assert batch.status == ImportStatus.PREVIEWED and (batch.rows, batch.valid, batch.to_create) == (3, 3, 3)
    assert batch.file_name == "passwd.xlsx" and len(batch.file_sha256) == 64
    stored = Path(settings.MEDIA_ROOT) / batch.stored_file
    assert stored.is_file() and batch.stored_file.startswith("imports/") and "passwd" not in batch.stored_file


def test_commit_creates_students_with_derived_columns_and_one_audit_entry_each(secretary, school):
    batch = services.import_commit(batch=preview(secretary, school, [NATIONAL_HEADERS, *GOOD_ROWS]), actor=secretary)
    assert (batch.status, batch.created, batch.updated) == (ImportStatus.COMMITTED, 3, 0)
    hoi = Person.objects.get(citizen_id="008210012345")
    assert hoi.full_name == "Nguyễn Văn Hợi" and hoi.search_key == "nguyen van hoi" and hoi.sort_key
    assert hoi.school == school and hoi.created_by == secretary and hoi.ethnicity == "02"
    assert AuditEntry.objects.filter(model="people.Person", action="import").count() == 3
    assert AuditEntry.objects.filter(model="imports.ImportBatch").count() == 1


def test_a_file_with_an_error_writes_nothing(secretary, school):
    batch = preview(secretary, school, [NATIONAL_HEADERS, *GOOD_ROWS, BAD_ROW])
    journal = AuditEntry.objects.count()
    with pytest.raises(services.ImportRefused) as exc:
        services.import_commit(batch=batch, actor=secretary)
    assert exc.value.code == "import_has_errors"
    assert Person.objects.count() == 0 and AuditEntry.objects.count() == journal
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.PREVIEWED


def test_skip_invalid_imports_only_the_valid_rows(secretary, school):
    batch = preview(secretary, school, [NATIONAL_HEADERS, *GOOD_ROWS, BAD_ROW])
    batch = services.import_commit(batch=batch, actor=secretary, skip_invalid=True)
    assert batch.created == 3 and Person.objects.count() == 3 and batch.skip_invalid


def test_an_exception_mid_commit_leaves_the_database_unchanged(secretary, school, monkeypatch):
    existing(school, citizen_id="008310012346")
    before = (Person.objects.count(), AuditEntry.objects.count())

    def explode(entries):
        raise RuntimeError("disk full")

    batch = preview(secretary, school, [NATIONAL_HEADERS, *GOOD_ROWS])
    monkeypatch.setattr(students, "audit_bulk", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        services.import_commit(batch=batch, actor=secretary)
    assert (Person.objects.count(), AuditEntry.objects.count()) == before
    assert Person.objects.get(citizen_id="008310012346").class_name == ""
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.PREVIEWED


def test_duplicates_inside_the_file_are_errors_naming_the_first_row(secretary, school):
    batch = preview(secretary, school, [NATIONAL_HEADERS, GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[0]])
    (error,) = batch.report["errors"]
    assert error["code"] == "duplicate_in_file" and error["row"] == 4 and "dòng 2" in error["message"]


def test_existing_student_matched_by_citizen_id_is_updated_not_duplicated(secretary, school):
    person = existing(school, citizen_id="008310012346")
    batch = preview(secretary, school, [NATIONAL_HEADERS, *GOOD_ROWS])
    assert (batch.to_create, batch.to_update) == (2, 1)
    batch = services.import_commit(batch=batch, actor=secretary)
    person.refresh_from_db()
    assert (batch.created, batch.updated) == (2, 1)
    assert person.class_name == "10A1" and person.ethnicity == "01" and person.version == 2
    entry = AuditEntry.objects.get(model="people.Person", object_pk=str(person.pk), action="update")
    assert entry.changes["class_name"] == ["", "10A1"]


def test_existing_student_matched_by_name_and_birthday_at_the_same_school_gets_a_warning(secretary, school):
    existing(school)
    batch = preview(secretary, school, [NATIONAL_HEADERS, [1, "10A1", "MA THỊ LAN", "18/12/2010", "Nữ", "Tày", ""]])
    assert batch.to_update == 1
    assert [w["code"] for w in batch.report["warnings"]] == ["matched_by_name"]


def test_a_citizen_id_registered_at_another_school_is_an_error(secretary, school, other_school):
    existing(other_school, citizen_id="008310012346")
    batch = preview(secretary, school, [NATIONAL_HEADERS, *GOOD_ROWS])
    assert [e["code"] for e in batch.report["errors"]] == ["exists_in_other_school"]


def test_undo_deletes_created_students_and_restores_updated_ones(secretary, school):
    person = existing(school, citizen_id="008310012346")
    batch = services.import_commit(batch=preview(secretary, school, [NATIONAL_HEADERS, *GOOD_ROWS]), actor=secretary)
    services.import_undo(batch=batch, actor=secretary)
    person.refresh_from_db()
    assert list(Person.objects.values_list("pk", flat=True)) == [person.pk]
    assert person.class_name == "" and person.ethnicity == "02"
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.UNDONE


def test_undo_is_refused_once_a_student_was_edited_or_has_dependent_records(secretary, school):
    batch = services.import_commit(batch=preview(secretary, school, [NATIONAL_HEADERS, *GOOD_ROWS]), actor=secretary)
    person = Person.objects.get(citizen_id="008210012345")
    SchoolRecord.objects.create(
        person=person, school_year="2025-2026", grade_level=10, academic_result="tot", conduct="tot"
    )
    assert "liên kết" in services.undo_blockers(batch)
    person_update(person=person, data={"class_name": "10A5"}, actor=secretary)
    with pytest.raises(services.ImportRefused) as exc:
        services.import_undo(batch=batch, actor=secretary)
    assert "đã được sửa" in exc.value.message and Person.objects.count() == 3


def test_a_corrected_mapping_is_saved_as_a_profile_and_reused_for_the_same_layout(secretary, school):
    headers = ["STT", "Mã lớp", "Họ và tên", "Ngày sinh", "Giới tính", "Thành phần XH", "Số định danh cá nhân"]
    batch = preview(secretary, school, [headers, *GOOD_ROWS])
    warnings = [w["code"] for w in batch.report["warnings"]]
    assert "columns_not_imported" in warnings and "ethnicity_column_missing" in warnings
    assert [c["field"] for c in batch.report["columns"]][5] is None
    mapping = {int(k): v for k, v in batch.mapping.items()} | {5: "ethnicity"}
    batch = services.import_remap(batch=batch, actor=secretary, mapping=mapping)
    assert batch.warning_count == 0 and MappingProfile.objects.filter(unit=school).count() == 1
    assert [s["ethnicity_code"] for s in batch.report["students"]] == ["02", "01", "09"]
    again = preview(secretary, school, [headers, *GOOD_ROWS])
    assert again.warning_count == 0 and again.profile_id == batch.profile_id
    assert [c["field"] for c in again.report["columns"]][5] == "ethnicity"


def run_command(*args):
    out = StringIO()
    call_command("import_students", *args, stdout=out)
    return json.loads(out.getvalue())


def test_command_json_contract_and_nothing_written_without_commit(school, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx_bytes([["DANH SÁCH"], NATIONAL_HEADERS, *GOOD_ROWS, BAD_ROW, ["Tổng số: 4"]]))
    result = run_command(str(path), "--school", "THPT-CHIEMHOA", "--json")
    assert list(result) == [
        "rows", "valid", "created", "updated", "errors", "warnings", "converted", "sheets", "columns", "students",
    ]  # fmt: skip
    assert (result["rows"], result["valid"], result["created"], result["updated"]) == (4, 3, 0, 0)
    assert result["errors"] == [
        {
            "row": 6, "column": "Ngày sinh", "code": "date_impossible", "message": "Ngày 31/02/2010 không tồn tại",
            "sheet": "Sheet",
        }
    ]  # fmt: skip
    assert result["converted"] == {"tcvn3": 0, "vni": 0, "cp1258": 0, "nfd": 0}
    assert result["sheets"] == [{"name": "Sheet", "rows": 4, "used": True}]
    assert [(c["index"], c["header"], c["field"]) for c in result["columns"]] == [
        (0, "STT", None), (1, "Mã lớp", "class_name"), (2, "Họ và tên", "full_name"), (3, "Ngày sinh", "dob"),
        (4, "Giới tính", "sex"), (5, "Dân tộc", "ethnicity"), (6, "Số định danh cá nhân", "citizen_id"),
    ]  # fmt: skip
    assert result["students"][0] == {
        "sheet": "Sheet", "row": 3, "full_name": "Nguyễn Văn Hợi", "family_name": "Nguyễn", "middle_name": "Văn",
        "given_name": "Hợi", "dob": "2010-09-05", "sex": "M", "ethnicity_code": "02", "ethnicity_note": "",
        "citizen_id": "008210012345", "old_id_number": "", "moet_id": "", "class_name": "10A1", "phone": "",
        "parent_phone": "",
    }  # fmt: skip
    assert Person.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_command_commit_refuses_a_file_with_errors_unless_skip_invalid(school, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx_bytes([NATIONAL_HEADERS, *GOOD_ROWS, BAD_ROW]))
    with pytest.raises(CommandError):
        run_command(str(path), "--school", "THPT-CHIEMHOA", "--commit", "--json")
    assert Person.objects.count() == 0
    result = run_command(str(path), "--school", "THPT-CHIEMHOA", "--commit", "--skip-invalid", "--json")
    assert (result["created"], result["updated"]) == (3, 0) and Person.objects.count() == 3
