"""The organisation tree and the roles users hold on it.

One `OrgUnit` tree holds Party committees and cells, schools, Youth Union organisations,
political centres, localities and colleges. Each unit keeps a materialised `path` of its
ancestors' ids so a subtree is one indexed `startswith` query on every database. Units are
never deleted: districts closed on 01/07/2025 keep `active_until` and a `successor`, and
`UnitParentPeriod` keeps who their parent was at any date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from uommam.core.models import TrackedModel
from uommam.vn.collation import sort_key

PATH_STEP = 8  # "00000042/" – fixed width keeps prefix queries exact


class UnitKind(models.TextChoices):
    PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial Party committee")
    DISTRICT_COMMITTEE = "district_committee", _("District Party committee")
    COMMUNE_COMMITTEE = "commune_committee", _("Commune/ward Party committee")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots Party committee")
    CELL = "cell", _("Party cell")
    YOUTH_UNION = "youth_union", _("Youth Union organisation")
    POLITICAL_CENTRE = "political_centre", _("Political centre / political school")
    SCHOOL = "school", _("Upper-secondary school")
    LOCALITY = "locality", _("Commune / locality")
    UNIVERSITY = "university", _("College / university")


COMMITTEE_KINDS = (
    UnitKind.PROVINCIAL_COMMITTEE,
    UnitKind.DISTRICT_COMMITTEE,
    UnitKind.COMMUNE_COMMITTEE,
    UnitKind.GRASSROOTS_COMMITTEE,
)


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def active_on(self, on: date) -> OrgUnitQuerySet:
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=on)).filter(
            Q(active_until__isnull=True) | Q(active_until__gte=on)
        )

    def subtree_of(self, unit: OrgUnit) -> OrgUnitQuerySet:
        return self.filter(path__startswith=unit.path)

    def of_kind(self, *kinds: str) -> OrgUnitQuerySet:
        return self.filter(kind__in=kinds)


class OrgUnit(TrackedModel):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    # For a Party cell: the committee whose standing committee decides admissions. Configured per
    # cell because after the 2025 reorganisation it varies by province (domain.md §2, [U]).
    superior_committee = models.ForeignKey(
        "self",
        verbose_name=_("superior (deciding) committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_cells",
    )
    # A school cell or a school Youth Union points at its school.
    school = models.ForeignKey(
        "self",
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="school_bodies",
        limit_choices_to={"kind": UnitKind.SCHOOL},
    )
    place_name = models.CharField(
        _("place name in documents"), max_length=80, blank=True, help_text=_("e.g. “Chiêm Hóa”")
    )
    document_code = models.CharField(
        _("issuer code in document numbers"), max_length=10, blank=True, help_text=_("e.g. CB, ĐU, HU")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    uses_uommam = models.BooleanField(
        _("uses Ươm Mầm"), default=True, help_text=_("Receives referrals in the application")
    )

    # Vietnamese collation key of the name ([0-9a-z] only), so lists of units sort the same on every database.
    sort_key = models.CharField(max_length=600, editable=False, db_index=True, default="")

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="orgunit_active_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.sort_key = sort_key(self.name)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        super().save(*args, **kwargs)

    def is_active_on(self, on: date) -> bool:
        return (self.active_from is None or self.active_from <= on) and (
            self.active_until is None or on <= self.active_until
        )

    @property
    def is_committee(self) -> bool:
        return self.kind in COMMITTEE_KINDS

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.split("/") if part][:-1]


class UnitParentPeriod(models.Model):
    """Who a unit's parent was, and from when to when – the tree as of any date."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="parent_periods")
    parent = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("parent period")
        verbose_name_plural = _("parent periods")
        # "Since always" (no start date) first, on every database.
        ordering = ["unit_id", models.F("valid_from").asc(nulls_first=True)]

    def __str__(self) -> str:
        return f"{self.unit} ⊂ {self.parent}"


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    COMMITTEE_OFFICER = "committee_officer", _("Committee officer")
    CELL_SECRETARY = "cell_secretary", _("Party cell secretary")
    YOUTH_UNION_SECRETARY = "youth_union_secretary", _("Youth Union secretary")
    CENTRE_OFFICER = "centre_officer", _("Political-centre officer")
    RECEIVING_OFFICER = "receiving_officer", _("Receiving-organisation officer")
    VIEWER = "viewer", pgettext_lazy("role", "Read-only viewer")


class RoleAssignment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    active = models.BooleanField(_("active"), default=True)
    granted_at = models.DateTimeField(auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_role_per_unit")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} – {self.unit}"
