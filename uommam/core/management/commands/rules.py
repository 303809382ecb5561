"""``manage.py rules`` — check a case by hand against the admission rules library.

For support staff answering "when is this student eligible?" or "when is the decision overdue?" without
opening the application::

    manage.py rules forecast --dob 2008-11-30 --leaves 2026-05-31 [--certificate 2025-03-01]
                             [--today 2025-10-01] [--policy month|day] [--json]
    manage.py rules deadlines --resolution 2025-01-24 [--decision-received 2025-03-03]
                              [--ceremony 2025-03-20] [--decision 2025-02-28] [--json]

    manage.py rules sets [--on 2026-07-26] [--json]
    manage.py rules docs [--check]

``--json`` prints one JSON object (dates in ISO format, absent values as ``null``); otherwise a table.
``sets`` lists the regulation sets (built-in plus the deployment's file) by date with their values and
confidence, or only the set in force on ``--on``; ``docs`` regenerates the marked section of docs/rules.md
from the built-in sets (``--check`` only reports whether it is current).
All computation is delegated to :mod:`uommam.rules`; this command only parses and prints.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from uommam import rules
from uommam.core.rules_config import rules_settings
from uommam.rules import REGULATION_SETS, RulesSettings, sets_doc

Row = tuple[str, object]


def _parse_date(option: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: {value!r} is not a valid date; expected YYYY-MM-DD, e.g. 2026-05-31") from None


def _rules_settings() -> RulesSettings:
    """Rules settings from the project's Django settings (the [U] values and local calendar exceptions)."""
    try:
        return rules_settings()
    except ValueError as exc:
        raise CommandError(f"invalid rules settings: {exc}") from exc


