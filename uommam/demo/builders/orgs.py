"""Chiêm Hóa (Tuyên Quang) before and after the 2025 reorganisation (domain.md §1, §2, §9)."""

from __future__ import annotations

from datetime import date
from typing import Any

from uommam.orgs.models import OrgUnit, UnitKind
from uommam.orgs.services import orgunit_close, orgunit_create, orgunit_move

from .context import DemoContext

DISTRICT_CLOSED = date(2025, 6, 30)
REORGANISED = date(2025, 7, 1)

# The 24 pre-2025 communes: Vĩnh Lộc township and 23 communes (domain.md §9).
OLD_COMMUNES = [
    ("VINHLOC", "Thị trấn Vĩnh Lộc"),
    *[
        (code, f"Xã {name}")
        for code, name in [
            ("BINHNHAN", "Bình Nhân"),
            ("BINHPHU", "Bình Phú"),
            ("HALANG", "Hà Lang"),
            ("HOAAN", "Hòa An"),
            ("HOAPHU", "Hòa Phú"),
            ("HUNGMY", "Hùng Mỹ"),
            ("KIENDAI", "Kiên Đài"),
            ("KIMBINH", "Kim Bình"),
            ("LINHPHU", "Linh Phú"),
            ("NGOCHOI", "Ngọc Hội"),
            ("NHANLY", "Nhân Lý"),
            ("PHUBINH", "Phú Bình"),
            ("PHUCTHINH", "Phúc Thịnh"),
            ("TANAN", "Tân An"),
            ("TANMY", "Tân Mỹ"),
            ("TANTHINH", "Tân Thịnh"),
            ("TRIPHU", "Tri Phú"),
            ("TRUNGHA", "Trung Hà"),
            ("TRUNGHOA", "Trung Hòa"),
            ("VINHQUANG", "Vinh Quang"),
            ("XUANQUANG", "Xuân Quang"),
            ("YENLAP", "Yên Lập"),
            ("YENNGUYEN", "Yên Nguyên"),
        ]
    ],
]

# Commune committees from 01/07/2025 (illustrative grouping for the demo) and the old communes
# each one took over.
NEW_COMMUNES = {
    "CHIEMHOA": ("Đảng ủy xã Chiêm Hóa", ["VINHLOC", "PHUCTHINH", "TRUNGHOA", "NGOCHOI", "YENNGUYEN"]),
    "KIMBINH": ("Đảng ủy xã Kim Bình", ["KIMBINH", "BINHNHAN", "VINHQUANG", "LINHPHU", "NHANLY"]),
    "HOAAN": ("Đảng ủy xã Hòa An", ["HOAAN", "HOAPHU", "TANTHINH", "XUANQUANG", "TRIPHU"]),
    "YENLAP": ("Đảng ủy xã Yên Lập", ["YENLAP", "BINHPHU", "TANAN", "HUNGMY"]),
    "TRUNGHA": ("Đảng ủy xã Trung Hà", ["TRUNGHA", "HALANG", "PHUBINH", "KIENDAI", "TANMY"]),
}

# (code, name, short name, home commune of the school, commune committee after 2025)
SCHOOLS = [
    ("THPT-CHIEMHOA", "Trường THPT Chiêm Hóa", "THPT Chiêm Hóa", "VINHLOC", "CHIEMHOA"),
    ("THPT-DTNT-CHIEMHOA", "Trường PT DTNT THCS&THPT Chiêm Hóa", "DTNT Chiêm Hóa", "VINHLOC", "CHIEMHOA"),
    ("THPT-HALANG", "Trường THPT Hà Lang", "THPT Hà Lang", "HALANG", "TRUNGHA"),
    ("THPT-KIMBINH", "Trường THPT Kim Bình", "THPT Kim Bình", "KIMBINH", "KIMBINH"),
    ("THPT-HOAPHU", "Trường THPT Hòa Phú", "THPT Hòa Phú", "HOAPHU", "HOAAN"),
]

UNIVERSITIES = [
    ("DH-TANTRAO", "Trường Đại học Tân Trào", "Xã Trung Môn, tỉnh Tuyên Quang"),
    ("CD-TUYENQUANG", "Trường Cao đẳng Kỹ thuật – Công nghệ Tuyên Quang", "Phường Minh Xuân, tỉnh Tuyên Quang"),
]


def _ensure(ctx: DemoContext, code: str, parent: OrgUnit | None, **fields: Any) -> OrgUnit:
    existing = OrgUnit.objects.filter(code=code).first()
    if existing is None:
        existing = orgunit_create(parent=parent, code=code, **fields)
    ctx.units[code] = existing
    return existing


