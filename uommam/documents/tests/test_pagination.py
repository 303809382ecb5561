"""A signature block never starts a page alone: every committed template rendered with bodies of
growing length (so that the page break falls at every place near the foot), converted by
LibreOffice in one run, and every page read back with `pdftotext -layout`."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from uommam.documents.header import official_header
from uommam.documents.issuing import mark_draft
from uommam.documents.pagination import docx_many_to_pdf, pages_starting_with_signature, pdf_pages
from uommam.documents.rendering import keep_signature_with_body, render_docx
from uommam.documents.services import plain_context
from uommam.documents.templates import committed_template_path
from uommam.testing.libreoffice import require_libreoffice

SIGNATURE_STARTS = ("Nơi nhận", "T/M ")
# Three lines more per variant, over a page and a half of body text.
LENGTHS = range(0, 42, 3)


def _context(cell, name: str, lines: int) -> dict:
    header = official_header(
        unit=cell,
        doc_type="BC",
        number_text="01-BC/CB",
        on=date(2025, 6, 30),
        summary="Báo cáo",
        recipients=["Đảng ủy xã Chiêm Hóa", "Lưu chi bộ"],
        signer_name="Lý Thị Mai",
    )
    filler = [f"- Dòng nội dung thứ {i + 1} của phần này." for i in range(lines)]
    return plain_context(
        {
            "h": header,
            # generic_document
            "paragraphs": filler,
            # report_funnel
            "title_summary": "Kết quả công tác phát triển đảng viên trong học sinh",
            "period_line": "từ ngày 01/09/2024 đến ngày 31/08/2025",
            "period_text": "(từ ngày 01/09/2024 đến ngày 31/08/2025)",
            "intro": "Thực hiện nhiệm vụ, chi bộ báo cáo như sau:",
            "results": ["- Đã mở 1 lớp."],
            "stage_rows": [{"stt": "1", "label": "Đoàn viên", "count": "10", "rate": ""}],
            "rate_note": "Ghi chú.",
            "school_rows": [],
            "school_total": {},
            "observations": filler,
            # referral_letter
            "to_unit_name": "Đảng ủy xã Kim Bình",
            "person": {"full_name": "Ma Thị Hoa", "dob": "01/03/2007", "sex": "Nữ", "ethnicity": "Tày"},
            "certificate": {"number": "12/GCN", "issuer": "Trung tâm Chính trị"},
            "helper_assessment": " ".join(filler) or "Tốt",
        }
    )


@pytest.mark.libreoffice
def test_no_page_holds_only_a_signature_block(cell) -> None:
    require_libreoffice()
    variants = []
    for name in ("report_funnel", "referral_letter", "generic_document"):
        path = committed_template_path(name)
        for lines in LENGTHS:
            variants.append((name, lines, render_docx(path, _context(cell, name, lines))))
    # A draft too: its mark is at the top of each page and is not content.
    variants.append(("generic_document draft", 20, mark_draft(variants[-1][2])))
    pdfs = docx_many_to_pdf(data for _n, _l, data in variants)
    alone = {
        (name, lines): pages
        for (name, lines, _data), pdf in zip(variants, pdfs, strict=True)
        if (pages := pages_starting_with_signature(pdf, SIGNATURE_STARTS))
    }
    assert alone == {}
    # The sweep did cross a page break near the foot of every template.
    pages: dict[str, set[int]] = {}
    for (name, _lines, _data), pdf in zip(variants, pdfs, strict=True):
        pages.setdefault(name, set()).add(len(pdf_pages(pdf)))
    assert all(len(counts) > 1 for name, counts in pages.items() if "draft" not in name), pages


def test_keep_with_next_is_set_on_the_last_body_line_only(cell) -> None:
    path = committed_template_path("generic_document")
    parsed = docx.Document(io.BytesIO(render_docx(path, _context(cell, "generic_document", 5))))
    body = [p for p in parsed.paragraphs if p.text.startswith("- Dòng nội dung")]
    assert [p.paragraph_format.keep_with_next for p in body] == [None, None, None, None, True]


def test_a_document_without_signature_block_is_left_alone() -> None:
    document = docx.Document()
    document.add_paragraph("Một đoạn.")
    table = document.add_table(rows=1, cols=1)
    table.rows[0].cells[0].text = "Bảng số liệu"
    assert keep_signature_with_body(document) is False
    assert document.paragraphs[0].paragraph_format.keep_with_next is None
