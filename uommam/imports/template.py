"""The downloadable .xlsx templates: our headers, drop-down lists for the coded values, text cells for IDs.

One per kind of import: the student list (sex, ethnic group), school results (academic result and
conduct on either scale) and the awareness-class roster (result Đạt / Không đạt, essay score 0–10).
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from uommam.vn.ethnicity import ETHNIC_GROUPS

from .models import ImportKind

# (header as the national database writes it, width, number format)
TEMPLATE_COLUMNS = [
    ("STT", 6, None),
    ("Mã lớp", 10, "@"),
    ("Mã định danh Bộ GD&ĐT", 18, "@"),
    ("Họ và tên", 28, "@"),
    ("Ngày sinh", 12, "@"),
    ("Giới tính", 10, "@"),
    ("Dân tộc", 14, "@"),
    ("Số định danh cá nhân", 16, "@"),
    ("Tỉnh", 14, "@"),
    ("Huyện", 14, "@"),
    ("Xã", 14, "@"),
    ("Họ tên cha", 24, "@"),
    ("Năm sinh cha", 10, "@"),
    ("Họ tên mẹ", 24, "@"),
    ("Năm sinh mẹ", 10, "@"),
]
RESULTS_COLUMNS = [
    ("STT", 6, None),
    ("Lớp", 10, "@"),
    ("Mã định danh Bộ GD&ĐT", 18, "@"),
    ("Họ và tên", 28, "@"),
    ("Ngày sinh", 12, "@"),
    ("Số định danh cá nhân", 16, "@"),
    ("Học lực", 12, "@"),
    ("Hạnh kiểm", 12, "@"),
]
ROSTER_COLUMNS = [
    ("STT", 6, None),
    ("Họ và tên", 28, "@"),
    ("Ngày sinh", 12, "@"),
    ("Số định danh cá nhân", 16, "@"),
    ("Mã định danh Bộ GD&ĐT", 18, "@"),
    ("Trường", 24, "@"),
    ("Lớp", 10, "@"),
    ("Điểm bài thu hoạch", 12, "0.00"),
    ("Kết quả", 12, "@"),
    ("Số giấy chứng nhận", 18, "@"),
    ("Ngày cấp", 12, "@"),
]
# Lists on the hidden sheet, one per column of it: (column letter, values).
ACADEMIC_VALUES = ["Tốt", "Khá", "Đạt", "Chưa đạt", "Giỏi", "Trung bình", "Yếu", "Kém"]
CONDUCT_VALUES = ["Tốt", "Khá", "Đạt", "Chưa đạt", "Trung bình", "Yếu"]
CLASS_RESULT_VALUES = ["Đạt", "Không đạt"]
TEMPLATE_ROWS = 500
LISTS = "Danh mục"


def _list_validation(letter: str, count: int) -> DataValidation:
    validation = DataValidation(type="list", formula1=f"'{LISTS}'!${letter}$1:${letter}${count}", allow_blank=True)
    validation.error = "Hãy chọn một giá trị trong danh sách"
    validation.showErrorMessage = True
    return validation


def build_template(kind: str = ImportKind.STUDENTS) -> bytes:
    templates: dict[str, tuple[list[tuple[str, int, str | None]], dict[str, list[str]]]] = {
        ImportKind.STUDENTS: (TEMPLATE_COLUMNS, {"Giới tính": ["Nam", "Nữ"], "Dân tộc": [g[1] for g in ETHNIC_GROUPS]}),
        ImportKind.SCHOOL_RESULTS: (RESULTS_COLUMNS, {"Học lực": ACADEMIC_VALUES, "Hạnh kiểm": CONDUCT_VALUES}),
        ImportKind.CLASS_ROSTER: (ROSTER_COLUMNS, {"Kết quả": CLASS_RESULT_VALUES}),
    }
    columns, lists = templates[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    hidden = workbook.create_sheet(LISTS)
    hidden.sheet_state = "hidden"
    for col, (header, width, number_format) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=col, value=header)
        cell.font = Font(bold=True)
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = width
        if number_format:
            # Text cells keep the leading zeros of IDs and stop Excel turning dates into serials.
            for row in range(2, TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=col).number_format = number_format
    sheet.freeze_panes = "A2"
    headers = [h for h, _w, _f in columns]
    last = TEMPLATE_ROWS + 1
    # The student template keeps its historic layout: ethnic groups in A, sexes in B.
    order = ["Dân tộc", "Giới tính"] if kind == ImportKind.STUDENTS else list(lists)
    for index, header in enumerate(order, start=1):
        hidden_letter = get_column_letter(index)
        for row, value in enumerate(lists[header], start=1):
            hidden.cell(row=row, column=index, value=value)
        target = get_column_letter(headers.index(header) + 1)
        validation = _list_validation(hidden_letter, len(lists[header]))
        validation.add(f"{target}2:{target}{last}")
        sheet.add_data_validation(validation)
    if "Điểm bài thu hoạch" in headers:
        target = get_column_letter(headers.index("Điểm bài thu hoạch") + 1)
        score = DataValidation(type="decimal", operator="between", formula1="0", formula2="10", allow_blank=True)
        score.error = "Điểm từ 0 đến 10"
        score.showErrorMessage = True
        score.add(f"{target}2:{target}{last}")
        sheet.add_data_validation(score)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
