"""`python manage.py import_roster FILE --class CODE [--user USERNAME] [--commit] [--skip-invalid] --json`.

Same JSON object as import_students; ``students`` lists the registered students the rows matched (with
``essay_score``, ``result`` and certificate fields when given); ``created`` counts new enrolments and
``updated`` enrolments whose result or certificate changed. Candidacies move through the workflow, which
checks the acting user's rights: pass ``--user`` (a class manager) when students have open candidacies.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from uommam.imports.models import ImportKind
from uommam.training.models import AwarenessClass

from .import_students import Command as StudentsCommand


class Command(StudentsCommand):
    help = "Check (and with --commit, import) the roster of an awareness class: enrolments, results, certificates."
    kind = ImportKind.CLASS_ROSTER

    def add_target_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--class", dest="class_code", required=True, help="code of the awareness class")
        parser.add_argument("--user", help="username acting for the workflow steps (a manager of the class)")

    def target(self, options: dict[str, Any]) -> dict[str, Any]:
        awareness_class = AwarenessClass.objects.select_related("organiser").filter(code=options["class_code"]).first()
        if awareness_class is None:
            raise CommandError(f"no awareness class with code {options['class_code']!r}")
        return {"school": None, "awareness_class": awareness_class, "actor": self.acting_user(options)}
