"""`python manage.py import_students FILE --school CODE [--commit] [--skip-invalid] --json`.

Without --commit nothing is written. With --json, stdout is exactly one JSON object:
{"rows", "valid", "created", "updated", "errors", "warnings", "converted", "students"} (see issue 5).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from uommam.imports.models import ImportKind
from uommam.imports.reader import ImportFileError
from uommam.imports.services import ImportRefused, import_analyse, import_file
from uommam.imports.validate import Analysis
from uommam.orgs.models import OrgUnit, UnitKind


def student_json(row: Any) -> dict[str, Any]:
    d = row.data
    return {
        "row": row.row,
        "full_name": row.full_name,
        "family_name": d.get("family_name", ""),
        "middle_name": d.get("middle_name", ""),
        "given_name": d.get("given_name", ""),
        "dob": d["dob"].isoformat() if isinstance(d.get("dob"), date) else None,
        "sex": d.get("sex"),
        "ethnicity_code": d.get("ethnicity"),
        "citizen_id": d.get("citizen_id", ""),
        "class_name": d.get("class_name", ""),
    }


def result_json(analysis: Analysis | None, *, created: int = 0, updated: int = 0, errors: list | None = None) -> dict:
    if analysis is None:
        return {
            "rows": 0,
            "valid": 0,
            "created": 0,
            "updated": 0,
            "errors": errors or [],
            "warnings": [],
            "converted": {"tcvn3": 0, "vni": 0, "cp1258": 0, "nfd": 0},
            "students": [],
        }
    valid = analysis.valid_rows
    return {
        "rows": len(analysis.rows),
        "valid": len(valid),
        "created": created,
        "updated": updated,
        "errors": analysis.errors,
        "warnings": analysis.warnings,
        "converted": dict(analysis.converted),
        "students": [student_json(r) for r in valid],
    }


class Command(BaseCommand):
    help = "Check (and with --commit, import) a student list from .xlsx, .xls or .csv into a school."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--school", required=True, help="code of the school unit, e.g. THPT-CHIEMHOA")
        parser.add_argument("--commit", action="store_true", help="write the students (otherwise nothing is written)")
        parser.add_argument("--skip-invalid", action="store_true", help="commit the valid rows even if some fail")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        school = OrgUnit.objects.filter(code=options["school"], kind=UnitKind.SCHOOL).first()
        if school is None:
            raise CommandError(f"no school with code {options['school']!r}")
        refused: ImportRefused | None = None
        created = updated = 0
        analysis: Analysis | None = None
        file_error: list[dict[str, Any]] = []
        try:
            if options["commit"]:
                try:
                    outcome = import_file(
                        actor=None, school=school, data=data, file_name=path.name, skip_invalid=options["skip_invalid"]
                    )
                    analysis = outcome.analysis
                    created, updated = outcome.batch.created, outcome.batch.updated  # type: ignore[union-attr]
                except ImportRefused as exc:
                    refused = exc
                    analysis = import_analyse(data=data, file_name=path.name, school=school, kind=ImportKind.STUDENTS)
            else:
                analysis = import_analyse(data=data, file_name=path.name, school=school, kind=ImportKind.STUDENTS)
        except ImportFileError as exc:
            file_error = [{"row": 0, "column": "", "code": exc.code, "message": exc.message}]
        result = result_json(analysis, created=created, updated=updated, errors=file_error)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self._human(result, committed=options["commit"] and refused is None and not file_error)
        if refused is not None:
            raise CommandError(refused.message)
        if file_error:
            raise CommandError(file_error[0]["message"])

    def _human(self, result: dict[str, Any], *, committed: bool) -> None:
        self.stdout.write(
            f"rows {result['rows']}, valid {result['valid']}, errors {len(result['errors'])}, "
            f"warnings {len(result['warnings'])}, converted {result['converted']}"
        )
        for problem in result["errors"][:50]:
            self.stdout.write(f"  row {problem['row']} [{problem['column']}] {problem['code']}: {problem['message']}")
        if committed:
            self.stdout.write(f"created {result['created']}, updated {result['updated']}")
        else:
            self.stdout.write("nothing written (use --commit)")
