"""`python manage.py demo` – load the deterministic Chiêm Hóa demo (idempotent) and print the logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from uommam.core.planner import refresh_planner_statistics
from uommam.demo.builders import STEPS, plans
from uommam.demo.builders.context import DEMO_PASSWORD, DemoContext
from uommam.pipeline.notifications import muted


class Command(BaseCommand):
    help = "Load the Chiêm Hóa (Tuyên Quang) demo district; running it again changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        ctx = DemoContext(stdout=self.stdout)
        self.stdout.write("Ươm Mầm demo – Chiêm Hóa, Tuyên Quang")
        # The demo replays years of history: nobody should be mailed about it.
        with muted():
            for step in STEPS:
                step(ctx)
            plans.build(ctx)  # last: the annual plans read everything the other builders made
        # Thousands of rows written in one go: without fresh statistics the database plans the first pages'
        # queries as if the tables were empty (uommam/core/planner.py).
        refresh_planner_statistics()
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role, description in ctx.logins:
            self.stdout.write(f"  {username:<16} {role:<32} {description}")
