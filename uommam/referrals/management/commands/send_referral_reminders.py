"""`python manage.py send_referral_reminders [--dry-run] [--today YYYY-MM-DD]`

E-mails the sending cell and the receiving organisation about referrals not acknowledged in time
and certificates expiring with no outcome. Idempotent: each (referral, kind, due date) is sent once,
so the command can run every day from cron.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandParser
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from uommam.accounts.models import User
from uommam.orgs.models import Role
from uommam.referrals.models import ReferralReminder
from uommam.referrals.reminders import ReferralTodo, due_reminders


def recipients_for(item: ReferralTodo) -> list[str]:
    referral = item.referral
    units = [(referral.from_cell_id, [Role.CELL_SECRETARY])]
    if referral.to_unit.uses_uommam:
        units.append((referral.to_unit_id, [Role.RECEIVING_OFFICER, Role.COMMITTEE_OFFICER]))
    emails: set[str] = set()
    for unit_id, roles in units:
        users = User.objects.filter(
            is_active=True,
            role_assignments__unit_id=unit_id,
            role_assignments__role__in=roles,
            role_assignments__active=True,
        ).exclude(email="")
        emails.update(users.values_list("email", flat=True))
    return sorted(emails)


class Command(BaseCommand):
    help = "Send the referral reminders that are due (each one once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List what would be sent; send and record nothing.")
        parser.add_argument("--today", help="Reference date YYYY-MM-DD (default: today).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = date.fromisoformat(options["today"]) if options.get("today") else timezone.localdate()
        sent = skipped = 0
        with translation.override(settings.LANGUAGE_CODE):
            for item in due_reminders(today):
                if ReferralReminder.objects.filter(referral=item.referral, kind=item.kind, due_on=item.due_on).exists():
                    skipped += 1
                    continue
                recipients = recipients_for(item)
                subject = _("Ươm Mầm: referral of %(name)s") % {"name": item.referral.person.full_name}
                if options["dry_run"]:
                    self.stdout.write(f"would send to {', '.join(recipients) or '(nobody)'}: {subject} – {item.text}")
                    sent += 1
                    continue
                try:
                    with transaction.atomic():
                        ReferralReminder.objects.create(
                            referral=item.referral, kind=item.kind, due_on=item.due_on, recipients=len(recipients)
                        )
                except IntegrityError:
                    skipped += 1  # another run recorded it a moment ago
                    continue
                if recipients:
                    send_mail(subject, f"{item.text}.", None, recipients, fail_silently=False)
                sent += 1
        verb = "would send" if options["dry_run"] else "sent"
        self.stdout.write(f"{verb} {sent} reminder(s), {skipped} already sent")
