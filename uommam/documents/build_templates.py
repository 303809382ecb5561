"""Regenerate the committed Word templates in `templates_docx/` (python-docx, docxtpl placeholders).

    .venv/bin/python -m uommam.documents.build_templates

The layout follows Hướng dẫn 36-HD/VPTW (domain.md §8): A4, margins top/bottom 20 mm, left 30 mm,
right 15 mm; Times New Roman 13–14 pt; a borderless two-column header table (superior and issuing
body, "*", number | "ĐẢNG CỘNG SẢN VIỆT NAM" underlined, place and date) and a borderless two-column
foot (recipients | signature block). Every template receives the header context as `h`
(`uommam.documents.header.official_header`); the rest of its placeholders are its own.

The generated files are committed so that administrators can edit them in Word and upload an
override; edit this script, not the .docx, for changes that should ship.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

OUT_DIR = Path(__file__).resolve().parent / "templates_docx"
FONT = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT


def _new_document() -> Document:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    section.left_margin = Mm(30)
    section.right_margin = Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    # East-Asian and complex-script font slots too, or Word falls back for Vietnamese letters.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    return document


def _borderless(table) -> None:  # type: ignore[no-untyped-def]
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _para(container, text: str = "", *, size: float = 14, bold=False, italic=False, underline=False, align=CENTER):  # type: ignore[no-untyped-def]
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    if text:
        run = paragraph.add_run(text)
        run.font.name = FONT
        run.font.size = Pt(size)
        run.bold = bold
        run.italic = italic
        run.underline = underline
    return paragraph


def _first_paragraph(cell, text: str, **style):  # type: ignore[no-untyped-def]
    # A new cell already holds one empty paragraph: use it for the first line.
    paragraph = cell.paragraphs[0]
    paragraph.alignment = style.pop("align", CENTER)
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(style.get("size", 14))
    run.bold = style.get("bold", False)
    run.italic = style.get("italic", False)
    run.underline = style.get("underline", False)
    return paragraph


def _header(document, *, with_summary: bool) -> None:  # type: ignore[no-untyped-def]
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borderless(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(9.0)
    _first_paragraph(left, "{{ h.superior_body }}", size=14)
    _para(left, "{{ h.issuing_body }}", bold=True)
    _para(left, "{{ h.separator }}")
    _para(left, "{{ h.number_line }}")
    if with_summary:
        _para(left, "{{ h.summary }}", size=12, italic=True)
    _first_paragraph(right, "{{ h.party_name }}", size=15, bold=True, underline=True)
    _para(right)
    _para(right, "{{ h.place_date }}", italic=True)
    _para(document)


def _footer(document) -> None:  # type: ignore[no-untyped-def]
    _para(document)
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    _borderless(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(8.0), Cm(8.5)
    _first_paragraph(left, "{{ h.recipients_title }}", size=12, bold=True, italic=True, align=LEFT)
    _para(left, "{%p for line in h.recipients %}", size=11, align=LEFT)
    _para(left, "{{ line }}", size=11, align=LEFT)
    _para(left, "{%p endfor %}", size=11, align=LEFT)
    _first_paragraph(right, "{{ h.authority }}", size=14, bold=True)
    _para(right, "{{ h.signer_title }}", bold=True)
    for _ in range(4):
        _para(right)
    _para(right, "{{ h.signer_name }}", bold=True)


def _body(document, text: str, *, indent: bool = True, bold: bool = False, italic: bool = False):  # type: ignore[no-untyped-def]
    paragraph = _para(document, text, bold=bold, italic=italic, align=JUSTIFY)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.paragraph_format.line_spacing = 1.15
    return paragraph


def build_referral_letter() -> Document:
    document = _new_document()
    _header(document, with_summary=True)
    _para(document, "Kính gửi: {{ to_unit_name }}", align=CENTER)
    _para(document)
    _body(document, "{{ from_body_name }} trân trọng giới thiệu:")
    _body(
        document,
        "Quần chúng {{ person.full_name }}, sinh ngày {{ person.dob }}, giới tính: {{ person.sex }}, "
        "dân tộc: {{ person.ethnicity }}{% if person.citizen_id %}, số định danh cá nhân: {{ person.citizen_id }}"
        "{% endif %}.",
    )
    _body(document, "Nơi thường trú: {{ person.address }}.")
    _body(
        document, "Học sinh lớp {{ person.class_name }}, {{ school_name }}; dự kiến ra trường {{ leaves_school_on }}."
    )
    _body(
        document,
        "Đã học lớp bồi dưỡng nhận thức về Đảng, Giấy chứng nhận số {{ certificate.number }} do "
        "{{ certificate.issuer }} cấp ngày {{ certificate.issued_on }}, có giá trị đến hết ngày "
        "{{ certificate.expires_on }} ({{ certificate.citation }}).",
    )
    _body(
        document,
        "Đến khi ra trường, quần chúng chưa đủ 18 tuổi; đủ tuổi xem xét kết nạp từ ngày {{ eligible_from }}.",
    )
    _body(document, "Nhận xét của đảng viên giúp đỡ ({{ helper_name }}): {{ helper_assessment }}")
    _body(document, "Nhận xét của Đoàn trường: {{ youth_union_evaluation }}")
    _body(document, "Sinh hoạt Đoàn: {{ youth_union_transfer }}")
    _body(document, "Kết quả học tập, rèn luyện: {{ school_results }}")
    _body(document, "Thẩm tra lý lịch: {{ verification_status }}")
    _body(
        document,
        "Đề nghị {{ to_unit_name }} tiếp tục bồi dưỡng, giúp đỡ quần chúng {{ person.full_name }} và xem xét "
        "kết nạp khi đủ điều kiện; đồng thời xác nhận đã nhận giới thiệu và báo lại cho chi bộ trước ngày "
        "{{ acknowledge_by }}.",
    )
    _body(document, "Người liên hệ: {{ contact }}.")
    _footer(document)
    return document


def build_generic_document() -> Document:
    """Any document with a title, a summary and body paragraphs (`paragraphs`: a list of strings)."""
    document = _new_document()
    _header(document, with_summary=False)
    _para(document, "{{ h.doc_title }}", size=15, bold=True)
    _para(document, "{{ h.summary }}", bold=True)
    _para(document, "-----", size=12)
    _para(document, "{%p for text in paragraphs %}", align=JUSTIFY)
    _body(document, "{{ text }}")
    _para(document, "{%p endfor %}", align=JUSTIFY)
    _footer(document)
    return document


TEMPLATES = {
    "referral_letter": build_referral_letter,
    "generic_document": build_generic_document,
}


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, builder in TEMPLATES.items():
        path = OUT_DIR / f"{name}.docx"
        document = builder()
        # Fixed metadata so that regenerating an unchanged template gives the same version.
        properties = document.core_properties
        properties.author = "Ươm Mầm"
        properties.title = name
        properties.revision = 1
        properties.created = properties.modified = datetime(2026, 1, 1)
        properties.last_modified_by = "Ươm Mầm"
        document.save(str(path))
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
