"""`manage.py workflow_diagram` – write the transition table into docs/workflow.md (`--check` only compares)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from uommam.pipeline.diagram import DOC_PATH, render_document


class Command(BaseCommand):
    help = "Render the admission workflow as a Mermaid diagram into docs/workflow.md."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--check", action="store_true", help="Fail if docs/workflow.md is out of date.")
        parser.add_argument("--stdout", action="store_true", help="Print instead of writing the file.")

    def handle(self, *args: Any, **options: Any) -> None:
        text = render_document()
        if options["stdout"]:
            self.stdout.write(text, ending="")
            return
        current = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else ""
        if options["check"]:
            if current != text:
                raise CommandError(f"{DOC_PATH} is out of date: run manage.py workflow_diagram")
            self.stdout.write("docs/workflow.md is up to date.")
            return
        DOC_PATH.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {DOC_PATH}")
