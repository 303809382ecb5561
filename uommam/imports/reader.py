"""Read every sheet of an .xlsx/.xls/.ods workbook, an HTML table saved as .xls, or a .csv file into rows.

Limits come from settings: ``UOMMAM_IMPORT_MAX_BYTES`` (the upload), ``UOMMAM_IMPORT_MAX_ROWS`` and
``UOMMAM_IMPORT_MAX_CELLS``. They are checked from the file's structure *before* the rows become Python
objects: an .xlsx is a zip, so the uncompressed size of its members is checked before anything is inflated,
and its sheet XML is then scanned in chunks (rows, cells, hidden rows) without building it; a BIFF .xls or an
.ods is loaded by calamine (Rust) and its dimensions checked before conversion; an HTML table's rows are
counted in the text before it is parsed.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings

from uommam.vn.legacy import UndecodableFile, decode_csv_bytes

from . import html_table, xlsx_scan
from .issues import message

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# How much a member of a workbook may inflate: real sheets compress 5-20×; bombs compress 1000×.
MAX_INFLATION = 200


def max_bytes() -> int:
    return int(getattr(settings, "UOMMAM_IMPORT_MAX_BYTES", 10 * 1024 * 1024))


def max_rows() -> int:
    return int(getattr(settings, "UOMMAM_IMPORT_MAX_ROWS", 20_000))


def max_cells() -> int:
    return int(getattr(settings, "UOMMAM_IMPORT_MAX_CELLS", 60 * max_rows()))


def row_limit() -> int:
    """Rows a sheet may hold: the data limit plus title, header and footer rows."""
    return max_rows() + 50


def max_uncompressed() -> int:
    return int(getattr(settings, "UOMMAM_IMPORT_MAX_UNCOMPRESSED_BYTES", 40 * max_bytes()))


class ImportFileError(ValueError):
    """The file cannot be imported at all. ``code`` is stable; ``message`` is Vietnamese."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _fail(code: str, **params: object) -> ImportFileError:
    return ImportFileError(code, message(code, **params))


@dataclass
class Sheet:
    """Raw rows; ``rows[i]`` is sheet row ``i + 1``. ``encoding`` is set for CSV files.

    ``hidden`` holds the 1-based numbers of rows hidden or filtered out in the workbook (students who moved
    away are often hidden rather than deleted).
    """

    rows: list[list[object]]
    file_type: str
    encoding: str | None = None
    delimiter: str | None = None
    # Cells whose text came from a Windows-1258 file (composed to NFC while decoding), or from a TCVN3/VNI
    # file decoded as a whole (``encoding`` says which).
    cp1258_cells: int = 0
    notes: list[str] = field(default_factory=list)
    name: str = ""
    hidden: set[int] = field(default_factory=set)


def read_sheet(data: bytes, file_name: str = "") -> Sheet:
    """The first sheet (see :func:`read_book`)."""
    return read_book(data, file_name)[0]


def read_book(data: bytes, file_name: str = "") -> list[Sheet]:
    """Every sheet of the file, in workbook order (a CSV or HTML file is one sheet)."""
    if len(data) > max_bytes():
        raise _fail(
            "file_too_large",
            size=f"{len(data) / 1048576:.1f}",
            limit=f"{max_bytes() / 1048576:.1f}",
        )
    if not data.strip():
        raise _fail(
            "file_empty",
        )
    if data.startswith(XLSX_MAGIC):
        sheets = _read_workbook(data, "ods" if _is_ods(data) else "xlsx")
    elif data.startswith(XLS_MAGIC):
        sheets = _read_workbook(data, "xls")
    elif html_table.looks_like_html(data):
        sheets = [html_table.read(data, row_limit=row_limit(), fail=_fail)]
    else:
        lower = file_name.lower()
        if lower.endswith((".xlsx", ".xls", ".xlsm", ".ods")):
            raise _fail(
                "file_not_workbook",
            )
        _check_rows(data.count(b"\n"))
        sheets = [_read_csv(data)]
    for sheet in sheets:
        # Trailing empty rows are common (formatted but blank); they are neither data nor a limit breach.
        while sheet.rows and not any(_present(v) for v in sheet.rows[-1]):
            sheet.rows.pop()
        _check_rows(len(sheet.rows))
    return sheets


def _check_rows(rows: int, cells: int = 0) -> None:
    if rows > row_limit():  # title, header and footer rows come on top of the data
        raise _fail("too_many_rows", rows=rows, limit=max_rows())
    if cells > max_cells():
        raise _fail("too_many_cells", cells=cells, limit=max_cells())


def _present(value: object) -> bool:
    return value is not None and value != ""


def _is_ods(data: bytes) -> bool:
    # An OpenDocument file stores its media type uncompressed as the first member ("mimetype").
    return data[30:38] == b"mimetype" and b"opendocument.spreadsheet" in data[38:120]


def check_zip(data: bytes) -> None:
    """Refuse a workbook whose members would inflate beyond the limits (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _fail(
            "file_not_workbook",
        ) from exc
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > max_uncompressed() or (info.file_size > 1_000_000 and ratio > MAX_INFLATION):
            raise _fail(
                "zip_bomb",
            )


def _read_workbook(data: bytes, file_type: str) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    structure: dict[str, set[int]] = {}
    if file_type in ("xlsx", "ods"):
        check_zip(data)
        structure = xlsx_scan.scan(data, file_type, row_limit=row_limit(), cell_limit=max_cells(), fail=_fail)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = workbook.sheet_names
        if not names:
            raise _fail(
                "file_no_sheet",
            )
        sheets: list[Sheet] = []
        for index, name in enumerate(names):
            sheet = workbook.get_sheet_by_index(index)
            # The range lives in calamine's (Rust) memory here; check it before it becomes Python objects.
            end = sheet.end
            height, width = (end[0] + 1, end[1] + 1) if end else (0, 0)
            _check_rows(height, height * width)
            # Keep leading blank rows so that row numbers are those the user sees in Excel.
            rows = sheet.to_python(skip_empty_area=False)
            sheets.append(
                Sheet(rows=[list(r) for r in rows], file_type=file_type, name=name, hidden=structure.get(name, set()))
            )
    except ImportFileError:
        raise
    except Exception as exc:  # calamine raises several unrelated types for broken files
        raise _fail(
            "file_not_workbook",
        ) from exc
    return sheets


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t"}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _read_csv(data: bytes) -> Sheet:
    try:
        text, encoding = decode_csv_bytes(data)
    except UndecodableFile as exc:
        raise _fail(
            "file_unreadable",
        ) from exc
    if encoding in ("utf-8", "utf-8-sig", "utf-16"):
        # decode_csv_bytes composes to NFC; read the text as written so that repair can count NFD cells.
        raw = data.decode("utf-16" if encoding == "utf-16" else "utf-8-sig")
        text = raw
    delimiter = _sniff_delimiter(text)
    # Python's default field limit (128 KiB) is below the file limit: one long cell is a row error
    # to report, not an exception. The limit is process-wide; it only ever grows to the file limit.
    csv.field_size_limit(max(csv.field_size_limit(), settings.UOMMAM_IMPORT_MAX_BYTES))
    rows: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    cp1258 = 0
    if encoding in ("windows-1258", "tcvn3", "vni"):
        cp1258 = sum(1 for row in rows for cell in row if isinstance(cell, str) and not cell.isascii())
    return Sheet(rows=rows, file_type="csv", encoding=encoding, delimiter=delimiter, cp1258_cells=cp1258)
