"""Backup and restore: a round trip gives back every row of every table, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from uommam.audit.models import AuditEntry
from uommam.core.backup import BackupError, restore, table_fingerprints
from uommam.people import services as people_services
from uommam.people.models import Person
from uommam.testing.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def _populate() -> None:
    world = build_world()
    people_services.person_update(
        person=world.students["a"], data={"notes": "Ghi chú “đặc biệt” ưu tú"}, actor=world.users["cell_a"]
    )


def test_a_round_trip_preserves_every_row_of_every_table(tmp_path: Path) -> None:
    _populate()
    before = table_fingerprints()
    assert before["people_person"][0] == 2 and before["audit_auditentry"][0] > 0
    file = tmp_path / "uommam.backup"
    call_command("backup", str(file), stdout=io.StringIO())

    Person.objects.filter(given_name="Ánh").update(class_name="changed")
    AuditEntry.objects.all().delete()
    assert table_fingerprints() != before

    call_command("restore", str(file), "--yes", stdout=io.StringIO())
    assert table_fingerprints() == before


def test_restore_refuses_without_yes_and_changes_nothing(tmp_path: Path) -> None:
    _populate()
    file = tmp_path / "uommam.backup"
    call_command("backup", str(file), stdout=io.StringIO())
    Person.objects.update(class_name="after the backup")
    snapshot = table_fingerprints()
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(file))
    assert table_fingerprints() == snapshot


def test_uploaded_files_travel_in_the_archive(tmp_path: Path, settings) -> None:
    _populate()
    settings.MEDIA_ROOT = tmp_path / "media"
    scan = settings.MEDIA_ROOT / "dossiers" / "scan.pdf"
    scan.parent.mkdir(parents=True)
    scan.write_bytes(b"%PDF-1.4 scan")
    before = table_fingerprints()
    file = tmp_path / "full.tar"
    call_command("backup", str(file), "--media", stdout=io.StringIO())
    scan.unlink()
    Person.objects.all().update(notes="x")
    call_command("restore", str(file), "--yes", stdout=io.StringIO())
    assert scan.read_bytes() == b"%PDF-1.4 scan"
    assert table_fingerprints() == before


def test_restore_rejects_files_that_are_not_backups(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a backup at all" * 100)
    with pytest.raises(CommandError, match="not an Ươm Mầm backup"):
        call_command("restore", str(junk), "--yes")


def test_archives_with_paths_outside_the_folder_are_refused(tmp_path: Path) -> None:
    evil = tmp_path / "evil.tar"
    with tarfile.open(evil, "w") as archive:
        member = tarfile.TarInfo("../../escaped.txt")
        member.size = 3
        archive.addfile(member, io.BytesIO(b"bad"))
    with pytest.raises((BackupError, tarfile.TarError)):
        restore(evil)
    assert not (tmp_path.parent.parent / "escaped.txt").exists()
