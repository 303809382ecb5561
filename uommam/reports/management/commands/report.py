"""`manage.py report funnel --unit CODE --from YYYY-MM-DD --to YYYY-MM-DD [--as-of D] [--recorded-on D]
--format json|xlsx|docx|pdf [-o FILE] [--issue]`

JSON goes to standard output (or FILE); the binary formats need `-o`. The .docx and PDF are drafts
("DỰ THẢO", no number) unless `--issue` is given: then the report is issued through the documents
app like the dashboard's issue button (numbered, stored, journaled).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from uommam.audit.services import audit_record
from uommam.orgs.models import OrgUnit
from uommam.reports import documents
from uommam.reports.exporters import FunnelExporter
from uommam.reports.funnel import compute_funnel


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"not a YYYY-MM-DD date: {text}") from exc


class Command(BaseCommand):
    help = "Print or write a report: the admission funnel of a unit over a period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["funnel"])
        parser.add_argument("--unit", required=True, help="unit code, e.g. HU-CHIEMHOA")
        parser.add_argument("--from", dest="date_from", required=True, type=_date)
        parser.add_argument("--to", dest="date_to", required=True, type=_date)
        parser.add_argument("--as-of", dest="as_of", type=_date, default=None, help="cut-off of effective dates")
        parser.add_argument(
            "--recorded-on", dest="recorded_on", type=_date, default=None, help="only rows recorded by the end of D"
        )
        parser.add_argument("--issue", action="store_true", help="issue the .docx/.pdf with an official number")
        parser.add_argument("--format", dest="fmt", choices=["json", "xlsx", "docx", "pdf"], default="json")
        parser.add_argument("-o", "--output", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        unit = OrgUnit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"no unit with code {options['unit']}")
        if options["date_from"] > options["date_to"]:
            raise CommandError("--from is after --to")
        funnel = compute_funnel(
            unit=unit,
            date_from=options["date_from"],
            date_to=options["date_to"],
            as_of=options["as_of"],
            recorded_on=options["recorded_on"],
        )
        fmt, output = options["fmt"], options["output"]
        if fmt == "json":
            text = json.dumps(funnel.as_json(), ensure_ascii=False, indent=2)
            if output:
                with open(output, "w", encoding="utf-8") as handle:
                    handle.write(text + "\n")
            else:
                self.stdout.write(text)
            return
        if not output:
            raise CommandError(f"--format {fmt} needs -o FILE")
        if fmt == "xlsx":
            data = FunnelExporter(funnel).render()
        elif options["issue"]:
            document = documents.report_issue(funnel=funnel, actor=None, reason="manage.py report --issue")
            data = documents.report_docx(document) if fmt == "docx" else documents.report_pdf(document)
        else:
            data = documents.report_draft(funnel) if fmt == "docx" else documents.report_draft_pdf(funnel)
        with open(output, "wb") as handle:
            handle.write(data)
        audit_record(
            actor=None,
            action="export",
            model="reports.Report",
            object_pk=unit.pk,
            object_repr=f"funnel.{fmt} {unit.code}",
            unit=unit,
            note=f"manage.py report {options['date_from']}–{options['date_to']}",
        )
        self.stderr.write(f"wrote {output} ({len(data)} bytes)")
