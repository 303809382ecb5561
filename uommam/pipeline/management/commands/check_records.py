"""`manage.py check_records [--unit CODE] [--json]`: every stored record that breaks a rule of the
integrity table (time order, plausible dates, a body alive on the date of its act)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from uommam.core import integrity
from uommam.orgs.models import OrgUnit
from uommam.orgs.tree import subtree_prefixes


class Command(BaseCommand):
    help = "List stored records that break an authority or time-order rule (exit status 1 when any)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", help="only records under this unit (its code)")
        parser.add_argument("--json", action="store_true", help='print {"problems": [...]} as JSON')

    def handle(self, *args: Any, **options: Any) -> None:
        prefixes = None
        if options["unit"]:
            unit = OrgUnit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"no unit with code {options['unit']!r}")
            prefixes = subtree_prefixes(unit)
        problems = [p.as_dict() for p in integrity.stored_problems(unit_prefixes=prefixes)]
        if options["json"]:
            self.stdout.write(json.dumps({"problems": problems}, ensure_ascii=False, indent=1))
        else:
            for problem in problems:
                self.stdout.write(f"{problem['record']}  {problem['message']}  [{problem['rule']}]  {problem['url']}")
            self.stdout.write(f"{len(problems)} problem(s)")
        if problems:
            raise SystemExit(1)
