"""A receiving organisation hears of a new referral at once (after commit); the daily reminders
(`send_referral_reminders`) follow up when nobody acknowledges it."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from uommam import rules
from uommam.accounts.models import User
from uommam.core.rules_config import rules_settings
from uommam.orgs.roles import RECEIVER_ROLES
from uommam.pipeline.notifications import is_muted
from uommam.vn.dates import format_vn

from .models import Referral

logger = logging.getLogger(__name__)


def notify_on_commit(referral: Referral) -> None:
    if is_muted():
        return
    referral_pk = referral.pk
    transaction.on_commit(lambda: notify_receivers(referral_pk))


def notify_receivers(referral_pk: int) -> int:
    """Mail the officers of the receiving unit; returns how many mails were sent."""
    referral = Referral.objects.select_related("person", "from_cell", "to_unit").get(pk=referral_pk)
    users = (
        User.objects.filter(
            is_active=True,
            role_assignments__unit=referral.to_unit,
            role_assignments__role__in=RECEIVER_ROLES,
            role_assignments__active=True,
        )
        .exclude(email="")
        .distinct()
    )
    due = rules.referral_acknowledgement_due(referral.sent_on, settings=rules_settings())
    link = getattr(settings, "UOMMAM_BASE_URL", "").rstrip("/") + reverse("referrals:detail", args=[referral.pk])
    sent = 0
    with translation.override("vi"):
        subject = _("Ươm Mầm: a student referred to %(unit)s") % {"unit": referral.to_unit.name}
        body = _(
            "%(cell)s refers %(name)s to %(unit)s so that their development towards Party membership goes on. "
            "Please acknowledge receipt by %(date)s."
        ) % {
            "cell": referral.from_cell.name,
            "name": referral.person.full_name,
            "unit": referral.to_unit.name,
            "date": format_vn(due),
        }
        for user in users:
            try:
                send_mail(subject, f"{body}\n\n{link}\n", None, [user.email])
                sent += 1
            except Exception:  # a mail failure must never undo or hide a sent referral
                logger.exception("referral %s: notification to %s failed", referral.pk, user.username)
    return sent
