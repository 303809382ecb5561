"""Tests convert the same Word document to PDF many times (the report walk asks for the same report as each
role and each stage); a LibreOffice start costs about two seconds of CPU. In tests, `docx_to_pdf` remembers
its PDFs by the document's content: the same document (same files inside the .docx; a .docx written in another
second differs only in the zip's timestamps) gets the PDF LibreOffice made for it the first time, a new document
is converted by LibreOffice. Failures are never remembered, and the LibreOffice in use is part of the key, so a
test that takes LibreOffice away still gets its error. `install()` is called by the root conftest.py;
UOMMAM_TEST_PDF_CACHE=0 turns it off."""

from __future__ import annotations

import functools
import hashlib
import io
import sys
import zipfile
from collections.abc import Callable
from typing import Any

from uommam.core import office

_pdfs: dict[tuple[str, str | None, int], bytes] = {}
counts = {"converted": 0, "remembered": 0}


def content_key(docx: bytes) -> str:
    """A digest of the files inside the .docx (names and contents, not the zip's dates)."""
    digest = hashlib.sha256()
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as archive:
            for name in sorted(archive.namelist()):
                digest.update(name.encode() + b"\0" + archive.read(name) + b"\0")
    except zipfile.BadZipFile:
        digest.update(docx)
    return digest.hexdigest()


def _remembering(convert: Callable[..., bytes]) -> Callable[..., bytes]:
    @functools.wraps(convert)
    def docx_to_pdf(docx: bytes, *, timeout: int = office.DEFAULT_PDF_TIMEOUT) -> bytes:
        key = (content_key(docx), office.soffice_path(), timeout)
        if key in _pdfs:
            counts["remembered"] += 1
            return _pdfs[key]
        pdf = convert(docx, timeout=timeout)
        counts["converted"] += 1
        _pdfs[key] = pdf
        return pdf

    return docx_to_pdf


def install() -> None:
    original = office.docx_to_pdf
    if getattr(original, "__wrapped__", None) is not None:
        return
    remembering = _remembering(original)
    # Modules that imported the function by name before this ran hold the original: give them the new one too.
    for module in list(sys.modules.values()):
        holder: Any = module
        if getattr(holder, "docx_to_pdf", None) is original:
            holder.docx_to_pdf = remembering
