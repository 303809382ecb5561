import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from uommam.vn.text import clean_spaces, fold, nfc, title_case_name


def test_nfc_composes_decomposed_vietnamese():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Hợi")
    assert decomposed != "Nguyễn Văn Hợi"
    assert nfc(decomposed) == "Nguyễn Văn Hợi"


def test_nfc_composes_windows_1258_style_base_plus_tone():
    # Windows-1258 writes "ễ" as "ê" + combining tilde.
    assert nfc("Nguy\u00ea\u0303n") == "Nguyễn"


def test_clean_spaces_collapses_nbsp_tabs_and_zero_width_spaces():
    assert clean_spaces("  Nguyễn\u00a0\u00a0Văn\t\u200bHợi \n") == "Nguyễn Văn Hợi"
    assert clean_spaces("") == ""


def test_fold_removes_tones_and_modifiers_and_maps_d_stroke():
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("ĐOÀN THANH NIÊN") == "doan thanh nien"
    assert fold("Trường  Hưng") == "truong hung"


def test_fold_matches_nfd_input():
    assert fold(unicodedata.normalize("NFD", "Lương Thị Ánh")) == "luong thi anh"


def test_title_case_name_fixes_case_and_spaces():
    assert title_case_name("NGUYỄN văn  hợi") == "Nguyễn Văn Hợi"


def test_title_case_name_keeps_horn_letters_whole_even_from_nfd():
    assert title_case_name(unicodedata.normalize("NFD", "ưng hoàng phúc")) == "Ưng Hoàng Phúc"
    assert title_case_name("TRƯƠNG ƯỚC") == "Trương Ước"


def test_title_case_name_keeps_hyphenated_ethnic_parts_lowercase():
    assert title_case_name("GIA-RAI") == "Gia-rai"
    assert title_case_name("bru-vân kiều") == "Bru-vân Kiều"


def test_title_case_name_keeps_capital_after_one_letter_apostrophe_prefix():
    assert title_case_name("h'mông") == "H'Mông"
    assert title_case_name("KSOR H'HEN") == "Ksor H'Hen"


@given(st.text())
def test_fold_is_idempotent(s):
    assert fold(fold(s)) == fold(s)


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ "))
def test_fold_of_vietnamese_text_is_ascii(s):
    assert fold(s).isascii()
    assert fold(s.upper()) == fold(s)


@given(st.text())
def test_title_case_name_is_idempotent_and_nfc(s):
    once = title_case_name(s)
    assert title_case_name(once) == once
    assert unicodedata.is_normalized("NFC", once)
