"""Password rules beyond Django's own: nothing built from who the user is, and no common password,
Vietnamese ones included.

Compared after folding (no accents, đ→d, lowercase) and without digits and symbols, so "ttct123456"
for user "ttct", "NguyenVanAn2026" for "Nguyễn Văn An" and the name of the user's unit all fail.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from uommam.vn.text import fold

if TYPE_CHECKING:
    from .models import User

# Common passwords Vietnamese users choose, besides Django's list of 20,000 English ones (checked by
# its CommonPasswordValidator, kept in the settings). Compared folded and without digits.
VIETNAMESE_COMMON = frozenset(
    {
        "matkhau", "matkhaucuatoi", "anhyeuem", "emyeuanh", "yeuem", "yeuanh", "toiyeuem", "iloveyou",
        "vietnam", "vietnamvodich", "hanoi", "saigon", "hochiminh", "dangcongsan", "dangvien", "doanvien",
        "chibo", "dangbo", "dangcongsanvietnam", "tinhuy", "huyenuy", "xauy", "uybannhandan", "congan",
        "quandoi", "thanhnien", "doanthanhnien", "hocsinh", "giaovien", "truonghoc", "thpt", "admin",
        "quantri", "quantrivien", "password", "qwerty", "asdfgh", "zxcvbn", "abc", "abcabc", "aaaaaa",
        "kimbinh", "tuyenquang", "chiemhoa", "uommam", "uommamdang", "nguyen", "tran", "hoang",
        "conyeu", "mevaem", "giadinh", "hanhphuc", "thanhcong", "chienthang", "baomat", "bimat",
    }
)  # fmt: skip
MIN_PART = 3


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", fold(text or ""))


def _identity_parts(user: User) -> list[str]:
    """What a password must not be built from: username, full name (joined, and each long word), units."""
    parts = [getattr(user, "username", "") or "", getattr(user, "full_name", "") or ""]
    parts += (getattr(user, "full_name", "") or "").split()
    if getattr(user, "pk", None):
        from uommam.orgs.models import RoleAssignment

        for unit_name, code in RoleAssignment.objects.filter(user=user).values_list("unit__name", "unit__code"):
            parts += [unit_name, code]
    return [p for p in {_letters(p) for p in parts} if len(p) >= MIN_PART]


class PersonalDataPasswordValidator:
    """Refuses passwords made of the username, the full name (with or without accents) or a unit's name."""

    def __init__(self, max_similarity: float = 0.7) -> None:
        self.max_similarity = max_similarity

    def validate(self, password: str, user: User | None = None) -> None:
        if user is None:
            return
        letters = _letters(password)
        if not letters:
            return
        for part in _identity_parts(user):
            if (
                part in letters
                or (len(letters) >= MIN_PART and letters in part)
                or SequenceMatcher(a=letters, b=part).quick_ratio() >= self.max_similarity
                and SequenceMatcher(a=letters, b=part).ratio() >= self.max_similarity
            ):
                raise ValidationError(
                    _("The password is too close to your user name, your name or your unit's name."),
                    code="password_personal",
                )

    def get_help_text(self) -> str:
        return _("Your password cannot be built from your user name, your name or your unit's name.")


class VietnameseCommonPasswordValidator:
    """Refuses common passwords of Vietnamese users, with or without accents and digits."""

    def validate(self, password: str, user: User | None = None) -> None:
        letters = _letters(password)
        if letters in VIETNAMESE_COMMON or (letters and len(set(letters)) <= 2):
            raise ValidationError(_("This password is too common."), code="password_too_common")

    def get_help_text(self) -> str:
        return _("Your password cannot be a commonly used password.")


# Django's own rules, with help texts of our own: Django's Vietnamese catalogue addresses the user as
# "bạn", the house style says "đồng chí" (docs/style.md). The checks themselves are Django's.
class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_help_text(self) -> str:
        return _("The password must not be too similar to the account's other personal information.")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_help_text(self) -> str:
        return ngettext(
            "The password must contain at least %(min_length)d character.",
            "The password must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_help_text(self) -> str:
        return _("The password must not be a commonly used password.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_help_text(self) -> str:
        return _("The password must not be entirely numeric.")
