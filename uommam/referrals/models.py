"""A referral: a trained student handed over to their commune or university, and what became of it.

Status moves sent → acknowledged → admitted / not admitted / lost contact, or → passed on (a new
referral, chained through `previous`, continues the loop elsewhere). Only `services.py` changes it.
The package (certificate, assessments, school results) is a snapshot taken when the referral is
sent: the receiver sees it without seeing anything else of the sending school.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from uommam.core.models import TrackedModel
from uommam.documents.models import GeneratedDocument
from uommam.orgs.models import OrgUnit
from uommam.people.models import PartyMember, Person
from uommam.pipeline.models import Candidate


class DestinationKind(models.TextChoices):
    COMMUNE = "commune", _("Home commune")
    UNIVERSITY = "university", _("College / university")


class Status(models.TextChoices):
    SENT = "sent", pgettext_lazy("referral", "Sent")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("referral", "Acknowledged")
    ADMITTED = "admitted", pgettext_lazy("referral", "Admitted")
    NOT_ADMITTED = "not_admitted", pgettext_lazy("referral", "Not admitted")
    LOST_CONTACT = "lost_contact", pgettext_lazy("referral", "Lost contact")
    PASSED_ON = "passed_on", pgettext_lazy("referral", "Passed on")


OPEN_STATUSES = (Status.SENT, Status.ACKNOWLEDGED)
OUTCOME_STATUSES = (Status.ADMITTED, Status.NOT_ADMITTED, Status.LOST_CONTACT)


class AcknowledgementKind(models.TextChoices):
    IN_APP = "in_app", _("In Ươm Mầm by the receiver")
    PAPER = "paper", _("On paper, recorded by the sender")
    ONLINE = "online", _("Online, without an account")


class ReferralQuerySet(models.QuerySet["Referral"]):
    def open(self) -> ReferralQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def current(self) -> ReferralQuerySet:
        """Referrals that stand for their student: a passed-on one is replaced by its successor."""
        return self.exclude(status=Status.PASSED_ON)


class Referral(TrackedModel):
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidacy"), on_delete=models.PROTECT, related_name="referrals"
    )
    person = models.ForeignKey(Person, verbose_name=_("student"), on_delete=models.PROTECT, related_name="referrals")
    from_cell = models.ForeignKey(
        OrgUnit, verbose_name=_("referring cell"), on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("receiving organisation"), on_delete=models.PROTECT, related_name="referrals_received"
    )
    destination_kind = models.CharField(_("destination"), max_length=12, choices=DestinationKind.choices)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("passed on from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SENT)
    sent_on = models.DateField(_("sent on"))
    letter = models.ForeignKey(
        GeneratedDocument,
        verbose_name=_("referral letter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    letter_number = models.CharField(_("letter number"), max_length=40, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    # The package, as it was when sent.
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    certificate_issued_on = models.DateField(_("certificate issued on"), null=True, blank=True)
    certificate_issuer = models.CharField(_("certificate issued by"), max_length=200, blank=True)
    certificate_expires_on = models.DateField(_("certificate valid until"), null=True, blank=True)
    eligible_from = models.DateField(_("of admission age from"), null=True, blank=True)
    leaves_school_on = models.DateField(_("leaves school on"), null=True, blank=True)
    helper_name = models.CharField(_("helper member at school"), max_length=150, blank=True)
    helper_assessment = models.TextField(_("helper's assessment"), blank=True)
    youth_union_evaluation = models.TextField(_("Youth Union evaluation"), blank=True)
    youth_union_transfer = models.CharField(_("Youth Union membership transfer"), max_length=255, blank=True)
    school_results = models.JSONField(_("school results"), default=list, blank=True)
    verification_status = models.CharField(_("background verification"), max_length=255, blank=True)
    # Receipt.
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledgement_kind = models.CharField(
        _("acknowledged how"), max_length=8, choices=AcknowledgementKind.choices, blank=True
    )
    paper_signed_by = models.CharField(_("signed by (paper acknowledgement)"), max_length=150, blank=True)
    # The receiver's helper.
    receiver_helper_name = models.CharField(_("helper member at the receiver"), max_length=150, blank=True)
    receiver_helper_position = models.CharField(_("helper's position"), max_length=120, blank=True)
    receiver_helper_member = models.ForeignKey(
        PartyMember,
        verbose_name=_("helper member (registered)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Outcome.
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)
    decision_number = models.CharField(_("admission decision number"), max_length=40, blank=True)
    outcome_reason = models.CharField(_("reason"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate"], condition=~Q(status="passed_on"), name="one_current_referral_per_candidacy"
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="referral_status_valid"),
            models.CheckConstraint(
                condition=Q(acknowledged_on__isnull=True) | Q(acknowledged_on__gte=models.F("sent_on")),
                name="referral_acknowledged_after_sent",
            ),
        ]
        indexes = [models.Index(fields=["to_unit", "status"]), models.Index(fields=["from_cell", "sent_on"])]

    def __str__(self) -> str:
        return f"{self.person.full_name} → {self.to_unit}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_on is not None


class ReminderKind(models.TextChoices):
    ACKNOWLEDGEMENT_OVERDUE = "ack_overdue", _("Not acknowledged in time")
    CERTIFICATE_EXPIRING = "cert_expiring", _("Certificate expiring with no outcome")


class ReferralReminder(models.Model):
    """One reminder e-mail per referral, kind and due date: `send_referral_reminders` never repeats one."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("referral reminder")
        verbose_name_plural = _("referral reminders")
        constraints = [
            models.UniqueConstraint(fields=["referral", "kind", "due_on"], name="one_reminder_per_referral_kind_due")
        ]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.kind} {self.due_on}"


# Verifiable documents, answers without an account, packages between installations.
from .verification_models import (  # noqa: E402, F401
    DocumentToken,
    InboundReferral,
    OnlineAcknowledgement,
    TrustedInstallation,
    Verification,
)
