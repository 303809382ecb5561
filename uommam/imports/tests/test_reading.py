"""Layouts and encodings of real school files, read through import_analyse (nothing is written)."""

from __future__ import annotations

import subprocess
import unicodedata
import zipfile
from datetime import date
from io import BytesIO

import pytest

from uommam.imports.reader import ImportFileError, read_sheet
from uommam.imports.services import import_analyse
from uommam.testing.spreadsheets import GOOD_ROWS, NATIONAL_HEADERS, csv_bytes, xlsx_bytes
from uommam.vn.legacy import unicode_to_tcvn3, unicode_to_vni


def analyse(data, school, name="ds.xlsx"):
    return import_analyse(data=data, file_name=name, school=school)


def names(analysis):
    return [r.full_name for r in analysis.rows]


def test_title_rows_two_row_merged_header_and_footer_are_understood(school):
    rows = [
        ["SỞ GIÁO DỤC VÀ ĐÀO TẠO TUYÊN QUANG"],
        ["DANH SÁCH HỌC SINH LỚP 10A1 NĂM HỌC 2025-2026"],
        [],
        ["STT", "Mã lớp", "Họ và tên", None, "Ngày, tháng, năm sinh", "Giới tính", "Dân tộc", "Số CCCD", "Cha", None],
        [None, None, "Họ đệm", "Tên", None, None, None, None, "Họ tên", "Năm sinh"],
        [1, "10A1", "Nguyễn Văn", "Hợi", "05/09/2010", "Nam", "Tày", "008210012345", "Nguyễn Văn An", 1980],
        [None],
        [2],
        [3, "10A1", "Ma Thị", "Lan", "18/12/2010", "Nữ", "Kinh", "008310012346", None, None],
        ["Tổng số: 2 học sinh"],
        [None, None, None, None, "Chiêm Hóa, ngày 05 tháng 9 năm 2025"],
        ["Người lập biểu", None, None, None, "Hiệu trưởng"],
        [None, None, "Lý Thị Mai", None, "Hà Văn Lâm"],
    ]
    analysis = analyse(xlsx_bytes(rows, merges=["C4:D4", "I4:J4"]), school)
    assert analysis.layout.header_row == 3 and analysis.layout.header_rows == 2
    assert names(analysis) == ["Nguyễn Văn Hợi", "Ma Thị Lan"]
    assert [r.row for r in analysis.rows] == [6, 9]
    assert analysis.rows[0].data["father_name"] == "Nguyễn Văn An"
    assert analysis.rows[0].data["father_birth_year"] == 1980
    assert not analysis.errors


def test_a_student_whose_name_looks_like_a_footer_word_is_still_imported(school):
    rows = [NATIONAL_HEADERS, [1, "10A1", "Công Thị Hà", "05/09/2010", "Nữ", "Tày", ""]]
    assert names(analyse(xlsx_bytes(rows), school)) == ["Công Thị Hà"]