def _jsonable(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


class Command(BaseCommand):
    help = "Compute an eligibility forecast or the procedure deadlines for one case, with citations."
    # A pure calculation: it must keep working for support staff even when an unrelated check fails.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{forecast,deadlines,sets,docs}")

        f = sub.add_parser("forecast", help="When does a student reach admission age, and what should the cell do?")
        f.add_argument("--dob", required=True, help="date of birth, YYYY-MM-DD")
        f.add_argument("--leaves", required=True, help="date the student leaves school, YYYY-MM-DD")
        f.add_argument("--certificate", help="issue date of the awareness-class certificate, YYYY-MM-DD")
        f.add_argument("--today", help="reference date, YYYY-MM-DD (default: today)")
        f.add_argument("--policy", choices=("month", "day"), help="age counting policy (default: from settings)")
        f.add_argument("--json", action="store_true", help="print one JSON object")

        d = sub.add_parser("deadlines", help="Deadlines from the cell's resolution to official recognition.")
        d.add_argument("--resolution", required=True, help="date of the cell's admission resolution, YYYY-MM-DD")
        d.add_argument("--decision-received", help="date the cell received the admission decision, YYYY-MM-DD")
        d.add_argument("--ceremony", help="date of the admission ceremony, YYYY-MM-DD")
        d.add_argument("--decision", help="date written on the admission decision, YYYY-MM-DD")
        d.add_argument("--json", action="store_true", help="print one JSON object")

        r = sub.add_parser("sets", help="The regulation sets by date, with their values and confidence.")
        r.add_argument("--on", help="only the set in force on this date, YYYY-MM-DD")
        r.add_argument("--json", action="store_true", help="print one JSON object")

        g = sub.add_parser("docs", help="Regenerate the regulation-sets section of docs/rules.md.")
        g.add_argument("--check", action="store_true", help="only fail if the section is out of date")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "docs":
            return self._docs(check=options["check"])
        rules_settings = _rules_settings()
        if options["subcommand"] == "sets":
            return self._sets(options, rules_settings)
        if options["subcommand"] == "forecast":
            result = self._forecast(options, rules_settings)
        else:
            result = self._deadlines(options, rules_settings)
        if options["json"]:
            self.stdout.write(json.dumps({k: _jsonable(v) for k, v in result}, ensure_ascii=False, indent=2))
        else:
            width = max(len(label) for label, _ in result)
            for label, value in result:
                shown = "—" if value is None else _jsonable(value)
                self.stdout.write(f"{label.ljust(width)}  {shown}")

    def _forecast(self, options: dict[str, Any], s: RulesSettings) -> list[Row]:
        dob = _parse_date("--dob", options["dob"])
        leaves = _parse_date("--leaves", options["leaves"])
        certificate = _parse_date("--certificate", options["certificate"])
        today = _parse_date("--today", options["today"]) or timezone.localdate()
        assert dob is not None and leaves is not None  # required by the parser
        if leaves < dob:
            raise CommandError("--leaves: the leaving date is before the date of birth")
        policy = options["policy"] or s.age_policy
        f = rules.forecast(dob, leaves, today=today, certificate_issued_on=certificate, policy=policy, settings=s)
        on = max(f.eligible_from, today)  # the earliest date a cell could meet about this student
        regulation_set = s.regulation_set_for(on)
        return [
            ("dob", dob),
            ("leaves_school_on", leaves),
            ("today", today),
            ("policy", policy),
            ("eligible_from", f.eligible_from),
            ("before_leaving", f.before_leaving),
            ("months_short_at_leaving", f.months_short_at_leaving),
            ("certificate_issued_on", certificate),
            ("certificate_expires_on", f.certificate_expires_on),
            ("certificate_valid_at_eligibility", f.certificate_valid_at_eligibility),
            ("action", f.action),
            ("regulation_set", regulation_set.code),
            ("age_rule", regulation_set.citation_for("admission_age").text),
            ("certificate_rule", regulation_set.citation_for("certificate_validity").text),
        ]

    def _deadlines(self, options: dict[str, Any], s: RulesSettings) -> list[Row]:
        resolution = _parse_date("--resolution", options["resolution"])
        received = _parse_date("--decision-received", options["decision_received"])
        ceremony = _parse_date("--ceremony", options["ceremony"])
        decision = _parse_date("--decision", options["decision"])
        assert resolution is not None  # required by the parser
        regulation_set = s.regulation_set_for(resolution)
        return [
            ("cell_resolution_on", resolution),
            ("decision_due", rules.decision_due(resolution, settings=s)),
            ("decision_due_extended", rules.decision_due_extended(resolution, settings=s)),
            ("decision_on", decision),
            ("seniority_from", rules.seniority_from(decision) if decision else None),
            ("decision_received_on", received),
            (
                "ceremony_due",
                rules.ceremony_due(received, decision_issued_on=decision, settings=s) if received else None,
            ),
            ("ceremony_on", ceremony),
            ("probation_ends_on", rules.probation_ends_on(ceremony, settings=s) if ceremony else None),
            ("official_review_due", rules.official_review_due(ceremony, settings=s) if ceremony else None),
            ("regulation_set", regulation_set.code),
            ("decision_rule", regulation_set.citation_for("decision_deadline").text),
            ("ceremony_rule", regulation_set.citation_for("ceremony_deadline").text),
            ("probation_rule", regulation_set.citation_for("probation_period").text),
        ]

    def _sets(self, options: dict[str, Any], s: RulesSettings) -> None:
        on = _parse_date("--on", options["on"])
        sets = [s.regulation_set_for(on)] if on else list(s.regulation_sets or REGULATION_SETS)
        described = sets_doc.describe(sets)
        if options["json"]:
            self.stdout.write(json.dumps({"sets": described}, ensure_ascii=False, indent=2))
            return
        for d in described:
            until = d["valid_until"] or "…"
            self.stdout.write(f"{d['code']}  {d['valid_from']} – {until}  {d['basis']}")
            values = d["values"]
            assert isinstance(values, dict)
            for name, v in values.items():
                mark = " provisional" if v["provisional"] else ""
                self.stdout.write(f"    {name}: {v['value']} [{v['confidence']}]{mark}")

    def _docs(self, *, check: bool) -> None:
        path = settings.BASE_DIR / "docs" / "rules.md"
        current = path.read_text(encoding="utf-8")
        try:
            wanted = sets_doc.replace_section(current, sets_doc.markdown(REGULATION_SETS))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if check:
            if wanted != current:
                raise CommandError("docs/rules.md is out of date: run manage.py rules docs")
            self.stdout.write("docs/rules.md is current")
            return
        path.write_text(wanted, encoding="utf-8")
        self.stdout.write(f"wrote {path}")
