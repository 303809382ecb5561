"""The 12-digit citizen ID (CCCD / số định danh cá nhân): normalise, restore lost zeros, check structure.

Structure (Thông tư 59/2021/TT-BCA): digits 1–3 province code (all start with 0), digit 4 century and
sex (0 male / 1 female born 1900–1999, 2/3 2000–2099, 4/5 2100–2199 …), digits 5–6 the last two digits
of the birth year, digits 7–12 a serial. Only format problems are errors; every structural mismatch is a
warning for a person to check, because the reference lists are compiled, not authoritative.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

__all__ = ["CitizenIdCheck", "Issue", "check_citizen_id", "province_for_code"]

LENGTH = 12
_SEPARATORS = re.compile(r"[\s.\-]+")
_FLOAT_TEXT = re.compile(r"^(\d+)\.0+$")


@dataclass(frozen=True)
class Issue:
    code: str
    message_vi: str


@dataclass(frozen=True)
class CitizenIdCheck:
    """Result of :func:`check_citizen_id`.

    ``value`` is the normalised 12 digits, or None when the cell is blank or has an error.
    """

    value: str | None
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    restored_leading_zeros: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@cache
def _provinces() -> dict[str, str]:
    with resources.files("uommam.vn").joinpath("data/cccd_province_codes.csv").open(encoding="utf-8") as fh:
        return {row["code"]: row["province_before_2025"] for row in csv.DictReader(fh)}


def province_for_code(code: str) -> str | None:
    """Province (pre-2025 name) for a three-digit CCCD prefix, e.g. ``"008"`` → ``"Tuyên Quang"``."""
    return _provinces().get(code)


def _digits_from(raw: object) -> str | None:
    """The digit string of a raw cell, or None if it is not a plain number/text of digits."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return str(raw) if raw >= 0 else None
    if isinstance(raw, float):
        # Excel keeps 12-digit numbers exactly in a double; anything with a fraction is not an ID.
        if not math.isfinite(raw) or raw < 0 or raw != int(raw):
            return None
        return str(int(raw))
    text = str(raw).strip()
    # "8123456789.0" is how a numeric cell looks once something has turned it into text.
    text = _FLOAT_TEXT.sub(r"\1", text)
    text = _SEPARATORS.sub("", text)  # "008 209 012 345" as typed on forms
    return text if text.isascii() and text.isdigit() else None


def _display(raw: object) -> str:
    text = str(raw).strip()
    return text if len(text) <= 40 else text[:40] + "…"


def _error(code: str, message: str) -> CitizenIdCheck:
    return CitizenIdCheck(value=None, errors=[Issue(code, message)])


def check_citizen_id(
    raw: object,
    *,
    sex: Literal["M", "F"] | None = None,
    birth_year: int | None = None,
) -> CitizenIdCheck:
    """Normalise and check a citizen ID cell (text, int or float as Excel gives it). Never raises.

    A blank cell gives ``value=None`` with no issues (whether the ID is required is the caller's rule).
    Fewer than 12 digits without a leading zero — Excel dropped the zeros of a numeric cell — is padded
    and accepted with the warning ``citizen_id_leading_zeros_restored`` when the padded number has a known
    province code. Errors: ``citizen_id_not_digits``, ``citizen_id_wrong_length``. Warnings:
    ``citizen_id_unknown_province``, ``citizen_id_sex_mismatch``, ``citizen_id_century_mismatch``,
    ``citizen_id_birth_year_mismatch``.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return CitizenIdCheck(value=None)
    digits = _digits_from(raw)
    if digits is None:
        return _error("citizen_id_not_digits", f"Số định danh cá nhân “{_display(raw)}” chỉ được gồm các chữ số")
    restored = False
    if len(digits) < LENGTH and not digits.startswith("0"):
        padded = digits.zfill(LENGTH)
        if province_for_code(padded[:3]) is not None:
            digits, restored = padded, True
    if len(digits) != LENGTH:
        return _error(
            "citizen_id_wrong_length",
            f"Số định danh cá nhân “{_display(raw)}” có {len(digits)} chữ số; phải có đủ 12 chữ số",
        )
    warnings: list[Issue] = []
    if restored:
        warnings.append(
            Issue(
                "citizen_id_leading_zeros_restored",
                f"Đã thêm số 0 bị mất ở đầu số định danh cá nhân: {digits} — hãy kiểm tra lại",
            )
        )
    if province_for_code(digits[:3]) is None:
        warnings.append(
            Issue(
                "citizen_id_unknown_province",
                f"Mã tỉnh {digits[:3]} ở đầu số định danh cá nhân {digits} không có trong danh sách",
            )
        )
    warnings.extend(_structure_warnings(digits, sex, birth_year))
    return CitizenIdCheck(value=digits, warnings=warnings, restored_leading_zeros=restored)


def _structure_warnings(digits: str, sex: str | None, birth_year: int | None) -> list[Issue]:
    warnings: list[Issue] = []
    code = int(digits[3])
    century_start = 1900 + (code // 2) * 100
    id_sex = "F" if code % 2 else "M"
    if sex in ("M", "F") and sex != id_sex:
        expected = "nữ" if id_sex == "F" else "nam"
        warnings.append(
            Issue(
                "citizen_id_sex_mismatch",
                f"Chữ số thứ 4 của số định danh cá nhân {digits} ứng với giới tính {expected}, khác giới tính đã khai",
            )
        )
    if birth_year is not None:
        if not century_start <= birth_year < century_start + 100:
            warnings.append(
                Issue(
                    "citizen_id_century_mismatch",
                    f"Chữ số thứ 4 của số định danh cá nhân {digits} ứng với người sinh năm "
                    f"{century_start}–{century_start + 99}, khác năm sinh {birth_year}",
                )
            )
        if digits[4:6] != f"{birth_year % 100:02d}":
            warnings.append(
                Issue(
                    "citizen_id_birth_year_mismatch",
                    f"Chữ số thứ 5–6 của số định danh cá nhân {digits} là {digits[4:6]}, khác năm sinh {birth_year}",
                )
            )
    return warnings


def province_codes() -> dict[str, str]:
    """Every three-digit CCCD province code with its pre-2025 province name."""
    return dict(_provinces())
