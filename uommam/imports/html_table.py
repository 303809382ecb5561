"""An HTML table saved with an .xls name, as the "Xuất Excel" button of many web systems does.

Excel opens such a file as a workbook, so schools send it as one. The largest table of the page is read as a
sheet: ``colspan`` and ``rowspan`` keep cells in their columns (as merged cells do in a workbook), and rows
styled ``display:none`` are hidden rows. The rows are counted in the raw text before anything is parsed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .reader import Sheet

_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|table|head|meta|body)\b", re.I | re.S)
_ROW_TAG = re.compile(rb"<tr[\s>]", re.I)
_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([\w-]+)", re.I)
_HIDDEN = re.compile(r"display\s*:\s*none", re.I)
MAX_SPAN = 1000


def looks_like_html(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    return bool(_START.match(head)) and b"<t" in data.lower()[: 1 << 20]


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        found = _CHARSET.search(data[:4096])
        encoding = found.group(1).decode("ascii") if found else "windows-1258"
        try:
            return data.decode(encoding, errors="replace")
        except LookupError:
            return data.decode("windows-1258", errors="replace")


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[list[object]], set[int]]] = []
        self._stack: list[tuple[list[list[object]], set[int], dict[int, int]]] = []
        self._cell: list[str] | None = None
        self._span = (1, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "table":
            self._stack.append(([], set(), {}))
        elif not self._stack:
            return
        elif tag == "tr":
            rows, hidden, _spans = self._stack[-1]
            rows.append([])
            if _HIDDEN.search(values.get("style", "")) or "hidden" in values:
                hidden.add(len(rows))
        elif tag in ("td", "th"):
            self._close_cell()
            self._cell = []
            self._span = (_span(values.get("colspan")), _span(values.get("rowspan")))
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th", "tr"):
            self._close_cell()
        if tag == "tr" and self._stack and self._stack[-1][0]:
            rows, _hidden, spans = self._stack[-1]
            row = rows[-1]
            for col in sorted(c for c in spans if c >= len(row)):
                row.extend([None] * (col - len(row)))
                self._consume(row, spans)
        elif tag == "table" and self._stack:
            self._close_cell()
            rows, hidden, _spans = self._stack.pop()
            self.tables.append((rows, hidden))

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    @staticmethod
    def _consume(row: list[object], spans: dict[int, int]) -> None:
        """The cell at ``len(row)`` is covered by a rowspan from above: leave it blank, as a merged cell."""
        col = len(row)
        row.append(None)
        spans[col] -= 1
        if spans[col] <= 0:
            del spans[col]

    def _close_cell(self) -> None:
        if self._cell is None or not self._stack:
            self._cell = None
            return
        rows, _hidden, spans = self._stack[-1]
        if not rows:
            rows.append([])
        row = rows[-1]
        while len(row) in spans:
            self._consume(row, spans)
        text = " ".join("".join(self._cell).split())
        colspan, rowspan = self._span
        for offset in range(colspan):
            if rowspan > 1:
                spans[len(row)] = rowspan - 1
            row.append(text if offset == 0 else None)
        self._cell = None


def _span(value: str | None) -> int:
    return min(int(value), MAX_SPAN) if value and value.strip().isdigit() and int(value) > 0 else 1


def read(data: bytes, *, row_limit: int, fail: Callable[..., Exception]) -> Sheet:
    """The largest table as a :class:`~uommam.imports.reader.Sheet`."""
    from .reader import Sheet

    rows = len(_ROW_TAG.findall(data))
    if rows > row_limit:
        raise fail("too_many_rows", rows=rows, limit=row_limit - 50)
    parser = _Tables()
    parser.feed(_decode(data))
    parser.close()
    while parser._stack:  # unclosed tables in sloppy exports
        parser.handle_endtag("table")
    if not parser.tables:
        raise fail("file_not_workbook")
    table, hidden = max(parser.tables, key=lambda t: len(t[0]))
    return Sheet(rows=[list(r) for r in table], file_type="html", name="", hidden=hidden)
