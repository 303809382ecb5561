"""Official Party documents (Hướng dẫn 36-HD/VPTW): numbering, Word templates, .docx and PDF.

The whole API, for every app that issues a document::

    from uommam.documents.services import document_issue, document_pdf
    from uommam.documents.models import DocType

    doc = document_issue(
        unit=cell,                        # the issuing unit (cell or committee)
        doc_type=DocType.CV,              # NQ QĐ BC KH TB CV TTr BB
        template_name="referral_letter",  # a .docx in templates_docx/ or an admin override
        context={...},                    # the template's own placeholders
        summary="V/v giới thiệu …",       # trích yếu, printed under the number
        recipients=["Như trên", "Lưu chi bộ"],
        signer_name="Lý Thị Mai",
        related=referral,                 # any model instance (generic relation), optional
        purpose="referral",
        actor=user,
        on=date(2026, 9, 15),
    )
    doc.number_text        # "05-CV/CB", numbered per unit, type and committee term
    doc.docx_bytes         # the rendered Word file (also stored in doc.file after commit)
    pdf = document_pdf(doc)  # LibreOffice headless, cached in doc.pdf_file

Drafts and issue (`issuing.py`), for every app whose documents take an official number only when
an authorised officer issues them (the periodic report does; a plan can):

* `issuing.document_draft(unit=, doc_type=, template_name=, context=, on=, …) -> bytes` — the same
  rendering with no number and "DỰ THẢO" on every page; writes nothing (safe on a GET).
* `issuing.may_issue(user, unit)` — an administrator, a committee officer of the body or of a
  committee above it, or the secretary of the cell; never a read-only viewer.
* `issuing.issuing_unit(unit, on)` — the body that issues about `unit` on `on`: its successor when it
  was closed before that date. Then `document_issue(..., reason=purpose, with_pdf=True)` from a POST.
* `rendering.keep_signature_with_body(docx_document)` — applied by `render_docx` to every document:
  the signature block never starts a page alone; `pagination.pages_starting_with_signature(pdf, …)`
  checks a rendered PDF.

Lower level, usable on their own:

* `numbering.allocate_number(unit=, doc_type=, on=)` — the next number, race-safe (row lock).
* `header.official_header(unit=, doc_type=, number_text=, on=, …)` — the header/signature context
  every template receives under `h` (superior body, issuing body in capitals, "*", "Số 05-CV/CB",
  "Chiêm Hóa, ngày 15 tháng 9 năm 2026", "ĐẢNG CỘNG SẢN VIỆT NAM", "Nơi nhận:", "T/M CHI BỘ" / "BÍ THƯ").
* `rendering.render_docx(template_path, context) -> bytes` (docxtpl) and
  `rendering.docx_to_pdf(docx_bytes) -> bytes` (LibreOffice; raises `LibreOfficeMissing`).
* `templates.resolve_template(name) -> (path, version)` — the admin's active `DocumentTemplate`
  override if any, else the committed file; `version` is the sha256 of the .docx.

Documents are always rendered in Vietnamese, whatever the user's language. Every
`GeneratedDocument` keeps its number, template name and version, sha256 and the context it was
rendered from. Files are written when the surrounding transaction commits, so a rolled-back
issue leaves no file behind. `build_templates.py` regenerates the committed templates
(`referral_letter`, `generic_document`, `report_funnel`): A4, 36-HD/VPTW margins, a header table
with fixed column widths, page numbers from page 2; templates may use `{{ text|sentence }}`.
"""
