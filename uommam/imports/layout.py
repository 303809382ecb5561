"""Where the table is in a sheet: header row(s) below title rows, and which rows are data.

School files put a title block above the table ("SỞ GD&ĐT …", "DANH SÁCH HỌC SINH …"), sometimes a
two-row header whose first row has merged cells ("Họ và tên" over "Họ đệm" | "Tên"), sometimes a row of
column numbers "(1) (2) (3)", and a footer below: "Tổng số: …", "Chiêm Hóa, ngày … tháng … năm …",
"Người lập biểu", "Hiệu trưởng" and signatures.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from uommam.vn.legacy import repair_column

from .columns import as_text, is_ignored, normalise_header

if TYPE_CHECKING:
    from .kinds import KindSpec

HEADER_SEARCH_ROWS = 30

_FOOTER = re.compile(
    r"^(?:tong so|tong cong|cong \d|nguoi lap|nguoi ghi|hieu truong|pho hieu truong|thu truong|ky ten|"
    r"ky ghi ro|ky va ghi ro|xac nhan|giao vien chu nhiem|gvcn|ban giam hieu|t m|tm|kt|"
    r"danh sach nay|an dinh danh sach)(?:\s|$)"
)
_PLACE_DATE = re.compile(r"\bngay\b.*\bthang\b.*\bnam\b")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")


@dataclass
class Layout:
    header_row: int  # 0-based index into sheet rows of the (first) header row
    header_rows: int  # 1 or 2
    headers: list[str]  # per column, the header text as written in the file
    normalised: list[str]  # per column, normalised header text used for guessing
    parents: list[str]  # per column, normalised merged parent header ("" if none)
    guessed: dict[int, str] = field(default_factory=dict)  # column index → field key
    data_start: int = 0

    @property
    def signature(self) -> str:
        text = "|".join(f"{p}/{h}" for p, h in zip(self.parents, self.normalised, strict=True))
        return hashlib.sha256(text.encode()).hexdigest()


def header_texts(row: list[object]) -> list[str]:
    """The cells of a header row as text, legacy encoding decided for the whole row.

    A header typed in a .VnTime font reads "Hä vµ tªn | Líp | S§T": the long titles prove the row is TCVN3,
    and the short ones ("Líp", "S§T"), too short to prove anything alone, follow their row.
    """
    texts: list[str | None] = [as_text(v) if isinstance(v, str) else None for v in row]
    repaired, _applied = repair_column(texts)
    return [r if r is not None else as_text(v) for r, v in zip(repaired, row, strict=True)]


def _header_text(value: object) -> str:
    return header_texts([value])[0]


def _score(row: list[object], spec: KindSpec) -> int:
    score = 0
    for cell, text in zip(row, header_texts(row), strict=True):
        if isinstance(cell, str) and text:
            norm = normalise_header(text)
            if spec.guess(norm) or is_ignored(norm):
                score += 1
    return score


def detect_layout(rows: list[list[object]], spec: KindSpec | None = None) -> Layout | None:
    """Find the header: the row among the first ones that names the most known columns (at least two)."""
    if spec is None:
        from .kinds import STUDENTS

        spec = STUDENTS
    guess = spec.guess
    best, best_score = -1, 1
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = _score(row, spec)
        if score > best_score:
            best, best_score = index, score
    if best < 0:
        return None
    width = max((len(r) for r in rows), default=0)
    top = header_texts(rows[best]) + [""] * (width - len(rows[best]))
    header_rows = 1
    sub = [""] * width
    if best + 1 < len(rows):
        below = header_texts(rows[best + 1])
        below += [""] * (width - len(below))
        filled = [c for c in below if c]
        parent_of = _parents(top)
        known = sum(1 for col, c in enumerate(below) if c and _is_sub_title(c, parent_of[col], guess))
        # A sub-header row holds only recognised titles, under top cells that are merged (blank) or
        # a parent title; a data row always has something unrecognised.
        if filled and known >= max(1, len(filled) - 1) and not _looks_like_column_numbers(below):
            header_rows, sub = 2, below
    headers: list[str] = []
    normalised: list[str] = []
    parents: list[str] = []
    parent_text = ""
    for col in range(width):
        if top[col]:
            _parent, parent_text = top[col], top[col]
        elif header_rows == 1 or not sub[col]:
            _parent, parent_text = "", ""
        if header_rows == 2 and sub[col]:
            headers.append(f"{parent_text} – {sub[col]}" if parent_text and parent_text != sub[col] else sub[col])
            normalised.append(normalise_header(sub[col]))
            parents.append(normalise_header(parent_text) if parent_text != sub[col] else "")
        else:
            headers.append(top[col])
            normalised.append(normalise_header(top[col]))
            parents.append("")
    layout = Layout(
        header_row=best,
        header_rows=header_rows,
        headers=headers,
        normalised=normalised,
        parents=parents,
        data_start=best + header_rows,
    )
    keys = {col: guess(normalised[col], parents[col]) for col in range(width) if normalised[col] or parents[col]}
    # "Năm" under "Ngày, tháng, năm sinh" next to "Ngày | Tháng" is the year, not the male sex ("Nam").
    for col, key in keys.items():
        if key == "dob_male" and any(
            keys.get(c) in ("dob_day", "dob_month") and parents[c] == parents[col] for c in keys
        ):
            keys[col] = "dob_year"
    taken: set[str] = set()
    for col, key in keys.items():
        if key and key not in taken:
            layout.guessed[col] = key
            taken.add(key)
    return layout


def _is_sub_title(text: str, parent: str, guess: Any) -> bool:
    """A known title on its own ("Tên"), or one that means something under its parent ("Nam" under
    "Ngày sinh"); a student's name under "Họ và tên" only repeats what the parent says, so it is data."""
    norm, parent_norm = normalise_header(text), normalise_header(parent)
    if guess(norm) or is_ignored(norm):
        return True
    key = guess(norm, parent_norm) if parent_norm else None
    return key is not None and key != guess("", parent_norm)


