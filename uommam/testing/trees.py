"""Smaller trees that some apps' tests are written against, made of the same factories as the persona world.

The persona world (`uommam.testing.world`) is the tree after the 2025 reorganisation. Some tests need a
simpler or an older shape, and keep it here rather than in an app's tests folder:

- `build_personas()` — the pipeline's tree: a district committee deciding directly for its school cells
  (as before 2025), a grassroots committee deciding for cell G, a political centre. Tests dated 2024.
- `build_class_world()` — the training tree: a district centre, a provincial school, two school cells.
- `build_ref_world()` — the referral tree: two school cells under a commune committee, two universities
  with their committees, and the old commune merged into it on 01/07/2025.

The Chiêm Hóa tree of the demo (`uommam.demo.builders.orgs`) serves the import tests; see
`uommam/imports/tests/conftest.py`. Every persona's password is `PASSWORD`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import count
from typing import Any

from django.test import Client

from uommam.accounts.models import User
from uommam.orgs.models import OrgUnit, Role, UnitKind
from uommam.orgs.services import orgunit_close, orgunit_create
from uommam.people.models import MemberStatus, PartyMember, Person
from uommam.pipeline.models import Candidate
from uommam.pipeline.stages import Stage
from uommam.testing.factories import PASSWORD, make_candidate, make_member, make_person, persona, superuser
from uommam.testing.replay import replayed
from uommam.training.models import AwarenessClass, ClassStatus
from uommam.training.services import class_create

__all__ = ["PASSWORD", "build_class_world", "build_personas", "build_ref_world"]


# ── The pipeline's tree ──────────────────────────────────────────────────────────────────────────────────


@dataclass
class Personas:
    """province (Tỉnh ủy) ─ viewer
    └ district committee (Huyện ủy) ─ committee officer; deciding committee of cells A and B
      ├ school A ─ cell A (cell secretary, members), Youth Union A (Youth Union secretary)
      ├ school B ─ cell B (the sibling cell secretary)
      ├ grassroots committee G ─ school G ─ cell G (decided through G's resolution)
      └ political centre ─ centre officer
    """

    province: OrgUnit
    district: OrgUnit
    school: OrgUnit
    cell: OrgUnit
    youth_union: OrgUnit
    sibling_school: OrgUnit
    sibling_cell: OrgUnit
    grassroots: OrgUnit
    grassroots_cell: OrgUnit
    centre: OrgUnit
    users: dict[str, User] = field(default_factory=dict)
    members: dict[str, PartyMember] = field(default_factory=dict)

    def user(self, role: str) -> User:
        return self.users[role]


def _pipeline_user(username: str, unit: OrgUnit | None, role: str | None) -> User:
    return persona(username, unit, role, email=f"{username}@example.org")


@replayed
def build_personas() -> Personas:
    province = orgunit_create(code="T-TU", name="Tỉnh ủy Thử", kind=UnitKind.PROVINCIAL_COMMITTEE)
    district = orgunit_create(
        parent=province, code="T-HU", name="Huyện ủy Thử", kind=UnitKind.DISTRICT_COMMITTEE, document_code="HU"
    )
    school = orgunit_create(parent=district, code="T-THPT-A", name="Trường THPT A", kind=UnitKind.SCHOOL)
    cell = orgunit_create(
        parent=school,
        code="T-CB-A",
        name="Chi bộ Trường THPT A",
        short_name="Chi bộ A",
        kind=UnitKind.CELL,
        school=school,
        superior_committee=district,
    )
    youth_union = orgunit_create(
        parent=school, code="T-DTN-A", name="Đoàn trường THPT A", kind=UnitKind.YOUTH_UNION, school=school
    )
    sibling_school = orgunit_create(parent=district, code="T-THPT-B", name="Trường THPT B", kind=UnitKind.SCHOOL)
    sibling_cell = orgunit_create(
        parent=sibling_school,
        code="T-CB-B",
        name="Chi bộ Trường THPT B",
        kind=UnitKind.CELL,
        school=sibling_school,
        superior_committee=district,
    )
    grassroots = orgunit_create(
        parent=district, code="T-DU-G", name="Đảng ủy cơ sở G", kind=UnitKind.GRASSROOTS_COMMITTEE
    )
    school_g = orgunit_create(parent=grassroots, code="T-THPT-G", name="Trường THPT G", kind=UnitKind.SCHOOL)
    grassroots_cell = orgunit_create(
        parent=school_g,
        code="T-CB-G",
        name="Chi bộ Trường THPT G",
        kind=UnitKind.CELL,
        school=school_g,
        superior_committee=grassroots,
    )
    centre = orgunit_create(
        parent=district, code="T-TTCT", name="Trung tâm Chính trị Thử", kind=UnitKind.POLITICAL_CENTRE
    )
    personas = Personas(
        province=province,
        district=district,
        school=school,
        cell=cell,
        youth_union=youth_union,
        sibling_school=sibling_school,
        sibling_cell=sibling_cell,
        grassroots=grassroots,
        grassroots_cell=grassroots_cell,
        centre=centre,
    )
    personas.users = {
        Role.CELL_SECRETARY: _pipeline_user("cell_secretary", cell, Role.CELL_SECRETARY),
        Role.YOUTH_UNION_SECRETARY: _pipeline_user("youth_union_secretary", youth_union, Role.YOUTH_UNION_SECRETARY),
        Role.COMMITTEE_OFFICER: _pipeline_user("committee_officer", district, Role.COMMITTEE_OFFICER),
        Role.CENTRE_OFFICER: _pipeline_user("centre_officer", centre, Role.CENTRE_OFFICER),
        Role.VIEWER: _pipeline_user("viewer", province, Role.VIEWER),
        "sibling": _pipeline_user("sibling_secretary", sibling_cell, Role.CELL_SECRETARY),
        "grassroots_officer": _pipeline_user("grassroots_officer", grassroots, Role.COMMITTEE_OFFICER),
        "grassroots_secretary": _pipeline_user("grassroots_secretary", grassroots_cell, Role.CELL_SECRETARY),
        Role.ADMIN: superuser(email="admin@example.org"),
    }
    personas.members = {
        "helper": member(cell, "Lý", "Thị", "Mai", joined=date(2015, 8, 15)),
        "introducer": member(cell, "Hoàng", "Văn", "Nam", joined=date(2010, 8, 15)),
        "introducer2": member(cell, "Ma", "Thị", "Hoa", joined=date(2012, 8, 15)),
        "newcomer": member(cell, "Nông", "Văn", "Tới", joined=date(2026, 8, 15)),
        "probationary": member(cell, "La", "Văn", "Dự", status=MemberStatus.PROBATIONARY, joined=date(2020, 8, 15)),
        "sibling": member(sibling_cell, "Triệu", "Văn", "Bên", joined=date(2010, 8, 15)),
        "grassroots": member(grassroots_cell, "Bàn", "Thị", "Gia", joined=date(2010, 8, 15)),
    }
    return personas


def member(
    cell: OrgUnit, family: str, middle: str, given: str, *, status: str = MemberStatus.OFFICIAL, joined: date
) -> PartyMember:
    return make_member(
        family_name=family, middle_name=middle, given_name=given, cell=cell, status=status, joined_unit_on=joined
    )


def student(
    school: OrgUnit, *, given: str = "An", dob: date = date(2005, 3, 10), cohort: int = 2020, **fields: Any
) -> Person:
    """Nguyễn Văn An, born 10/03/2005, Youth Union member since grade 10, leaving after grade 12."""
    values: dict[str, Any] = {
        "family_name": "Nguyễn",
        "middle_name": "Văn",
        "given_name": given,
        "dob": dob,
        "sex": "M",
        "ethnicity": "01",
        "class_name": "",
        "cohort": cohort,
    }
    values.update(fields)
    return make_person(school=school, **values)


def candidate(
    personas: Personas, *, stage: str, person: Person | None = None, cell: OrgUnit | None = None, **fields: Any
) -> Candidate:
    """A candidacy placed directly in `stage` (test set-up only; the application moves stages through the workflow)."""
    cell = cell or personas.cell
    person = person or student(cell.school or personas.school, given=fields.pop("given", "An"))
    return make_candidate(person=person, cell=cell, stage=stage, **fields)


# ── The training tree ────────────────────────────────────────────────────────────────────────────────────


@dataclass
class ClassWorld:
    """province ─ district ─ centre; province ─ provincial school (sibling centre); two schools with cells."""

    province: OrgUnit
    district: OrgUnit
    centre: OrgUnit
    sibling_centre: OrgUnit
    schools: list[OrgUnit]
    cells: list[OrgUnit]
    users: dict[str, User] = field(default_factory=dict)
    helpers: dict[int, PartyMember] = field(default_factory=dict)
    serial: int = 0

    def person(self, family: str, middle: str, given: str, *, school: int = 0, dob: date = date(2007, 3, 4)) -> Person:
        self.serial += 1
        return make_person(
            family_name=family,
            middle_name=middle,
            given_name=given,
            dob=dob,
            sex="F" if middle == "Thị" else "M",
            ethnicity="01",
            school=self.schools[school],
            class_name="11A1",
            cohort=2024,
            moet_id=f"99{self.serial:08d}",
            youth_union_joined_on=None,
            expected_leaving_on=None,
        )

    def sympathiser(self, family: str, middle: str, given: str, *, school: int = 0, **kwargs: Any) -> Candidate:
        person = self.person(family, middle, given, school=school, **kwargs)
        cell = self.cells[school]
        return make_candidate(
            person=person,
            cell=cell,
            stage=Stage.SYMPATHISER,
            stage_since=date(2026, 9, 1),
            helper=self.helpers[cell.pk],
        )

    def awareness_class(
        self, *, capacity: int = 60, organiser: OrgUnit | None = None, code: str = "L01"
    ) -> AwarenessClass:
        return class_create(
            actor=None,
            data={
                "organiser": organiser or self.centre,
                "code": code,
                "number": "01/2026",
                "name": "Lớp 01/2026",
                "starts_on": date(2026, 11, 2),
                "ends_on": date(2026, 11, 6),
                "place": "Hội trường",
                "capacity": capacity,
                "status": ClassStatus.RUNNING,
            },
        )


@replayed
def build_class_world() -> ClassWorld:
    province = orgunit_create(code="T-TU", name="Tỉnh ủy T", kind=UnitKind.PROVINCIAL_COMMITTEE)
    district = orgunit_create(parent=province, code="T-HU", name="Huyện ủy H", kind=UnitKind.DISTRICT_COMMITTEE)
    centre = orgunit_create(
        parent=district, code="T-TTCT", name="Trung tâm Chính trị H", kind=UnitKind.POLITICAL_CENTRE
    )
    sibling = orgunit_create(parent=province, code="T-TCT", name="Trường Chính trị T", kind=UnitKind.POLITICAL_CENTRE)
    schools, cells = [], []
    for n in (1, 2):
        school = orgunit_create(parent=district, code=f"T-S{n}", name=f"Trường THPT số {n}", kind=UnitKind.SCHOOL)
        cell = orgunit_create(
            parent=school,
            code=f"T-CB{n}",
            name=f"Chi bộ THPT số {n}",
            kind=UnitKind.CELL,
            school=school,
            superior_committee=district,
        )
        schools.append(school)
        cells.append(cell)
    world = ClassWorld(province, district, centre, sibling, schools, cells)
    for cell in cells:
        world.helpers[cell.pk] = make_member(family_name="Hà", middle_name="Văn", given_name="Giúp", cell=cell)
    personas = {
        "centre": (Role.CENTRE_OFFICER, centre),
        "sibling": (Role.CENTRE_OFFICER, sibling),
        "committee": (Role.COMMITTEE_OFFICER, district),
        "secretary": (Role.CELL_SECRETARY, cells[0]),
        "viewer": (Role.VIEWER, province),
    }
    for name, (role, unit) in personas.items():
        world.users[name] = persona(name, unit, role, full_name=name.title(), email="")
    return world


# ── The referral tree ────────────────────────────────────────────────────────────────────────────────────

_serial = count(1)


@dataclass
class RefWorld:
    """Two school cells under commune committee DU-A, two universities, and one persona per side
    (`cell_a`, sibling `cell_b`, `receiver_x`, `receiver_y`, `commune`, `viewer`)."""

    units: dict[str, OrgUnit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    helper: Any = None

    def client(self, persona: str) -> Client:
        client = Client()
        client.force_login(self.users[persona])
        return client

    def candidate(
        self,
        *,
        cell: str = "CB-A",
        dob: date = date(2008, 9, 10),
        leaves: date | None = date(2026, 5, 31),
        certified: date | None = date(2025, 12, 1),
        stage: str = Stage.CERTIFIED,
        family: str = "Ma",
        given: str | None = None,
        class_name: str = "12A1",
        cohort: int = 2023,
    ) -> Candidate:
        n = next(_serial)
        cell_unit = self.units[cell]
        person = make_person(
            family_name=family,
            middle_name="Thị",
            given_name=given or f"Học{n}",
            dob=dob,
            sex="F",
            ethnicity="01",
            school=cell_unit.school,
            class_name=class_name,
            cohort=cohort,
            expected_leaving_on=leaves,
            home_commune=self.units["XA-OLD"],
            youth_union_joined_on=date(2023, 3, 26),
        )
        return make_candidate(
            person=person,
            cell=cell_unit,
            stage=stage,
            certificate_number=f"12{n:03d}/GCN" if certified else "",
            certificate_issued_on=certified,
            certificate_issuer=self.units["TT"] if certified else None,
            helper=self.helper,
        )


@replayed
def build_ref_world() -> RefWorld:
    w = RefWorld()

    def unit(code: str, parent: OrgUnit | None, **fields: Any) -> OrgUnit:
        w.units[code] = orgunit_create(parent=parent, code=code, **fields)
        return w.units[code]

    province = unit(
        "TU-T", None, name="Tỉnh ủy Tuyên Quang", kind=UnitKind.PROVINCIAL_COMMITTEE, place_name="Tuyên Quang"
    )
    commune = unit(
        "DU-A",
        province,
        name="Đảng ủy xã Chiêm Hóa",
        kind=UnitKind.COMMUNE_COMMITTEE,
        place_name="Chiêm Hóa",
        active_from=date(2025, 7, 1),
    )
    old = unit("XA-OLD", province, name="Xã Phúc Thịnh", kind=UnitKind.LOCALITY, active_until=date(2025, 6, 30))
    orgunit_close(unit=old, last_day=date(2025, 6, 30), successor=commune)
    unit("TT", province, name="Trường Chính trị tỉnh Tuyên Quang", kind=UnitKind.POLITICAL_CENTRE)
    for suffix, name in (("A", "Trường THPT Chiêm Hóa"), ("B", "Trường THPT Hà Lang")):
        school = unit(f"S-{suffix}", commune, name=name, kind=UnitKind.SCHOOL, place_name="Chiêm Hóa")
        unit(
            f"CB-{suffix}",
            school,
            name=f"Chi bộ {name}",
            kind=UnitKind.CELL,
            school=school,
            superior_committee=commune,
            document_code="CB",
            place_name="Chiêm Hóa",
        )
    for suffix, name in (("X", "Trường Đại học Tân Trào"), ("Y", "Trường Cao đẳng Tuyên Quang")):
        university = unit(f"U-{suffix}", None, name=name, kind=UnitKind.UNIVERSITY)
        unit(
            f"DU-U-{suffix}", university, name=f"Đảng ủy {name}", kind=UnitKind.GRASSROOTS_COMMITTEE, document_code="ĐU"
        )
    personas = {
        "cell_a": (Role.CELL_SECRETARY, "CB-A", "Lý Thị Mai"),
        "cell_b": (Role.CELL_SECRETARY, "CB-B", "Nông Văn Quyết"),
        "receiver_x": (Role.RECEIVING_OFFICER, "DU-U-X", "Đặng Thị Ngọc Anh"),
        "receiver_y": (Role.RECEIVING_OFFICER, "DU-U-Y", "Hà Văn Nam"),
        "commune": (Role.COMMITTEE_OFFICER, "DU-A", "Hoàng Thị Thu"),
        "viewer": (Role.VIEWER, "TU-T", "La Thị Phương"),
    }
    for username, (role, code, full_name) in personas.items():
        w.users[username] = persona(
            username, w.units[code], role, full_name=full_name, email=f"{username}@example.test"
        )
    w.helper = make_member(family_name="Hoàng", middle_name="Văn", given_name="Bình", cell=w.units["CB-A"])
    return w
