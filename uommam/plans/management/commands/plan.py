"""`python manage.py plan roadmap --unit CODE [--today YYYY-MM-DD] --json`
`python manage.py plan document --unit CODE --school-year YYYY-YYYY --format docx|pdf -o FILE`

`roadmap` prints the roadmap of every candidacy before the cell's vote in the unit's subtree; with --json
exactly {"unit", "today", "students": [{"person_id", "full_name", "dob", "leaves_school_on", "helper_by",
"class_by", "dossier_from", "earliest_vote_on", "introducers_ready", "verdict", "missed": [...]}]} (dates
ISO; `class_by` is {"code", "name", "starts_on", "certificate_on"} or null; `verdict` is one of "fits",
"fits_if_started", "refer"; each of `missed` is {"step", "was_due"}).

`document` writes the unit's annual plan for the school year: the issued document if there is one;
otherwise the plan is drafted from the roadmaps (if it does not exist yet) and issued today, which
gives it its number.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from uommam.documents.rendering import ConversionFailed, LibreOfficeMissing
from uommam.documents.services import document_docx, document_pdf
from uommam.orgs.models import OrgUnit
from uommam.orgs.tree import path_q
from uommam.pipeline.models import Candidate
from uommam.pipeline.stages import BEFORE_VOTE
from uommam.plans import services
from uommam.plans.models import AnnualPlan, PlanStatus
from uommam.plans.roadmaps import roadmap_json, roadmaps_for, sort_key_safe_start


class Command(BaseCommand):
    help = "Plans: `roadmap` lists each student's roadmap; `document` writes the annual plan (.docx/.pdf)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        roadmap = sub.add_parser("roadmap", help="Roadmaps of a unit's candidates before the cell's vote.")
        roadmap.add_argument("--unit", required=True, help="Unit code (cell, school or committee).")
        roadmap.add_argument("--today", help="Reference date YYYY-MM-DD (default: today).")
        roadmap.add_argument("--json", action="store_true", help="Machine-readable output.")
        document = sub.add_parser("document", help="The unit's annual plan as an official document.")
        document.add_argument("--unit", required=True, help="Unit code (cell or committee).")
        document.add_argument("--school-year", required=True, help="e.g. 2026-2027")
        document.add_argument("--format", choices=("docx", "pdf"), default="docx")
        document.add_argument("-o", "--output", required=True, help="File to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = OrgUnit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"No unit with code {options['unit']!r}.")
        if options["action"] == "roadmap":
            self.roadmap(unit, options)
        else:
            self.document(unit, options)

    def roadmap(self, unit: OrgUnit, options: dict[str, Any]) -> None:
        try:
            today = date.fromisoformat(options["today"]) if options.get("today") else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today must be YYYY-MM-DD: {exc}") from exc
        candidates = (
            Candidate.objects.filter(path_q("cell__path", unit), stage__in=BEFORE_VOTE)
            .select_related("person", "person__home_commune", "cell", "helper")
            .order_by("person__sort_key", "pk")
        )
        items = sorted(roadmaps_for(candidates, today=today), key=sort_key_safe_start)
        students = [roadmap_json(item) for item in items]
        if options["json"]:
            payload = {"unit": unit.code, "today": today.isoformat(), "students": students}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for s in students:
            self.stdout.write(
                f"{s['full_name']}\t{s['verdict']}\tvote {s['earliest_vote_on'] or '-'}\t"
                f"dossier {s['dossier_from'] or '-'}\tmissed {','.join(m['step'] for m in s['missed']) or '-'}"
            )

    def document(self, unit: OrgUnit, options: dict[str, Any]) -> None:
        today = timezone.localdate()
        school_year = options["school_year"]
        try:
            plan = AnnualPlan.objects.filter(unit=unit, school_year=school_year).first()
            if plan is None:
                plan = services.plan_draft(unit=unit, school_year=school_year, actor=None, today=today)
            if plan.status == PlanStatus.DRAFT:
                plan = services.plan_issue(plan=plan, actor=None, on=today)
        except services.PlanError as exc:
            raise CommandError(str(exc)) from exc
        assert plan.document is not None
        try:
            data = document_docx(plan.document) if options["format"] == "docx" else document_pdf(plan.document)
        except (LibreOfficeMissing, ConversionFailed) as exc:
            raise CommandError(str(exc)) from exc
        Path(options["output"]).write_bytes(data)
        self.stdout.write(f"{plan.document.number_text} → {options['output']}")
