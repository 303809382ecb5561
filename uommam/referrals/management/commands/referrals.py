"""`python manage.py referrals forecast --unit CODE [--today YYYY-MM-DD] [--json]`

Prints the leaving forecast of every certified candidate still in the pipeline in the unit's scope:
with --json exactly
{"unit": CODE, "today": "YYYY-MM-DD", "students": [{"person_id", "full_name", "dob",
"leaves_school_on", "eligible_from", "action", "certificate_expires_on"}, ...]} (dates ISO).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from uommam.orgs.models import OrgUnit
from uommam.referrals.selectors import forecast_rows


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


class Command(BaseCommand):
    help = "Referral tools: `forecast` lists who will leave school before 18 and should be referred."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        forecast = sub.add_parser("forecast", help="Leaving forecast of a unit's certified candidates.")
        forecast.add_argument("--unit", required=True, help="Unit code (cell, school or committee).")
        forecast.add_argument("--today", help="Reference date YYYY-MM-DD (default: today).")
        forecast.add_argument("--json", action="store_true", help="Machine-readable output.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "forecast":
            self.forecast(options)

    def forecast(self, options: dict[str, Any]) -> None:
        unit = OrgUnit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"No unit with code {options['unit']!r}.")
        try:
            today = date.fromisoformat(options["today"]) if options.get("today") else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today must be YYYY-MM-DD: {exc}") from exc
        rows = forecast_rows(unit=unit, today=today)
        students = [
            {
                "person_id": row.person.pk,
                "full_name": row.person.full_name,
                "dob": _iso(row.person.dob),
                "leaves_school_on": _iso(row.leaves_school_on),
                "eligible_from": _iso(row.forecast.eligible_from),
                "action": row.forecast.action,
                "certificate_expires_on": _iso(row.forecast.certificate_expires_on),
            }
            for row in rows
        ]
        if options["json"]:
            payload = {"unit": unit.code, "today": today.isoformat(), "students": students}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{unit.name} ({unit.code}) – {today.isoformat()}: {len(students)} student(s)")
        for s in students:
            self.stdout.write(
                f"  {s['full_name']:<32} born {s['dob']}  leaves {s['leaves_school_on']}  "
                f"of age {s['eligible_from']}  certificate until {s['certificate_expires_on']}  → {s['action']}"
            )
