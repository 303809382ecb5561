"""Numbering per issuing unit, type and committee term; generated documents; template overrides."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from uommam.orgs.models import OrgUnit


class DocType(models.TextChoices):
    """Document type codes of the number symbol (domain.md §8)."""

    NQ = "NQ", _("Resolution")
    QD = "QĐ", _("Decision")
    BC = "BC", _("Report")
    KH = "KH", _("Plan")
    TB = "TB", _("Notice")
    CV = "CV", _("Official letter")
    TTR = "TTr", _("Submission")
    BB = "BB", _("Minutes")
    # Certificates a committee or cell issues, e.g. the referral's "Giấy chứng nhận người vào Đảng đang trong
    # thời gian được giúp đỡ" (a document type of 1361-CV/BTCTW).
    GCN = "GCN", _("Certificate")


class Term(models.Model):
    """A committee term (nhiệm kỳ) of a unit: document numbers restart at 01 in each term."""

    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="terms")
    label = models.CharField(_("term"), max_length=40, help_text=_("e.g. “2025–2030”"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee term")
        verbose_name_plural = _("committee terms")
        ordering = ["unit_id", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "label"], name="term_label_unique_per_unit"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="term_range_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.label}"

    @classmethod
    def label_for(cls, unit: OrgUnit, on: date) -> str:
        """The label of the unit's term covering `on`; "" when no term is configured (one running series)."""
        term = (
            cls.objects.filter(unit=unit, starts_on__lte=on)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
            .order_by("-starts_on")
            .first()
        )
        return term.label if term else ""


class DocumentSequence(models.Model):
    """The last number issued by a unit for one document type in one term."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="document_sequences")
    doc_type = models.CharField(_("document type"), max_length=4, choices=DocType.choices)
    term_label = models.CharField(_("term"), max_length=40, blank=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("document number sequence")
        verbose_name_plural = _("document number sequences")
        constraints = [
            models.UniqueConstraint(fields=["unit", "doc_type", "term_label"], name="one_sequence_per_unit_type_term")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.doc_type} {self.term_label}: {self.last_number}"


def template_upload_path(instance: DocumentTemplate, filename: str) -> str:
    return f"document_templates/{instance.name}-{instance.version[:12]}.docx"


class DocumentTemplate(models.Model):
    """An administrator's edited Word template replacing the committed one of the same name."""

    name = models.SlugField(_("template name"), max_length=60, help_text=_("e.g. referral_letter"))
    file = models.FileField(_("Word file (.docx)"), upload_to=template_upload_path)
    version = models.CharField(_("version (sha256)"), max_length=64, editable=False)
    active = models.BooleanField(_("in use"), default=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["name", "-uploaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["name"], condition=Q(active=True), name="one_active_template_per_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version[:8]})"


def generated_upload_path(instance: GeneratedDocument, filename: str) -> str:
    return filename


class GeneratedDocument(models.Model):
    """One issued document: its number, the template version it came from, its files and checksums."""

    kind = models.CharField(_("document type"), max_length=4, choices=DocType.choices)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="generated_documents"
    )
    term_label = models.CharField(_("term"), max_length=40, blank=True)
    number = models.PositiveIntegerField(_("number"))
    number_text = models.CharField(_("number and symbol"), max_length=40)
    issued_on = models.DateField(_("dated"))
    summary = models.CharField(_("summary line"), max_length=255, blank=True)
    purpose = models.CharField(_("purpose"), max_length=60, blank=True)
    template_name = models.CharField(_("template"), max_length=60)
    template_version = models.CharField(_("template version (sha256)"), max_length=64)
    context = models.JSONField(_("rendering context"), default=dict, blank=True)
    file = models.FileField(_("Word file"), upload_to=generated_upload_path, max_length=200, blank=True)
    sha256 = models.CharField(_("sha256 of the Word file"), max_length=64)
    pdf_file = models.FileField(_("PDF file"), upload_to=generated_upload_path, max_length=200, blank=True)
    pdf_sha256 = models.CharField(_("sha256 of the PDF"), max_length=64, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=40, blank=True)
    related = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "term_label", "number"], name="document_number_unique_per_unit_type_term"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"Số {self.number_text}"

    @property
    def docx_filename(self) -> str:
        return f"{self.number_text.replace('/', '-')}.docx"

    @property
    def pdf_filename(self) -> str:
        return f"{self.number_text.replace('/', '-')}.pdf"
