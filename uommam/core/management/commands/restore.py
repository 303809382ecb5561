from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from uommam.core.backup import BackupError, detect, restore


class Command(BaseCommand):
    help = "Replace the whole database (and uploads, if the backup holds them) with the backup in FILE."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="confirm that every current record is replaced")
        parser.add_argument("--no-media", action="store_true", help="restore the database only")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            kind = detect(Path(options["file"]))
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if not options["yes"]:
            raise CommandError(
                f"{options['file']} ({kind}) would replace every record of the '{options['database']}' database. "
                "Nothing was changed. Run again with --yes to restore."
            )
        try:
            info = restore(options["file"], include_media=not options["no_media"], alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"restored {info.vendor} database from {info.path}"))
