"""Awareness-class rosters: enrolment through the training services, results, certificates, permissions."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from uommam.imports import services
from uommam.imports.models import ImportBatch, ImportKind, ImportStatus
from uommam.pipeline.models import Candidate
from uommam.pipeline.stages import Stage
from uommam.testing.spreadsheets import xlsx_bytes
from uommam.testing.trees import build_class_world
from uommam.training.models import Enrolment, EnrolmentResult

HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Mã định danh Bộ GD&ĐT", "Trường", "Lớp", "Điểm bài thu hoạch", "Kết quả"]


@pytest.fixture
def world(db):
    return build_class_world()


@pytest.fixture
def cls(world):
    return world.awareness_class()


@pytest.fixture
def people(world):
    an = world.sympathiser("Ma", "Văn", "An", school=0)
    binh = world.person("Lý", "Thị", "Bình", school=1, dob=date(2007, 5, 6))
    return an, binh


def rows(an, binh, *, result_an="Đạt", result_binh="Không đạt"):
    # A pass needs the pass mark (5,0): Bình's essay follows her result.
    score_binh = 6 if result_binh == "Đạt" else 4
    return [
        HEADERS,
        [1, "Ma Văn An", "04/03/2007", an.person.moet_id, "Trường THPT số 1", "11A1", "8,5", result_an],
        [2, "LÝ THỊ BÌNH", "06/05/2007", "", "T-S2", "11A1", score_binh, result_binh],
    ]


def preview(user, cls, data_rows):
    return services.import_preview(
        actor=user, school=None, data=xlsx_bytes(data_rows), file_name="hv.xlsx", kind=ImportKind.CLASS_ROSTER,
        awareness_class=cls,
    )  # fmt: skip


def test_roster_enrols_through_the_workflow_and_records_results(world, cls, people):
    an, binh = people
    officer = world.users["centre"]
    batch = preview(officer, cls, rows(an, binh))
    assert (batch.valid, batch.to_create, batch.error_count) == (2, 2, 0), batch.report["errors"]
    assert not Enrolment.objects.exists()
    batch = services.import_commit(batch=batch, actor=officer)
    assert (batch.status, batch.created) == (ImportStatus.COMMITTED, 2)
    enrolments = {e.person_id: e for e in Enrolment.objects.all()}
    assert (
        enrolments[an.person_id].result == EnrolmentResult.PASSED
        and str(enrolments[an.person_id].essay_score) == "8.50"
    )
    assert enrolments[binh.pk].result == EnrolmentResult.FAILED
    # The candidacy moved through pipeline.workflow (enrol), not by setting the stage.
    an.refresh_from_db()
    assert an.stage == Stage.IN_CLASS and an.events.filter(transition="enrol").exists()
    assert services.undo_blockers(batch)  # rosters are changed on the class pages, not undone here


def test_certificates_from_the_file_are_issued_through_the_training_service(world, cls, people):
    an, binh = people
    officer = world.users["centre"]
    data = rows(an, binh, result_binh="Đạt")
    data[0] += ["Số giấy chứng nhận", "Ngày cấp"]
    data[1] += ["GCN-01", "07/11/2026"]
    data[2] += ["GCN-02", "07/11/2026"]
    batch = services.import_commit(batch=preview(officer, cls, data), actor=officer)
    assert batch.created == 2
    assert sorted(Enrolment.objects.values_list("certificate_number", flat=True)) == ["GCN-01", "GCN-02"]
    an.refresh_from_db()
    assert an.stage == Stage.CERTIFIED and an.certificate_number == "GCN-01"


def test_certificate_rows_are_checked_before_commit(world, cls, people):
    an, binh = people
    data = rows(an, binh)
    data[0] += ["Số giấy chứng nhận", "Ngày cấp"]
    data[1] += ["GCN-01", "07/11/2026"]
    data[2] += ["GCN-02", "21/11/2026"]
    batch = preview(world.users["centre"], cls, data)
    codes = {e["code"] for e in batch.report["errors"]}
    assert {"certificate_dates_differ", "certificate_not_passed"} <= codes


def test_unknown_students_and_schools_outside_the_area_are_errors_and_nothing_is_written(world, cls, people):
    an, binh = people
    data = [*rows(an, binh), [3, "Đinh Văn Lạ", "01/01/2007", "", "Trường Khác", "11A1", "", "Giỏi"],
            [4, "Đinh Văn Mới", "01/01/2007", "", "", "11A1", "", ""]]  # fmt: skip
    batch = preview(world.users["centre"], cls, data)
    codes = [(e["row"], e["code"]) for e in batch.report["errors"]]
    assert (
        (4, "school_unknown") in codes
        and (5, "roster_student_not_found") in codes
        and (4, "class_result_unknown") in codes
    )
    with pytest.raises(services.ImportRefused):
        services.import_commit(batch=batch, actor=world.users["centre"])
    assert not Enrolment.objects.exists() and Candidate.objects.get().stage == Stage.SYMPATHISER


def test_a_refusal_from_the_training_service_rolls_everything_back(world, cls, people):
    an, binh = people
    other_officer = world.users["committee"]
    # A full class: the service would refuse; the preview already says so.
    cls.capacity = 1
    cls.save()
    batch = preview(other_officer, cls, rows(an, binh))
    assert "class_full" in [e["code"] for e in batch.report["errors"]]
    with pytest.raises(services.ImportRefused):
        services.import_commit(batch=batch, actor=other_officer, skip_invalid=True)
    assert not Enrolment.objects.exists()


def upload(client, cls, data):
    return client.post(
        reverse("imports:upload"),
        {"kind": "class_roster", "awareness_class": cls.pk, "file": SimpleUploadedFile("hv.xlsx", data)},
    )


def test_a_cell_secretary_cannot_import_a_roster_and_a_centre_officer_can(client, world, cls, people):
    data = xlsx_bytes(rows(*people))
    client.force_login(world.users["secretary"])
    assert upload(client, cls, data).status_code == 403
    client.force_login(world.users["sibling"])  # a centre officer of another centre: not their class
    assert upload(client, cls, data).status_code == 404
    assert not ImportBatch.objects.exists()
    client.force_login(world.users["centre"])
    response = upload(client, cls, data)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.awareness_class == cls and batch.school is None
    page = client.get(reverse("imports:preview", args=[batch.pk])).content.decode()
    assert "Ma Văn An" in page and "Lý Thị Bình" in page
    client.force_login(world.users["sibling"])
    assert client.post(reverse("imports:commit", args=[batch.pk])).status_code == 404
    client.force_login(world.users["centre"])
    assert client.post(reverse("imports:commit", args=[batch.pk])).status_code == 302
    assert Enrolment.objects.count() == 2


def test_roster_template_has_result_drop_down_and_score_check(client, world):
    import io

    import openpyxl

    client.force_login(world.users["centre"])
    response = client.get(reverse("imports:template") + "?kind=class_roster")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Danh sách"]
    assert "Kết quả" in [c.value for c in sheet[1]]
    kinds = sorted(v.type for v in sheet.data_validations.dataValidation)
    assert kinds == ["decimal", "list"]


def run(*args):
    out = StringIO()
    call_command("import_roster", *args, stdout=out)
    return json.loads(out.getvalue())


def test_command_json_and_commit(world, cls, people, tmp_path):
    path = tmp_path / "hv.xlsx"
    path.write_bytes(xlsx_bytes(rows(*people)))
    result = run(str(path), "--class", cls.code, "--json")
    assert list(result) == [
        "rows", "valid", "created", "updated", "errors", "warnings", "converted", "sheets", "columns", "students",
    ]  # fmt: skip
    assert (result["rows"], result["valid"], result["created"], result["errors"]) == (2, 2, 0, [])
    first = result["students"][0]
    assert first["full_name"] == "Ma Văn An" and first["sex"] == "M" and first["result"] == "passed"
    assert first["essay_score"] == "8.50" and first["class_name"] == "11A1"
    assert not Enrolment.objects.exists()
    # Without a user the workflow refuses to move the candidacy: nothing is written.
    with pytest.raises(CommandError):
        run(str(path), "--class", cls.code, "--commit", "--json")
    assert not Enrolment.objects.exists()
    result = run(str(path), "--class", cls.code, "--user", "centre", "--commit", "--json")
    assert (result["created"], result["updated"]) == (2, 0) and Enrolment.objects.count() == 2
