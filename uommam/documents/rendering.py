"""Rendering a Word template (docxtpl) and converting the result to PDF (LibreOffice headless)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.utils import translation

from .qr import docx_image

SOFFICE_NAMES = ("soffice", "libreoffice")
DEFAULT_PDF_TIMEOUT = 120  # seconds; a cold LibreOffice start on a slow machine takes ~10 s


class LibreOfficeMissing(RuntimeError):
    """LibreOffice is not installed: only the Word file can be produced."""


class ConversionFailed(RuntimeError):
    pass


SENTENCE_ENDINGS = (".", "!", "?", "…", ":")


def sentence(value: Any) -> str:
    """A free-text answer as the end of a sentence: trimmed, with a full stop unless it has one
    ("Chưa thẩm tra lý lịch" → "Chưa thẩm tra lý lịch."). Templates write `{{ text|sentence }}`."""
    text = "" if value is None else str(value).strip()
    if not text or text.endswith(SENTENCE_ENDINGS) or text in ("—", "–", "-"):
        return text
    return f"{text}."


def jinja_environment() -> Any:
    """The Jinja environment every template is rendered in: autoescaped, with the `sentence` filter."""
    from jinja2 import Environment

    environment = Environment(autoescape=True)
    environment.filters["sentence"] = sentence
    return environment


def render_docx(template_path: str | os.PathLike[str], context: dict[str, Any]) -> bytes:
    """Fill the docxtpl template at `template_path` with `context`; always in Vietnamese. The
    signature block is then tied to the body's last lines (`keep_signature_with_body`)."""
    from docxtpl import DocxTemplate

    with translation.override("vi"):
        template = DocxTemplate(str(template_path))
        environment = jinja_environment()
        # `{{ url|qr }}` places a printable QR code of the link (uommam/documents/qr.py).
        environment.filters["qr"] = lambda data: docx_image(template, str(data))
        template.render(context, jinja_env=environment, autoescape=True)
        keep_signature_with_body(template.docx)
        buffer = io.BytesIO()
        template.save(buffer)
    return buffer.getvalue()


# Text that marks the foot table of a Party document (36-HD/VPTW): recipients and the signature.
SIGNATURE_MARKS = ("Nơi nhận", "T/M ", "TM. ", "KT. ", "BÍ THƯ")


def keep_signature_with_body(document: Any, paragraphs: int = 1) -> bool:
    """Set "keep with next" on every paragraph between the body's last `paragraphs` lines of text
    and the signature block (the document's last table, when it holds recipients or a signature),
    so that the block never starts a page alone: Word and LibreOffice move those lines with it.

    Done after rendering because the last line is often produced by a loop (`{%p for %}`), whose
    paragraph template cannot know it is the last. Returns whether a signature block was found.
    Works on any python-docx Document, whatever template it came from."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    body = document.element.body
    children = [child for child in body.iterchildren() if child.tag != qn("w:sectPr")]
    tables = [index for index, child in enumerate(children) if child.tag == qn("w:tbl")]
    if not tables:
        return False
    foot = tables[-1]
    foot_text = "".join(node.text or "" for node in children[foot].iter(qn("w:t")))
    trailing_text = "".join(node.text or "" for child in children[foot + 1 :] for node in child.iter(qn("w:t")))
    if trailing_text.strip() or not any(mark in foot_text for mark in SIGNATURE_MARKS):
        return False
    kept = 0
    for child in reversed(children[:foot]):
        if child.tag != qn("w:p"):
            break
        # paragraph_format works on the XML element alone: no parent story is needed.
        Paragraph(child, None).paragraph_format.keep_with_next = True  # type: ignore[arg-type]
        if "".join(node.text or "" for node in child.iter(qn("w:t"))).strip():
            kept += 1
            if kept >= paragraphs:
                break
    return True


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
