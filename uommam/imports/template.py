"""The downloadable .xlsx template: our headers, drop-down lists for sex and ethnic group, text cells for IDs."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from uommam.vn.ethnicity import ETHNIC_GROUPS

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
TEMPLATE_ROWS = 500


def build_template() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    lists = workbook.create_sheet("Danh mục")
    lists.sheet_state = "hidden"
    for index, (_code, name, _aliases) in enumerate(ETHNIC_GROUPS, start=1):
        lists.cell(row=index, column=1, value=name)
    lists.cell(row=1, column=2, value="Nam")
    lists.cell(row=2, column=2, value="Nữ")
    for col, (header, width, number_format) in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=col, value=header)
        cell.font = Font(bold=True)
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = width
        if number_format:
            # Text cells keep the leading zeros of IDs and stop Excel turning dates into serials.
            for row in range(2, TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=col).number_format = number_format
    sheet.freeze_panes = "A2"
    headers = [h for h, _w, _f in TEMPLATE_COLUMNS]
    last = TEMPLATE_ROWS + 1

    def column_of(header: str) -> str:
        return get_column_letter(headers.index(header) + 1)

    sex = DataValidation(type="list", formula1="'Danh mục'!$B$1:$B$2", allow_blank=True)
    ethnic = DataValidation(type="list", formula1=f"'Danh mục'!$A$1:$A${len(ETHNIC_GROUPS)}", allow_blank=True)
    sex.error = ethnic.error = "Hãy chọn một giá trị trong danh sách"
    sex.showErrorMessage = ethnic.showErrorMessage = True
    sex.add(f"{column_of('Giới tính')}2:{column_of('Giới tính')}{last}")
    ethnic.add(f"{column_of('Dân tộc')}2:{column_of('Dân tộc')}{last}")
    sheet.add_data_validation(sex)
    sheet.add_data_validation(ethnic)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
