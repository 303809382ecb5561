"""Between installations: a referral package signed by the sending installation is imported by
another installation — a separate process with its own database and key — into its inbox; the
acknowledgement and the outcome come back as a signed reply and land on the referral through the
referral services. A package with any one byte changed is refused."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from uommam.referrals import keys, packages
from uommam.referrals.models import AcknowledgementKind, Referral, Status
from uommam.referrals.verification_models import OnlineAcknowledgement

from .helpers import refer

SENDER = "https://uommam.chiemhoa.example"
RECEIVER = "https://uommam.cdtq.example"
ROOT = Path(django_settings.BASE_DIR)


@pytest.fixture
def sender_key(settings, tmp_path) -> Path:
    settings.UOMMAM_BASE_URL = SENDER
    settings.UOMMAM_INSTALLATION_NAME = "Ươm Mầm Chiêm Hóa"
    settings.UOMMAM_SIGNING_KEY_FILE = str(tmp_path / "sender" / "signing.pem")
    keys.generate_key_file(Path(settings.UOMMAM_SIGNING_KEY_FILE))
    return Path(settings.UOMMAM_SIGNING_KEY_FILE)


def _run_peer(work: Path) -> dict:
    """The receiving installation: migrate its own database, then import, answer and reply."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'peer.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "UOMMAM_BASE_URL": RECEIVER,
        "UOMMAM_INSTALLATION_NAME": "Ươm Mầm Cao đẳng Tuyên Quang",
        "UOMMAM_SIGNING_KEY_FILE": str(work / "peer-signing.pem"),
        "PEER_DIR": str(work),
        "PEER_ACK_ON": "2026-03-05",
        "PEER_OUTCOME_ON": "2026-03-09",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "-v0"],
        ["shell", "-c", "from uommam.referrals.tests.peer_installation import main; main()"],
    ):
        completed = subprocess.run([*manage, *command], env=env, cwd=ROOT, capture_output=True, timeout=600)
        assert completed.returncode == 0, completed.stderr.decode()[-3000:]
    return json.loads((work / "result.json").read_text())


def test_a_package_travels_to_another_installation_and_the_answer_comes_back(
    rw, sender_key, tmp_path, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(rw, rw.candidate(given="Hạnh"), to="DU-U-Y")
    sender = rw.client("cell_a")
    published = sender.get("/.well-known/uommam-keys.json")
    assert published.status_code == 200 and published.json()["keys"][0]["alg"] == "Ed25519"
    download = sender.get(f"/exchange/referral/{referral.pk}/package.zip", {"purpose": "receiving"})
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    package = download.content
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        names = set(archive.namelist())
    assert names in (
        {"manifest.json", "referral.json", "letter.pdf"},
        {"manifest.json", "referral.json", "letter.docx"},
    )

    work = tmp_path / "peer"
    work.mkdir()
    (work / "sender-keys.json").write_text(json.dumps(published.json()), encoding="utf-8")
    (work / "package.zip").write_bytes(package)
    result = _run_peer(work)
    assert result["refused"] == result["positions"] > 300
    assert (result["inbound"], result["student"], result["has_citizen_id"]) == (1, "Ma Thị Hạnh", False)
    assert result["letter_bytes"] > 1000

    # Back at the sender: trust the receiver's published keys, then the reply.
    packages.installation_trust(document=json.loads((work / "keys.json").read_text()), actor=rw.users["cell_a"])
    reply = (work / "reply.zip").read_bytes()
    changed = reply[:40] + bytes([reply[40] ^ 0x20]) + reply[41:]
    with pytest.raises(packages.PackageRefused):
        packages.package_import(data=changed, actor=rw.users["cell_a"])
    assert Referral.objects.get(pk=referral.pk).status == Status.SENT

    upload = SimpleUploadedFile("tra-loi.zip", reply, content_type="application/zip")
    response = sender.post("/exchange/import/", {"package": upload})
    assert response.status_code == 302 and response["Location"] == f"/referrals/{referral.pk}/"
    referral.refresh_from_db()
    assert (referral.status, referral.acknowledged_on, referral.acknowledgement_kind) == (
        Status.ADMITTED,
        date(2026, 3, 5),
        AcknowledgementKind.ONLINE,
    )
    assert (referral.outcome_on, referral.decision_number) == (date(2026, 3, 9), "45-QĐ/ĐU")
    answer = OnlineAcknowledgement.objects.get(referral=referral)
    assert (answer.channel, answer.organisation, answer.officer_name) == (
        "package",
        "Đảng ủy Trường Cao đẳng Tuyên Quang",
        "Hà Văn Nam",
    )
    page = sender.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Hà Văn Nam" in page and "45-QĐ/ĐU" in page


def test_a_package_from_an_installation_not_trusted_is_refused(rw, sender_key) -> None:
    referral = refer(rw, rw.candidate(), to="DU-U-Y")
    package = packages.referral_package(referral=referral)
    with pytest.raises(packages.PackageRefused, match="chưa tin cậy"):
        packages.package_import(data=package, actor=None, to_unit=rw.units["DU-U-Y"])


def test_a_reply_for_a_referral_the_importer_does_not_follow_is_refused(rw, sender_key, tmp_path) -> None:
    referral = refer(rw, rw.candidate(), to="DU-U-Y")
    # This installation trusts itself, so it can read its own package as a receiver would.
    packages.installation_trust(document=keys.published_keys(), actor=None)
    inbound = packages.package_import(
        data=packages.referral_package(referral=referral), actor=None, to_unit=rw.units["DU-U-Y"]
    )
    with _time(date(2026, 3, 4)):
        inbound = packages.inbound_acknowledge(
            inbound=inbound,
            actor=None,
            on=date(2026, 3, 4),
            officer_name="A",
            officer_position="B",
            contact="0912345678",
        )
    reply = packages.reply_package(inbound=inbound)
    response = rw.client("cell_b").post("/exchange/import/", {"package": SimpleUploadedFile("r.zip", reply)})
    assert response.status_code == 400 and "không theo dõi" in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == Status.SENT


def _time(day: date):
    import time_machine

    return time_machine.travel(day, tick=False)
