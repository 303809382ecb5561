"""Passwords built from who the user is, or common in Vietnam, are refused."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from uommam.accounts.models import User
from uommam.orgs.models import OrgUnit, Role, UnitKind
from uommam.orgs.services import orgunit_create, role_grant


@pytest.fixture
def officer(db: None) -> User:
    unit = orgunit_create(
        parent=None, code="TTCT-CH", name="Trung tâm Chính trị Chiêm Hóa", kind=UnitKind.POLITICAL_CENTRE
    )
    user = User.objects.create_user("ttct", "ttct@example.vn", "x" * 12, full_name="Nguyễn Thị Bích Ngọc")
    role_grant(user=user, unit=OrgUnit.objects.get(pk=unit.pk), role=Role.CENTRE_OFFICER)
    return user


@pytest.mark.parametrize(
    "password",
    [
        "ttct123456",  # username + digits (found in the attack)
        "NguyenThiBichNgoc",  # own name without accents
        "nguyễn thị bích ngọc 2026",  # own name with accents
        "bichngoc1990!",  # part of the name
        "TrungTamChinhTri9",  # the unit's name
        "matkhau2026@",  # a common Vietnamese password
        "anhyeuem123456",
        "short1!",  # under 10 characters
    ],
)
def test_passwords_from_identity_or_common_lists_are_refused(officer: User, password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password, officer)


def test_an_unrelated_long_password_is_accepted(officer: User) -> None:
    validate_password("đồi-thông-hai-mộ-7x", officer)
