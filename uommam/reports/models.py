"""Targets (chỉ tiêu) a superior sets for the units below it, per school year.

Everything else the reports show is computed from the pipeline's events (see `funnel.py`).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from uommam.core.models import TrackedModel
from uommam.orgs.models import OrgUnit

SCHOOL_YEAR_RE = re.compile(r"^(\d{4})-(\d{4})$")


def validate_school_year(value: str) -> None:
    match = SCHOOL_YEAR_RE.match(value or "")
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise ValidationError(_("Write the school year as “2025-2026”."))


class Target(TrackedModel):
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="targets")
    school_year = models.CharField(_("school year"), max_length=9, validators=[validate_school_year])
    students_to_class = models.PositiveIntegerField(_("students to send to the awareness class"), default=0)
    students_to_admit = models.PositiveIntegerField(_("students to admit"), default=0)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["school_year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "school_year"], name="unique_target_per_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit} {self.school_year}"
