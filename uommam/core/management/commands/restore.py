from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from uommam.core.backup import BackupError, detect, restore


class Command(BaseCommand):
    help = (
        "Replace the whole database (and uploads, if the backup holds them) with the backup in FILE. "
        "Asks for confirmation unless --noinput is given. Stop the application first (docs/deployment.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        # Django's own spelling (--noinput / --no-input, as flush and migrate); --yes is the older alias.
        parser.add_argument(
            "--noinput",
            "--no-input",
            "--yes",
            action="store_false",
            dest="interactive",
            help="do not ask: replace every current record without confirmation (--yes is an alias)",
        )
        parser.add_argument("--no-media", action="store_true", help="restore the database only")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            kind = detect(Path(options["file"]))
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if options["interactive"] and not self._confirmed(options["file"], kind, options["database"]):
            raise CommandError("Restore cancelled. Nothing was changed.")
        try:
            info = restore(options["file"], include_media=not options["no_media"], alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"restored {info.vendor} database from {info.path}"))

    def _confirmed(self, file: str, kind: str, database: str) -> bool:
        prompt = (
            f"{file} ({kind}) will replace every record of the '{database}' database"
            " and the uploaded files it holds.\n"
            "Type 'yes' to continue, or anything else to cancel (--noinput skips this question): "
        )
        try:
            return input(prompt).strip().lower() == "yes"
        except (EOFError, OSError):  # no terminal (cron, a pipe): never restore by default
            return False
