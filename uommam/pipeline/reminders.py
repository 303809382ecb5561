"""The daily digest: each user's to-do list as a plain-text e-mail, at most once a day.

Idempotent: a `ReminderLog(user, sent_on)` row is written in the same transaction as the decision to
send, and the mail itself goes out after commit, so a crash or a second run the same day sends nothing
twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from uommam.accounts.models import User
from uommam.vn.dates import format_vn

from .models import ReminderLog
from .todo import todo_sections


@dataclass(frozen=True)
class Digest:
    user: User
    subject: str
    body: str
    items: int

    @property
    def digest_hash(self) -> str:
        return hashlib.sha256(self.body.encode()).hexdigest()


def digest_for(user: User, today: date) -> Digest | None:
    """The user's digest for `today`, in Vietnamese; None when there is nothing to do."""
    with translation.override("vi"):
        # Only what this user acts on; what others must do is not mailed to them.
        sections = [section for section in todo_sections(user, today=today) if section["items"]]
        if not sections:
            return None
        base = getattr(settings, "UOMMAM_BASE_URL", "").rstrip("/")
        lines = [_("To do on %(date)s") % {"date": format_vn(today)}, ""]
        count = 0
        for section in sections:
            lines.append(f"{section['title']} ({len(section['items'])})")
            for item in section["items"]:
                count += 1
                flag = " – " + _("overdue") if item.overdue else ""
                url = base + reverse("pipeline:candidate", args=[item.candidate.pk])
                lines.append(
                    f"  • {item.candidate.person.full_name} ({item.candidate.cell}): "
                    f"{section['date_label']} {format_vn(item.on)}{flag}. {item.note}"
                )
                lines.append(f"    {url}")
            lines.append("")
        subject = _("Ươm Mầm: %(n)s item(s) to do") % {"n": count}
    return Digest(user=user, subject=subject, body="\n".join(lines), items=count)


def recipients() -> Any:
    return (
        User.objects.filter(is_active=True, role_assignments__active=True)
        .exclude(email="")
        .distinct()
        .order_by("username")
    )


def send_reminders(*, today: date, dry_run: bool = False, out: Callable[[str], None] = print) -> int:
    """Send today's digests; returns how many were sent (or printed, in a dry run)."""
    sent = 0
    for user in recipients():
        digest = digest_for(user, today)
        if digest is None:
            continue
        if dry_run:
            out(f"--- {user.email}: {digest.subject}\n{digest.body}")
            sent += 1
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.create(user=user, sent_on=today, digest_hash=digest.digest_hash, items=digest.items)
                transaction.on_commit(partial(_mail, digest))
        except IntegrityError:
            continue  # already sent today
        sent += 1
    return sent


def _mail(digest: Digest) -> None:
    send_mail(digest.subject, digest.body, None, [digest.user.email], fail_silently=False)
