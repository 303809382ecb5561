"""Records behind verifiable documents, answers without an account, and packages between installations.

Imported by `models.py` (Django finds models there); kept apart so the referral model itself stays small.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from uommam.orgs.models import OrgUnit
from uommam.training.models import AwarenessClass, Enrolment

from .models import Referral


class TokenKind(models.TextChoices):
    LETTER = "letter", _("Referral letter")
    CERTIFICATE_LIST = "cert_list", _("List of certificates issued")
    CERTIFICATE = "certificate", _("Awareness-class certificate")


class DocumentToken(models.Model):
    """The short code printed on one document (and, signed, in its QR link). Exactly one of
    `referral`, `awareness_class`, `enrolment` is set, as `kind` says."""

    code = models.CharField(_("short code"), max_length=10, unique=True)
    kind = models.CharField(_("document"), max_length=12, choices=TokenKind.choices)
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.CASCADE, related_name="verification_tokens"
    )
    awareness_class = models.ForeignKey(
        AwarenessClass, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    enrolment = models.ForeignKey(Enrolment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # The one-time acknowledgement code of a letter: only its keyed hash is kept here.
    ack_code_hash = models.CharField(max_length=64, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.CharField(_("reason for revoking"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("verification code")
        verbose_name_plural = _("verification codes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="letter", referral__isnull=False, awareness_class__isnull=True, enrolment__isnull=True)
                    | Q(kind="cert_list", referral__isnull=True, awareness_class__isnull=False, enrolment__isnull=True)
                    | Q(
                        kind="certificate", referral__isnull=True, awareness_class__isnull=True, enrolment__isnull=False
                    )
                ),
                name="document_token_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class VerificationResult(models.TextChoices):
    GENUINE = "genuine", _("Genuine")
    UNKNOWN = "unknown", _("Unknown or altered")
    REVOKED = "revoked", _("Revoked")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged online")
    OUTCOME = "outcome", _("Outcome reported online")
    WRONG_CODE = "wrong_code", _("Wrong acknowledgement code")
    THROTTLED = "throttled", _("Too many requests")


class Verification(models.Model):
    """The journal of checks: when, which token or code was presented, and the result. Nothing about
    the visitor (no address, no browser) is kept."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    presented = models.CharField(_("token or code presented"), max_length=64, blank=True)
    token = models.ForeignKey(DocumentToken, null=True, blank=True, on_delete=models.SET_NULL, related_name="checks")
    result = models.CharField(_("result"), max_length=14, choices=VerificationResult.choices)

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.presented} {self.result}"


class AnswerChannel(models.TextChoices):
    CODE = "code", _("On the verification page, with the acknowledgement code")
    PACKAGE = "package", _("By a signed package from another installation")


class OnlineAcknowledgement(models.Model):
    """Who acknowledged a referral without an account here, and how to reach them."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="online_acknowledgement")
    channel = models.CharField(_("how"), max_length=8, choices=AnswerChannel.choices)
    organisation = models.CharField(_("organisation"), max_length=200)
    officer_name = models.CharField(_("officer's name"), max_length=150)
    officer_position = models.CharField(_("officer's position"), max_length=120)
    contact = models.CharField(_("phone or e-mail"), max_length=150)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), auto_now_add=True)
    outcome_reported_at = models.DateTimeField(_("outcome reported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("acknowledgement without an account")
        verbose_name_plural = _("acknowledgements without an account")

    def __str__(self) -> str:
        return f"{self.organisation} – {self.officer_name}"


class TrustedInstallation(models.Model):
    """Another Ươm Mầm installation whose published keys (`/.well-known/uommam-keys.json`) this one
    trusts for signed packages."""

    origin = models.URLField(_("address"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    keys = models.JSONField(_("public keys"), default=list)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("trusted installation")
        verbose_name_plural = _("trusted installations")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.origin})"


class InboundStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("inbound referral", "Received")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("inbound referral", "Acknowledged")
    ADMITTED = "admitted", pgettext_lazy("inbound referral", "Admitted")
    NOT_ADMITTED = "not_admitted", pgettext_lazy("inbound referral", "Not admitted")
    LOST_CONTACT = "lost_contact", pgettext_lazy("inbound referral", "Lost contact")


class InboundReferral(models.Model):
    """A referral imported from another installation's signed package into a receiving unit's inbox.

    Its student lives in the sender's database; here only the package (letter and data) is kept, with
    what the receiver answered, which travels back as a signed reply package."""

    origin = models.ForeignKey(TrustedInstallation, on_delete=models.PROTECT, related_name="inbound_referrals")
    package_id = models.CharField(_("package"), max_length=10)
    to_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("receiving organisation"), on_delete=models.PROTECT, related_name="+"
    )
    payload = models.JSONField(_("referral data"))
    letter_name = models.CharField(max_length=40, blank=True)
    letter = models.BinaryField(_("referral letter"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=InboundStatus.choices, default="received")
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    officer_name = models.CharField(_("officer's name"), max_length=150, blank=True)
    officer_position = models.CharField(_("officer's position"), max_length=120, blank=True)
    contact = models.CharField(_("phone or e-mail"), max_length=150, blank=True)
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)
    decision_number = models.CharField(_("admission decision number"), max_length=40, blank=True)
    outcome_reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("referral from another installation")
        verbose_name_plural = _("referrals from other installations")
        ordering = ["-imported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["origin", "package_id"], name="one_inbound_per_origin_package"),
        ]

    def __str__(self) -> str:
        return f"{self.payload.get('student', {}).get('full_name', '')} ← {self.origin.name}"
