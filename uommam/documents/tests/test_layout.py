"""The layout of the committed templates: fixed header widths LibreOffice cannot squeeze, the
committed files up to date with build_templates.py, and — where LibreOffice is installed — a PDF in
which the place-and-date line and the issuing body each hold on one line."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from uommam.documents import build_templates
from uommam.documents.models import DocType
from uommam.documents.rendering import render_docx, sentence
from uommam.documents.services import document_issue, document_pdf
from uommam.documents.templates import committed_template_path
from uommam.testing.libreoffice import require_libreoffice

TEMPLATE_NAMES = sorted(build_templates.TEMPLATES)


def _twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def assert_fixed_widths(table, widths_mm) -> None:  # type: ignore[no-untyped-def]
    properties = table._tbl.tblPr
    assert properties.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    total = properties.find(qn("w:tblW"))
    assert (total.get(qn("w:type")), int(total.get(qn("w:w")))) == ("dxa", _twips(sum(widths_mm)))
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid == [_twips(w) for w in widths_mm]
    for row in table.rows:
        assert [abs(cell.width - Mm(w)) < Mm(0.1) for cell, w in zip(row.cells, widths_mm, strict=True)] == [
            True
        ] * len(widths_mm)


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_header_table_has_fixed_widths_on_the_a4_page(name) -> None:
    document = Document(str(committed_template_path(name)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    header = document.tables[0]
    assert_fixed_widths(header, build_templates.HEADER_WIDTHS)
    # The table may reach into the generous left margin but stays on the paper with room to spare.
    indent = int(header._tbl.tblPr.find(qn("w:tblInd")).get(qn("w:w")))
    left_edge = section.left_margin.mm + indent / 1440 * 25.4
    right_edge = left_edge + sum(build_templates.HEADER_WIDTHS)
    assert left_edge >= 20 and right_edge <= 210 - 12
    # Right column: the party name bold and underlined, the place-and-date line italic beside the number.
    party = header.rows[0].cells[1].paragraphs[0].runs[0]
    assert (party.text, party.bold, party.underline) == ("{{ h.party_name }}", True, True)
    assert header.rows[1].cells[0].paragraphs[0].text == "{{ h.number_line }}"
    place_date = header.rows[1].cells[1].paragraphs[0].runs[0]
    assert (place_date.text, place_date.italic) == ("{{ h.place_date }}", True)
    # The foot (recipients | signature) is fixed too, within the text width, and never split.
    foot = document.tables[-1]
    assert_fixed_widths(foot, build_templates.FOOT_WIDTHS)
    assert sum(build_templates.FOOT_WIDTHS) <= build_templates.TEXT_WIDTH
    assert foot.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_table_properties_are_in_schema_order() -> None:
    order = build_templates._TBLPR_ORDER
    for name in TEMPLATE_NAMES:
        for table in Document(str(committed_template_path(name))).tables:
            names = [child.tag.split("}")[1] for child in table._tbl.tblPr]
            assert names == sorted(names, key=order.index), (name, names)


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_committed_template_is_what_build_templates_writes(name) -> None:
    buffer = io.BytesIO()
    build_templates.TEMPLATES[name]().save(buffer)
    with zipfile.ZipFile(buffer) as built, zipfile.ZipFile(committed_template_path(name)) as committed:
        assert built.read("word/document.xml") == committed.read("word/document.xml"), (
            f"run `python -m uommam.documents.build_templates`: {name}.docx is out of date"
        )


def test_rendered_letter_keeps_the_widths(cell) -> None:
    data = render_docx(
        committed_template_path("generic_document"),
        {"h": {"party_name": "ĐẢNG CỘNG SẢN VIỆT NAM", "recipients": ["- Lưu."]}, "paragraphs": ["Một."]},
    )
    assert_fixed_widths(Document(io.BytesIO(data)).tables[0], build_templates.HEADER_WIDTHS)


def test_sentence_filter() -> None:
    assert sentence("Chưa thẩm tra lý lịch") == "Chưa thẩm tra lý lịch."
    assert sentence(" Chăm chỉ, gương mẫu. ") == "Chăm chỉ, gương mẫu."
    assert sentence("—") == "—" and sentence("") == "" and sentence(None) == ""


@pytest.mark.libreoffice
def test_pdf_keeps_the_long_header_lines_whole(cell, django_capture_on_commit_callbacks) -> None:
    require_libreoffice()
    cell.name = "Chi bộ Trường THPT Kim Bình"
    cell.place_name = "Tuyên Quang"
    cell.save()
    with django_capture_on_commit_callbacks(execute=True):
        doc = document_issue(
            unit=cell,
            doc_type=DocType.CV,
            template_name="generic_document",
            context={"paragraphs": ["Nội dung công văn."]},
            summary="V/v giới thiệu quần chúng Nguyễn Thị Phương Thảo",
            recipients=["Như trên", "Lưu chi bộ"],
            signer_name="Lý Thị Mai",
            on=date(2026, 12, 25),
        )
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(document_pdf(doc))).pages
    assert len(pages) == 1
    lines = [line.strip() for line in pages[0].extract_text().splitlines()]
    assert any(line.endswith("Tuyên Quang, ngày 25 tháng 12 năm 2026") for line in lines), lines
    assert any(line.startswith("CHI BỘ TRƯỜNG THPT KIM BÌNH") for line in lines), lines
    assert "Lý Thị Mai" in lines
