"""Party-awareness classes (lớp bồi dưỡng nhận thức về Đảng), their sessions, enrolments,
attendance, essays and certificates (domain.md §4).

A class is run by a unit — a district political centre before 07/2025, a provincial political
school or a committee after — so the organiser and the certificate's issuing body are data. The
certificate a candidate holds is written onto the candidacy by the pipeline's "certify" transition;
the enrolment keeps the class's own copy of number and date for the class's printed list.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from uommam.core.models import TrackedModel
from uommam.orgs.models import OrgUnit, UnitKind
from uommam.people.models import Person
from uommam.pipeline.models import Candidate

# Who may organise a class: a political centre or school, or a Party committee.
ORGANISER_KINDS = (
    UnitKind.POLITICAL_CENTRE,
    UnitKind.PROVINCIAL_COMMITTEE,
    UnitKind.DISTRICT_COMMITTEE,
    UnitKind.COMMUNE_COMMITTEE,
    UnitKind.GRASSROOTS_COMMITTEE,
)


class ClassStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("class status", "Planned")
    RUNNING = "running", pgettext_lazy("class status", "Running")
    FINISHED = "finished", pgettext_lazy("class status", "Finished")


class AwarenessClass(TrackedModel):
    organiser = models.ForeignKey(
        OrgUnit,
        verbose_name=_("organised by"),
        on_delete=models.PROTECT,
        related_name="awareness_classes",
        limit_choices_to={"kind__in": ORGANISER_KINDS},
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    number = models.CharField(_("class number"), max_length=20, help_text=_("e.g. 03/2021"))
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=60)
    certificate_issuer = models.ForeignKey(
        OrgUnit,
        verbose_name=_("certificates issued by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Usually the organiser."),
    )
    status = models.CharField(_("status"), max_length=10, choices=ClassStatus.choices, default=ClassStatus.PLANNED)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("awareness class")
        verbose_name_plural = _("awareness classes")
        ordering = ["-starts_on", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="class_dates_ordered"),
        ]

    def __str__(self) -> str:
        return self.name


class ClassSession(models.Model):
    awareness_class = models.ForeignKey(AwarenessClass, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("session"))
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)

    class Meta:
        verbose_name = _("class session")
        verbose_name_plural = _("class sessions")
        ordering = ["awareness_class_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["awareness_class", "number"], name="one_session_number_per_class")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.topic}"


class EnrolmentResult(models.TextChoices):
    PENDING = "pending", pgettext_lazy("class result", "Pending")
    PASSED = "passed", pgettext_lazy("class result", "Passed")
    FAILED = "failed", pgettext_lazy("class result", "Failed")


class Enrolment(TrackedModel):
    awareness_class = models.ForeignKey(AwarenessClass, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(
        Person, verbose_name=_("student"), on_delete=models.PROTECT, related_name="class_enrolments"
    )
    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidacy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="class_enrolments",
    )
    enrolled_on = models.DateField(_("enrolled on"))
    # Where the student came from, as at enrolment: the printed roster must not change when the
    # student later moves up a grade or leaves.
    school = models.ForeignKey(OrgUnit, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    class_name = models.CharField(_("class"), max_length=20, blank=True)
    essay_score = models.DecimalField(
        _("essay score"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10"))],
    )
    result = models.CharField(
        _("result"), max_length=10, choices=EnrolmentResult.choices, default=EnrolmentResult.PENDING
    )
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    certificate_issued_on = models.DateField(_("certificate issued on"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["awareness_class_id", "person__sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["awareness_class", "person"], name="one_enrolment_per_class_person"),
            models.CheckConstraint(
                condition=Q(essay_score__isnull=True) | (Q(essay_score__gte=0) & Q(essay_score__lte=10)),
                name="essay_score_0_to_10",
            ),
            models.CheckConstraint(
                condition=Q(certificate_number="") | Q(result=EnrolmentResult.PASSED),
                name="certificate_only_when_passed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.awareness_class}"

    @property
    def has_certificate(self) -> bool:
        return bool(self.certificate_number)


class Attendance(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=True)
    # Who last set this cell, and when: the grid's "opened at" check (training.services.attendance_save)
    # refuses a save over cells someone else changed meanwhile. Empty on cells recorded before.
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["enrolment", "session"], name="one_attendance_per_session")]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.session_id}: {self.present}"
