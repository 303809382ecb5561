"""The admission pipeline: one candidacy per student per cell, its events, dossier and introducers.

Stages are defined in `workflow.py` (the only module that changes `Candidate.stage`); this
module holds the records. Dates that the rules need (certificate, meeting, decision, ceremony)
are stored on the candidacy; every change is also an immutable `CandidateEvent`, from which
reports count "as of" any date.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from uommam.core.clock import now as clock_now
from uommam.core.models import TrackedModel
from uommam.orgs.models import OrgUnit, UnitKind
from uommam.people.models import PartyMember, Person

from .stages import EXIT_STAGES, Stage


class Route(models.TextChoices):
    YOUTH_UNION = "youth_union", _("Youth Union resolution (4-KNĐ) + one official member")
    TWO_INTRODUCERS = "two_introducers", _("Two official members")


class CandidateQuerySet(models.QuerySet["Candidate"]):
    def in_pipeline(self) -> CandidateQuerySet:
        return self.exclude(stage__in=EXIT_STAGES)

    def at_stage(self, *stages: str) -> CandidateQuerySet:
        return self.filter(stage__in=stages)


class Candidate(TrackedModel):
    person = models.ForeignKey(Person, verbose_name=_("student"), on_delete=models.PROTECT, related_name="candidacies")
    cell = models.ForeignKey(
        OrgUnit,
        verbose_name=_("Party cell"),
        on_delete=models.PROTECT,
        related_name="candidates",
        limit_choices_to={"kind": UnitKind.CELL},
    )
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices, default=Stage.IDENTIFIED)
    stage_since = models.DateField(_("in this stage since"), null=True, blank=True)
    route = models.CharField(_("introduction route"), max_length=20, choices=Route.choices, default=Route.YOUTH_UNION)
    school_year = models.CharField(_("school year of nomination"), max_length=9, blank=True)
    proposed_by = models.ForeignKey(
        OrgUnit,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposed_candidates",
    )
    # The Youth Union's resolution introducing the student (4-KNĐ), given with its proposal.
    proposal_resolution_number = models.CharField(_("Youth Union resolution number (4-KNĐ)"), max_length=40, blank=True)
    proposal_resolution_on = models.DateField(_("Youth Union resolution date (4-KNĐ)"), null=True, blank=True)
    helper = models.ForeignKey(
        PartyMember,
        verbose_name=_("helper member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="helped_candidates",
    )
    # Awareness-class certificate (set by the "certify" transition).
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    certificate_issued_on = models.DateField(_("certificate issued on"), null=True, blank=True)
    certificate_issuer = models.ForeignKey(
        OrgUnit,
        verbose_name=_("certificate issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The cell's admission meeting (6-KNĐ).
    cell_meeting_on = models.DateField(_("cell meeting date"), null=True, blank=True)
    cell_resolution_number = models.CharField(_("cell resolution number"), max_length=40, blank=True)
    official_members_count = models.PositiveSmallIntegerField(_("official members counted"), null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    # Grassroots committee resolution (8-KNĐ), where the cell sits under one.
    committee_resolution_on = models.DateField(_("committee resolution date"), null=True, blank=True)
    committee_resolution_number = models.CharField(_("committee resolution number"), max_length=40, blank=True)
    # Admission decision (9-KNĐ).
    decision_number = models.CharField(_("decision number"), max_length=40, blank=True)
    decision_on = models.DateField(_("decision date"), null=True, blank=True)
    decision_body = models.ForeignKey(
        OrgUnit,
        verbose_name=_("deciding body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_received_on = models.DateField(_("decision received on"), null=True, blank=True)
    decision_extended = models.BooleanField(_("decision time extended (+30 working days)"), default=False)
    # Ceremony and probation.
    ceremony_on = models.DateField(_("ceremony date"), null=True, blank=True)
    late_ceremony_consent = models.CharField(_("superior's consent to a late ceremony"), max_length=200, blank=True)
    theory_course_completed_on = models.DateField(
        _("political-theory course for new members completed on"), null=True, blank=True
    )
    # Official recognition.
    official_meeting_on = models.DateField(_("recognition meeting date"), null=True, blank=True)
    official_members_at_review = models.PositiveSmallIntegerField(
        _("official members counted at review"), null=True, blank=True
    )
    official_votes_for = models.PositiveSmallIntegerField(_("votes for recognition"), null=True, blank=True)
    official_decision_number = models.CharField(_("recognition decision number"), max_length=40, blank=True)
    official_decision_on = models.DateField(_("recognition decision date"), null=True, blank=True)
    # The committee that signed the recognition: the cell's deciding committee in force on its date
    # (orgs.authority), kept because the tree changes after (the district of 2024 is closed today).
    official_decision_body = models.ForeignKey(
        OrgUnit,
        verbose_name=_("recognition deciding body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    official_on = models.DateField(_("official member from"), null=True, blank=True)
    # Side exits.
    exit_reason = models.CharField(_("reason"), max_length=255, blank=True)
    exited_on = models.DateField(_("left the pipeline on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["person__sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=~Q(stage__in=[str(s) for s in EXIT_STAGES]),
                name="one_open_candidacy_per_person",
            ),
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="candidate_stage_valid"),
            models.CheckConstraint(
                condition=Q(votes_for__isnull=True)
                | Q(official_members_count__isnull=True)
                | Q(votes_for__lte=models.F("official_members_count")),
                name="votes_within_members",
            ),
        ]
        indexes = [models.Index(fields=["cell", "stage"])]

    def __str__(self) -> str:
        return f"{self.person.full_name} ({self.get_stage_display()})"


class EventKind(models.TextChoices):
    TRANSITION = "transition", _("Stage change")
    DOSSIER = "dossier", _("Dossier")
    HELPER = "helper", _("Helper")
    INTRODUCER = "introducer", _("Introducer")
    NOTE = "note", _("Note")
    VOID = "void", _("Voided step")


class CandidateEvent(models.Model):
    """An immutable line of the candidate's timeline; transitions carry from/to stages.

    `effective_on` is the date the event happened in the world (the meeting, the decision), which
    may be earlier than `at`, when it was recorded. Reports count by `effective_on`.
    """

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    transition = models.CharField(max_length=40, blank=True)
    from_stage = models.CharField(max_length=24, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=24, choices=Stage.choices, blank=True)
    effective_on = models.DateField(db_index=True)
    at = models.DateTimeField(default=clock_now)  # a historical clock may set it
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    summary = models.CharField(max_length=255, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        ordering = ["effective_on", "at", "pk"]
        indexes = [models.Index(fields=["to_stage", "effective_on"])]

    def __str__(self) -> str:
        return self.summary or self.transition


class DossierForm(models.TextChoices):
    KND1 = "1-KNĐ", _("1-KNĐ Application letter")
    KND2 = "2-KNĐ", _("2-KNĐ Personal history")
    KND20 = "20-KNĐ", _("Background verification (per relative)")
    KND3 = "3-KNĐ", _("3-KNĐ Introducer letter (one introducer)")
    KND3A = "3A-KNĐ", _("3A-KNĐ Introducer letter (two introducers)")
    KND4 = "4-KNĐ", _("4-KNĐ Youth Union introduction resolution")
    KND5 = "5-KNĐ", _("5-KNĐ Summary of opinions")
    KND6 = "6-KNĐ", _("6-KNĐ Cell resolution proposing admission")
    KND7 = "7-KNĐ", _("7-KNĐ Appraisal report of the intermediate committee")
    KND8 = "8-KNĐ", _("8-KNĐ Grassroots committee resolution")
    KND9 = "9-KNĐ", _("9-KNĐ Admission decision")
    KND10 = "10-KNĐ", _("10-KNĐ Probationary member's self-review")
    KND11 = "11-KNĐ", _("11-KNĐ Helper's assessment")
    KND12 = "12-KNĐ", _("12-KNĐ Summary of opinions on the probationary member")
    KND13 = "13-KNĐ", _("13-KNĐ Cell resolution proposing official recognition")
    KND15 = "15-KNĐ", _("15-KNĐ Committee resolution proposing official recognition")


class DossierStatus(models.TextChoices):
    MISSING = "missing", _("missing")
    RECEIVED = "received", _("received")
    CHECKED = "checked", _("checked")


DOSSIER_FILE_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "doc", "docx")


def dossier_upload_path(instance: DossierItem, filename: str) -> str:
    # Never the user's file name as a path: an ASCII form code, a random token and a known extension.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    if extension not in DOSSIER_FILE_EXTENSIONS:
        extension = "bin"
    form = instance.form.replace("Đ", "D").replace("đ", "d")
    return f"dossiers/{instance.candidate_id}/{form}-{secrets.token_hex(8)}.{extension}"


class DossierItem(TrackedModel):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="dossier_items")
    form = models.CharField(_("form"), max_length=8, choices=DossierForm.choices)
    # For background verification: which relative ("Bố: Ma Văn A").
    subject = models.CharField(_("about"), max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DossierStatus.choices, default=DossierStatus.MISSING)
    dated_on = models.DateField(_("document date"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(_("scanned copy"), upload_to=dossier_upload_path, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("dossier item")
        verbose_name_plural = _("dossier items")
        ordering = ["candidate_id", "form", "subject"]

    def __str__(self) -> str:
        return f"{self.form} {self.subject}".strip()


class IntroducerAssignment(models.Model):
    """Who introduces the candidate; kept as a history because introducers leave (domain.md §3)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="introducers")
    member = models.ForeignKey(PartyMember, on_delete=models.PROTECT, related_name="introductions")
    assigned_on = models.DateField(_("assigned on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for replacement"), max_length=200, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("introducer")
        verbose_name_plural = _("introducers")
        ordering = ["candidate_id", "assigned_on"]

    def __str__(self) -> str:
        return str(self.member)


class ReminderLog(models.Model):
    """One digest e-mail per user per day: `send_reminders` skips users already logged for the day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    digest_hash = models.CharField(max_length=64)
    items = models.PositiveIntegerField(default=0)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="one_reminder_per_user_per_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.sent_on}"
