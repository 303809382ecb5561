"""Backing up and restoring the whole database, and optionally the uploaded files.

SQLite is copied page by page with SQLite's online backup API (`sqlite3.Connection.backup`), so the
application may keep serving while it runs; PostgreSQL with `pg_dump -Fc` and restored with
`pg_restore --clean --if-exists`. A backup file is either the bare database copy (SQLite file or
pg_dump custom archive) or, with the uploaded files, a tar archive holding `manifest.json`, the
database copy and `media/`. `restore` recognises all three by their first bytes.

Archives are unpacked by `safe_extract`: every member is checked first (no absolute path, no `..`, no
link, no device), then extracted with tarfile's "data" filter where the Python has it (3.11.4+) and by
plain file copies where it does not (Debian 12 ships 3.11.2, whose `extractall` has no `filter`).

`table_fingerprints()` counts and checksums every table: the round-trip test and an operator
checking a restore compare two of them.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

from .planner import refresh_planner_statistics

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
DB_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore could not be done; the message says why, for the operator."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    vendor: str
    with_media: bool
    size: int


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in DB_MEMBER:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def postgres_binary(name: str) -> str:
    """The newest /usr/lib/postgresql/*/bin/NAME (as scripts/with-postgres picks), else NAME on PATH."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: [int(x) if x.isdigit() else 0 for x in p.parts[-3].split(".")],
        reverse=True,
    )
    for candidate in candidates:
        if os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} not found: install the PostgreSQL client programs")
    return found


def _pg_args(alias: str) -> tuple[list[str], dict[str, str]]:
    """Connection options from the Django settings (the test database too), password in the env."""
    conf = connections[alias].settings_dict
    args = ["--dbname", conf["NAME"]]
    if conf.get("HOST"):
        args += ["--host", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", str(conf["USER"])]
    env = {**os.environ}
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[:2000]}")


def _dump_database(alias: str, target: Path) -> None:
    if _vendor(alias) == "sqlite":
        connection = connections[alias]
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            # The live connection is the source, so an in-memory test database works as well.
            connection.connection.backup(destination)
        finally:
            destination.close()
    else:
        args, env = _pg_args(alias)
        _run(
            [postgres_binary("pg_dump"), "--format=custom", "--no-owner", "--no-acl", "--file", str(target), *args], env
        )


def _load_database(alias: str, source: Path, vendor: str) -> None:
    if vendor != _vendor(alias):
        raise BackupError(f"this backup holds a {vendor} database; the configured database is {_vendor(alias)}")
    connection = connections[alias]
    if vendor == "sqlite":
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise BackupError("cannot restore inside a transaction")
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
    else:
        connection.close()
        args, env = _pg_args(alias)
        _run(
            [
                postgres_binary("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-acl",
                "--single-transaction",
                *args,
                str(source),
            ],
            env,
        )


def backup(path: Path | str, *, include_media: bool = False, alias: str = "default") -> BackupInfo:
    """Write a backup to `path` (replaced atomically once complete)."""
    path = Path(path)
    vendor = _vendor(alias)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".uommam-backup-") as work:
        db_copy = Path(work) / DB_MEMBER[vendor]
        _dump_database(alias, db_copy)
        partial = Path(work) / "backup.partial"
        if include_media:
            manifest = {"format": 1, "vendor": vendor, "created_at": timezone.now().isoformat(), "media": True}
            with tarfile.open(partial, "w") as archive:
                data = json.dumps(manifest).encode()
                member = tarfile.TarInfo("manifest.json")
                member.size = len(data)
                archive.addfile(member, io.BytesIO(data))
                archive.add(db_copy, arcname=DB_MEMBER[vendor])
                media_root = Path(settings.MEDIA_ROOT)
                if media_root.is_dir():
                    archive.add(media_root, arcname="media")
        else:
            db_copy.replace(partial)
        # Personal data of minors: readable by the service user only, whatever the umask.
        partial.chmod(0o600)
        partial.replace(path)
    return BackupInfo(path=path, vendor=vendor, with_media=include_media, size=path.stat().st_size)


def detect(path: Path) -> str:
    """ "sqlite", "postgresql" or "archive" from the file's first bytes."""
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    if tarfile.is_tarfile(path):
        return "archive"
    raise BackupError(f"{path} is not an Ươm Mầm backup")


# tarfile.data_filter and extractall(filter=...) arrived in Python 3.11.4; Debian 12 has 3.11.2.
HAS_TAR_FILTER = hasattr(tarfile, "data_filter")


def check_member(member: tarfile.TarInfo) -> None:
    """Refuse a member that could write outside the folder or create anything but files and folders.

    Backups hold only regular files and folders, so links and devices are refused outright rather than
    followed: the same answer on every Python, with or without tarfile's "data" filter.
    """
    name = member.name
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or posixpath.isabs(name) or (len(name) > 1 and name[1] == ":"):
        raise BackupError(f"the archive member {name!r} has an absolute path; nothing was restored")
    if ".." in parts:
        raise BackupError(f"the archive member {name!r} points outside the archive folder; nothing was restored")
    if member.issym() or member.islnk():
        raise BackupError(f"the archive member {name!r} is a link ({member.linkname!r}); nothing was restored")
    if not (member.isfile() or member.isdir()):
        raise BackupError(f"the archive member {name!r} is a device or special file; nothing was restored")


def _copy_member(archive: tarfile.TarFile, member: tarfile.TarInfo, root: Path) -> None:
    """Extract one checked member without tarfile's filter: modes as the "data" filter leaves them."""
    target = root.joinpath(*[part for part in member.name.split("/") if part not in ("", ".")])
    if member.isdir():
        target.mkdir(parents=True, exist_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    source = archive.extractfile(member)
    if source is None:  # pragma: no cover - check_member let only regular files through
        raise BackupError(f"the archive member {member.name!r} cannot be read")
    # "x": never write through something already there; mode: no setuid/sticky, no group/other write.
    with source, open(target, "xb") as out:
        shutil.copyfileobj(source, out)
    target.chmod((member.mode & 0o755) | 0o600)


def safe_extract(archive: tarfile.TarFile, root: Path, *, use_filter: bool | None = None) -> None:
    """Unpack `archive` into `root` after checking every member; nothing is written if one is refused."""
    members = archive.getmembers()
    for member in members:
        check_member(member)
    if HAS_TAR_FILTER if use_filter is None else use_filter:
        archive.extractall(root, members=members, filter="data")
    else:
        for member in members:
            _copy_member(archive, member, root)


@contextmanager
def _unpacked(path: Path) -> Iterator[tuple[Path, str, Path | None]]:
    """(database copy, vendor, media folder or None) of a backup file."""
    kind = detect(path)
    if kind != "archive":
        yield path, kind, None
        return
    with tempfile.TemporaryDirectory(prefix="uommam-restore-") as work, tarfile.open(path) as archive:
        safe_extract(archive, Path(work))
        root = Path(work)
        try:
            manifest = json.loads((root / "manifest.json").read_text())
        except (OSError, ValueError) as exc:
            raise BackupError(f"{path}: the archive has no valid manifest.json") from exc
        vendor = manifest.get("vendor")
        if vendor not in DB_MEMBER or not (root / DB_MEMBER[vendor]).is_file():
            raise BackupError(f"{path}: the archive holds no database copy")
        media = root / "media"
        yield root / DB_MEMBER[vendor], vendor, media if media.is_dir() else None


def restore(path: Path | str, *, include_media: bool = True, alias: str = "default") -> BackupInfo:
    """Replace the database (and, if the backup holds them and `include_media`, the uploaded files)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    with _unpacked(path) as (db_copy, vendor, media):
        _load_database(alias, db_copy, vendor)
        refresh_planner_statistics(alias)  # pg_restore brings the rows, not the planner's statistics
        if media is not None and include_media:
            media_root = Path(settings.MEDIA_ROOT)
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(media, media_root, dirs_exist_ok=True)
    return BackupInfo(path=path, vendor=vendor, with_media=media is not None, size=path.stat().st_size)


def _rows_digest(cursor: Any, table: str, quote: Any) -> tuple[int, str]:
    cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 – table names come from introspection
    digests = sorted(hashlib.sha256(repr(tuple(row)).encode()).hexdigest() for row in cursor.fetchall())
    return len(digests), hashlib.sha256("".join(digests).encode()).hexdigest()


def table_fingerprints(alias: str = "default") -> dict[str, tuple[int, str]]:
    """{table: (row count, checksum of its rows)} for every table, order-independent.

    SQLite's own tables (`sqlite_stat1`: the planner's statistics, uommam/core/planner.py) hold no record.
    """
    connection = connections[alias]
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if not table.startswith("sqlite_"):
                result[table] = _rows_digest(cursor, table, connection.ops.quote_name)
    return result
