"""One demo login per role (listed in the README and printed by `manage.py demo`)."""

from __future__ import annotations

from uommam.accounts.models import User
from uommam.orgs.models import Role
from uommam.orgs.services import role_grant

from .context import DEMO_PASSWORD, DemoContext

# (username, full name, role, unit code, what they do)
DEMO_USERS = [
    ("quantri", "Quản trị hệ thống", Role.ADMIN, "TU-TUYENQUANG", "administrator"),
    ("tinhuy", "Nguyễn Thị Hồng Vân", Role.COMMITTEE_OFFICER, "TU-TUYENQUANG", "provincial committee officer"),
    ("huyenuy", "Ma Văn Thành", Role.COMMITTEE_OFFICER, "HU-CHIEMHOA", "district committee officer (before 07/2025)"),
    ("xachiemhoa", "Hoàng Thị Thu", Role.COMMITTEE_OFFICER, "DU-XA-CHIEMHOA", "commune committee officer"),
    ("bithu.chiemhoa", "Lý Thị Mai", Role.CELL_SECRETARY, "CB-THPT-CHIEMHOA", "cell secretary, THPT Chiêm Hóa"),
    ("bithu.halang", "Nông Văn Quyết", Role.CELL_SECRETARY, "CB-THPT-HALANG", "cell secretary, THPT Hà Lang"),
    (
        "doan.chiemhoa",
        "Quan Minh Đức",
        Role.YOUTH_UNION_SECRETARY,
        "DTN-CHIEMHOA",
        "Youth Union secretary, THPT Chiêm Hóa",
    ),
    ("ttct", "Triệu Thị Hạnh", Role.CENTRE_OFFICER, "TTCT-CHIEMHOA", "political-centre officer"),
    ("truongct", "Hà Văn Lâm", Role.CENTRE_OFFICER, "TCT-TUYENQUANG", "provincial political school officer"),
    (
        "dhtantrao",
        "Đặng Thị Ngọc Anh",
        Role.RECEIVING_OFFICER,
        "DU-DH-TANTRAO",
        "receiving officer, Tân Trào University",
    ),
    ("nhanxa.kimbinh", "Bàn Văn Chiến", Role.RECEIVING_OFFICER, "DU-XA-KIMBINH", "receiving officer, Kim Bình commune"),
    ("xem", "La Thị Phương", Role.VIEWER, "TU-TUYENQUANG", "read-only viewer (province)"),
]


def build(ctx: DemoContext) -> None:
    for username, full_name, role, unit_code, description in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username, password=DEMO_PASSWORD, full_name=full_name, email=f"{username}@demo.uommam.vn"
            )
            if role == Role.ADMIN:
                user.is_staff = True
                user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
        unit = ctx.unit(unit_code)
        if not user.role_assignments.filter(unit=unit, role=role).exists():
            role_grant(user=user, unit=unit, role=role)
        ctx.logins.append((username, str(role.label), description))
