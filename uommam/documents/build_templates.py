"""Regenerate the committed Word templates in `templates_docx/` (python-docx, docxtpl placeholders).

    .venv/bin/python -m uommam.documents.build_templates

The layout follows Hướng dẫn 36-HD/VPTW (domain.md §8): A4, margins top/bottom 20 mm, left 30 mm,
right 15 mm (a 165 mm text width); Times New Roman, 14 pt body, 13 pt in tables.

* The header is a borderless 2 × 2 table with **fixed** column widths (`w:tblLayout type=fixed`,
  `w:tblW`, every `w:gridCol` and every cell's `w:tcW`): LibreOffice ignores cell widths alone and
  squeezes the columns, which wrapped the place-and-date line and the school names. Row 1: superior
  body, issuing body (bold capitals), "*" | "ĐẢNG CỘNG SẢN VIỆT NAM" (bold, underlined). Row 2: the
  number "Số …" (and a letter's "V/v …") | the italic place-and-date line, so the number and the
  date always stand on one line however the names above them wrap. The two columns (84 + 88 mm)
  are wider than the text width together; the table starts 7 mm into the 30 mm left margin so
  "CHI BỘ TRƯỜNG THPT KIM BÌNH" (81 mm in 14 pt bold) and "Tuyên Quang, ngày 25 tháng 12 năm 2025"
  (84 mm in 14 pt italic) each hold on one line.
* The foot is a borderless two-column table that never splits across pages: "Nơi nhận:" and its
  list | the authority ("T/M CHI BỘ", "T/M BAN THƯỜNG VỤ"), the signer's title, room to sign, name.
* Page numbers centred in the top margin from page 2 on (none on the first page).
* Figure tables (the periodic report) have a bold header row repeated on every page, one row per
  item through docxtpl's `{%tr for row in rows %}`, rows that do not split.

Every template receives the header context as `h` (`uommam.documents.header.official_header`); the
rest of its placeholders are its own. Templates may use the `sentence` filter (`rendering.py`):
`{{ text|sentence }}` ends a free-text answer with a full stop.

The generated files are committed so that administrators can edit them in Word and upload an
override; edit this script, not the .docx, for changes that should ship. Regenerating changes a
template's sha256, which every `GeneratedDocument` records as its template version.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.blkcntnr import BlockItemContainer
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

OUT_DIR = Path(__file__).resolve().parent / "templates_docx"
FONT = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT

# Page geometry (mm), Hướng dẫn 36-HD/VPTW: top 20–25, bottom 20–25, left 30–35, right 15–20.
PAGE_WIDTH, PAGE_HEIGHT = 210, 297
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20, 20, 30, 15
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 165
# Header: left block | right block, starting HEADER_INDENT into the left margin.
HEADER_WIDTHS = (84, 88)
HEADER_INDENT = -7
# Foot: recipients | signature block, inside the text width.
FOOT_WIDTHS = (78, 87)
CELL_PADDING = 1  # mm left and right inside the borderless header and foot tables
BODY_SIZE = 14
TABLE_SIZE = 13

# w:tblPr children in schema order (CT_TblPr): Word rejects a file whose children are out of order.
_TBLPR_ORDER = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
)


def _twips(mm: float) -> str:
    return str(round(mm / 25.4 * 1440))


def _new_document() -> DocxDocument:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT)
    section.top_margin = Mm(MARGIN_TOP)
    section.bottom_margin = Mm(MARGIN_BOTTOM)
    section.left_margin = Mm(MARGIN_LEFT)
    section.right_margin = Mm(MARGIN_RIGHT)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_SIZE)
    # East-Asian and complex-script font slots too, or Word falls back for Vietnamese letters.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.line_spacing = 1.0
    _page_numbers(section)
    return document


def _page_numbers(section: Section) -> None:
    """36-HD/VPTW: the page number centred in the top margin, 14 pt, not shown on the first page."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _tblpr_set(table: Table, element: Any) -> None:
    """Put `element` into the table's w:tblPr, replacing one of the same name, in schema order."""
    properties = table._tbl.tblPr
    name = element.tag.split("}")[1]
    for existing in properties.findall(qn(f"w:{name}")):
        properties.remove(existing)
    rank = _TBLPR_ORDER.index(name)
    for index, child in enumerate(properties):
        child_name = child.tag.split("}")[1]
        if child_name in _TBLPR_ORDER and _TBLPR_ORDER.index(child_name) > rank:
            properties.insert(index, element)
            return
    properties.append(element)


