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
from uommam.vn.dates import DateParseError, parse_day_first, year_only
from uommam.vn.ethnicity import match_ethnic_subgroup, match_ethnicity
from uommam.vn.phone import check_phone
from uommam.vn.text import clean_spaces, fold, title_case_name

# (severity, code, params, ready message or None)
Problem = tuple[str, str, dict[str, Any], str | None]
Parsed = tuple[Any, list[Problem]]

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# A hint in brackets under or after the title: "Ngày sinh (ngày/tháng/năm)", "Giới tính [Nam hoặc nữ]".
_BRACKETED = re.compile(r"[(\[][^()\[\]]*[)\]]")
# "ĐT" is điện thoại; a plain "DT" is dân tộc. Folding would merge them, so spell ĐT out first.
_DT = re.compile(r"(?<![^\W\d_])đt(?![^\W\d_])", re.IGNORECASE)


def normalise_header(text: object) -> str:
    """Folded header text with punctuation and bracketed hints removed.

    "Ngày, tháng, năm sinh" → "ngay thang nam sinh"; "Ngày sinh\n(ngày/tháng/năm)" → "ngay sinh";
    "Mã học sinh*" → "ma hoc sinh"; "ĐT liên hệ" → "dien thoai lien he".
    """
    raw = str(text or "")
    without_hints = _BRACKETED.sub(" ", raw)
    if without_hints.strip(" *:\n\t"):
        raw = without_hints
    folded = fold(_DT.sub(" dien thoai ", raw)).replace("&", " ")
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
        year = year_only(raw)
        if year is not None:
            return None, [_error("dob_year_only", year=year)]
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
    """Optional: a blank cell is a warning (the dossier asks for it later). The value is ``(code, note)``:
    a local group ("Dao đỏ") is recorded as its group with the written form kept as the note."""

    key = "ethnicity"
    label = _("Ethnic group")
    synonyms = ("dan toc", "dt", "thanh phan dan toc", "ten dan toc")
    target = "ethnicity"

    def parse(self, raw: Any) -> Parsed:
        text = as_text(raw)
        if not text:
            return ("", ""), [_warning("ethnicity_missing")]
        found = match_ethnicity(text)
        if found is not None:
            return (found[0], ""), []
        group = match_ethnic_subgroup(text)
        if group is not None:
            return (group[0], text[:60]), [_warning("ethnicity_subgroup", value=text, group=group[1])]
        return None, [_error("ethnicity_unknown", value=text)]


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


class OldId(Column):
    """The old identity card (CMND): 9 digits, or 12 for the cards issued 2012–2016."""

    key = "old_id_number"
    label = _("Old ID card number (CMND)")
    synonyms = (
        "so cmnd", "cmnd", "chung minh nhan dan", "so chung minh nhan dan", "so cmtnd", "cmtnd", "so cmt",
        "chung minh thu",
    )  # fmt: skip
    text = False
    target = "old_id_number"

    def parse(self, raw: Any) -> Parsed:
        text = as_text(raw).replace(" ", "").replace(".", "")
        if not text:
            return "", []
        if isinstance(raw, int | float) and len(text) in (8, 11):
            text = "0" + text  # a number lost its leading zero (Hà Nội cards start with 0)
        if not text.isdigit() or len(text) not in (9, 12):
            return None, [_error("old_id_invalid", value=text)]
        return text, []


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
    """Leading 0 restored and length checked (``uommam.vn.phone``); a doubtful number is kept with a warning."""

    key = "phone"
    label = _("Phone")
    synonyms = (
        "so dien thoai", "dien thoai", "sdt", "dt lien he", "so dt", "so dien thoai lien he", "dien thoai lien he",
        "sdt lien he", "dien thoai di dong", "di dong", "so dien thoai hoc sinh", "sdt hoc sinh", "sdt hs",
    )  # fmt: skip
    text = False
    target = "phone"

    def parse(self, raw: Any) -> Parsed:
        check = check_phone(raw)
        shown = as_text(raw)
        return check.value[:40], [_warning(code, value=shown) for code in check.problems]


class ParentPhone(Phone):
    key = "parent_phone"
    label = _("Parent's phone")
    synonyms = (
        "sdt phu huynh", "so dien thoai phu huynh", "dien thoai phu huynh", "sdt cha me", "dien thoai cha me",
        "so dien thoai cha me", "sdt gia dinh", "dien thoai gia dinh", "sdt ph", "dt phu huynh",
        "so dien thoai cua cha me", "sdt bo me", "dien thoai bo me",
    )  # fmt: skip
    target = "parent_phone"


class BirthYear(Column):
    """A "Năm sinh" column: recognised so that each row is refused with a clear message, never guessed."""

    key = "birth_year"
    label = _("Year of birth only")
    synonyms = ("nam sinh",)
    text = False

    def parse(self, raw: Any) -> Parsed:
        text = as_text(raw)
        if not text:
            return None, [_error("dob_missing")]
        year = year_only(raw)
        if year is None:
            return None, [_error("birth_year_invalid", value=text)]
        return None, [_error("dob_year_only", year=year)]


