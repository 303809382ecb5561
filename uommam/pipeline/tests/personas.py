"""A small organisation tree with one login per role, for pipeline tests (and the browser walk).

province (Tỉnh ủy) ─ viewer
└ district committee (Huyện ủy) ─ committee officer; deciding committee of cells A and B
  ├ school A ─ cell A (cell secretary, members), Youth Union A (Youth Union secretary)
  ├ school B ─ cell B (the sibling cell secretary)
  ├ grassroots committee G ─ school G ─ cell G (decided through G's resolution)
  └ political centre ─ centre officer
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from uommam.accounts.models import User
from uommam.orgs.models import OrgUnit, Role, UnitKind
from uommam.orgs.services import orgunit_create, role_grant
from uommam.people.models import MemberStatus, PartyMember, Person
from uommam.pipeline.models import Candidate

PASSWORD = "pipeline-test-2026"


@dataclass
class Personas:
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


def _user(username: str, unit: OrgUnit | None, role: str | None, *, superuser: bool = False) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        full_name=username.replace("_", " ").title(),
        email=f"{username}@example.org",
    )
    if superuser:
        user.is_superuser = True
        user.is_staff = True
        user.save()
    if unit is not None and role is not None:
        role_grant(user=user, unit=unit, role=role)
    return user


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
        Role.CELL_SECRETARY: _user("cell_secretary", cell, Role.CELL_SECRETARY),
        Role.YOUTH_UNION_SECRETARY: _user("youth_union_secretary", youth_union, Role.YOUTH_UNION_SECRETARY),
        Role.COMMITTEE_OFFICER: _user("committee_officer", district, Role.COMMITTEE_OFFICER),
        Role.CENTRE_OFFICER: _user("centre_officer", centre, Role.CENTRE_OFFICER),
        Role.VIEWER: _user("viewer", province, Role.VIEWER),
        "sibling": _user("sibling_secretary", sibling_cell, Role.CELL_SECRETARY),
        "grassroots_officer": _user("grassroots_officer", grassroots, Role.COMMITTEE_OFFICER),
        "grassroots_secretary": _user("grassroots_secretary", grassroots_cell, Role.CELL_SECRETARY),
        Role.ADMIN: _user("admin", None, None, superuser=True),
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
    return PartyMember.objects.create(
        family_name=family, middle_name=middle, given_name=given, cell=cell, status=status, joined_unit_on=joined
    )


def student(
    school: OrgUnit, *, given: str = "An", dob: date = date(2005, 3, 10), cohort: int = 2020, **fields: Any
) -> Person:
    values: dict[str, Any] = {
        "family_name": "Nguyễn",
        "middle_name": "Văn",
        "given_name": given,
        "dob": dob,
        "sex": "M",
        "school": school,
        "cohort": cohort,
        "youth_union_joined_on": date(cohort, 3, 26),
        "expected_leaving_on": date(cohort + 3, 5, 31),
    }
    values.update(fields)
    return Person.objects.create(**values)


def candidate(
    personas: Personas, *, stage: str, person: Person | None = None, cell: OrgUnit | None = None, **fields: Any
) -> Candidate:
    """A candidacy placed directly in `stage` (test set-up only; the application moves stages through the workflow)."""
    cell = cell or personas.cell
    person = person or student(cell.school or personas.school, given=fields.pop("given", "An"))
    return Candidate.objects.create(person=person, cell=cell, stage=stage, **fields)
