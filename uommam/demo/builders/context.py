from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from uommam.orgs.models import OrgUnit

# Fixed "today" for the demo's own dates, so two runs on different days build the same data.
DEMO_TODAY = date(2026, 11, 26)
DEMO_PASSWORD = "uommam-demo-2026"


@dataclass
class DemoContext:
    """What builders hand to each other: the units they made and a seeded random source."""

    stdout: Any
    units: dict[str, OrgUnit] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    rng: random.Random = field(default_factory=lambda: random.Random(20200801))

    def unit(self, code: str) -> OrgUnit:
        if code not in self.units:
            self.units[code] = OrgUnit.objects.get(code=code)
        return self.units[code]

    def say(self, text: str) -> None:
        self.stdout.write(text)
