"""`manage.py access_matrix` – write the access registry into docs/access.md (`--check` only compares)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from uommam.people.access_doc import DOC_PATH, render_document


class Command(BaseCommand):
    help = "Write who may do what (capabilities and field rights per role) into docs/access.md."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--check", action="store_true", help="Fail if docs/access.md is out of date.")

    def handle(self, *args: Any, **options: Any) -> None:
        text = render_document()
        current = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else ""
        if options["check"]:
            if current != text:
                raise CommandError(f"{DOC_PATH} is out of date: run manage.py access_matrix")
            self.stdout.write("docs/access.md is up to date.")
            return
        DOC_PATH.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {DOC_PATH}")
