"""A CSV with a field larger than Python's default 128 KiB field limit is read (up to the file limit),
and answered with row messages, not a server error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from uommam.imports.models import ImportBatch
from uommam.testing.world import World


def test_a_csv_field_over_128_kib_is_read_not_a_500(
    world: World, client_for: Callable[[str], Client], settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    header = "STT,Mã lớp,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Địa chỉ\n"
    row = '1,12A1,Lò Văn Dài,01/02/2008,Nam,Tày,"' + "x" * 200_000 + '"\n'
    data = (header + row).encode("utf-8")
    client = client_for("cell_a")
    client.raise_request_exception = False
    response = client.post(
        reverse("imports:upload"),
        {"school": world.units["S-A"].pk, "kind": "students", "file": SimpleUploadedFile("ds.csv", data)},
    )
    assert response.status_code in (200, 302)
    assert ImportBatch.objects.filter(file_name="ds.csv").exists()
