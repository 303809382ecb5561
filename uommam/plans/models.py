"""The annual plan of a cell (or committee) and its lines: who is to be listed, sent to class,
admitted or referred, and in which month."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from uommam.core.models import TrackedModel
from uommam.documents.models import GeneratedDocument
from uommam.orgs.models import OrgUnit
from uommam.people.models import Person


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan status", "Draft")
    ISSUED = "issued", pgettext_lazy("plan status", "Issued")


class PlanAction(models.TextChoices):
    """What the plan foresees for a student, in the order of the roadmap."""

    LIST = "list", _("Put on the sympathiser list with a helper")
    CLASS = "class", _("Send to the awareness class")
    ADMIT = "admit", _("Admit (cell's vote)")
    REFER = "refer", _("Refer on leaving school")


def validate_school_year(value: str) -> None:
    from django.core.exceptions import ValidationError

    from uommam.vn.school_year import parse_school_year

    try:
        parse_school_year(value)
    except ValueError:
        raise ValidationError(_("Write the school year as 2026-2027.")) from None


class AnnualPlan(TrackedModel):
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="annual_plans")
    school_year = models.CharField(_("school year"), max_length=9, validators=[validate_school_year])
    status = models.CharField(_("status"), max_length=8, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    purpose = models.TextField(_("purpose and requirements"), blank=True)
    measures = models.TextField(_("organisation of the work"), blank=True)
    document = models.ForeignKey(
        GeneratedDocument,
        verbose_name=_("issued document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["-school_year", "unit__sort_key"]
        constraints = [models.UniqueConstraint(fields=["unit", "school_year"], name="plan_one_per_unit_and_year")]

    def __str__(self) -> str:
        return f"{self.unit} {self.school_year}"


class PlanEntry(models.Model):
    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey(Person, verbose_name=_("student"), on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=8, choices=PlanAction.choices)
    month = models.DateField(_("month"), help_text=_("The first day of the planned month."))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("plan line")
        verbose_name_plural = _("plan lines")
        ordering = ["month", "action", "person__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "person", "action"], name="plan_entry_once_per_action"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.action} {self.month:%m/%Y}"
