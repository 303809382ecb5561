"""Backup and restore: a round trip gives back every row of every table, on SQLite and PostgreSQL."""

from __future__ import annotations

import builtins
import io
import stat
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from uommam.audit.models import AuditEntry
from uommam.core import backup as backup_module
from uommam.core.backup import BackupError, safe_extract, table_fingerprints
from uommam.people import services as people_services
from uommam.people.models import Person
from uommam.testing.planner import planner_row_estimate
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

    call_command("restore", str(file), "--noinput", stdout=io.StringIO())
    assert table_fingerprints() == before


def test_a_restored_database_has_the_planner_statistics_of_its_rows(tmp_path: Path) -> None:
    _populate()
    file = tmp_path / "uommam.backup"
    call_command("backup", str(file), stdout=io.StringIO())
    Person.objects.filter(given_name="Ánh").delete()

    call_command("restore", str(file), "--noinput", stdout=io.StringIO())
    assert planner_row_estimate("people_person") == Person.objects.count() == 2


@pytest.mark.parametrize("answer", ["no", "", "y"])
def test_restore_asks_and_changes_nothing_unless_the_operator_types_yes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: str
) -> None:
    _populate()
    file = tmp_path / "uommam.backup"
    call_command("backup", str(file), stdout=io.StringIO())
    Person.objects.update(class_name="after the backup")
    snapshot = table_fingerprints()
    asked = []
    monkeypatch.setattr(builtins, "input", lambda prompt: asked.append(prompt) or answer)
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore", str(file))
    assert "replace every record" in asked[0] and "--noinput" in asked[0]
    assert table_fingerprints() == snapshot


def test_restore_without_a_terminal_and_without_noinput_changes_nothing(tmp_path: Path) -> None:
    _populate()
    file = tmp_path / "uommam.backup"
    call_command("backup", str(file), stdout=io.StringIO())
    Person.objects.update(class_name="after the backup")
    snapshot = table_fingerprints()
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore", str(file))  # pytest's stdin cannot be read, like cron's
    assert table_fingerprints() == snapshot


@pytest.mark.parametrize("flag", ["yes-typed", "--no-input", "--yes"])
def test_restore_proceeds_when_confirmed_or_told_not_to_ask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: str
) -> None:
    _populate()
    before = table_fingerprints()
    file = tmp_path / "uommam.backup"
    call_command("backup", str(file), stdout=io.StringIO())
    Person.objects.update(class_name="after the backup")
    monkeypatch.setattr(builtins, "input", lambda prompt: "yes")
    args = [] if flag == "yes-typed" else [flag]
    call_command("restore", str(file), *args, stdout=io.StringIO())
    assert table_fingerprints() == before


def test_backup_files_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    _populate()
    for name, extra in (("db.backup", []), ("full.tar", ["--media"])):
        call_command("backup", str(tmp_path / name), *extra, stdout=io.StringIO())
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600


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
    call_command("restore", str(file), "--noinput", stdout=io.StringIO())
    assert scan.read_bytes() == b"%PDF-1.4 scan"
    assert table_fingerprints() == before


def test_restore_rejects_files_that_are_not_backups(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a backup at all" * 100)
    with pytest.raises(CommandError, match="not an Ươm Mầm backup"):
        call_command("restore", str(junk), "--noinput")


def _python_3_11_2_tarfile(monkeypatch: pytest.MonkeyPatch) -> None:
    """tarfile as Debian 12's Python 3.11.2 has it: no data filter, no `filter` argument."""
    monkeypatch.setattr(backup_module, "HAS_TAR_FILTER", False)
    for name in ("extractall", "extract"):
        original = getattr(tarfile.TarFile, name)

        def without_filter(self, *args, _original=original, _name=name, **kwargs):  # type: ignore[no-untyped-def]
            if "filter" in kwargs:
                raise TypeError(f"TarFile.{_name}() got an unexpected keyword argument 'filter'")
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(tarfile.TarFile, name, without_filter)


def test_an_archive_restores_on_a_python_whose_tarfile_has_no_filter(
    tmp_path: Path, settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _populate()
    settings.MEDIA_ROOT = tmp_path / "media"
    scan = settings.MEDIA_ROOT / "dossiers" / "2024" / "scan.pdf"
    scan.parent.mkdir(parents=True)
    scan.write_bytes(b"%PDF-1.4 scan")
    before = table_fingerprints()
    file = tmp_path / "full.tar"
    call_command("backup", str(file), "--media", stdout=io.StringIO())
    scan.unlink()
    Person.objects.all().update(notes="x")

    _python_3_11_2_tarfile(monkeypatch)
    call_command("restore", str(file), "--noinput", stdout=io.StringIO())
    assert scan.read_bytes() == b"%PDF-1.4 scan"
    assert table_fingerprints() == before


def _member(name: str, kind: bytes = tarfile.REGTYPE, linkname: str = "") -> tarfile.TarInfo:
    member = tarfile.TarInfo(name)
    member.type = kind
    member.linkname = linkname
    return member


UNSAFE_MEMBERS = {
    "dot-dot": _member("media/../../escaped.txt"),
    "leading dot-dot": _member("../escaped.txt"),
    "absolute": _member("/tmp/uommam-escaped.txt"),
    "symlink out": _member("media/link", tarfile.SYMTYPE, "/etc/passwd"),
    "symlink up": _member("media/link", tarfile.SYMTYPE, "../../.."),
    "hard link": _member("media/hard", tarfile.LNKTYPE, "/etc/shadow"),
    "device": _member("media/disk", tarfile.BLKTYPE),
    "character device": _member("media/tty", tarfile.CHRTYPE),
    "fifo": _member("media/pipe", tarfile.FIFOTYPE),
}


def _archive_with(tmp_path: Path, unsafe: tarfile.TarInfo) -> Path:
    evil = tmp_path / "evil.tar"
    with tarfile.open(evil, "w") as archive:
        for member, data in ((_member("manifest.json"), b"{}"), (_member("media/ok.txt"), b"fine"), (unsafe, b"bad")):
            member.size = len(data) if member.isreg() else 0
            archive.addfile(member, io.BytesIO(data) if member.isreg() else None)
    return evil


@pytest.mark.parametrize("with_filter", [False, True], ids=["python-3.11.2", "data-filter"])
@pytest.mark.parametrize("case", list(UNSAFE_MEMBERS))
def test_archives_with_members_that_could_escape_are_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, with_filter: bool
) -> None:
    if with_filter and not backup_module.HAS_TAR_FILTER:
        pytest.skip("this Python's tarfile has no data filter; the python-3.11.2 variant covers the check")
    if not with_filter:
        _python_3_11_2_tarfile(monkeypatch)
    evil = _archive_with(tmp_path, UNSAFE_MEMBERS[case])
    target = tmp_path / "unpacked"
    target.mkdir()
    with tarfile.open(evil) as archive, pytest.raises(BackupError, match="nothing was restored"):
        safe_extract(archive, target, use_filter=with_filter)
    assert list(target.iterdir()) == []
    assert not (tmp_path / "escaped.txt").exists() and not Path("/tmp/uommam-escaped.txt").exists()


def test_restore_of_an_archive_with_an_escaping_member_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _populate()
    snapshot = table_fingerprints()
    _python_3_11_2_tarfile(monkeypatch)
    evil = _archive_with(tmp_path, UNSAFE_MEMBERS["dot-dot"])
    with pytest.raises(CommandError, match="points outside"):
        call_command("restore", str(evil), "--noinput")
    assert table_fingerprints() == snapshot
    assert not (tmp_path.parent / "escaped.txt").exists()