def fix_widths(table: Table, widths_mm: Sequence[float], *, indent_mm: float = 0) -> None:
    """Fixed layout: total width, every grid column and every cell of every row, in twips."""
    table.autofit = False  # w:tblLayout w:type="fixed"
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), _twips(sum(widths_mm)))
    total.set(qn("w:type"), "dxa")
    _tblpr_set(table, total)
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), _twips(indent_mm))
    indent.set(qn("w:type"), "dxa")
    _tblpr_set(table, indent)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _tblpr_set(table, layout)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)  # w:gridCol
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)  # w:tcW


def _cell_padding(table: Table, mm: float) -> None:
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), _twips(mm))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    _tblpr_set(table, margins)


def _borders(table: Table, value: str, size: int = 4) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), str(size))
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    _tblpr_set(table, borders)


def _row_flags(row: _Row, *, cant_split: bool = True, header: bool = False) -> None:
    properties = row._tr.get_or_add_trPr()
    if cant_split:
        properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _style_run(
    run: Run, *, size: float = BODY_SIZE, bold: bool = False, italic: bool = False, underline: bool = False
) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    run.underline = underline


def _para(
    container: DocxDocument | BlockItemContainer,
    text: str = "",
    *,
    size: float = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: WD_ALIGN_PARAGRAPH = CENTER,
) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    if text:
        _style_run(paragraph.add_run(text), size=size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _first_paragraph(cell: _Cell, text: str, *, align: WD_ALIGN_PARAGRAPH = CENTER, **style: Any) -> Paragraph:
    # A new cell already holds one empty paragraph: use it for the first line.
    paragraph: Paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    if text:
        _style_run(paragraph.add_run(text), **style)
    return paragraph


def _keep_with_next(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True


def _header(document: DocxDocument, *, with_summary: bool) -> None:
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _borders(table, "nil")
    _cell_padding(table, CELL_PADDING)
    fix_widths(table, HEADER_WIDTHS, indent_mm=HEADER_INDENT)
    for row in table.rows:
        _row_flags(row)
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    (left, right), (number, date) = (table.rows[0].cells, table.rows[1].cells)
    _first_paragraph(left, "{{ h.superior_body }}")
    _para(left, "{{ h.issuing_body }}", bold=True)
    _para(left, "{{ h.separator }}")
    # Solid underline as long as the words: an underlined run (36-HD: "có đường kẻ ngang, nét liền").
    _first_paragraph(right, "{{ h.party_name }}", size=15, bold=True, underline=True)
    _first_paragraph(number, "{{ h.number_line }}")
    if with_summary:
        _para(number, "{{ h.summary }}", size=12, italic=True)
    _first_paragraph(date, "{{ h.place_date }}", italic=True)
    _para(document)


def _title(document: DocxDocument, *lines: str) -> None:
    """Document type ("BÁO CÁO", 15 pt bold), the summary line(s) in bold, then "-----"."""
    _keep_with_next(_para(document))
    _keep_with_next(_para(document, "{{ h.doc_title }}", size=15, bold=True))
    for line in lines or ("{{ h.summary }}",):
        _keep_with_next(_para(document, line, bold=True))
    _para(document, "-----", size=BODY_SIZE)
    _para(document)


def _footer(document: DocxDocument) -> None:
    _keep_with_next(_para(document))
    table = document.add_table(rows=1, cols=2)
    _borders(table, "nil")
    _cell_padding(table, CELL_PADDING)
    fix_widths(table, FOOT_WIDTHS)
    _row_flags(table.rows[0])
    left, right = table.rows[0].cells
    _first_paragraph(left, "{{ h.recipients_title }}", size=12, bold=True, italic=True, align=LEFT)
    _para(left, "{%p for line in h.recipients %}", size=11, align=LEFT)
    _para(left, "{{ line }}", size=11, align=LEFT)
    _para(left, "{%p endfor %}", size=11, align=LEFT)
    _first_paragraph(right, "{{ h.authority }}", bold=True)
    _para(right, "{{ h.signer_title }}", bold=True)
    for _ in range(4):
        _para(right)
    _para(right, "{{ h.signer_name }}", bold=True)


def _body(
    document: DocxDocument | BlockItemContainer,
    text: str,
    *,
    indent: bool = True,
    bold: bool = False,
    italic: bool = False,
    size: float = BODY_SIZE,
) -> Paragraph:
    paragraph = _para(document, text, bold=bold, italic=italic, align=JUSTIFY, size=size)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    # Single line spacing and 6 pt between paragraphs, the minimum of the Party's format.
    paragraph.paragraph_format.space_after = Pt(6)
    return paragraph


def _heading(document: DocxDocument, text: str, *, italic: bool = False) -> Paragraph:
    paragraph = _body(document, text, bold=True, italic=italic)
    _keep_with_next(paragraph)
    return paragraph


def _placeholder(document: DocxDocument, hint: str) -> Paragraph:
    """An italic hint for the committee and a dotted line to write over."""
    _body(document, hint, italic=True)
    return _body(document, "…" * 33, indent=False)  # 33 × 4,94 mm in 14 pt: one line of the text width


def _cell_text(cell: _Cell, text: str, *, align: WD_ALIGN_PARAGRAPH = CENTER, bold: bool = False) -> None:
    paragraph = _first_paragraph(cell, text, align=align, size=TABLE_SIZE, bold=bold)
    paragraph.paragraph_format.space_before = Pt(2)
    paragraph.paragraph_format.space_after = Pt(2)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _figures_table(
    document: DocxDocument,
    columns: Sequence[tuple[str, float, WD_ALIGN_PARAGRAPH]],
    *,
    loop: str,
    fields: Sequence[str],
    total: Sequence[str] | None = None,
) -> Table:
    """A bordered table: a header row (repeated on each page), one row per item of `loop`
    (`{%tr for row in rows %}`), and optionally a bold total row."""
    rows = 4 + (1 if total else 0)
    table: Table = document.add_table(rows=rows, cols=len(columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table, "single")
    _cell_padding(table, 1.5)
    fix_widths(table, [width for _label, width, _align in columns])
    header, opening, data, closing = table.rows[:4]
    _row_flags(header, header=True)
    for cell, (label, _width, _align) in zip(header.cells, columns, strict=True):
        _cell_text(cell, label, bold=True)
    _first_paragraph(opening.cells[0], f"{{%tr for row in {loop} %}}")
    _row_flags(data)
    for cell, field, (_label, _width, align) in zip(data.cells, fields, columns, strict=True):
        _cell_text(cell, f"{{{{ row.{field} }}}}", align=align)
    _first_paragraph(closing.cells[0], "{%tr endfor %}")
    if total:
        last = table.rows[4]
        _row_flags(last)
        for cell, text, (_label, _width, align) in zip(last.cells, total, columns, strict=True):
            _cell_text(cell, text, align=align, bold=True)
    return table


def build_referral_letter() -> DocxDocument:
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
    _body(document, "Nơi thường trú: {{ person.address|sentence }}")
    _body(
        document,
        "Học sinh lớp {{ person.class_name }}, {{ school_name }}"
        "{% if leaves_school_on %}; dự kiến ra trường ngày {{ leaves_school_on }}{% endif %}.",
    )
    _body(
        document,
        "Đã học lớp bồi dưỡng nhận thức về Đảng, Giấy chứng nhận số {{ certificate.number }} do "
        "{{ certificate.issuer }}{% if certificate.issued_on %} cấp ngày {{ certificate.issued_on }}{% endif %}"
        "{% if certificate.expires_on %}, có giá trị đến hết ngày {{ certificate.expires_on }}"
        " ({{ certificate.citation }}){% endif %}.",
    )
    _body(
        document,
        "Đến khi ra trường, quần chúng chưa đủ 18 tuổi"
        "{% if eligible_from %}; đủ tuổi xem xét kết nạp từ ngày {{ eligible_from }}{% endif %}.",
    )
    _body(document, "Kèm theo giới thiệu này:")
    _body(document, "- Nhận xét của đảng viên giúp đỡ ({{ helper_name }}): {{ helper_assessment|sentence }}")
    _body(document, "- Nhận xét của Đoàn trường: {{ youth_union_evaluation|sentence }}")
    _body(document, "- Sinh hoạt Đoàn: {{ youth_union_transfer|sentence }}")
    _body(document, "- Kết quả học tập, rèn luyện: {{ school_results|sentence }}")
    _body(document, "- Thẩm tra lý lịch: {{ verification_status|sentence }}")
    _body(
        document,
        "Đề nghị {{ to_unit_name }} tiếp tục bồi dưỡng, giúp đỡ quần chúng {{ person.full_name }} và xem xét "
        "kết nạp khi đủ điều kiện; đồng thời xác nhận đã nhận giới thiệu và báo lại cho chi bộ trước ngày "
        "{{ acknowledge_by }}.",
    )
    # The one-time acknowledgement code stands in the text, apart from the QR code (issue 16).
    _para(document, "{%p if verify and verify.ack_code %}", align=JUSTIFY)
    _body(
        document,
        "Nơi tiếp nhận chưa dùng Ươm Mầm có thể xác nhận trực tuyến tại địa chỉ ghi dưới mã QR, "
        "với mã xác nhận tiếp nhận (dùng riêng cho nơi nhận): {{ verify.ack_code }}.",
    )
    _para(document, "{%p endif %}", align=JUSTIFY)
    # The last paragraph goes with the signature block if that block has to start a new page.
    _keep_with_next(_body(document, "Người liên hệ: {{ contact|sentence }}"))
    _footer(document)
    _verification_block(document)
    return document


def _person_lines(document) -> None:  # type: ignore[no-untyped-def]
    """The applicant's identity as both referral documents of 1361-CV/BTCTW state it."""
    _body(
        document,
        "Quần chúng {{ person.full_name }}, sinh ngày {{ person.dob }}, giới tính: {{ person.sex }}, "
        "dân tộc: {{ person.ethnicity }}{% if person.citizen_id %}, số định danh cá nhân: {{ person.citizen_id }}"
        "{% endif %}.",
    )
    _body(document, "Nơi thường trú: {{ person.address|sentence }}")
    _body(document, "Học sinh lớp {{ person.class_name }}, {{ school_name }}.")


def build_referral_helping_certificate() -> DocxDocument:
    """Giấy chứng nhận người vào Đảng đang trong thời gian được giúp đỡ (a document type of 1361-CV/BTCTW):
    the sending cell certifies that the applicant it refers is being helped towards admission."""
    document = _new_document()
    _header(document, with_summary=False)
    _title(document, "Người vào Đảng đang trong thời gian được giúp đỡ")
    _body(document, "{{ from_body_name }} chứng nhận:")
    _person_lines(document)
    _body(
        document,
        "Là người vào Đảng đang trong thời gian được chi bộ bồi dưỡng, giúp đỡ"
        "{% if helper_name %}; đảng viên được phân công giúp đỡ: đồng chí {{ helper_name }}{% endif %}.",
    )
    _body(
        document,
        "Đã học lớp bồi dưỡng nhận thức về Đảng, Giấy chứng nhận số {{ certificate.number }} do "
        "{{ certificate.issuer }}{% if certificate.issued_on %} cấp ngày {{ certificate.issued_on }}{% endif %}"
        "{% if certificate.expires_on %}, có giá trị đến hết ngày {{ certificate.expires_on }}"
        " ({{ certificate.citation }}){% endif %}.",
    )
    _body(document, "Nhận xét của đảng viên giúp đỡ: {{ helper_assessment|sentence }}")
    _body(document, "Kết quả học tập, rèn luyện: {{ school_results|sentence }}")
    _body(
        document,
        "{% if eligible_from %}Đủ tuổi xem xét kết nạp từ ngày {{ eligible_from }}. {% endif %}"
        "Giấy chứng nhận này cấp để quần chúng {{ person.full_name }} chuyển đến {{ to_unit_name }}, "
        "nơi tiếp tục bồi dưỡng, giúp đỡ và xem xét kết nạp khi đủ điều kiện.",
    )
    _keep_with_next(_body(document, "Người liên hệ: {{ contact|sentence }}"))
    _footer(document)
    return document


def build_referral_introduction_letter() -> DocxDocument:
    """Công văn giới thiệu người vào Đảng chuyển ra ngoài đảng bộ cấp xã (a document type of 1361-CV/BTCTW):
    the letter that carries the applicant, and the certificate above, to a committee outside the sender's
    commune-level Party organisation."""
    document = _new_document()
    _header(document, with_summary=True)
    _para(document, "Kính gửi: {{ to_unit_name }}", align=CENTER)
    _para(document)
    _body(
        document,
        "{{ from_body_name }}{% if superior_name %} (trực thuộc {{ superior_name }}){% endif %} giới thiệu "
        "người vào Đảng đang trong thời gian được giúp đỡ chuyển ra ngoài đảng bộ cấp xã:",
    )
    _person_lines(document)
    _body(
        document,
        "Lý do chuyển: {% if leaves_school_on %}ra trường ngày {{ leaves_school_on }}, {% endif %}"
        "tiếp tục học tập, cư trú tại địa bàn của {{ to_unit_name }}.",
    )
    _body(document, "Kèm theo công văn này:")
    _body(
        document,
        "- Giấy chứng nhận người vào Đảng đang trong thời gian được giúp đỡ"
        "{% if helping_certificate_number %} số {{ helping_certificate_number }}{% endif %};",
    )
    _body(document, "- Bản sao Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng số {{ certificate.number }};")
    _body(document, "- Nhận xét của Đoàn trường: {{ youth_union_evaluation|sentence }}")
    _body(document, "- Thẩm tra lý lịch: {{ verification_status|sentence }}")
    _body(
        document,
        "Đề nghị {{ to_unit_name }} tiếp nhận, phân công đảng viên tiếp tục giúp đỡ quần chúng "
        "{{ person.full_name }} và xem xét kết nạp khi đủ điều kiện"
        "{% if eligible_from %} (đủ tuổi xem xét kết nạp từ ngày {{ eligible_from }}){% endif %}; "
        "đồng thời báo lại cho {{ from_body_name }} trước ngày {{ acknowledge_by }}.",
    )
    _keep_with_next(_body(document, "Người liên hệ: {{ contact|sentence }}"))
    _footer(document)
    return document


def _verification_block(document) -> None:  # type: ignore[no-untyped-def]
    """Under "Nơi nhận", in the foot's left cell (78 mm, wide enough for the 34 mm code of
    uommam/documents/qr.py): the QR code of the verification link and the short code to type
    instead. The foot row never splits, so the code stays with the signature. Absent when the
    context has no `verify` (documents issued before)."""
    cell = document.tables[-1].rows[0].cells[0]
    _para(cell, "{%p if verify %}", size=11, align=LEFT)
    _para(cell, "{{ verify.url|qr }}", size=11, align=LEFT)
    _para(cell, "Kiểm tra tính xác thực: quét mã QR, hoặc mở", size=10, italic=True, align=LEFT)
    _para(cell, "{{ verify.site }}/v/ và nhập mã {{ verify.code }}", size=10, italic=True, align=LEFT)
    _para(cell, "{%p endif %}", size=11, align=LEFT)


def build_generic_document() -> DocxDocument:
    """Any document with a title, a summary and body paragraphs (`paragraphs`: a list of strings)."""
    document = _new_document()
    _header(document, with_summary=False)
    _title(document)
    _para(document, "{%p for text in paragraphs %}", align=JUSTIFY)
    _body(document, "{{ text }}")
    _para(document, "{%p endfor %}", align=JUSTIFY)
    _footer(document)
    return document


def build_report_funnel() -> DocxDocument:
    """The periodic "Báo cáo kết quả công tác phát triển đảng viên trong học sinh".

    Placeholders (besides `h`), prepared by `uommam.reports.documents.report_context`:
    `title_summary`, `period_line`, `intro`, `results` (paragraphs), `stage_rows` (stt, label, count, rate),
    `rate_note`, `school_rows` (stt, name, enrolled, certified, admitted, rate), `school_total`
    (the same keys), `observations` (paragraphs), `period_text`.
    """
    document = _new_document()
    _header(document, with_summary=False)
    _title(document, "{{ title_summary }}", "{{ period_line }}")
    _body(document, "{{ intro }}")
    _heading(document, "I. KẾT QUẢ THỰC HIỆN", italic=False)
    _heading(document, "1. Kết quả chung")
    _para(document, "{%p for text in results %}", align=JUSTIFY)
    _body(document, "{{ text }}")
    _para(document, "{%p endfor %}", align=JUSTIFY)
    _heading(document, "2. Số liệu theo từng khâu")
    _keep_with_next(_para(document, "Bảng 1. Kết quả theo từng khâu {{ period_text }}", size=TABLE_SIZE, italic=True))
    _figures_table(
        document,
        [("STT", 14, CENTER), ("Chỉ tiêu / Nội dung", 101, LEFT), ("Số lượng", 25, CENTER), ("Tỷ lệ", 25, CENTER)],
        loop="stage_rows",
        fields=("stt", "label", "count", "rate"),
    )
    _body(document, "{{ rate_note }}", italic=True, size=12)
    _heading(document, "3. Kết quả theo từng trường")
    _keep_with_next(_para(document, "Bảng 2. Kết quả theo từng trường {{ period_text }}", size=TABLE_SIZE, italic=True))
    _figures_table(
        document,
        [
            ("STT", 14, CENTER),
            ("Trường", 56, LEFT),
            ("Cử đi học lớp", 24, CENTER),
            ("Được cấp giấy chứng nhận", 26, CENTER),
            ("Được kết nạp", 22, CENTER),
            ("Tỷ lệ kết nạp", 23, CENTER),
        ],
        loop="school_rows",
        fields=("stt", "name", "enrolled", "certified", "admitted", "rate"),
        total=(
            "",
            "Tổng cộng",
            "{{ school_total.enrolled }}",
            "{{ school_total.certified }}",
            "{{ school_total.admitted }}",
            "{{ school_total.rate }}",
        ),
    )
    _para(document)
    _heading(document, "II. ĐÁNH GIÁ CHUNG")
    _heading(document, "1. Ưu điểm")
    _placeholder(document, "(Cấp ủy nêu những ưu điểm, cách làm hay trong công tác tạo nguồn, bồi dưỡng, kết nạp.)")
    _heading(document, "2. Hạn chế và nguyên nhân")
    _para(document, "{%p for text in observations %}", align=JUSTIFY)
    _body(document, "{{ text }}")
    _para(document, "{%p endfor %}", align=JUSTIFY)
    _placeholder(document, "(Cấp ủy bổ sung hạn chế, nguyên nhân chủ quan và khách quan.)")
    _heading(document, "III. PHƯƠNG HƯỚNG, ĐỀ XUẤT")
    _heading(document, "1. Phương hướng, nhiệm vụ thời gian tới")
    _placeholder(document, "(Chỉ tiêu cử học sinh đi học lớp, chỉ tiêu kết nạp, giải pháp thực hiện.)")
    _heading(document, "2. Đề xuất, kiến nghị")
    _keep_with_next(
        _placeholder(document, "(Đề xuất với cấp ủy cấp trên, nhà trường, Đoàn Thanh niên, nơi tiếp nhận học sinh.)")
    )
    _footer(document)
    return document


TEMPLATES = {
    "referral_letter": build_referral_letter,
    "referral_helping_certificate": build_referral_helping_certificate,
    "referral_introduction_letter": build_referral_introduction_letter,
    "generic_document": build_generic_document,
    "report_funnel": build_report_funnel,
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
        buffer = io.BytesIO()
        document.save(buffer)
        path.write_bytes(_fixed_zip_times(buffer.getvalue()))
        print(f"wrote {path}")


def _fixed_zip_times(data: bytes) -> bytes:
    """The same archive with every entry dated 01/01/2026: python-docx stamps the current time, which
    changed the sha256 (the template version) on every run even when nothing else had."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(entry))
    return output.getvalue()


if __name__ == "__main__":
    main()