def _parents(top: list[str]) -> list[str]:
    """For each column, the title of the top header cell over it (merged cells leave blanks to the right)."""
    out: list[str] = []
    current = ""
    for text in top:
        current = text or current
        out.append(current)
    return out


def _looks_like_column_numbers(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return len(filled) >= 3 and all(_COLUMN_NUMBER.match(c) for c in filled)


def classify_row(row: list[object], mapped: set[int]) -> str:
    """ "data", "blank", "serial" (only a row number), "numbers" (column numbering) or "footer"."""
    filled = [(i, v) for i, v in enumerate(row) if v is not None and not (isinstance(v, str) and not v.strip())]
    if not filled:
        return "blank"
    if len(filled) <= 3:
        first = normalise_header(_header_text(as_text(filled[0][1])))
        if _FOOTER.match(first) or _PLACE_DATE.search(first):
            return "footer"
    first_value = filled[0][1]
    is_number_row = isinstance(first_value, str) and _COLUMN_NUMBER.match(first_value.strip())
    if is_number_row and _looks_like_column_numbers([as_text(v) for _, v in filled]):
        return "numbers"
    if not any(i in mapped for i, _ in filled):
        return "serial"  # only unmapped cells (STT, notes): nothing to import
    if len(filled) == 1 and as_text(filled[0][1]).isdigit() and len(as_text(filled[0][1])) <= 5:
        return "serial"
    return "data"


def data_rows(rows: list[list[object]], layout: Layout, mapped: set[int]) -> list[tuple[int, list[object]]]:
    """``(1-based sheet row number, cells)`` for every data row.

    After a footer line, short rows (signatures, titles, the signer's name) are footer too; a full row
    ends the footer, so a false footer match can never silently drop the students below it.
    """
    out: list[tuple[int, list[object]]] = []
    in_footer = False
    header_cells = [
        {col: v for col, v in enumerate(rows[i]) if isinstance(v, str) and v.strip()}
        for i in range(layout.header_row, min(layout.data_start, len(rows)))
    ]
    for index in range(layout.data_start, len(rows)):
        row = rows[index]
        if _repeats_header(row, header_cells):
            continue  # the header printed again on every page of a long list
        kind = classify_row(row, mapped)
        if kind == "footer":
            in_footer = True
            continue
        if kind != "data":
            continue
        if in_footer:
            filled = sum(1 for v in row if v is not None and not (isinstance(v, str) and not v.strip()))
            if filled <= 3:
                continue
            in_footer = False
        out.append((index + 1, row))
    return out


def _repeats_header(row: list[object], header_cells: list[dict[int, str]]) -> bool:
    """A row that repeats a header row cell for cell (identical text in more than half of its text cells)."""
    matches = [sum(1 for col, t in cells.items() if col < len(row) and row[col] == t) for cells in header_cells]
    if max(matches, default=0) < 2:
        return False
    texts = sum(1 for v in row if isinstance(v, str) and v.strip())
    return max(matches) * 2 > texts
