"""Students (quần chúng), their school records and awards, and the Party members who help them."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from uommam.core.models import TrackedModel
from uommam.orgs.models import OrgUnit, UnitKind
from uommam.vn.collation import name_sort_key
from uommam.vn.text import fold, nfc

from .names import validate_personal_name


def ethnicity_choices() -> list[tuple[str, str]]:
    from uommam.vn.ethnicity import ETHNIC_GROUPS

    return [(group[0], group[1]) for group in ETHNIC_GROUPS]


def province_choices() -> list[tuple[str, str]]:
    from uommam.vn.citizen_id import province_codes

    return sorted(province_codes().items())


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class NamedPerson(models.Model):
    """Vietnamese name parts stored NFC; full name, sort key and search key derived from them."""

    family_name = models.CharField(_("family name"), max_length=40, validators=[validate_personal_name])
    middle_name = models.CharField(_("middle name"), max_length=60, blank=True, validators=[validate_personal_name])
    given_name = models.CharField(_("given name"), max_length=40, validators=[validate_personal_name])
    full_name = models.CharField(_("full name"), max_length=150, editable=False)
    # Vietnamese order (given, family, middle; letters then tones) as a string of [0-9a-z], so
    # ORDER BY gives the same result on SQLite and PostgreSQL whatever their collations.
    sort_key = models.CharField(max_length=600, editable=False, db_index=True)
    search_key = models.CharField(max_length=150, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_derived()
        super().save(*args, **kwargs)

    def refresh_derived(self) -> None:
        """Normalise the name parts and recompute the derived columns (bulk writers call this too)."""
        self.family_name = nfc(self.family_name).strip()
        self.middle_name = nfc(self.middle_name).strip()
        self.given_name = nfc(self.given_name).strip()
        self.full_name = " ".join(p for p in (self.family_name, self.middle_name, self.given_name) if p)
        self.sort_key = name_sort_key(self.family_name, self.middle_name, self.given_name)
        self.search_key = fold(self.full_name)


class PersonQuerySet(models.QuerySet["Person"]):
    def active(self) -> PersonQuerySet:
        return self.filter(archived_at__isnull=True)

    def search(self, text: str, *, citizen_id_schools: Collection[int] | None = None) -> PersonQuerySet:
        """Accent-insensitive: "nguyen van" finds "Nguyễn Văn"; digits match the student ID, and the
        citizen ID of students of `citizen_id_schools` (None: every school). Callers pass the schools
        whose citizen IDs the user sees in full (people.privacy.citizen_id_search_schools), so a
        user who sees IDs masked cannot find out an ID by searching for its digits."""
        text = (text or "").strip()
        if not text:
            return self
        folded = fold(text)
        q = Q()
        for word in folded.split():
            q &= Q(search_key__contains=word)
        if text.isdigit():
            q |= Q(moet_id__startswith=text)
            if citizen_id_schools is None:
                q |= Q(citizen_id__startswith=text)
            elif citizen_id_schools:
                q |= Q(citizen_id__startswith=text, school_id__in=list(citizen_id_schools))
        return self.filter(q)

    def vn_ordered(self) -> PersonQuerySet:
        return self.order_by("sort_key", "pk")

    def at_school_on(self, on: date) -> PersonQuerySet:
        """Students still at school on `on` (see `Person.leaving_day`)."""
        return self.exclude(left_school_q(on))

    def left_school_by(self, on: date) -> PersonQuerySet:
        """Alumni on `on`: graduated or moved away (see `Person.leaving_day`)."""
        return self.filter(left_school_q(on))


def left_school_q(on: date, prefix: str = "") -> Q:
    """Students who are no longer at school on `on`.

    The recorded departure decides when there is one (a transfer, a drop-out, or the real last day); a
    student without one leaves on the expected leaving date (end of grade 12, 31/05), which the school
    moves when a student repeats a year. So a graduate is alumni from the day after the expected date
    without anyone typing a departure — the registry's plan is the best fact we hold once it has passed.
    """
    return Q(**{f"{prefix}left_school_on__lte": on}) | Q(
        **{f"{prefix}left_school_on__isnull": True, f"{prefix}expected_leaving_on__lt": on}
    )


class Person(NamedPerson, TrackedModel):
    dob = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    # Blank when a school list gave none: the dossier asks for it later.
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=ethnicity_choices, default="01", blank=True)
    # The local group as written when it is more precise than the 54 ("Dao đỏ" for Dao).
    ethnicity_note = models.CharField(_("ethnic group as written"), max_length=60, blank=True, default="")
    religion = models.CharField(_("religion"), max_length=60, blank=True, default="")
    citizen_id = models.CharField(_("citizen ID (CCCD)"), max_length=12, blank=True, default="")
    moet_id = models.CharField(_("national student ID"), max_length=20, blank=True, default="")
    # The old identity card (CMND, 9 digits or 12 for 2012–2016 cards) still found in school lists.
    old_id_number = models.CharField(_("old ID card number (CMND)"), max_length=12, blank=True, default="")
    home_province = models.CharField(_("home province"), max_length=3, choices=province_choices, blank=True, default="")
    home_commune = models.ForeignKey(
        OrgUnit,
        verbose_name=_("home commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residents",
        limit_choices_to={"kind": UnitKind.LOCALITY},
    )
    home_address = models.CharField(_("home address"), max_length=255, blank=True, default="")
    school = models.ForeignKey(
        OrgUnit,
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="students",
        limit_choices_to={"kind": UnitKind.SCHOOL},
    )
    class_name = models.CharField(_("class"), max_length=20, blank=True, default="")
    cohort = models.PositiveSmallIntegerField(_("cohort (year entering grade 10)"))
    expected_leaving_on = models.DateField(_("expected leaving date"), null=True, blank=True)
    left_school_on = models.DateField(_("left school on"), null=True, blank=True)
    youth_union_joined_on = models.DateField(_("Youth Union member since"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, default="")
    parent_phone = models.CharField(_("parent's phone"), max_length=40, blank=True, default="")
    email = models.EmailField(_("e-mail"), blank=True, default="")
    father_name = models.CharField(
        _("father's name"), max_length=120, blank=True, default="", validators=[validate_personal_name]
    )
    father_birth_year = models.PositiveSmallIntegerField(_("father's birth year"), null=True, blank=True)
    mother_name = models.CharField(
        _("mother's name"), max_length=120, blank=True, default="", validators=[validate_personal_name]
    )
    mother_birth_year = models.PositiveSmallIntegerField(_("mother's birth year"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, default="")
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen_id"], condition=~Q(citizen_id=""), name="person_unique_citizen_id"
            ),
            models.UniqueConstraint(fields=["moet_id"], condition=~Q(moet_id=""), name="person_unique_moet_id"),
            models.CheckConstraint(condition=Q(sex__in=["M", "F"]), name="person_sex_valid"),
        ]
        indexes = [models.Index(fields=["school", "cohort"]), models.Index(fields=["school", "class_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_youth_union_member(self) -> bool:
        return self.youth_union_joined_on is not None

    def left_school_as_of(self, on: date) -> date | None:
        """The day the student left school if that is on or before `on` (None: still at school).

        Same rule as `left_school_q`: the recorded departure, else the expected leaving date once it
        has passed (the student graduated on it)."""
        if self.left_school_on is not None:
            return self.left_school_on if self.left_school_on <= on else None
        if self.expected_leaving_on is not None and self.expected_leaving_on < on:
            return self.expected_leaving_on
        return None


class GradingScale(models.TextChoices):
    NEW = "new", _("2018 curriculum (Tốt/Khá/Đạt/Chưa đạt)")
    OLD = "old", _("Before 2021 (Giỏi/Khá/Trung bình/Yếu/Kém)")


class Grade(models.TextChoices):
    # New scale (Thông tư 22/2021/TT-BGDĐT) for results and conduct.
    TOT = "tot", pgettext_lazy("grade", "Good (Tốt)")
    KHA = "kha", pgettext_lazy("grade", "Fair (Khá)")
    DAT = "dat", pgettext_lazy("grade", "Pass (Đạt)")
    CHUA_DAT = "chua_dat", pgettext_lazy("grade", "Not yet passed (Chưa đạt)")
    # Old scale: học lực Giỏi/Khá/Trung bình/Yếu/Kém, hạnh kiểm Tốt/Khá/Trung bình/Yếu.
    GIOI = "gioi", pgettext_lazy("grade", "Excellent (Giỏi)")
    TRUNG_BINH = "trung_binh", pgettext_lazy("grade", "Average (Trung bình)")
    YEU = "yeu", pgettext_lazy("grade", "Weak (Yếu)")
    KEM = "kem", pgettext_lazy("grade", "Poor (Kém)")


class SchoolRecord(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="school_records")
    school_year = models.CharField(_("school year"), max_length=9, help_text=_("e.g. 2023-2024"))
    grade_level = models.PositiveSmallIntegerField(_("grade"), choices=[(10, "10"), (11, "11"), (12, "12")])
    scale = models.CharField(_("grading scale"), max_length=3, choices=GradingScale.choices, default=GradingScale.NEW)
    academic_result = models.CharField(_("academic result"), max_length=12, choices=Grade.choices)
    conduct = models.CharField(_("conduct"), max_length=12, choices=Grade.choices)

    class Meta:
        verbose_name = _("school record")
        verbose_name_plural = _("school records")
        ordering = ["person_id", "school_year"]
        constraints = [models.UniqueConstraint(fields=["person", "school_year"], name="one_record_per_year")]

    def __str__(self) -> str:
        return f"{self.school_year}: {self.get_academic_result_display()} / {self.get_conduct_display()}"


class AwardLevel(models.TextChoices):
    SCHOOL = "school", _("School")
    DISTRICT = "district", _("District / commune")
    PROVINCE = "province", _("Province")
    NATIONAL = "national", _("National")


class AwardKind(models.TextChoices):
    AWARD = "award", _("Award / commendation")
    MOVEMENT = "movement", _("Emulation movement / campaign")


class Award(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="awards")
    school_year = models.CharField(_("school year"), max_length=9)
    kind = models.CharField(_("kind"), max_length=10, choices=AwardKind.choices, default=AwardKind.AWARD)
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=AwardLevel.choices, default=AwardLevel.SCHOOL)

    class Meta:
        verbose_name = _("award or movement")
        verbose_name_plural = _("awards and movements")
        ordering = ["person_id", "school_year", "title"]

    def __str__(self) -> str:
        return self.title


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Probationary member")
    OFFICIAL = "official", _("Official member")


class PartyMemberQuerySet(models.QuerySet["PartyMember"]):
    def current(self) -> PartyMemberQuerySet:
        return self.filter(left_unit_on__isnull=True)

    def official(self) -> PartyMemberQuerySet:
        return self.filter(status=MemberStatus.OFFICIAL)


class PartyMember(NamedPerson, TrackedModel):
    """A teacher or staff member in a cell: helpers and introducers of students."""

    dob = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True, default="")
    cell = models.ForeignKey(
        OrgUnit,
        verbose_name=_("Party cell"),
        on_delete=models.PROTECT,
        related_name="members",
        limit_choices_to={"kind": UnitKind.CELL},
    )
    status = models.CharField(_("status"), max_length=16, choices=MemberStatus.choices)
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    official_on = models.DateField(_("official member since"), null=True, blank=True)
    joined_unit_on = models.DateField(
        _("in this unit since"), null=True, blank=True, help_text=_("For the introducer's 12-month rule")
    )
    left_unit_on = models.DateField(_("left the unit on"), null=True, blank=True)
    position = models.CharField(_("position"), max_length=120, blank=True, default="")
    # Set when a student admitted through Ươm Mầm becomes a member.
    person = models.OneToOneField(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="party_member")

    objects = PartyMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("Party member")
        verbose_name_plural = _("Party members")
        ordering = ["sort_key", "pk"]

    def __str__(self) -> str:
        return self.full_name


class ConsentRelation(models.TextChoices):
    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")
    GUARDIAN = "guardian", _("Legal guardian")


def consent_upload_to(instance: ParentalConsent, filename: str) -> str:
    # Never the uploaded name: it may hold a path or a person's name.
    import uuid
    from pathlib import PurePosixPath

    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()[:6]
    return f"consents/{instance.person_id}/{uuid.uuid4().hex}{suffix}"


class ParentalConsent(TrackedModel):
    """A parent's or guardian's consent to process a student's personal data (Decree 13/2023/NĐ-CP,
    Art. 20: children's data needs the consent of their parent or guardian)."""

    person = models.ForeignKey(Person, verbose_name=_("student"), on_delete=models.CASCADE, related_name="consents")
    given_by = models.CharField(_("given by"), max_length=120)
    relation = models.CharField(_("relation"), max_length=10, choices=ConsentRelation.choices)
    given_on = models.DateField(_("given on"))
    scope = models.TextField(_("scope of the consent"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    document = models.FileField(_("signed document"), upload_to=consent_upload_to, blank=True, max_length=200)

    class Meta:
        verbose_name = _("parental consent")
        verbose_name_plural = _("parental consents")
        ordering = ["person_id", "-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_relation_display()}: {self.given_by} ({self.given_on:%d/%m/%Y})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class ErasureGround(models.TextChoices):
    """Why a student's personal data is erased (Decree 13/2023/NĐ-CP, Art. 16)."""

    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn (Decree 13/2023, Art. 16.1.b)")
    NO_LONGER_NEEDED = "no_longer_needed", _("No longer needed for the purpose (Art. 16.1.a)")
    SUBJECT_OBJECTS = "subject_objects", _("The student or guardian objects to the processing (Art. 16.1.c)")
    RETENTION_ENDED = "retention_ended", _("Retention period ended (Art. 16.1.a)")
    UNLAWFUL = "unlawful", _("Processed without a lawful basis (Art. 16.1.d)")
    AUTHORITY_ORDER = "authority_order", _("Ordered by a competent authority (Art. 16.1.đ)")


class ErasureStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")
    EXECUTED = "executed", _("executed")


class ErasureRequest(models.Model):
    """A request to erase one student's personal data: who asked and on which legal ground, who
    approved, when it was carried out and what was blanked. Holds no personal data itself, so it
    (and its certificate) outlives the erasure."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="erasure_requests")
    unit_path = models.CharField(max_length=255, blank=True)
    ground = models.CharField(_("legal ground"), max_length=32, choices=ErasureGround.choices)
    note = models.CharField(_("note (no personal data)"), max_length=255, blank=True)
    status = models.CharField(max_length=12, choices=ErasureStatus.choices, default=ErasureStatus.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    executed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"XOA-{self.pk:05d}" if self.pk else "XOA"
