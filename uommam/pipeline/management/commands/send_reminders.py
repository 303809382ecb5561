"""`manage.py send_reminders` – e-mail each user their to-do digest, once a day (cron; no task queue)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from uommam.pipeline.reminders import send_reminders


class Command(BaseCommand):
    help = "Send the daily to-do digest e-mails (idempotent per user per day)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Print the digests instead of sending them.")
        parser.add_argument("--today", help="Pretend today is YYYY-MM-DD.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today must be YYYY-MM-DD") from None
        count = send_reminders(today=today, dry_run=options["dry_run"], out=self.stdout.write)
        verb = "would send" if options["dry_run"] else "sent"
        self.stdout.write(f"{count} digest(s) {verb} for {today.isoformat()}.")
