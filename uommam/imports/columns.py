"""One small class per importable field: what its header may say, and how a cell becomes a value.

Each column parses a whole column at once (``parse_all``), caching by cell value: a 3,000-row list has a
handful of distinct sexes, ethnic groups and classes, so most cells cost one dictionary lookup.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, ClassVar

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uommam.people.names import name_problem
from uommam.vn.citizen_id import province_codes
from uommam.vn.dates import DateParseError, parse_day_first
from uommam.vn.ethnicity import match_ethnicity
from uommam.vn.text import clean_spaces, fold, title_case_name

# (severity, code, params, ready message or None)
Problem = tuple[str, str, dict[str, Any], str | None]
Parsed = tuple[Any, list[Problem]]

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_header(text: object) -> str:
    """Folded header text with punctuation removed: "Ngày, tháng, năm sinh" → "ngay thang nam sinh"."""
    folded = fold(str(text or "")).replace("&", " ")
    return " ".join(_NON_ALNUM.sub(" ", folded).split())


def _error(code: str, **params: Any) -> Problem:
    return ("error", code, params, None)


def _warning(code: str, **params: Any) -> Problem:
    return ("warning", code, params, None)


def as_text(raw: object) -> str:
    """A cell as text: numbers without a spurious ".0", everything whitespace-collapsed."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, str):
        return clean_spaces(raw)
    return clean_spaces(str(raw))


class Column:
    key: ClassVar[str]
    label: ClassVar[Any]
    synonyms: ClassVar[tuple[str, ...]] = ()
    # Text columns go through legacy-encoding repair before parsing.
    text: ClassVar[bool] = True
    required: ClassVar[bool] = False
    target: ClassVar[str | None] = None  # Person field written from the parsed value

    def parse(self, raw: Any) -> Parsed:
        value = as_text(raw)
        return value, []

    def parse_all(self, values: list[Any]) -> list[Parsed]:
        cache: dict[Any, Parsed] = {}
        out: list[Parsed] = []
        for raw in values:
            key = (type(raw), raw)
            hit = cache.get(key)
            if hit is None:
                hit = cache[key] = self.parse(raw)
            out.append(hit)
        return out


class _NameColumn(Column):
    max_length: ClassVar[int] = 40

    def parse(self, raw: Any) -> Parsed:
        text = as_text(raw)
        if not text:
            return "", []
        if any(ch.isdigit() for ch in text) or name_problem(text) is not None:
            return None, [_error("name_not_text", value=text)]
        value = title_case_name(text)
        if len(value) > self.max_length:
            return None, [_error("name_too_long", value=text)]
        return value, []


class FullName(_NameColumn):
    key = "full_name"
    label = _("Full name")
    synonyms = ("ho va ten", "ho ten", "ho va ten hoc sinh", "ho ten hoc sinh", "ten hoc sinh", "hoc sinh")
    max_length = 150


class FamilyMiddleName(_NameColumn):
    key = "family_middle_name"
    label = _("Family and middle name")
    synonyms = ("ho dem", "ho va ten dem", "ho va dem", "ho ten dem", "ho lot", "ho va chu lot")
    max_length = 100


class FamilyName(_NameColumn):
    key = "family_name"
    label = _("Family name")
    synonyms = ("ho",)


class MiddleName(_NameColumn):
    key = "middle_name"
    label = _("Middle name")
    synonyms = ("ten dem", "dem", "chu lot")
    max_length = 60


class GivenName(_NameColumn):
    key = "given_name"
    label = _("Given name")
    synonyms = ("ten",)


class DateOfBirth(Column):
    key = "dob"
    label = _("Date of birth")
    synonyms = ("ngay sinh", "ngay thang nam sinh", "ngay thang sinh", "ns", "sinh ngay", "ngay sinh dd mm yyyy")
    text = False
    required = True
    target = "dob"

    def parse(self, raw: Any) -> Parsed:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None, [_error("dob_missing")]
        try:
            value = parse_day_first(raw.strip() if isinstance(raw, str) else raw)
        except DateParseError as exc:
            return None, [("error", exc.code, {}, exc.message_vi)]
        today = timezone.localdate()
        if value > today or value < date(today.year - 70, 1, 1):
            return None, [_error("dob_out_of_range", value=value.strftime("%d/%m/%Y"))]
        return value, []


