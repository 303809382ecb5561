"""The generated document parsed back: header, number, date; the PDF carries the same text."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from uommam.documents.header import official_header, recipient_lines
from uommam.documents.models import DocType, GeneratedDocument
from uommam.documents.rendering import LibreOfficeMissing, docx_to_pdf, render_docx
from uommam.documents.services import document_issue, document_pdf
from uommam.documents.templates import committed_template_path, resolve_template, sha256_bytes
from uommam.testing.libreoffice import require_libreoffice


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


def test_header_for_a_school_cell(cell) -> None:
    h = official_header(
        unit=cell, doc_type="CV", number_text="05-CV/CB", on=date(2026, 9, 15), recipients=["Như trên", "Lưu chi bộ"]
    )
    assert h["superior_body"] == "ĐẢNG BỘ XÃ CHIÊM HÓA"
    assert h["issuing_body"] == "CHI BỘ TRƯỜNG THPT CHIÊM HÓA"
    assert h["number_line"] == "Số 05-CV/CB"
    assert h["place_date"] == "Chiêm Hóa, ngày 15 tháng 9 năm 2026"
    assert h["party_name"] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert (h["authority"], h["signer_title"]) == ("T/M CHI BỘ", "BÍ THƯ")
    assert h["recipients"] == ["- Như trên,", "- Lưu chi bộ."]


def test_recipient_lines_end_with_a_full_stop() -> None:
    assert recipient_lines(["A", " B, ", ""]) == ["- A,", "- B."]


def test_generic_document_renders_header_and_body(cell, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        doc = document_issue(
            unit=cell,
            doc_type=DocType.BC,
            template_name="generic_document",
            context={"paragraphs": ["Đoạn thứ nhất.", "Đoạn thứ hai."]},
            summary="Kết quả phát triển đảng viên năm 2026",
            recipients=["Đảng ủy xã", "Lưu chi bộ"],
            signer_name="Lý Thị Mai",
            on=date(2026, 1, 5),
            purpose="test",
        )
    text = docx_text(doc.file.read())
    for expected in (
        "ĐẢNG BỘ XÃ CHIÊM HÓA",
        "CHI BỘ TRƯỜNG THPT CHIÊM HÓA",
        "Số 01-BC/CB",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Chiêm Hóa, ngày 05 tháng 01 năm 2026",
        "BÁO CÁO",
        "Đoạn thứ hai.",
        "Nơi nhận:",
        "- Lưu chi bộ.",
        "T/M CHI BỘ",
        "Lý Thị Mai",
    ):
        assert expected in text
    stored = GeneratedDocument.objects.get(pk=doc.pk)
    assert stored.template_version == sha256_bytes(committed_template_path("generic_document").read_bytes())
    assert stored.sha256 == sha256_bytes(doc.docx_bytes)
    assert stored.context["h"]["number_line"] == "Số 01-BC/CB"


def test_rolled_back_issue_leaves_no_file_and_no_number(cell, django_capture_on_commit_callbacks) -> None:
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        document_issue(
            unit=cell,
            doc_type="CV",
            template_name="generic_document",
            context={"paragraphs": []},
            on=date(2026, 2, 1),
        )
        raise RuntimeError("boom")
    assert callbacks == []
    assert not GeneratedDocument.objects.exists()


def test_template_override_is_used_with_its_version(cell, settings, tmp_path) -> None:
    from uommam.documents.services import template_upload

    settings.MEDIA_ROOT = tmp_path
    data = committed_template_path("generic_document").read_bytes()
    edited = Document(io.BytesIO(data))
    edited.add_paragraph("Bản mẫu đã sửa")
    buffer = io.BytesIO()
    edited.save(buffer)
    template_upload(name="generic_document", data=buffer.getvalue())
    path, version = resolve_template("generic_document")
    assert version == sha256_bytes(buffer.getvalue())
    assert "Bản mẫu đã sửa" in docx_text(render_docx(path, {"h": {}, "paragraphs": []}))


@pytest.mark.libreoffice
def test_docx_opens_in_libreoffice_and_pdf_has_the_same_text(cell, django_capture_on_commit_callbacks) -> None:
    require_libreoffice()
    with django_capture_on_commit_callbacks(execute=True):
        doc = document_issue(
            unit=cell,
            doc_type=DocType.CV,
            template_name="generic_document",
            context={"paragraphs": ["Nội dung công văn."]},
            summary="V/v giới thiệu quần chúng",
            signer_name="Lý Thị Mai",
            on=date(2026, 9, 15),
        )
    pdf = document_pdf(doc)
    assert pdf.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for expected in ("ĐẢNG CỘNG SẢN VIỆT NAM", "Số 01-CV/CB", "ngày 15 tháng 9 năm 2026", "Lý Thị Mai"):
        assert expected in text
    assert GeneratedDocument.objects.get(pk=doc.pk).pdf_sha256 == sha256_bytes(pdf)


def test_missing_libreoffice_is_a_clear_error(monkeypatch) -> None:
    monkeypatch.setenv("UOMMAM_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(LibreOfficeMissing, match="LibreOffice"):
        docx_to_pdf(b"PK")


def test_the_superior_line_is_the_body_alive_on_the_documents_date(world):
    def superior(unit_code: str, on: date) -> str:
        return official_header(unit=world.units[unit_code], doc_type="letter", number_text="1", on=on)["superior_body"]

    # The district's political centre: headed by the district committee while it lived, by its successor after.
    assert superior("TTCT-D", date(2024, 11, 11)) == "ĐẢNG BỘ HUYỆN THỬ NGHIỆM"
    assert superior("TTCT-D", date(2026, 11, 16)) == "ĐẢNG BỘ XÃ AN"
    # A school cell: the district before 07/2025, the commune after.
    assert superior("CB-S-A", date(2024, 5, 1)) == "ĐẢNG BỘ HUYỆN THỬ NGHIỆM"
    assert superior("CB-S-A", date(2026, 5, 1)) == "ĐẢNG BỘ XÃ AN"
