"""Referral reminders: no acknowledgement after the configured days (30 by default), and a
certificate expiring within 6 months while the referral has no outcome.

`referral_todo_items(user, today)` lists them for the user's to-do page, `todo_sections(user)` is
the to-do provider (settings.UOMMAM_TODO_PROVIDERS), and `due_reminders(today)` feeds the
`send_referral_reminders` command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .selectors import receiving_unit_ids

if TYPE_CHECKING:
    from uommam.accounts.models import User

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings as django_settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from uommam import rules
from uommam.core.rules_config import rules_settings
from uommam.orgs.scope import visible
from uommam.vn.dates import format_vn

from .models import OPEN_STATUSES, Referral, ReminderKind, Status
from .selectors import awaiting_acknowledgement

SECTION_TEMPLATE = "referrals/todo_section.html"


@dataclass(frozen=True)
class ReferralTodo:
    kind: str  # a ReminderKind value
    referral: Referral
    due_on: date
    overdue: bool
    text: str

    @property
    def url(self) -> str:
        return reverse("referrals:detail", args=[self.referral.pk])


def _items(referrals: QuerySet[Referral], today: date, *, only_due: bool) -> list[ReferralTodo]:
    settings = rules_settings()
    horizon = rules.add_months(today, django_settings.UOMMAM_CERTIFICATE_WARNING_MONTHS)
    items: list[ReferralTodo] = []
    for referral in referrals.filter(status__in=OPEN_STATUSES).select_related("person", "to_unit", "from_cell"):
        if referral.status == Status.SENT:
            due = rules.referral_acknowledgement_due(referral.sent_on, settings=settings)
            if due < today or not only_due:
                items.append(
                    ReferralTodo(
                        ReminderKind.ACKNOWLEDGEMENT_OVERDUE,
                        referral,
                        due,
                        due < today,
                        _("%(unit)s has not acknowledged the referral sent on %(date)s")
                        % {"unit": referral.to_unit.name, "date": format_vn(referral.sent_on)},
                    )
                )
        expires = referral.certificate_expires_on
        if expires is not None and expires <= horizon:
            items.append(
                ReferralTodo(
                    ReminderKind.CERTIFICATE_EXPIRING,
                    referral,
                    expires,
                    expires < today,
                    _("certificate valid until %(date)s and no outcome recorded yet") % {"date": format_vn(expires)},
                )
            )
    items.sort(key=lambda item: (item.due_on, item.referral.person.sort_key))
    return items


def referrals_followed_by(user: User) -> QuerySet[Referral]:
    """Referrals the user sends or supervises, and those addressed to their receiving units."""
    ids = receiving_unit_ids(user)
    sent = visible(Referral.objects.all(), user).values("pk")
    return Referral.objects.filter(Q(pk__in=sent) | Q(to_unit_id__in=ids))


def referral_todo_items(user: User, today: date | None = None) -> list[ReferralTodo]:
    """Overdue acknowledgements and upcoming or overdue certificate expiries the user should act on."""
    today = today or timezone.localdate()
    return _items(referrals_followed_by(user), today, only_due=True)


def _acts_on(item: ReferralTodo, receiving: set[int], today: date) -> bool:
    """The receiver acts on every item of its referrals (acknowledge, record the outcome); the sender only
    chases an acknowledgement from a unit still alive — a closed unit's referral is its successor's."""
    if item.referral.to_unit_id in receiving:
        return True
    return item.kind == ReminderKind.ACKNOWLEDGEMENT_OVERDUE and item.referral.to_unit.is_active_on(today)


def _to_acknowledge(user: Any, today: date) -> list[ReferralTodo]:
    """The receiver's lines: every referral of `selectors.awaiting_acknowledgement` (the badge's count),
    due or not yet due; the unit is the user's own, so the text names only the sender."""
    settings = rules_settings()
    items = []
    for referral in awaiting_acknowledgement(user).select_related("person", "from_cell"):
        due = rules.referral_acknowledgement_due(referral.sent_on, settings=settings)
        text = _("sent by %(cell)s on %(date)s: acknowledge receipt") % {
            "cell": referral.from_cell.name,
            "date": format_vn(referral.sent_on),
        }
        items.append(ReferralTodo(ReminderKind.ACKNOWLEDGEMENT_OVERDUE, referral, due, due < today, text))
    return items


def todo_sections(user: Any, *, today: date | None = None) -> list[dict[str, Any]]:
    """Two sections, each with only what the user acts on: the receiver's referrals to acknowledge (as many
    as the navigation badge says) and the referrals to follow up (a sender chasing an acknowledgement, a
    certificate running out with no outcome)."""
    today = today or timezone.localdate()
    sections = []
    to_acknowledge = _to_acknowledge(user, today)
    if to_acknowledge:
        sections.append(
            {
                "key": "referrals-inbox",
                "template": SECTION_TEMPLATE,
                "title": _("Referrals to acknowledge"),
                "help": _("Referred to your unit and not yet acknowledged; the date is the expected acknowledgement."),
                "items": to_acknowledge,
                "overdue": sum(1 for item in to_acknowledge if item.overdue),
            }
        )
    receiving = set(receiving_unit_ids(user))
    follow_up = [
        item
        for item in referral_todo_items(user, today)
        if _acts_on(item, receiving, today)
        and not (item.kind == ReminderKind.ACKNOWLEDGEMENT_OVERDUE and item.referral.to_unit_id in receiving)
    ]
    if follow_up:
        sections.append(
            {
                "key": "referrals",
                "template": SECTION_TEMPLATE,
                "title": _("Referrals to follow up"),
                "help": _("No acknowledgement within the expected time, or a certificate expiring with no outcome."),
                "items": follow_up,
                "overdue": sum(1 for item in follow_up if item.overdue),
            }
        )
    return sections


def due_reminders(today: date) -> list[ReferralTodo]:
    """Every reminder due today across all units (for the e-mail command)."""
    return _items(Referral.objects.all(), today, only_due=True)
