"""A small tree for referral tests (also used by the browser test): two school cells under commune committee DU-A, two universities,
and one persona per side (`cell_a`, sibling `cell_b`, `receiver_x`, `receiver_y`, `commune`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import count
from typing import Any

from django.test import Client

from uommam.accounts.models import User
from uommam.orgs.models import OrgUnit, Role, UnitKind
from uommam.orgs.services import orgunit_close, orgunit_create, role_grant
from uommam.people.models import MemberStatus, PartyMember, Person
from uommam.pipeline.models import Candidate
from uommam.pipeline.stages import Stage

PASSWORD = "x-password-2026"
_serial = count(1)


@dataclass
class RefWorld:
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
        person = Person.objects.create(
            family_name=family,
            middle_name="Thị",
            given_name=given or f"Học{n}",
            dob=dob,
            sex="F",
            school=cell_unit.school,
            class_name=class_name,
            cohort=cohort,
            expected_leaving_on=leaves,
            home_commune=self.units["XA-OLD"],
            youth_union_joined_on=date(2023, 3, 26),
        )
        return Candidate.objects.create(
            person=person,
            cell=cell_unit,
            stage=stage,
            certificate_number=f"12{n:03d}/GCN" if certified else "",
            certificate_issued_on=certified,
            certificate_issuer=self.units["TT"] if certified else None,
            helper=self.helper,
        )


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
        user = User.objects.create_user(
            username=username, password=PASSWORD, full_name=full_name, email=f"{username}@example.test"
        )
        role_grant(user=user, unit=w.units[code], role=role)
        w.users[username] = user
    w.helper = PartyMember.objects.create(
        family_name="Hoàng", middle_name="Văn", given_name="Bình", cell=w.units["CB-A"], status=MemberStatus.OFFICIAL
    )
    return w
