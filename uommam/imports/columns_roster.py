"""Columns of an awareness-class roster: the student's school, essay score, result and certificate."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from uommam.training.models import EnrolmentResult
from uommam.vn.dates import DateParseError, parse_day_first

from .columns import Column, Parsed, _error, as_text, normalise_header


class SchoolName(Column):
    """The school as written (name, short name or code); resolved against the class's schools per row."""

    key = "school"
    label = _("School")
    synonyms = ("truong", "ten truong", "truong thpt", "don vi", "co so dao tao", "truong hoc", "noi hoc")


class EssayScore(Column):
    key = "essay_score"
    label = _("Essay score")
    synonyms = (
        "diem bai thu hoach", "diem thu hoach", "bai thu hoach", "diem bth", "diem", "diem bai viet",
        "diem kiem tra", "diem bai thu hoach cuoi khoa",
    )  # fmt: skip
    text = False

    def parse(self, raw: Any) -> Parsed:
        text = as_text(raw).replace(",", ".")
        if not text:
            return None, []
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None, [_error("score_invalid", value=as_text(raw))]
        if not value.is_finite() or not Decimal("0") <= value <= Decimal("10"):
            return None, [_error("score_invalid", value=as_text(raw))]
        return value.quantize(Decimal("0.01")), []


_RESULTS = {
    "dat": EnrolmentResult.PASSED, "d": EnrolmentResult.PASSED, "hoan thanh": EnrolmentResult.PASSED,
    "khong dat": EnrolmentResult.FAILED, "kd": EnrolmentResult.FAILED, "chua dat": EnrolmentResult.FAILED,
    "k dat": EnrolmentResult.FAILED, "khongdat": EnrolmentResult.FAILED, "khong hoan thanh": EnrolmentResult.FAILED,
}  # fmt: skip


class ClassResult(Column):
    key = "result"
    label = _("Class result")
    synonyms = ("ket qua", "xep loai", "ket qua hoc tap", "ket qua hoc", "danh gia", "ket qua cuoi khoa")

    def parse(self, raw: Any) -> Parsed:
        text = as_text(raw)
        if not text:
            return None, []
        value = _RESULTS.get(normalise_header(text))
        if value is None:
            return None, [_error("class_result_unknown", value=text)]
        return str(value), []


class CertificateNumber(Column):
    key = "certificate_number"
    label = _("Certificate number")
    synonyms = ("so chung nhan", "so giay chung nhan", "so gcn", "so cn", "giay chung nhan so", "so cap")
    text = False

    def parse(self, raw: Any) -> Parsed:
        text = as_text(raw)
        if len(text) > 40:
            return None, [_error("certificate_number_too_long", value=text)]
        return text, []


class CertificateDate(Column):
    key = "certificate_date"
    label = _("Certificate date")
    synonyms = ("ngay cap", "ngay cap chung nhan", "ngay cap giay chung nhan", "ngay cap gcn", "ngay ky")
    text = False

    def parse(self, raw: Any) -> Parsed:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None, []
        try:
            return parse_day_first(raw.strip() if isinstance(raw, str) else raw), []
        except DateParseError as exc:
            return None, [("error", exc.code, {}, exc.message_vi)]


ROSTER_COLUMNS: tuple[type[Column], ...] = (SchoolName, EssayScore, ClassResult, CertificateNumber, CertificateDate)
