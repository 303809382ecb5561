"""Checking where a rendered document breaks its pages (LibreOffice for .docx, `pdftotext -layout`).

A signature block must never start a page: the lines before it (at least the last line of the body)
go with it. `pages_starting_with_signature` reads a PDF's pages and returns those whose first text
line — after the page number and the "DỰ THẢO" mark — is a line of the signature block. Used by the
tests of every document that carries a signature block (the report, the referral letter, the class
roster), and usable on any other.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from .rendering import LibreOfficeMissing, soffice_path

# Lines that belong to no content: a page number alone, the draft mark.
_NOISE = re.compile(r"^\s*(\d+(\s*/\s*\d+)?|Trang \d+(/\d+)?|DỰ THẢO)\s*$")


def pdf_pages(pdf: bytes, *, layout: bool = True) -> list[list[str]]:
    """The non-empty text lines of every page (`pdftotext -layout`, or in reading order)."""
    if shutil.which("pdftotext") is None:
        raise FileNotFoundError("pdftotext (poppler-utils) is not installed")
    completed = subprocess.run(
        ["pdftotext", *(["-layout"] if layout else []), "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=120,
    )
    pages = completed.stdout.decode("utf-8", "replace").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in pages]


def pages_starting_with_signature(pdf: bytes, signature_starts: Sequence[str]) -> list[int]:
    """1-based numbers of the pages whose first content line begins with one of `signature_starts`
    (e.g. "Nơi nhận:", "T/M CHI BỘ"): a signature block alone at the top of a page."""
    result = []
    for number, lines in enumerate(pdf_pages(pdf), start=1):
        content = [line for line in lines if not _NOISE.match(line)]
        if content and any(content[0].startswith(start) for start in signature_starts):
            result.append(number)
    return result


def docx_many_to_pdf(documents: Iterable[bytes], *, timeout: int = 600) -> list[bytes]:
    """Convert several .docx files in one LibreOffice run (a start costs seconds; a page sweep
    converts dozens of variants)."""
    soffice = soffice_path()
    if soffice is None:
        raise LibreOfficeMissing("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="uommam-lo-many-") as workdir:
        work = Path(workdir)
        sources = []
        for index, data in enumerate(documents):
            source = work / f"d{index:03d}.docx"
            source.write_bytes(data)
            sources.append(source)
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "out"),
            *map(str, sources),
        ]
        subprocess.run(
            command, capture_output=True, timeout=timeout, check=False, env={"HOME": str(work), "PATH": "/usr/bin:/bin"}
        )
        return [(work / "out" / f"{source.stem}.pdf").read_bytes() for source in sources]
