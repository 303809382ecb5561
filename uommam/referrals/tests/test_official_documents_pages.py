"""The two documents of Công văn 1361-CV/BTCTW on the referral page: the sending cell issues them once, everyone who
may download the referral letter downloads them (journalled, with a purpose), and they travel in the signed package."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from uommam.audit.models import AuditAction, AuditEntry
from uommam.documents.models import GeneratedDocument
from uommam.documents.tests.test_letters import docx_text
from uommam.referrals import keys, packages
from uommam.referrals.services import ReferralError, referral_documents_issue
from uommam.testing.world import Records, World, add_records, build_world
from uommam.vn.dates import format_vn


@pytest.fixture
def world(db: None, settings, tmp_path) -> tuple[World, Records]:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    return world, add_records(world)


def client_for(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def issue_url(records: Records) -> str:
    return f"/referrals/{records.referral_a.pk}/official-documents/"


def document_url(records: Records, kind: str) -> str:
    return f"/referrals/{records.referral_a.pk}/official-documents/{kind}.docx"


def official_documents() -> list[GeneratedDocument]:
    return list(
        GeneratedDocument.objects.filter(
            template_name__in=("referral_helping_certificate", "referral_introduction_letter")
        ).order_by("pk")
    )


def test_the_sending_cell_issues_both_documents_and_downloads_them(world) -> None:
    world, records = world
    client = client_for(world, "cell_a")
    page = client.get(f"/referrals/{records.referral_a.pk}/").content.decode()
    assert 'data-testid="issue-documents"' in page and "data-confirm" in page

    response = client.post(issue_url(records), follow=True)

    assert response.status_code == 200
    certificate, letter = official_documents()
    assert certificate.number_text == "01-GCN/CB"
    assert letter.number_text == "02-CV/CB"  # the referral letter took 01-CV/CB
    page = response.content.decode()
    assert "01-GCN/CB" in page and "02-CV/CB" in page
    assert 'data-testid="issue-documents"' not in page  # issued: the page offers the downloads instead
    for kind, document in (("helping-certificate", certificate), ("introduction-letter", letter)):
        asked = client.get(document_url(records, kind))
        assert asked.status_code == 200 and asked["Content-Type"].startswith("text/html")  # the purpose first
        downloaded = client.get(document_url(records, kind), {"purpose": "filing"})
        assert downloaded.status_code == 200
        assert downloaded["Content-Disposition"].endswith('.docx"')
        assert document.number_text in docx_text(downloaded.content)
        assert AuditEntry.objects.filter(
            action=AuditAction.EXPORT, object_pk=str(document.pk), actor=world.users["cell_a"]
        ).exists()


def test_a_second_click_reuses_the_numbers(world) -> None:
    world, records = world
    client = client_for(world, "cell_a")
    client.post(issue_url(records))
    first = [d.number_text for d in official_documents()]

    response = client.post(issue_url(records), follow=True)

    assert response.status_code == 200
    assert [d.number_text for d in official_documents()] == first == ["01-GCN/CB", "02-CV/CB"]
    assert "01-GCN/CB" in response.content.decode()


def test_a_viewer_sees_the_referral_but_may_not_issue(world) -> None:
    world, records = world
    client = client_for(world, "viewer")
    assert client.get(f"/referrals/{records.referral_a.pk}/").status_code == 200
    assert 'data-testid="issue-documents"' not in client.get(f"/referrals/{records.referral_a.pk}/").content.decode()
    assert client.post(issue_url(records)).status_code == 403
    assert official_documents() == []


def test_a_committee_above_the_cell_does_not_sign_for_it(world) -> None:
    world, records = world
    assert client_for(world, "commune_a").post(issue_url(records)).status_code == 403
    assert official_documents() == []


def test_outside_scope_the_referral_and_its_documents_do_not_exist(world) -> None:
    world, records = world
    client_for(world, "cell_a").post(issue_url(records))
    outsider = client_for(world, "cell_b")
    assert outsider.post(issue_url(records)).status_code == 404
    assert outsider.get(document_url(records, "helping-certificate"), {"purpose": "filing"}).status_code == 404
    assert len(official_documents()) == 2


def test_the_receiving_unit_downloads_what_was_sent_to_it_but_does_not_issue(world) -> None:
    world, records = world
    receiver = client_for(world, "receiver")
    assert receiver.get(document_url(records, "introduction-letter"), {"purpose": "filing"}).status_code == 404
    assert receiver.post(issue_url(records)).status_code == 403
    client_for(world, "cell_a").post(issue_url(records))
    response = receiver.get(document_url(records, "introduction-letter"), {"purpose": "filing"})
    assert response.status_code == 200
    assert "Kính gửi: Đảng ủy Trường Đại học X" in docx_text(response.content)


def test_an_unknown_document_name_is_not_found(world) -> None:
    world, records = world
    client = client_for(world, "cell_a")
    client.post(issue_url(records))
    assert client.get(document_url(records, "resolution"), {"purpose": "filing"}).status_code == 404


def test_the_signed_package_carries_both_documents(world, settings, tmp_path) -> None:
    world, records = world
    settings.UOMMAM_BASE_URL = "https://uommam.example"
    settings.UOMMAM_SIGNING_KEY_FILE = str(tmp_path / "signing.pem")
    keys.generate_key_file(Path(settings.UOMMAM_SIGNING_KEY_FILE))
    client = client_for(world, "cell_a")
    client.post(issue_url(records))

    response = client.get(f"/exchange/referral/{records.referral_a.pk}/package.zip", {"purpose": "filing"})

    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = set(archive.namelist())
    stems = {name.rsplit(".", 1)[0] for name in names}
    assert {"letter", "helping_certificate", "introduction_letter"} <= stems

    # A receiving installation (here this one, trusting itself) accepts the package with the two documents.
    packages.installation_trust(document=keys.published_keys(), actor=None)
    inbound = packages.package_import(data=response.content, actor=None, to_unit=world.units["DU-U-X"])
    assert inbound.payload["letter_number"] == records.referral_a.letter_number
    changed = bytearray(response.content)
    changed[100] ^= 0x20
    with pytest.raises(packages.PackageRefused):
        packages.package_import(data=bytes(changed), actor=None, to_unit=world.units["DU-U-X"])


def test_a_cell_dissolved_before_today_cannot_issue_them_and_nothing_is_numbered(world) -> None:
    world, records = world
    cell = records.referral_a.from_cell
    type(cell).objects.filter(pk=cell.pk).update(active_until=timezone.localdate() - timedelta(days=1))

    response = client_for(world, "cell_a").post(issue_url(records), follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert "đã giải thể ngày" in page and "không thể ký giấy chứng nhận và giấy giới thiệu chuyển tiếp" in page
    assert official_documents() == []


def test_documents_dated_before_the_referral_was_sent_are_refused(world) -> None:
    world, records = world
    referral = records.referral_a
    with pytest.raises(ReferralError, match=format_vn(referral.sent_on)):
        referral_documents_issue(
            referral=referral, actor=world.users["cell_a"], on=referral.sent_on - timedelta(days=1)
        )
    assert official_documents() == []
