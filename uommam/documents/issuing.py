"""Drafts and issue: an official number exists only once an authorised officer issues a document.

Every app that produces an official document follows the same two steps:

* **Draft** (`document_draft`, any GET): the document rendered without a number, "DỰ THẢO" printed
  at the top of every page; nothing is stored, no number is taken.
* **Issue** (`document_issue` in `services`, from a POST with a purpose): the next number of the
  issuing body's series, the rendered files stored, the issue journaled. An issued document is
  downloaded again byte for byte (`services.document_docx` / `document_pdf`).

A document about a unit that was closed before the issue date is issued by its successor (the
body alive on that date), in the successor's name (`issuing_unit`). Who may issue: an
administrator, a committee officer of the issuing body or of a committee above it, or the
secretary of the issuing cell (`may_issue`). Read-only roles download issued documents only.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from uommam.orgs.models import OrgUnit, Role
from uommam.orgs.scope import assignments, is_admin

from .header import official_header
from .numbering import issuer_code
from .rendering import render_docx
from .services import plain_context
from .templates import resolve_template

if TYPE_CHECKING:
    from uommam.accounts.models import User

DRAFT_MARK = "DỰ THẢO"
DRAFT_NUMBER = "     "  # "Số      -BC/HU": the number is left blank until the document is issued
ISSUING_ROLES = (Role.COMMITTEE_OFFICER, Role.CELL_SECRETARY)


def issuing_unit(unit: OrgUnit, on: date) -> OrgUnit:
    """The body that issues a document about `unit` on `on`: the unit itself while it is active,
    else its successor (followed until one is alive on that date)."""
    seen = {unit.pk}
    current = unit
    while current.active_until is not None and current.active_until < on and current.successor_id:
        successor = OrgUnit.objects.get(pk=current.successor_id)
        if successor.pk in seen:  # pragma: no cover - a cycle in the data
            break
        seen.add(successor.pk)
        current = successor
    return current


def may_issue(user: User, unit: OrgUnit) -> bool:
    """An administrator, a committee officer of `unit` or a committee above it, or the secretary of
    the cell `unit`. Viewers, Youth Union, centre and receiving officers may not."""
    if is_admin(user):
        return True
    lineage = {unit.pk, *unit.ancestor_ids()}
    for assignment in assignments(user):
        if assignment.role == Role.COMMITTEE_OFFICER and assignment.unit_id in lineage:
            return True
        if assignment.role == Role.CELL_SECRETARY and assignment.unit_id == unit.pk:
            return True
    return False


def mark_draft(docx: bytes) -> bytes:
    """Print "DỰ THẢO" at the top of every page (in each section's header, first page included)."""
    import docx as python_docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    document = python_docx.Document(io.BytesIO(docx))
    for section in document.sections:
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        for header in headers:
            header.is_linked_to_previous = False
            paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            paragraph = paragraph.insert_paragraph_before()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(DRAFT_MARK)
            run.bold = True
            run.font.size = Pt(16)
            run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def document_draft(
    *,
    unit: OrgUnit,
    doc_type: str,
    template_name: str,
    context: dict[str, Any],
    on: date,
    summary: str = "",
    recipients: Sequence[str] = (),
    signer_name: str = "",
    signer_title: str = "BÍ THƯ",
    authority: str | None = None,
) -> bytes:
    """The Word file of a document not yet issued: same template and header, no number, marked
    "DỰ THẢO". Writes nothing."""
    header = official_header(
        unit=unit,
        doc_type=doc_type,
        number_text=f"{DRAFT_NUMBER}-{doc_type}/{issuer_code(unit)}",
        on=on,
        summary=summary,
        recipients=recipients,
        signer_name=signer_name,
        signer_title=signer_title,
        authority=authority,
    )
    header["draft"] = True
    path, _version = resolve_template(template_name)
    return mark_draft(render_docx(path, plain_context({**context, "h": header})))
