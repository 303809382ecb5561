"""Make this installation's Ed25519 signing key (once): `manage.py uommam_signing_key`.

Writes the file named by UOMMAM_SIGNING_KEY_FILE (or --path), readable by its owner only; never
replaces an existing key. Keep the file out of the repository and in the backups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from uommam.referrals import keys


class Command(BaseCommand):
    help = "Generate the Ed25519 key that signs this installation's referral packages."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", help="where to write the key (default: UOMMAM_SIGNING_KEY_FILE)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"]) if options.get("path") else keys.key_file()
        if path is None:
            raise CommandError("Set UOMMAM_SIGNING_KEY_FILE (or pass --path) first.")
        try:
            key = keys.generate_key_file(path)
        except FileExistsError as exc:
            raise CommandError(f"{path} exists already: a key is never replaced.") from exc
        kid = keys.key_id(keys.raw_public(key.public_key()))
        self.stdout.write(f"wrote {path} (key id {kid}); published at /.well-known/uommam-keys.json")
