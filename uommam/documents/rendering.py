"""Rendering a Word template (docxtpl) and converting the result to PDF (LibreOffice headless)."""

from __future__ import annotations

import io
import os
from typing import Any

from django.utils import translation

# The LibreOffice conversion is infrastructure (core/office.py) also used below documents (the
# erasure certificate of `people`); it is re-exported here for the document pipeline (`X as X` marks the
# re-export as intended, for strict mypy's `no_implicit_reexport`).
from uommam.core.office import DEFAULT_PDF_TIMEOUT as DEFAULT_PDF_TIMEOUT
from uommam.core.office import ConversionFailed as ConversionFailed
from uommam.core.office import LibreOfficeMissing as LibreOfficeMissing
from uommam.core.office import docx_to_pdf as docx_to_pdf
from uommam.core.office import soffice_path as soffice_path

from .qr import docx_image

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
