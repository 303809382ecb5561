"""The header and signature context of an official Party document (Hướng dẫn 36-HD/VPTW, domain.md §8).

Left column: the superior body ("ĐẢNG BỘ XÃ CHIÊM HÓA"), the issuing body in bold capitals
("CHI BỘ TRƯỜNG THPT CHIÊM HÓA"), a "*" and the number "Số 05-CV/CB" (for a letter, its summary
line "V/v …" below). Right column: "ĐẢNG CỘNG SẢN VIỆT NAM", underlined, then the place and date
("Chiêm Hóa, ngày 15 tháng 9 năm 2026"). At the foot: "Nơi nhận:" with its list, and the
signature block ("T/M CHI BỘ" / "BÍ THƯ" / name). These strings are Vietnamese by definition:
official documents never follow the interface language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from uommam.orgs import authority
from uommam.orgs.models import COMMITTEE_KINDS, OrgUnit, UnitKind
from uommam.vn.dates import format_vn_long

PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
RECIPIENTS_TITLE = "Nơi nhận:"

# The title printed above the summary for each type; a letter (CV) has none, its summary follows the number.
DOC_TITLES = {
    "NQ": "NGHỊ QUYẾT",
    "QĐ": "QUYẾT ĐỊNH",
    "BC": "BÁO CÁO",
    "KH": "KẾ HOẠCH",
    "TB": "THÔNG BÁO",
    "CV": "",
    "TTr": "TỜ TRÌNH",
    "BB": "BIÊN BẢN",
    "GCN": "GIẤY CHỨNG NHẬN",
}

# "Đảng ủy xã X" → "Đảng bộ xã X": the superior line names the Party organisation, not its committee.
_COMMITTEE_TO_ORGANISATION = [
    (re.compile(r"^Tỉnh ủy\s+", re.IGNORECASE), "Đảng bộ tỉnh "),
    (re.compile(r"^Huyện ủy\s+", re.IGNORECASE), "Đảng bộ huyện "),
    (re.compile(r"^Thành ủy\s+", re.IGNORECASE), "Đảng bộ thành phố "),
    (re.compile(r"^Đảng ủy\s+", re.IGNORECASE), "Đảng bộ "),
]


def upper_vi(text: str) -> str:
    return text.upper()


def organisation_name(unit: OrgUnit) -> str:
    name = unit.name
    for pattern, replacement in _COMMITTEE_TO_ORGANISATION:
        if pattern.match(name):
            return pattern.sub(replacement, name, count=1)
    return name


def superior_of(unit: OrgUnit, on: date | None = None) -> OrgUnit | None:
    """The committee directly above the issuing unit: a cell's configured deciding committee, else the
    nearest committee among its ancestors.

    With `on` (the document's date), the tree as it stood that day: the committee then in force (a
    letter of 2024 is headed by the district committee, one of 2026 by its successor)."""
    if on is not None:
        return _superior_on(unit, on)
    if unit.kind == UnitKind.CELL and unit.superior_committee_id:
        return unit.superior_committee
    ids = unit.ancestor_ids()
    if not ids:
        return None
    ancestors = {u.pk: u for u in OrgUnit.objects.filter(pk__in=ids)}
    for pk in reversed(ids):
        ancestor = ancestors.get(pk)
        if ancestor is not None and ancestor.kind in COMMITTEE_KINDS:
            return ancestor
    return None


def _superior_on(unit: OrgUnit, on: date) -> OrgUnit | None:
    if unit.kind == UnitKind.CELL:
        return authority.deciding_committee_on(unit, on)
    current: OrgUnit | None = unit
    for _step in range(authority.MAX_CHAIN):
        assert current is not None
        current = authority.parent_on(current, on)
        if current is None:
            return None
        if current.kind in COMMITTEE_KINDS:
            return authority.in_force(current, on) or current
    return None


def place_of(unit: OrgUnit) -> str:
    if unit.place_name:
        return unit.place_name
    ids = unit.ancestor_ids()
    ancestors = {u.pk: u for u in OrgUnit.objects.filter(pk__in=ids)}
    for pk in reversed(ids):
        ancestor = ancestors.get(pk)
        if ancestor is not None and ancestor.place_name:
            return ancestor.place_name
    superior = superior_of(unit)
    return superior.place_name if superior is not None else ""


def default_authority(unit: OrgUnit) -> str:
    """ "T/M CHI BỘ" for a cell; a committee signs on behalf of its standing committee or itself."""
    if unit.kind == UnitKind.CELL:
        return "T/M CHI BỘ"
    if unit.kind in (UnitKind.PROVINCIAL_COMMITTEE, UnitKind.DISTRICT_COMMITTEE):
        return "T/M BAN THƯỜNG VỤ"
    if unit.kind in COMMITTEE_KINDS:
        return "T/M ĐẢNG ỦY"
    return ""


def recipient_lines(recipients: Sequence[str]) -> list[str]:
    """["Như trên", "Lưu chi bộ"] → ["- Như trên,", "- Lưu chi bộ."] as the recipients block is written."""
    cleaned = [r.strip().rstrip(",.;") for r in recipients if r and r.strip()]
    return [f"- {item}{'.' if index == len(cleaned) - 1 else ','}" for index, item in enumerate(cleaned)]


def official_header(
    *,
    unit: OrgUnit,
    doc_type: str,
    number_text: str,
    on: date,
    summary: str = "",
    recipients: Sequence[str] = (),
    signer_name: str = "",
    signer_title: str = "BÍ THƯ",
    authority: str | None = None,
    place: str | None = None,
) -> dict[str, Any]:
    """The context every template receives as `h` (see the module docstring for the layout). The
    superior line is the body alive on the document's date `on`."""
    superior = superior_of(unit, on)
    place_name = place if place is not None else place_of(unit)
    return {
        "superior_body": upper_vi(organisation_name(superior)) if superior is not None else "",
        "issuing_body": upper_vi(unit.name),
        "separator": "*",
        "number_text": number_text,
        "number_line": f"Số {number_text}",
        "summary": summary,
        "doc_title": DOC_TITLES.get(doc_type, ""),
        "party_name": PARTY_NAME,
        "place_date": format_vn_long(on, place_name or None),
        "date_long": format_vn_long(on),
        "recipients_title": RECIPIENTS_TITLE,
        "recipients": recipient_lines(recipients),
        "authority": authority if authority is not None else default_authority(unit),
        "signer_title": signer_title,
        "signer_name": signer_name,
    }
