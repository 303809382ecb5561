"""Field rights hold in imports as on the pages: a role that sees citizen IDs masked and no relatives
(the Youth Union secretary) neither learns whose ID a number is from a preview, nor writes relatives
or another student's ID by import."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from uommam.imports.models import ImportBatch
from uommam.people.models import Person
from uommam.testing.world import World

HEADERS = ["STT", "Mã lớp", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số định danh cá nhân", "Họ tên cha"]
STUDENT_A_ID = "008308123456"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.AXES_ENABLED = False


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    for row in [HEADERS, *rows]:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client: Client, world: World, rows: list[list[Any]]) -> ImportBatch:
    response = client.post(
        reverse("imports:upload"),
        {"school": world.units["S-A"].pk, "kind": "students", "file": SimpleUploadedFile("ds.xlsx", _xlsx(rows))},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportBatch.objects.latest("pk")


def test_youth_union_preview_does_not_confirm_whose_citizen_id_it_is(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("youth_a")
    batch = _upload(client, world, [[1, "12A1", "Lò Văn Mới", "01/02/2008", "Nam", "Tày", STUDENT_A_ID, "Lò Văn Cha"]])
    page = client.get(reverse("imports:preview", args=[batch.pk])).content.decode()
    assert STUDENT_A_ID not in page
    assert "Ma Thị Ánh" not in page
    assert batch.report["students"][0]["action"] != "update"


def test_youth_union_import_writes_no_relatives_and_no_other_students_id(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("youth_a")
    # Student A by name and birthday, with a father's name the Youth Union secretary cannot see.
    batch = _upload(client, world, [[1, "12A1", "Ma Thị Ánh", "17/05/2008", "Nữ", "Tày", "", "Ma Văn Bố"]])
    client.post(reverse("imports:commit", args=[batch.pk]))
    student = Person.objects.get(pk=world.students["a"].pk)
    assert student.father_name == ""
    # A new student: created, but without the relatives this role cannot see.
    batch = _upload(
        client, world, [[1, "12A2", "Lò Văn Mới", "01/02/2008", "Nam", "Tày", "008208222333", "Lò Văn Cha"]]
    )
    client.post(reverse("imports:commit", args=[batch.pk]))
    created = Person.objects.get(full_name="Lò Văn Mới")
    assert created.father_name == "" and created.citizen_id == "008208222333"


def test_youth_union_sees_ids_masked_in_previews_of_the_cell_secretarys_batches(
    world: World, client_for: Callable[[str], Client]
) -> None:
    batch = _upload(
        client_for("cell_a"), world, [[1, "12A2", "Lò Văn Mới", "01/02/2008", "Nam", "Tày", "008208222333", ""]]
    )
    assert "008208222333" in client_for("cell_a").get(reverse("imports:preview", args=[batch.pk])).content.decode()
    page = client_for("youth_a").get(reverse("imports:preview", args=[batch.pk])).content.decode()
    assert "008208222333" not in page and "008•••••2333" in page


def _command(tmp_path: Any, rows: list[list[Any]], *args: str) -> dict[str, Any]:
    import json

    from django.core.management import call_command

    path = tmp_path / "ds.xlsx"
    path.write_bytes(_xlsx(rows))
    out = io.StringIO()
    call_command("import_students", str(path), "--school", "S-A", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_import_command_as_a_youth_union_secretary_obeys_the_pages_field_rights(
    world: World, tmp_path: Any
) -> None:
    # Student A by name and birthday, with a father's name the Youth Union secretary cannot set by hand.
    _command(
        tmp_path,
        [[1, "12A1", "Ma Thị Ánh", "17/05/2008", "Nữ", "Tày", "", "Ma Văn Bố"]],
        "--user",
        "youth_a",
        "--commit",
    )
    assert Person.objects.get(pk=world.students["a"].pk).father_name == ""
    # Another student's citizen ID alone is not a match the command confirms either.
    found = _command(
        tmp_path,
        [[1, "12A1", "Lò Văn Mới", "01/02/2008", "Nam", "Tày", STUDENT_A_ID, "Lò Văn Cha"]],
        "--user",
        "youth_a",
    )
    assert [s["action"] for s in found["students"]] != ["update"]
    # The same file as the cell secretary (who sets relatives by hand) writes the father's name.
    _command(
        tmp_path,
        [[1, "12A1", "Ma Thị Ánh", "17/05/2008", "Nữ", "Tày", "", "Ma Văn Bố"]],
        "--user",
        "cell_a",
        "--commit",
    )
    assert Person.objects.get(pk=world.students["a"].pk).father_name == "Ma Văn Bố"


def test_the_import_command_refuses_a_school_the_user_may_not_import_into(world: World, tmp_path: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="không có quyền"):
        _command(
            tmp_path, [[1, "12A1", "Lò Văn Mới", "01/02/2008", "Nam", "Tày", "", ""]], "--user", "cell_b", "--commit"
        )
    assert not Person.objects.filter(full_name="Lò Văn Mới").exists()


def _docx_text(content: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/document.xml").decode()


def test_referral_letter_shows_the_receiving_officer_the_citizen_id_masked(
    world: World, client_for: Callable[[str], Client]
) -> None:
    from uommam.testing.world import add_records

    referral = add_records(world).referral_a
    url = reverse("referrals:letter_docx", args=[referral.pk])
    full = _docx_text(client_for("cell_a").get(url, {"purpose": "filing"}).content)
    assert "008208777777" in full
    masked = _docx_text(client_for("receiver").get(url, {"purpose": "receiving"}).content)
    assert "008208777777" not in masked and "008•••••7777" in masked


def test_a_viewer_may_not_download_dossier_scans_holding_relatives(
    world: World, client_for: Callable[[str], Client]
) -> None:
    from uommam.testing.world import add_records

    records = add_records(world)
    url = reverse("pipeline:dossier_file", args=[records.candidate_a.pk, records.dossier_item_a.pk])
    assert client_for("viewer").get(url, {"purpose": "filing"}).status_code == 403
    assert client_for("cell_a").get(url, {"purpose": "filing"}).status_code == 200
