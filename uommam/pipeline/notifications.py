"""Who hears about a step at once: the people who must act next.

`workflow.perform()` schedules `notify_transition` after its transaction commits; a rolled-back step
therefore never mails anyone, and a failing mail server never undoes a recorded step (the error is
logged). The daily digest (`reminders.py`) remains the safety net for everything else.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uommam.accounts.models import User
from uommam.orgs.models import OrgUnit, Role
from uommam.vn.dates import format_vn

from . import due as deadlines
from .models import Candidate

logger = logging.getLogger(__name__)
_muted: ContextVar[bool] = ContextVar("uommam_notifications_muted", default=False)


def is_muted() -> bool:
    return _muted.get()


@contextmanager
def muted() -> Iterator[None]:
    """No notifications inside this block: for replaying history (the demo), not for real work."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


@dataclass(frozen=True)
class Notice:
    """After `transition`, tell holders of `role` on the unit `unit_of(candidate)` what to do next."""

    role: str
    unit_field: str  # "cell" or "superior" (the cell's deciding committee)
    message: object  # lazy translated text with %(name)s, %(cell)s, %(date)s


NOTICES: dict[str, tuple[Notice, ...]] = {
    "certify": (
        Notice(
            Role.CELL_SECRETARY,
            "cell",
            gettext_lazy("%(name)s received the awareness-class certificate: the dossier can be started."),
        ),
    ),
    "record_vote": (
        Notice(
            Role.COMMITTEE_OFFICER,
            "superior",
            gettext_lazy("%(cell)s voted to admit %(name)s: the admission decision is due by %(date)s."),
        ),
    ),
    "record_committee_resolution": (
        Notice(
            Role.COMMITTEE_OFFICER,
            "superior",
            gettext_lazy("The grassroots committee proposed admitting %(name)s: the decision is due by %(date)s."),
        ),
    ),
    "decide": (
        Notice(
            Role.CELL_SECRETARY,
            "cell",
            gettext_lazy("%(name)s was admitted: the admission ceremony is due by %(date)s."),
        ),
    ),
    "recognise_official": (
        Notice(Role.CELL_SECRETARY, "cell", gettext_lazy("%(name)s was recognised as an official member.")),
    ),
}


def _deadline(candidate: Candidate, transition: str) -> date | None:
    if transition in ("record_vote", "record_committee_resolution"):
        return deadlines.decision_due(candidate)
    if transition == "decide":
        return deadlines.ceremony_due(candidate)
    return None


def _unit(candidate: Candidate, field: str) -> OrgUnit | None:
    return candidate.cell if field == "cell" else candidate.cell.superior_committee


def _recipients(unit: OrgUnit, role: str) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, role_assignments__unit=unit, role_assignments__role=role, role_assignments__active=True
        )
        .exclude(email="")
        .distinct()
        .order_by("username")
    )


def notify_transition(candidate_pk: int, transition: str) -> int:
    """Mail the people who act next after `transition`; returns how many mails were sent."""
    notices = NOTICES.get(transition, ())
    if not notices or _muted.get():
        return 0
    candidate = Candidate.objects.select_related("person", "cell__superior_committee").get(pk=candidate_pk)
    base = getattr(settings, "UOMMAM_BASE_URL", "").rstrip("/")
    link = base + reverse("pipeline:candidate", args=[candidate.pk])
    due = _deadline(candidate, transition)
    sent = 0
    # Official correspondence of the Party organisation: always Vietnamese.
    with translation.override("vi"):
        for notice in notices:
            unit = _unit(candidate, notice.unit_field)
            if unit is None:
                continue
            text = str(notice.message) % {
                "name": candidate.person.full_name,
                "cell": candidate.cell.name,
                "date": format_vn(due) if due else "",
            }
            for user in _recipients(unit, notice.role):
                try:
                    send_mail(
                        _("Ươm Mầm: %(name)s") % {"name": candidate.person.full_name},
                        f"{text}\n\n{link}\n",
                        None,
                        [user.email],
                    )
                    sent += 1
                except Exception:  # a mail failure must never undo or hide a recorded step
                    logger.exception("notification for candidate %s to %s failed", candidate.pk, user.username)
    return sent
