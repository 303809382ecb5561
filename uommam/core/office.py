"""Converting a .docx to PDF with LibreOffice headless. Infrastructure under every app: the official
documents (`uommam.documents.rendering` re-exports it) and the erasure certificate of `people`."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SOFFICE_NAMES = ("soffice", "libreoffice")
DEFAULT_PDF_TIMEOUT = 120  # seconds; a cold LibreOffice start on a slow machine takes ~10 s


class LibreOfficeMissing(RuntimeError):
    """LibreOffice is not installed: only the Word file can be produced."""


class ConversionFailed(RuntimeError):
    pass


def soffice_path() -> str | None:
    configured = os.environ.get("UOMMAM_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else None
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def docx_to_pdf(docx: bytes, *, timeout: int = DEFAULT_PDF_TIMEOUT) -> bytes:
    """Convert a .docx to PDF with LibreOffice headless, in a private profile so parallel calls never
    share (and lock) one user installation."""
    soffice = soffice_path()
    if soffice is None:
        raise LibreOfficeMissing(
            "LibreOffice (soffice) is not installed: install libreoffice-writer-nogui to produce PDF files."
        )
    with tempfile.TemporaryDirectory(prefix="uommam-lo-") as workdir:
        work = Path(workdir)
        source = work / "document.docx"
        source.write_bytes(docx)
        profile = work / "profile"
        command = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        try:
            completed = subprocess.run(
                command,
                capture_output=True,
                timeout=timeout,
                check=False,
                env={**os.environ, "HOME": str(work)},
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionFailed(f"LibreOffice did not finish within {timeout} s.") from exc
        result = work / "out" / "document.pdf"
        if completed.returncode != 0 or not result.exists():
            detail = (completed.stderr or completed.stdout).decode("utf-8", "replace").strip()[-500:]
            raise ConversionFailed(
                f"LibreOffice could not convert the document (exit {completed.returncode}): {detail}"
            )
        return result.read_bytes()
