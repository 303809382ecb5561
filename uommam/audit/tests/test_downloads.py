"""Downloads are journalled with a purpose; the prompt keeps the query and explains itself."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from uommam.audit.downloads import PurposeForm, purpose_or_prompt
from uommam.audit.models import AuditEntry
from uommam.audit.services import audit_download
from uommam.testing.world import World


def _request(world: World, data: dict[str, str], method: str = "get"):
    request = getattr(RequestFactory(), method)("/reports/names.xlsx", data)
    request.user = world.users["cell_a"]
    return request


def test_audit_download_journals_label_purpose_and_unit(world: World) -> None:
    entry = audit_download(
        actor=world.users["cell_a"], obj_or_label="Danh sách", purpose="lưu hồ sơ", unit=world.units["S-A"]
    )
    assert (entry.action, entry.object_repr, entry.note, entry.unit_path) == (
        "export",
        "Danh sách",
        "lưu hồ sơ",
        world.units["S-A"].path,
    )


def test_audit_download_of_a_record_names_it(world: World) -> None:
    entry = audit_download(
        actor=world.users["cell_a"], obj_or_label=world.students["a"], purpose="x", unit=world.units["S-A"]
    )
    assert entry.model == "people.Person" and entry.object_pk == str(world.students["a"].pk)


def test_without_a_purpose_the_user_is_asked_and_nothing_is_journalled(world: World) -> None:
    response = purpose_or_prompt(_request(world, {"year": "2025"}), label="Danh sách", unit=world.units["S-A"])
    assert isinstance(response, HttpResponse) and response.status_code == 200
    body = response.content.decode()
    assert 'name="year" value="2025"' in body and 'name="purpose"' in body
    assert not AuditEntry.objects.filter(action="export").exists()


def test_a_chosen_purpose_is_journalled_with_its_label(world: World) -> None:
    assert purpose_or_prompt(_request(world, {"purpose": "report"}), label="Danh sách", unit=world.units["S-A"]) is None
    entry = AuditEntry.objects.get(action="export")
    assert entry.note and entry.actor == world.users["cell_a"]


@pytest.mark.parametrize(
    ("data", "valid"),
    [
        ({"purpose": "other", "purpose_other": "Gửi Ban Tổ chức"}, True),
        ({"purpose": "other", "purpose_other": "  "}, False),
        ({"purpose": "nonsense"}, False),
        ({"purpose": "filing"}, True),
    ],
)
def test_purpose_form_requires_a_description_for_other(data: dict[str, str], valid: bool) -> None:
    assert PurposeForm(data).is_valid() is valid


def test_other_purpose_is_journalled_in_the_users_words(world: World) -> None:
    request = _request(world, {"purpose": "other", "purpose_other": "Gửi Ban Tổ chức"}, method="post")
    assert purpose_or_prompt(request, label="Danh sách", unit=None) is None
    assert AuditEntry.objects.get(action="export").note == "Gửi Ban Tổ chức"
