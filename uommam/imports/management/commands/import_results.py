"""`python manage.py import_results FILE --school CODE --year 2024-2025 [--commit] [--skip-invalid] --json`.

Same JSON object as import_students; ``students`` lists the registered students the rows matched, each with
``grade_level``, ``scale``, ``academic_result`` and ``conduct``; ``created``/``updated`` count school records.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from uommam.imports.models import ImportKind

from .import_students import Command as StudentsCommand


class Command(StudentsCommand):
    help = "Check (and with --commit, import) a school's academic results and conduct for one school year."
    kind = ImportKind.SCHOOL_RESULTS

    def add_target_arguments(self, parser: CommandParser) -> None:
        super().add_target_arguments(parser)
        parser.add_argument("--year", required=True, help="school year, e.g. 2024-2025")

    def target(self, options: dict[str, Any]) -> dict[str, Any]:
        return super().target(options) | {"school_year": options["year"]}
