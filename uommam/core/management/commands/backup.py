from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from uommam.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database to FILE (SQLite online backup, or pg_dump -Fc on PostgreSQL); "
        "with --media, a tar archive that also holds the uploaded files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--media", action="store_true", help="include MEDIA_ROOT (uploads) in a tar archive")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            info = backup(options["file"], include_media=options["media"], alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        media = " with uploaded files" if info.with_media else ""
        self.stdout.write(
            self.style.SUCCESS(f"{info.vendor} backup{media} written to {info.path} ({info.size:,} bytes)")
        )
