"""Columns of a school-results sheet: academic result (học lực / KQHT), conduct (hạnh kiểm / KQRL), grade.

A grade is read on either scale: the 2018 curriculum's Tốt/Khá/Đạt/Chưa đạt (Thông tư 22/2021) or the old
Giỏi/Khá/Trung bình/Yếu/Kém. Some values exist on both scales ("Khá", and "Tốt" for conduct), so a cell
parses to the grade *and* the scales it may belong to; the row decides (see ``results.check_rows``).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from uommam.people.models import Grade, GradingScale

from .columns import Column, Parsed, _error, as_text, normalise_header

NEW, OLD = GradingScale.NEW.value, GradingScale.OLD.value

# Folded spellings and the abbreviations school software prints → grade.
_SPELLINGS: dict[str, str] = {
    "tot": Grade.TOT, "t": Grade.TOT,
    "kha": Grade.KHA, "k": Grade.KHA,
    "dat": Grade.DAT, "d": Grade.DAT,
    "chua dat": Grade.CHUA_DAT, "chuadat": Grade.CHUA_DAT, "cd": Grade.CHUA_DAT, "c dat": Grade.CHUA_DAT,
    "gioi": Grade.GIOI, "g": Grade.GIOI,
    "trung binh": Grade.TRUNG_BINH, "trungbinh": Grade.TRUNG_BINH, "tb": Grade.TRUNG_BINH, "tbinh": Grade.TRUNG_BINH,
    "yeu": Grade.YEU, "y": Grade.YEU,
    "kem": Grade.KEM,
}  # fmt: skip

ACADEMIC_SCALES: dict[str, frozenset[str]] = {
    NEW: frozenset({Grade.TOT, Grade.KHA, Grade.DAT, Grade.CHUA_DAT}),
    OLD: frozenset({Grade.GIOI, Grade.KHA, Grade.TRUNG_BINH, Grade.YEU, Grade.KEM}),
}
CONDUCT_SCALES: dict[str, frozenset[str]] = {
    NEW: frozenset({Grade.TOT, Grade.KHA, Grade.DAT, Grade.CHUA_DAT}),
    OLD: frozenset({Grade.TOT, Grade.KHA, Grade.TRUNG_BINH, Grade.YEU}),
}


class _GradeColumn(Column):
    """Parses to ``(grade, frozenset of possible scales)``."""

    scales: ClassVar[dict[str, frozenset[str]]]
    missing_code: ClassVar[str]
    unknown_code: ClassVar[str]

    def parse(self, raw: Any) -> Parsed:
        text = as_text(raw)
        if not text:
            return None, [_error(self.missing_code)]
        grade = _SPELLINGS.get(normalise_header(text))
        if grade is None:
            return None, [_error(self.unknown_code, value=text)]
        possible = frozenset(scale for scale, grades in self.scales.items() if grade in grades)
        if not possible:
            return None, [_error(self.unknown_code, value=text)]
        return (str(grade), possible), []


class AcademicResult(_GradeColumn):
    key = "academic_result"
    label = _("Academic result")
    synonyms = (
        "hoc luc", "ket qua hoc tap", "kqht", "xep loai hoc luc", "xep loai ket qua hoc tap", "hl", "xlhl",
        "hoc luc ca nam", "ket qua hoc tap ca nam", "danh gia ket qua hoc tap", "xep loai hoc tap",
    )  # fmt: skip
    scales = ACADEMIC_SCALES
    missing_code = "academic_missing"
    unknown_code = "academic_unknown"


class Conduct(_GradeColumn):
    key = "conduct"
    label = _("Conduct")
    synonyms = (
        "hanh kiem", "ket qua ren luyen", "kqrl", "xep loai hanh kiem", "xep loai ket qua ren luyen", "hk", "xlhk",
        "hanh kiem ca nam", "ket qua ren luyen ca nam", "danh gia ket qua ren luyen", "xep loai ren luyen",
    )  # fmt: skip
    scales = CONDUCT_SCALES
    missing_code = "conduct_missing"
    unknown_code = "conduct_unknown"


_GRADE_LEVEL = re.compile(r"^(?:khoi|lop)?\s*(\d{1,2})$")


class GradeLevel(Column):
    key = "grade_level"
    label = _("Grade (Khối)")
    synonyms = ("khoi", "khoi lop", "khoi hoc")
    text = False

    def parse(self, raw: Any) -> Parsed:
        text = as_text(raw)
        if not text:
            return None, []
        match = _GRADE_LEVEL.match(normalise_header(text))
        if not match or not 10 <= int(match.group(1)) <= 12:
            return None, [_error("grade_level_invalid", value=text)]
        return int(match.group(1)), []


RESULT_COLUMNS: tuple[type[Column], ...] = (AcademicResult, Conduct, GradeLevel)
