"""Regenerate the committed Word template of the annual plan, `plan_annual.docx`.

    .venv/bin/python -m uommam.plans.build_template

It uses the layout helpers of `uommam.documents.build_templates` (Hướng dẫn 36-HD/VPTW: header table,
title, body, figure tables whose header row repeats, a foot that never splits) and writes next to the
other committed templates, where `uommam.documents.templates.resolve_template` finds it.

Placeholders (besides `h`), prepared by `uommam.plans.document.plan_context`: `title_summary`,
`year_line`, `intro`, `purpose`, `targets` (paragraphs), `entry_rows` (stt, name, dob, class_name,
action, month, note), `month_rows` (month, list, klass, admit, refer), `measures`.
"""

from __future__ import annotations

import io
from datetime import datetime

from docx.document import Document as DocxDocument

from uommam.documents import build_templates as layout

NAME = "plan_annual"
C, L = layout.CENTER, layout.LEFT


def build_plan_annual() -> DocxDocument:
    document = layout._new_document()
    layout._header(document, with_summary=False)
    layout._title(document, "{{ title_summary }}", "{{ year_line }}")
    layout._body(document, "{{ intro }}")
    layout._heading(document, "I. MỤC ĐÍCH, YÊU CẦU")
    layout._body(document, "{{ purpose }}")
    layout._heading(document, "II. CHỈ TIÊU")
    layout._para(document, "{%p for text in targets %}", align=layout.JUSTIFY)
    layout._body(document, "{{ text }}")
    layout._para(document, "{%p endfor %}", align=layout.JUSTIFY)
    layout._heading(document, "III. LỘ TRÌNH CỦA TỪNG HỌC SINH")
    layout._keep_with_next(
        layout._para(document, "Bảng 1. Việc cần làm và thời gian thực hiện", size=layout.TABLE_SIZE, italic=True)
    )
    layout._figures_table(
        document,
        [
            ("STT", 13, C),
            ("Họ và tên", 33, L),
            ("Ngày sinh", 25, C),
            ("Lớp", 15, C),
            ("Việc cần làm", 36, L),
            ("Tháng", 21, C),
            ("Ghi chú", 22, L),
        ],
        loop="entry_rows",
        fields=("stt", "name", "dob", "class_name", "action", "month", "note"),
    )
    layout._para(document)
    layout._heading(document, "IV. TIẾN ĐỘ THEO THÁNG")
    layout._keep_with_next(
        layout._para(document, "Bảng 2. Số học sinh theo từng việc, từng tháng", size=layout.TABLE_SIZE, italic=True)
    )
    layout._figures_table(
        document,
        [
            ("Tháng", 25, C),
            ("Đưa vào danh sách cảm tình Đảng", 38, C),
            ("Cử đi học lớp", 32, C),
            ("Xét, đề nghị kết nạp", 35, C),
            ("Giới thiệu khi ra trường", 35, C),
        ],
        loop="month_rows",
        fields=("month", "list", "klass", "admit", "refer"),
    )
    layout._para(document)
    layout._heading(document, "V. TỔ CHỨC THỰC HIỆN")
    # The last paragraph goes with the signature block if that block has to start a new page.
    layout._keep_with_next(layout._body(document, "{{ measures }}"))
    layout._footer(document)
    return document


def main() -> None:
    document = build_plan_annual()
    properties = document.core_properties
    properties.author = "Ươm Mầm"
    properties.title = NAME
    properties.revision = 1
    properties.created = properties.modified = datetime(2026, 1, 1)
    properties.last_modified_by = "Ươm Mầm"
    buffer = io.BytesIO()
    document.save(buffer)
    path = layout.OUT_DIR / f"{NAME}.docx"
    path.write_bytes(layout._fixed_zip_times(buffer.getvalue()))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
