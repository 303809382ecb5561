"""A small organisation tree with one persona per role, for the class tests (unit and browser)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from uommam.accounts.models import User
from uommam.orgs.models import OrgUnit, Role, UnitKind
from uommam.orgs.services import orgunit_create, role_grant
from uommam.people.models import MemberStatus, PartyMember, Person
from uommam.pipeline.models import Candidate
from uommam.pipeline.stages import Stage
from uommam.training.models import AwarenessClass, ClassStatus
from uommam.training.services import class_create

PASSWORD = "test-password-2026"


@dataclass
class World:
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
        return Person.objects.create(
            family_name=family,
            middle_name=middle,
            given_name=given,
            dob=dob,
            sex="F" if middle == "Thị" else "M",
            school=self.schools[school],
            class_name="11A1",
            cohort=2024,
            moet_id=f"99{self.serial:08d}",
        )

    def sympathiser(self, family: str, middle: str, given: str, *, school: int = 0, **kwargs: Any) -> Candidate:
        person = self.person(family, middle, given, school=school, **kwargs)
        cell = self.cells[school]
        return Candidate.objects.create(
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


def build_world() -> World:
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
    world = World(province, district, centre, sibling, schools, cells)
    for cell in cells:
        helper = PartyMember(
            family_name="Hà", middle_name="Văn", given_name="Giúp", cell=cell, status=MemberStatus.OFFICIAL
        )
        helper.save()
        world.helpers[cell.pk] = helper
    personas = {
        "centre": (Role.CENTRE_OFFICER, centre),
        "sibling": (Role.CENTRE_OFFICER, sibling),
        "committee": (Role.COMMITTEE_OFFICER, district),
        "secretary": (Role.CELL_SECRETARY, cells[0]),
        "viewer": (Role.VIEWER, province),
    }
    for name, (role, unit) in personas.items():
        user = User.objects.create_user(username=name, password=PASSWORD, full_name=name.title())
        role_grant(user=user, unit=unit, role=role)
        world.users[name] = user
    return world