def build(ctx: DemoContext) -> None:
    province = _ensure(
        ctx,
        "TU-TUYENQUANG",
        None,
        name="Tỉnh ủy Tuyên Quang",
        short_name="Tỉnh ủy",
        kind=UnitKind.PROVINCIAL_COMMITTEE,
        place_name="Tuyên Quang",
        document_code="TU",
    )
    district = _ensure(
        ctx,
        "HU-CHIEMHOA",
        province,
        name="Huyện ủy Chiêm Hóa",
        short_name="Huyện ủy Chiêm Hóa",
        kind=UnitKind.DISTRICT_COMMITTEE,
        place_name="Chiêm Hóa",
        document_code="HU",
        active_until=DISTRICT_CLOSED,
    )
    centre = _ensure(
        ctx,
        "TTCT-CHIEMHOA",
        district,
        name="Trung tâm Chính trị huyện Chiêm Hóa",
        short_name="TTCT Chiêm Hóa",
        kind=UnitKind.POLITICAL_CENTRE,
        place_name="Chiêm Hóa",
        active_until=DISTRICT_CLOSED,
    )
    school_of_politics = _ensure(
        ctx,
        "TCT-TUYENQUANG",
        province,
        name="Trường Chính trị tỉnh Tuyên Quang",
        short_name="Trường Chính trị tỉnh",
        kind=UnitKind.POLITICAL_CENTRE,
        place_name="Tuyên Quang",
    )
    if centre.successor_id is None:
        orgunit_close(unit=centre, last_day=DISTRICT_CLOSED, successor=school_of_politics)

    for code, name in OLD_COMMUNES:
        _ensure(
            ctx,
            f"XA-{code}",
            district,
            name=name,
            kind=UnitKind.LOCALITY,
            place_name=name.split(" ", 1)[1],
            active_until=DISTRICT_CLOSED,
        )
    for code, (name, old_codes) in NEW_COMMUNES.items():
        committee = _ensure(
            ctx,
            f"DU-XA-{code}",
            province,
            name=name,
            short_name=name.replace("Đảng ủy ", ""),
            kind=UnitKind.COMMUNE_COMMITTEE,
            place_name=name.replace("Đảng ủy xã ", ""),
            document_code="ĐU",
            active_from=REORGANISED,
        )
        for old in old_codes:
            old_unit = ctx.unit(f"XA-{old}")
            if old_unit.successor_id is None:
                orgunit_close(unit=old_unit, last_day=DISTRICT_CLOSED, successor=committee)
    if district.successor_id is None:
        orgunit_close(unit=district, last_day=DISTRICT_CLOSED, successor=ctx.unit("DU-XA-CHIEMHOA"))

    for code, name, short, _home, new_commune in SCHOOLS:
        school = _ensure(ctx, code, district, name=name, short_name=short, kind=UnitKind.SCHOOL, place_name="Chiêm Hóa")
        suffix = code.removeprefix("THPT-")
        cell = _ensure(
            ctx,
            f"CB-{code}",
            school,
            name=f"Chi bộ {name}",
            short_name=f"Chi bộ {short}",
            kind=UnitKind.CELL,
            school=school,
            superior_committee=district,
            document_code="CB",
            place_name="Chiêm Hóa",
        )
        _ensure(
            ctx,
            f"DTN-{suffix}",
            school,
            name=f"Đoàn trường {short}",
            short_name=f"Đoàn trường {short}",
            kind=UnitKind.YOUTH_UNION,
            school=school,
        )
        # From 01/07/2025 the school moves under its commune committee, which also becomes the
        # deciding committee of the school's cell (configured per cell, domain.md §2).
        committee = ctx.unit(f"DU-XA-{new_commune}")
        if school.parent_id == district.pk:
            orgunit_move(unit=school, new_parent=committee, on=REORGANISED)
        if cell.superior_committee_id != committee.pk:
            cell.superior_committee = committee
            cell.save(update_fields=["superior_committee"])

    for code, name, address in UNIVERSITIES:
        university = _ensure(ctx, code, None, name=name, kind=UnitKind.UNIVERSITY, address=address)
        _ensure(
            ctx,
            f"DU-{code}",
            university,
            name=f"Đảng ủy {name}",
            short_name=f"Đảng ủy {code}",
            kind=UnitKind.GRASSROOTS_COMMITTEE,
            document_code="ĐU",
        )
    ctx.units.clear()  # moved units changed their paths: later builders re-read them
    ctx.say(f"  Organisation tree: {OrgUnit.objects.count()} units")