_SEX = {
    "nam": "M", "m": "M", "trai": "M", "male": "M", "boy": "M",
    "nu": "F", "f": "F", "gai": "F", "female": "F", "girl": "F", "x": "F",
}  # fmt: skip


class Sex(Column):
    key = "sex"
    label = _("Sex")
    synonyms = ("gioi tinh", "gioi", "phai", "gt", "nam nu", "nam nu x")
    required = True
    target = "sex"

    def parse(self, raw: Any) -> Parsed:
        text = as_text(raw)
        if not text:
            return None, [_error("sex_missing")]
        value = _SEX.get(fold(text).strip("."))
        if value is None:
            return None, [_error("sex_unknown", value=text)]
        return value, []


class Ethnicity(Column):
    key = "ethnicity"
    label = _("Ethnic group")
    synonyms = ("dan toc", "dt", "thanh phan dan toc", "ten dan toc")
    required = True
    target = "ethnicity"

    def parse(self, raw: Any) -> Parsed:
        text = as_text(raw)
        if not text:
            return None, [_error("ethnicity_missing")]
        found = match_ethnicity(text)
        if found is None:
            return None, [_error("ethnicity_unknown", value=text)]
        return found[0], []


class CitizenId(Column):
    """Parsed per row in validate (the checks need the row's sex and birth year): the raw cell is kept."""

    key = "citizen_id"
    label = _("Citizen ID (CCCD)")
    synonyms = (
        "so ddcn", "ddcn", "so dinh danh ca nhan", "dinh danh ca nhan", "ma dinh danh ca nhan", "cccd",
        "so cccd", "can cuoc cong dan", "so can cuoc cong dan", "so can cuoc", "can cuoc", "cmnd cccd",
        "so cmnd cccd", "so dinh danh",
    )  # fmt: skip
    text = False

    def parse(self, raw: Any) -> Parsed:
        return raw, []


class MoetId(Column):
    key = "moet_id"
    label = _("National student ID")
    synonyms = (
        "ma dinh danh bo gd dt", "ma dinh danh bo gddt", "ma dinh danh bo giao duc", "ma dinh danh bo gd va dt",
        "ma hs", "ma hoc sinh", "ma dinh danh hoc sinh", "ma dinh danh", "ma dinh danh bo gd dao tao",
    )  # fmt: skip
    text = False
    target = "moet_id"

    def parse(self, raw: Any) -> Parsed:
        text = as_text(raw).replace(" ", "")
        if text and (not text.isascii() or not text.isalnum() or len(text) > 20):
            return None, [_error("moet_id_invalid", value=text)]
        return text, []


class ClassName(Column):
    key = "class_name"
    label = _("Class")
    synonyms = ("lop", "ma lop", "ten lop", "lop hoc")
    target = "class_name"

    def parse(self, raw: Any) -> Parsed:
        text = as_text(raw).replace(" ", "").upper()
        if len(text) > 20:
            return None, [_error("class_too_long", value=text)]
        return text, []


def _province_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code, name in province_codes().items():
        key = normalise_header(name)
        index.setdefault(key, code)
        for prefix in ("tinh ", "thanh pho ", "tp "):
            index.setdefault(prefix + key, code)
    return index


class Province(Column):
    key = "province"
    label = _("Province")
    synonyms = ("tinh", "tinh thanh pho", "tinh tp", "tinh thanh", "tinh thuong tru")
    target = "home_province"

    def parse_all(self, values: list[Any]) -> list[Parsed]:
        index = _province_index()
        out: list[Parsed] = []
        for raw in values:
            text = as_text(raw)
            if not text:
                out.append(("", []))
                continue
            code = index.get(normalise_header(text))
            out.append((code or "", [] if code else [_warning("province_unknown", value=text)]))
        return out


class District(Column):
    key = "district"
    label = _("District")
    synonyms = ("huyen", "quan huyen", "huyen quan", "huyen thi xa", "quan huyen thi xa")


class Commune(Column):
    key = "commune"
    label = _("Commune")
    synonyms = ("xa", "xa phuong", "phuong xa", "xa phuong thi tran", "xa thi tran")


