"""`python manage.py import_students FILE --school CODE [--user USERNAME] [--commit] [--skip-invalid] --json`.

With --user the import runs with that user's rights, exactly as on the import page: only a school they
may change students of, and only the fields they may set by hand (a Youth Union secretary sets no
citizen ID of an existing student, no relatives). Without it the operator at the server acts, with the
administrator's rights.

Without --commit nothing is written. With --json, stdout is exactly one JSON object:
{"rows", "valid", "created", "updated", "errors", "warnings", "converted", "sheets", "columns", "students"}
(documented in docs/imports.md). Rows hidden or filtered out in the workbook are left out unless
--include-hidden.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from uommam.accounts.models import User
from uommam.imports.models import ImportKind
from uommam.imports.reader import ImportFileError
from uommam.imports.services import ImportRefused, import_analyse, import_file, kind_fields, student_report
from uommam.imports.validate import Analysis
from uommam.orgs.models import OrgUnit, UnitKind
from uommam.people.models import Person


def student_json(row: Any) -> dict[str, Any]:
    return student_report(row)


def matched_json(row: Any, person: Any) -> dict[str, Any]:
    """A results or roster row: the identity as in the file, completed from the registered student."""
    out = student_json(row)
    if person is not None:
        fallback = {
            "full_name": person.full_name, "family_name": person.family_name, "middle_name": person.middle_name,
            "given_name": person.given_name, "dob": person.dob.isoformat() if person.dob else None, "sex": person.sex,
            "ethnicity_code": person.ethnicity, "citizen_id": person.citizen_id, "class_name": person.class_name,
        }  # fmt: skip
        out.update({k: v for k, v in fallback.items() if out.get(k) in (None, "")})
    return out | kind_fields(row)


def result_json(
    analysis: Analysis | None,
    *,
    created: int = 0,
    updated: int = 0,
    errors: list[Any] | None = None,
    kind: str = ImportKind.STUDENTS,
) -> dict[str, Any]:
    if analysis is None:
        return {
            "rows": 0,
            "valid": 0,
            "created": 0,
            "updated": 0,
            "errors": errors or [],
            "warnings": [],
            "converted": {"tcvn3": 0, "vni": 0, "cp1258": 0, "nfd": 0},
            "sheets": [],
            "columns": [],
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
        "sheets": analysis.sheets,
        "columns": analysis.columns,
        "students": _students(valid, kind),
    }


def _students(valid: list[Any], kind: str) -> list[dict[str, Any]]:
    """Student lists show the rows as read; results and rosters the registered students they matched."""
    if kind == ImportKind.STUDENTS:
        return [student_json(r) for r in valid]
    people = Person.objects.in_bulk([r.person_id for r in valid if r.person_id])
    return [matched_json(r, people.get(r.person_id)) for r in valid]


class Command(BaseCommand):
    help = "Check (and with --commit, import) a student list from .xlsx, .xls or .csv into a school."

    kind: str = ImportKind.STUDENTS

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        self.add_target_arguments(parser)
        parser.add_argument("--commit", action="store_true", help="write the data (otherwise nothing is written)")
        parser.add_argument("--skip-invalid", action="store_true", help="commit the valid rows even if some fail")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--include-hidden", action="store_true", help="import rows hidden or filtered out in the workbook too"
        )

    def add_target_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", required=True, help="code of the school unit, e.g. THPT-CHIEMHOA")
        parser.add_argument("--user", help="username whose rights the import has (as on the import page)")

    def acting_user(self, options: dict[str, Any]) -> Any:
        if not options.get("user"):
            return None
        actor = User.objects.filter(username=options["user"], is_active=True).first()
        if actor is None:
            raise CommandError(f"no active user {options['user']!r}")
        return actor

    def target(self, options: dict[str, Any]) -> dict[str, Any]:
        """Where the file goes: keyword arguments for import_analyse / import_file, plus "actor"."""
        school = OrgUnit.objects.filter(code=options["school"], kind=UnitKind.SCHOOL).first()
        if school is None:
            raise CommandError(f"no school with code {options['school']!r}")
        return {"school": school, "actor": self.acting_user(options)}

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        where = self.target(options)
        actor = where.pop("actor")
        refused: ImportRefused | None = None
        created = updated = 0
        analysis: Analysis | None = None
        file_error: list[dict[str, Any]] = []
        read = {
            "data": data, "file_name": path.name, "kind": self.kind, "include_hidden": options["include_hidden"],
            **where,
        }  # fmt: skip
        try:
            if options["commit"]:
                try:
                    outcome = import_file(actor=actor, skip_invalid=options["skip_invalid"], **read)
                    analysis = outcome.analysis
                    created, updated = outcome.batch.created, outcome.batch.updated  # type: ignore[union-attr]  # a commit always has its batch
                except ImportRefused as exc:
                    refused = exc
                    analysis = import_analyse(actor=actor, **read)
            else:
                analysis = import_analyse(actor=actor, **read)
        except ImportFileError as exc:
            file_error = [{"row": 0, "column": "", "code": exc.code, "message": exc.message}]
        except ImportRefused as exc:
            raise CommandError(exc.message) from exc
        result = result_json(analysis, created=created, updated=updated, errors=file_error, kind=self.kind)
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
