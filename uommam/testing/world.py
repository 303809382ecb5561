"""A small organisation tree with one persona per role, for tests of every app.

    province TU-T ─┬─ district HU-D (closed 30/06/2025, successor DU-A)
                   │    ├─ centre TTCT-D (closed 30/06/2025)
                   │    └─ commune XA-OLD (closed, successor DU-A)
                   ├─ commune committee DU-A (from 01/07/2025) ── school S-A ─┬─ cell CB-S-A
                   │                                                      └─ Youth Union DTN-S-A
                   └─ commune committee DU-B (from 01/07/2025) ── school S-B ─┬─ cell CB-S-B
                                                                          └─ Youth Union DTN-S-B
    university U-X ── committee DU-U-X

Schools S-A and S-B sat under HU-D until 30/06/2025 (their parent history says so). Personas are
named by where they stand: `cell_a` is the secretary of school A's cell, `cell_b` its sibling.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from uommam.accounts.models import User
from uommam.orgs.models import OrgUnit, Role, UnitKind
from uommam.orgs.services import orgunit_close, orgunit_create, orgunit_move, role_grant
from uommam.people.models import MemberStatus, PartyMember, Person
from uommam.testing.replay import replayed

PASSWORD = "persona-password-2026"
CLOSED = date(2025, 6, 30)
REORGANISED = date(2025, 7, 1)

# persona name → (role, unit code); `admin` is a superuser without unit.
PERSONAS: dict[str, tuple[str, str]] = {
    "province": (Role.COMMITTEE_OFFICER, "TU-T"),
    "district": (Role.COMMITTEE_OFFICER, "HU-D"),
    "commune_a": (Role.COMMITTEE_OFFICER, "DU-A"),
    "commune_b": (Role.COMMITTEE_OFFICER, "DU-B"),
    "cell_a": (Role.CELL_SECRETARY, "CB-S-A"),
    "cell_b": (Role.CELL_SECRETARY, "CB-S-B"),
    "youth_a": (Role.YOUTH_UNION_SECRETARY, "DTN-S-A"),
    "centre": (Role.CENTRE_OFFICER, "TTCT-D"),
    "receiver": (Role.RECEIVING_OFFICER, "DU-U-X"),
    "viewer": (Role.VIEWER, "TU-T"),
    "viewer_b": (Role.VIEWER, "DU-B"),
}

# Who sees the records of school A (its students, its cell's candidates).
SEES_SCHOOL_A = {"admin", "province", "district", "commune_a", "cell_a", "youth_a", "viewer"}
# Who may change school A's student records.
EDITS_SCHOOL_A = {"admin", "province", "district", "commune_a", "cell_a", "youth_a"}


@dataclass
class World:
    units: dict[str, OrgUnit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    students: dict[str, Person] = field(default_factory=dict)
    members: dict[str, PartyMember] = field(default_factory=dict)

    def unit(self, code: str) -> OrgUnit:
        unit = OrgUnit.objects.get(code=code)
        self.units[code] = unit
        return unit


def _unit(world: World, code: str, parent: OrgUnit | None, kind: str, name: str, **extra: Any) -> OrgUnit:
    unit = orgunit_create(parent=parent, code=code, name=name, kind=kind, **extra)
    world.units[code] = unit
    return unit


def _end_of_this_school_year() -> date:
    today = timezone.localdate()
    end = date(today.year, 5, 31)
    return end if today <= end else date(today.year + 1, 5, 31)


def student(school: OrgUnit, family: str, middle: str, given: str, **extra: Any) -> Person:
    values: dict[str, Any] = {
        "dob": date(2008, 5, 17),
        "sex": "F",
        "ethnicity": "02",
        "cohort": 2023,
        "class_name": "12A1",
        # The end of the school year the student is in today (31/05), so the default student is at school.
        "expected_leaving_on": _end_of_this_school_year(),
        "youth_union_joined_on": date(2023, 3, 26),
    }
    values.update(extra)
    return Person.objects.create(school=school, family_name=family, middle_name=middle, given_name=given, **values)


@replayed
def build_world() -> World:
    world = World()
    province = _unit(world, "TU-T", None, UnitKind.PROVINCIAL_COMMITTEE, "Tỉnh ủy Thử nghiệm", document_code="TU")
    district = _unit(
        world,
        "HU-D",
        province,
        UnitKind.DISTRICT_COMMITTEE,
        "Huyện ủy Thử nghiệm",
        active_until=CLOSED,
        document_code="HU",
    )
    _unit(world, "TTCT-D", district, UnitKind.POLITICAL_CENTRE, "Trung tâm Chính trị huyện", active_until=CLOSED)
    old_commune = _unit(world, "XA-OLD", district, UnitKind.LOCALITY, "Xã Cũ", active_until=CLOSED)
    commune_a = _unit(
        world,
        "DU-A",
        province,
        UnitKind.COMMUNE_COMMITTEE,
        "Đảng ủy xã An",
        active_from=REORGANISED,
        document_code="ĐU",
    )
    commune_b = _unit(
        world,
        "DU-B",
        province,
        UnitKind.COMMUNE_COMMITTEE,
        "Đảng ủy xã Bình",
        active_from=REORGANISED,
        document_code="ĐU",
    )
    orgunit_close(unit=old_commune, last_day=CLOSED, successor=commune_a)
    orgunit_close(unit=district, last_day=CLOSED, successor=commune_a)
    for letter, commune in (("A", commune_a), ("B", commune_b)):
        school = _unit(world, f"S-{letter}", district, UnitKind.SCHOOL, f"Trường THPT {letter}")
        _unit(
            world,
            f"CB-S-{letter}",
            school,
            UnitKind.CELL,
            f"Chi bộ Trường THPT {letter}",
            school=school,
            superior_committee=commune,
            document_code="CB",
        )
        _unit(world, f"DTN-S-{letter}", school, UnitKind.YOUTH_UNION, f"Đoàn trường THPT {letter}", school=school)
        orgunit_move(unit=school, new_parent=commune, on=REORGANISED)
    university = _unit(world, "U-X", None, UnitKind.UNIVERSITY, "Trường Đại học X")
    _unit(world, "DU-U-X", university, UnitKind.GRASSROOTS_COMMITTEE, "Đảng ủy Trường Đại học X", document_code="ĐU")
    # Paths changed when the schools moved: read every unit again.
    for code in list(world.units):
        world.unit(code)

    world.users["admin"] = User.objects.create_superuser("admin", "admin@example.vn", PASSWORD)
    for name, (role, code) in PERSONAS.items():
        user = User.objects.create_user(name, f"{name}@example.vn", PASSWORD, full_name=name)
        role_grant(user=user, unit=world.units[code], role=role)
        world.users[name] = user

    world.students["a"] = student(world.units["S-A"], "Ma", "Thị", "Ánh", citizen_id="008308123456")
    world.students["b"] = student(world.units["S-B"], "Zzleak", "Văn", "Sibling", citizen_id="008208654321", sex="M")
    for letter in ("A", "B"):
        member = PartyMember(
            family_name="Nông",
            middle_name="Văn",
            given_name=f"Giúp{letter}",
            cell=world.units[f"CB-S-{letter}"],
            status=MemberStatus.OFFICIAL,
            admitted_on=date(2010, 5, 19),
            official_on=date(2011, 5, 19),
            joined_unit_on=date(2015, 8, 15),
        )
        member.save()
        world.members[letter.lower()] = member
    return world


@dataclass
class Records:
    """One record of every kind around school A (and a candidacy at school B), for the URL walk."""

    candidate_a: Any
    candidate_b: Any
    dossier_item_a: Any
    introducer_a: Any
    class_d: Any
    referral_a: Any
    import_a: Any
    consent_a: Any


def add_records(world: World) -> Records:
    """Records of the later apps, created directly: the URL walk needs objects, not workflows."""
    from django.core.files.base import ContentFile

    from uommam.imports.models import ImportBatch
    from uommam.people.models import ParentalConsent
    from uommam.pipeline.models import Candidate, DossierForm, DossierItem, DossierStatus, IntroducerAssignment
    from uommam.pipeline.stages import Stage
    from uommam.referrals.services import ReferralDraft, referral_create
    from uommam.training.models import AwarenessClass, Enrolment

    certificate = {"certificate_number": "GCN-01", "certificate_issued_on": date(2024, 11, 20)}
    candidate_a = Candidate.objects.create(
        person=world.students["a"],
        cell=world.units["CB-S-A"],
        stage=Stage.DOSSIER,
        helper=world.members["a"],
        **certificate,
    )
    candidate_b = Candidate.objects.create(
        person=world.students["b"],
        cell=world.units["CB-S-B"],
        stage=Stage.DOSSIER,
        helper=world.members["b"],
        **certificate,
    )
    item = DossierItem(candidate=candidate_a, form=DossierForm.KND1, status=DossierStatus.RECEIVED)
    item.file.save("don.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    item.save()
    introducer = IntroducerAssignment.objects.create(
        candidate=candidate_a, member=world.members["a"], assigned_on=date(2024, 12, 1)
    )
    awareness_class = AwarenessClass.objects.create(
        organiser=world.units["TTCT-D"],
        certificate_issuer=world.units["TTCT-D"],
        code="LOP-01-2024",
        number="01/2024",
        name="Lớp 01/2024",
        starts_on=date(2024, 11, 11),
        ends_on=date(2024, 11, 15),
    )
    Enrolment.objects.create(
        awareness_class=awareness_class,
        person=world.students["a"],
        candidate=candidate_a,
        enrolled_on=date(2024, 11, 1),
        school=world.units["S-A"],
    )
    leaver = student(world.units["S-A"], "Hoàng", "Văn", "Rời", citizen_id="008208777777", sex="M")
    leaving = Candidate.objects.create(person=leaver, cell=world.units["CB-S-A"], stage=Stage.CERTIFIED, **certificate)
    # Through the real service, so the referral has its numbered letter.
    referral = referral_create(
        draft=ReferralDraft(candidate=leaving, to_unit=world.units["DU-U-X"]),
        actor=world.users["cell_a"],
        sent_on=date(2026, 6, 1),
    )
    batch = ImportBatch.objects.create(
        school=world.units["S-A"], created_by=world.users["cell_a"], file_name="ds.xlsx", file_sha256="0" * 64
    )
    consent = ParentalConsent.objects.create(
        person=world.students["a"],
        given_by="Ma Văn Bố",
        relation="father",
        given_on=date(2025, 9, 5),
        scope="Thu thập và xử lý thông tin phục vụ công tác phát triển đảng viên",
    )
    consent.document.save("dong-y.pdf", ContentFile(b"%PDF-1.4 consent"), save=True)
    return Records(candidate_a, candidate_b, item, introducer, awareness_class, referral, batch, consent)