class Address(Column):
    key = "address"
    label = _("Address")
    synonyms = ("dia chi", "noi o", "thuong tru", "dia chi thuong tru", "noi o hien nay", "cho o hien nay")


class _ParentName(_NameColumn):
    max_length = 120


class FatherName(_ParentName):
    key = "father_name"
    label = _("Father's name")
    synonyms = ("ho ten cha", "ho va ten cha", "ten cha", "cha", "ho ten bo", "bo", "ho va ten bo")
    target = "father_name"


class MotherName(_ParentName):
    key = "mother_name"
    label = _("Mother's name")
    synonyms = ("ho ten me", "ho va ten me", "ten me", "me")
    target = "mother_name"


class _BirthYear(Column):
    text = False

    def parse(self, raw: Any) -> Parsed:
        text = as_text(raw)
        if not text:
            return None, []
        if text.isdigit() and len(text) == 4 and 1900 <= int(text) <= timezone.localdate().year:
            return int(text), []
        return None, [_error("birth_year_invalid", value=text)]


class FatherBirthYear(_BirthYear):
    key = "father_birth_year"
    label = _("Father's year of birth")
    synonyms = ("nam sinh cha", "nam sinh cua cha", "ns cha", "nam sinh bo")
    target = "father_birth_year"


class MotherBirthYear(_BirthYear):
    key = "mother_birth_year"
    label = _("Mother's year of birth")
    synonyms = ("nam sinh me", "nam sinh cua me", "ns me")
    target = "mother_birth_year"


class Religion(Column):
    key = "religion"
    label = _("Religion")
    synonyms = ("ton giao",)
    target = "religion"


class Phone(Column):
    key = "phone"
    label = _("Phone")
    synonyms = ("so dien thoai", "dien thoai", "sdt", "dt lien he", "so dt")
    text = False
    target = "phone"


# Headers we recognise and deliberately leave out.
IGNORED = frozenset({"stt", "tt", "so tt", "so thu tu", "quoc tich", "ghi chu", "noi sinh", "que quan"})

STUDENT_COLUMNS: tuple[type[Column], ...] = (
    FullName, FamilyMiddleName, FamilyName, MiddleName, GivenName, DateOfBirth, Sex, Ethnicity, CitizenId,
    MoetId, ClassName, Province, District, Commune, Address, FatherName, FatherBirthYear, MotherName,
    MotherBirthYear, Religion, Phone,
)  # fmt: skip
BY_KEY: dict[str, type[Column]] = {c.key: c for c in STUDENT_COLUMNS}
_STUDENT_SYNONYMS: dict[str, str] = {s: c.key for c in STUDENT_COLUMNS for s in c.synonyms}

_PARENT = {"cha": "father", "bo": "father", "me": "mother"}


def synonym_index(columns: tuple[type[Column], ...]) -> dict[str, str]:
    return {s: c.key for c in columns for s in c.synonyms}


def guess_field(header: str, parent: str = "", synonyms: dict[str, str] | None = None) -> str | None:
    """The field key for a header (normalised text), given its merged parent header if any; None if unknown.

    ``synonyms`` is the index of the import kind (students by default).
    """
    _SYNONYMS = _STUDENT_SYNONYMS if synonyms is None else synonyms  # noqa: N806
    parent_words, header_words = set(parent.split()), set(header.split())
    side = next((_PARENT[w] for w in ("cha", "bo", "me") if w in parent_words), None)
    if side is None and header not in _SYNONYMS:
        side = next((_PARENT[w] for w in ("cha", "bo", "me") if w in header_words), None)
    if side is not None and "father_name" in _SYNONYMS.values():
        words = parent_words | header_words
        if ("nam" in words and "sinh" in words) or "ns" in words:
            return f"{side}_birth_year"
        if "ten" in words or header in ("cha", "bo", "me") or not header:
            return f"{side}_name"
    for candidate in (f"{parent} {header}".strip(), header, parent):
        if candidate in _SYNONYMS:
            return _SYNONYMS[candidate]
    return None


def is_ignored(header: str) -> bool:
    return header in IGNORED
