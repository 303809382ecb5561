"""The monthly review of the sympathiser lists as .xlsx, .docx and .pdf (always in Vietnamese).

The Excel file is one sheet on the shared `uommam.core.xlsx` base (page setup included). The Word
file is a working list, not an official numbered document: A4 in the Party's margins with page
numbers (`documents.build_templates`), one table per section with its header row repeated on every
page and rows that do not split, and the list sizes at the start and end of the month. The PDF is
that Word file converted by LibreOffice.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from uommam.core.xlsx import Column, Exporter, Sheet
from uommam.documents.build_templates import _new_document, _row_flags
from uommam.documents.rendering import docx_to_pdf
from uommam.pipeline.models import CandidateEvent
from uommam.pipeline.stages import Stage
from uommam.vn.dates import format_vn
from uommam.vn.numbers import format_int

from .selectors import Review

SECTIONS_VI = (
    ("added", "Được đưa vào danh sách cảm tình Đảng"),
    ("moved_on", "Chuyển bước (học lớp, được cấp giấy chứng nhận)"),
    ("returned", "Học lớp nhưng không được cấp giấy chứng nhận, trở lại danh sách"),
    ("left", "Ra khỏi danh sách"),
)
STAGE_VI: dict[str, str] = {
    Stage.SYMPATHISER: "Cảm tình Đảng",
    Stage.IN_CLASS: "Đang học lớp bồi dưỡng",
    Stage.CERTIFIED: "Được cấp giấy chứng nhận",
}
COLUMNS_VI = ("STT", "Họ và tên", "Ngày sinh", "Lớp", "Trường", "Ngày", "Thay đổi")


def _school(event: CandidateEvent) -> str:
    cell = event.candidate.cell
    return (cell.school.short_name or cell.school.name) if cell.school is not None else cell.name


def _change(event: CandidateEvent) -> str:
    return STAGE_VI.get(event.to_stage, str(event.get_to_stage_display()))


def title(review: Review) -> str:
    return f"Rà soát danh sách cảm tình Đảng từ {format_vn(review.date_from)} đến {format_vn(review.date_to)}"


def sizes(review: Review) -> str:
    return (
        f"Số quần chúng trong danh sách cảm tình Đảng: {format_int(review.on_list_before)} đầu tháng, "
        f"{format_int(review.on_list_after)} cuối tháng."
    )


class _ReviewSheet(Sheet):
    title = "Rà soát tháng"
    columns = (
        Column("Mục", 40),
        Column("STT", 6, "int"),
        Column("Họ và tên", 28),
        Column("Ngày sinh", 12, "date"),
        Column("Lớp", 8),
        Column("Trường", 24),
        Column("Ngày", 12, "date"),
        Column("Thay đổi", 24),
    )

    def __init__(self, review: Review) -> None:
        self.review = review

    def rows(self) -> Iterator[list[Any]]:
        for key, label in SECTIONS_VI:
            for index, event in enumerate(getattr(self.review, key), start=1):
                person = event.candidate.person
                yield [
                    label,
                    index,
                    person.full_name,
                    person.dob,
                    person.class_name,
                    _school(event),
                    event.effective_on,
                    _change(event),
                ]


class ReviewExporter(Exporter):
    def __init__(self, review: Review) -> None:
        self.review = review
        self.filename = f"ra-soat-{review.unit.code}-{review.date_from:%Y-%m}.xlsx"

    def heading(self) -> list[str]:
        return [self.review.unit.name, title(self.review), sizes(self.review)]

    def sheets(self) -> Iterator[Sheet]:
        yield _ReviewSheet(self.review)


def review_docx(review: Review) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = _new_document()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(review.unit.name.upper()).bold = True
    for text, bold in ((title(review).upper(), True), (sizes(review), False)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = bold
    for key, label in SECTIONS_VI:
        events = getattr(review, key)
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.add_run(f"{label}: {format_int(len(events))}").bold = True
        if not events:
            continue
        table = document.add_table(rows=1, cols=len(COLUMNS_VI))
        table.style = "Table Grid"
        _row_flags(table.rows[0], header=True)
        for cell, text in zip(table.rows[0].cells, COLUMNS_VI, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
                run.font.size = Pt(12)
        for index, event in enumerate(events, start=1):
            person = event.candidate.person
            row = table.add_row()
            _row_flags(row)
            values = (
                str(index),
                person.full_name,
                format_vn(person.dob),
                person.class_name,
                _school(event),
                format_vn(event.effective_on),
                _change(event),
            )
            for cell, text in zip(row.cells, values, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(12)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def review_pdf(review: Review) -> bytes:
    return docx_to_pdf(review_docx(review))