class _DatePart(Column):
    """Day, month or year of birth in its own sub-column under "Ngày, tháng, năm sinh"."""

    text = False
    low: ClassVar[int] = 1
    high: ClassVar[int] = 31

    def parse(self, raw: Any) -> Parsed:
        text = as_text(raw)
        if not text:
            return None, []
        if text.isdigit() and self.low <= int(text) <= self.high:
            return int(text), []
        return None, [_error("dob_part_invalid", value=text)]


class DobDay(_DatePart):
    key = "dob_day"
    label = _("Day of birth")


class DobMonth(_DatePart):
    key = "dob_month"
    label = _("Month of birth")
    high = 12


class DobYear(_DatePart):
    key = "dob_year"
    label = _("Year of birth (with day and month)")
    low, high = 1900, 2100


class _DobBySex(Column):
    """The Youth Union layout: "Ngày sinh" over "Nam | Nữ", the date written under the student's sex."""

    text = False

    def parse(self, raw: Any) -> Parsed:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None, []
        return DateOfBirth().parse(raw)


class DobMale(_DobBySex):
    key = "dob_male"
    label = _("Date of birth (under “Nam”)")


class DobFemale(_DobBySex):
    key = "dob_female"
    label = _("Date of birth (under “Nữ”)")


class _SexMark(Column):
    """A "Nữ" (or "Nam") column marked with x for the students of that sex."""

    def parse(self, raw: Any) -> Parsed:
        return bool(as_text(raw)), []


class FemaleMark(_SexMark):
    key = "female_mark"
    label = _("Marked “Nữ”")
    synonyms = ("nu", "nu x", "nu danh dau x", "gioi tinh nu")


class MaleMark(_SexMark):
    key = "male_mark"
    label = _("Marked “Nam”")
    synonyms = ("nam", "nam x", "gioi tinh nam")


# Sub-columns of a date-of-birth header: (folded sub-header) → field.
DOB_PARTS = {
    "ngay": "dob_day", "thang": "dob_month", "nam sinh": "dob_year", "nam": "dob_male", "nu": "dob_female",
}  # fmt: skip
DOB_KEYS = ("dob", "dob_day", "dob_month", "dob_year", "dob_male", "dob_female", "birth_year")
SEX_KEYS = ("sex", "female_mark", "male_mark", "dob_male", "dob_female")


# Headers we recognise and deliberately leave out.
IGNORED = frozenset({"stt", "tt", "so tt", "so thu tu", "quoc tich", "ghi chu", "noi sinh", "que quan"})


STUDENT_COLUMNS: tuple[type[Column], ...] = (
    FullName, FamilyMiddleName, FamilyName, MiddleName, GivenName, DateOfBirth, Sex, Ethnicity, CitizenId,
    MoetId, ClassName, Province, District, Commune, Address, FatherName, FatherBirthYear, MotherName,
    MotherBirthYear, Religion, Phone, ParentPhone, OldId, BirthYear, DobDay, DobMonth, DobYear, DobMale, DobFemale,
    FemaleMark, MaleMark,
)  # fmt: skip
BY_KEY: dict[str, type[Column]] = {c.key: c for c in STUDENT_COLUMNS}
_STUDENT_SYNONYMS: dict[str, str] = {}  # filled below, once synonym_index is defined

_PARENT = {"cha": "father", "bo": "father", "me": "mother"}


def synonym_index(columns: tuple[type[Column], ...]) -> dict[str, str]:
    """Synonyms as written and with their spaces removed ("hovaten", typed without spaces)."""
    index = {s: c.key for c in columns for s in c.synonyms}
    for synonym, key in list(index.items()):
        index.setdefault(synonym.replace(" ", ""), key)
    return index


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
    if parent and _lookup(_SYNONYMS, parent) == "dob" and _SYNONYMS.get("gioi tinh") == "sex":
        part = DOB_PARTS.get(header)
        if part is not None:
            return part
    # Under "Họ và tên", "Đệm" is the middle name, not "họ và tên đệm": the sub-header decides first.
    under_name = bool(parent) and _lookup(_SYNONYMS, parent) == "full_name"
    candidates = (header, parent) if under_name else (f"{parent} {header}".strip(), header, parent)
    for candidate in candidates:
        found = _lookup(_SYNONYMS, candidate)
        if found is not None:
            return found
    return None


def _lookup(synonyms: dict[str, str], text: str) -> str | None:
    if not text:
        return None
    return synonyms.get(text) or synonyms.get(text.replace(" ", ""))


def is_ignored(header: str) -> bool:
    return header in IGNORED


_STUDENT_SYNONYMS.update(synonym_index(STUDENT_COLUMNS))
