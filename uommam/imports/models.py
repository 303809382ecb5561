"""Import batches (one per uploaded file) and the column-mapping profiles remembered per source."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from uommam.orgs.models import OrgUnit, UnitKind


class ImportKind(models.TextChoices):
    STUDENTS = "students", _("Student list")
    CLASS_ROSTER = "class_roster", _("Awareness-class roster")
    SCHOOL_RESULTS = "school_results", _("School results")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed")
    COMMITTED = "committed", _("Committed")
    UNDONE = "undone", _("Undone")


class MappingProfile(models.Model):
    """How the columns of one source's layout map to our fields, as corrected by a user."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("source unit"), on_delete=models.CASCADE, related_name="import_profiles"
    )
    # Hash of the folded header texts: the same export from the same software gives the same signature.
    signature = models.CharField(_("layout signature"), max_length=64)
    headers = models.JSONField(_("headers"), default=list)
    mapping = models.JSONField(_("column mapping"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("column mapping profile")
        verbose_name_plural = _("column mapping profiles")
        constraints = [models.UniqueConstraint(fields=["unit", "signature"], name="one_profile_per_layout")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.signature[:8]}"


class ImportBatch(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices, default=ImportKind.STUDENTS)
    status = models.CharField(_("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    school = models.ForeignKey(
        OrgUnit,
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="import_batches",
        limit_choices_to={"kind": UnitKind.SCHOOL},
        null=True,
        blank=True,
        help_text=_("The school of a student list or of school results; empty for a class roster."),
    )
    awareness_class = models.ForeignKey(
        "training.AwarenessClass",
        verbose_name=_("awareness class"),
        on_delete=models.PROTECT,
        related_name="import_batches",
        null=True,
        blank=True,
    )
    school_year = models.CharField(_("school year"), max_length=9, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    file_size = models.PositiveIntegerField(_("file size"), default=0)
    # Relative to MEDIA_ROOT; a generated name, never the user's file name.
    stored_file = models.CharField(max_length=255, blank=True)
    profile = models.ForeignKey(
        MappingProfile, verbose_name=_("mapping profile"), null=True, blank=True, on_delete=models.SET_NULL
    )
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    valid = models.PositiveIntegerField(_("valid rows"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    warning_count = models.PositiveIntegerField(_("warnings"), default=0)
    to_create = models.PositiveIntegerField(_("to create"), default=0)
    to_update = models.PositiveIntegerField(_("to update"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    skip_invalid = models.BooleanField(_("invalid rows skipped"), default=False)
    # Rows hidden or filtered out in the workbook are left out unless the user asked for them.
    include_hidden = models.BooleanField(_("hidden rows imported"), default=False)
    report = models.JSONField(_("report"), default=dict, blank=True)
    # What undo needs: ids created, and for updated people the version we left and the values before.
    created_ids = models.JSONField(default=list, blank=True)
    updated_rows = models.JSONField(default=list, blank=True)
    committed_at = models.DateTimeField(_("committed at"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    @property
    def unit(self) -> OrgUnit | None:
        """The unit the import belongs to: the school, or the organiser of the class."""
        if self.awareness_class is not None:
            return self.awareness_class.organiser
        return self.school