def test_column_numbering_row_under_the_header_is_skipped(school):
    rows = [NATIONAL_HEADERS, ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"], GOOD_ROWS[0]]
    analysis = analyse(xlsx_bytes(rows), school)
    assert len(analysis.rows) == 1 and analysis.rows[0].row == 3


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_csv_separators_and_unicode_encodings_are_detected(school, delimiter, encoding):
    data = csv_bytes([NATIONAL_HEADERS, *GOOD_ROWS], encoding=encoding, delimiter=delimiter)
    analysis = analyse(data, school, "ds.csv")
    assert names(analysis) == ["Nguyễn Văn Hợi", "Ma Thị Lan", "Hoàng Đức Anh"]
    assert not analysis.errors


def test_windows_1258_csv_is_converted_and_counted(school):
    text = csv_bytes([NATIONAL_HEADERS, *GOOD_ROWS]).decode()
    data = subprocess.run(
        ["iconv", "-f", "UTF-8", "-t", "WINDOWS-1258"], input=text.encode(), capture_output=True, check=True
    ).stdout
    analysis = analyse(data, school, "ds.csv")
    assert names(analysis) == ["Nguyễn Văn Hợi", "Ma Thị Lan", "Hoàng Đức Anh"]
    assert analysis.converted["cp1258"] > 0


def test_tcvn3_csv_checked_against_iconv_is_repaired(school):
    rows = [NATIONAL_HEADERS, [1, "10A1", "Nguyễn Văn Hợi", "05/09/2010", "Nam", "Tày", ""],
            [2, "10A1", "Nông Thị Hường", "18/12/2010", "Nữ", "Tày", ""]]  # fmt: skip
    text = csv_bytes(rows).decode()
    data = subprocess.run(
        ["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=text.encode(), capture_output=True, check=True
    ).stdout
    # The oracle and our own table agree on the bytes of a name.
    assert "NguyÔn V¨n Hîi".encode("latin-1") in data
    assert unicode_to_tcvn3("Nguyễn Văn Hợi") == "NguyÔn V¨n Hîi"
    analysis = analyse(data, school, "ds.csv")
    assert names(analysis) == ["Nguyễn Văn Hợi", "Nông Thị Hường"]
    assert analysis.converted["tcvn3"] >= 2


def test_tcvn3_and_vni_cells_in_a_workbook_are_repaired_and_counted(school):
    people = [("Nguyễn Văn Hợi", "Tày"), ("Nông Thị Hường", "Tày"), ("Hoàng Văn Đức", "Dao")]
    tcvn = [
        [i, "10A1", unicode_to_tcvn3(n), "05/09/2010", "Nam", unicode_to_tcvn3(e), ""]
        for i, (n, e) in enumerate(people)
    ]
    vni = [
        [i, "10A1", unicode_to_vni(n), "05/09/2010", "Nam", unicode_to_vni(e), ""] for i, (n, e) in enumerate(people)
    ]
    for rows, key in ((tcvn, "tcvn3"), (vni, "vni")):
        analysis = analyse(xlsx_bytes([NATIONAL_HEADERS, *rows]), school)
        assert names(analysis) == [n for n, _ in people], key
        assert analysis.converted[key] >= 3
        assert [r.data["ethnicity"] for r in analysis.rows] == ["02", "02", "09"]


def test_nfd_text_is_composed_and_foreign_names_are_left_alone(school):
    rows = [NATIONAL_HEADERS, [1, "10A1", unicodedata.normalize("NFD", "Nguyễn Thị Ánh"), "05/09/2010", "Nữ", "Kinh", ""],
            [2, "10A1", "Müller Anna Lena", "05/09/2010", "Nữ", "Kinh", ""]]  # fmt: skip
    analysis = analyse(xlsx_bytes(rows), school)
    assert names(analysis) == ["Nguyễn Thị Ánh", "Müller Anna Lena"]
    assert analysis.converted["nfd"] == 1 and analysis.converted["tcvn3"] == analysis.converted["vni"] == 0


def test_serial_and_text_dates_are_read_day_first(school):
    rows = [NATIONAL_HEADERS]
    for i, dob in enumerate(
        [40426, "05/09/2010", "5/9/2010", "05-09-2010", "05.09.2010", "2010-09-05", date(2010, 9, 5)]
    ):
        rows.append([i, "10A1", f"Nguyễn Văn An{'h' * i}", dob, "Nam", "Kinh", ""])
    analysis = analyse(xlsx_bytes(rows), school)
    assert {r.data["dob"] for r in analysis.rows} == {date(2010, 9, 5)}
    assert not analysis.errors


@pytest.mark.parametrize(
    ("dob", "code"),
    [("31/02/2010", "date_impossible"), ("05/09/10", "date_two_digit_year"), ("09/25/2010", "date_impossible"),
     ("tháng 9", "date_unrecognised"), ("", "dob_missing")],
)  # fmt: skip
def test_impossible_ambiguous_and_missing_dates_are_errors_with_a_message(school, dob, code):
    analysis = analyse(xlsx_bytes([NATIONAL_HEADERS, [1, "10A1", "Ma Thị Lan", dob, "Nữ", "Tày", ""]]), school)
    (error,) = analysis.errors
    assert error["code"] == code and error["column"] == "Ngày sinh" and error["row"] == 2 and error["message"]


def test_lost_leading_zeros_of_a_citizen_id_are_restored_with_a_warning(school):
    rows = [NATIONAL_HEADERS, [1, "10A1", "Ma Thị Lan", "18/12/2010", "Nữ", "Tày", 8310012346]]
    analysis = analyse(xlsx_bytes(rows), school)
    assert analysis.rows[0].data["citizen_id"] == "008310012346"
    assert [w["code"] for w in analysis.warnings] == ["citizen_id_leading_zeros_restored"]


def test_ethnicity_aliases_and_unaccented_spellings_match_and_unknown_names_the_value(school):
    spellings = ["Tay", "kinh", "Mèo", "H'Mông", "DT Dao", "Người Sao Hỏa"]
    rows = [NATIONAL_HEADERS] + [
        [i, "10A1", f"Ma Thị Lan{'h' * i}", "18/12/2010", "Nữ", s, ""] for i, s in enumerate(spellings)
    ]
    analysis = analyse(xlsx_bytes(rows), school)
    assert [r.data.get("ethnicity") for r in analysis.rows[:5]] == ["02", "01", "08", "08", "09"]
    (error,) = analysis.errors
    assert error["code"] == "ethnicity_unknown" and "Người Sao Hỏa" in error["message"]


def test_sex_variants(school):
    values = ["Nam", "nữ", "NU", "x", "F", "trai", "?"]
    rows = [NATIONAL_HEADERS] + [
        [i, "10A1", f"Ma Thị Lan{'h' * i}", "18/12/2010", v, "Tày", ""] for i, v in enumerate(values)
    ]
    analysis = analyse(xlsx_bytes(rows), school)
    assert [r.data.get("sex") for r in analysis.rows] == ["M", "F", "F", "F", "F", "M", None]


def test_messages_are_vietnamese_whatever_the_interface_language(school, settings):
    from django.utils.translation import override

    with override("en"):
        analysis = analyse(
            xlsx_bytes([NATIONAL_HEADERS, [1, "10A1", "Ma Thị Lan", "18/12/2010", "Nữ", "Sao Hỏa", ""]]), school
        )
    assert "dân tộc" in analysis.errors[0]["message"]


def test_missing_required_column_is_reported_once_for_the_file(school):
    rows = [["STT", "Họ và tên", "Ngày sinh", "Dân tộc"], [1, "Ma Thị Lan", "18/12/2010", "Tày"]]
    analysis = analyse(xlsx_bytes(rows), school)
    assert [e["code"] for e in analysis.file_errors] == ["column_missing"]
    assert "Giới tính" in analysis.file_errors[0]["message"]
    assert analysis.valid_rows == []


def test_over_large_file_is_refused(settings):
    settings.UOMMAM_IMPORT_MAX_BYTES = 1000
    with pytest.raises(ImportFileError) as exc:
        read_sheet(b"a,b\n" * 1000, "x.csv")
    assert exc.value.code == "file_too_large" and "MB" in exc.value.message


def test_too_many_rows_is_refused(settings):
    settings.UOMMAM_IMPORT_MAX_ROWS = 10
    with pytest.raises(ImportFileError) as exc:
        read_sheet(csv_bytes([["Họ và tên", "Ngày sinh"]] + [["Ma Lan", "01/01/2010"]] * 100), "x.csv")
    assert exc.value.code == "too_many_rows"


def test_zip_bomb_is_refused_before_inflating(settings):
    settings.UOMMAM_IMPORT_MAX_UNCOMPRESSED_BYTES = 2_000_000
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 5_000_000)
    with pytest.raises(ImportFileError) as exc:
        read_sheet(buffer.getvalue(), "bomb.xlsx")
    assert exc.value.code == "zip_bomb"


@pytest.mark.parametrize(
    "data", [b"\x00\x01\x02garbage" * 50, b"PK\x03\x04broken", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1xx"]
)
def test_garbage_files_are_refused_with_a_clear_error(data):
    with pytest.raises(ImportFileError):
        read_sheet(data, "x.xlsx")
