"""Legacy encodings: TCVN3 checked against glibc iconv, VNI against a hand-built table, plus detection."""

import codecs
import shutil
import subprocess
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uommam.vn.legacy import (
    UndecodableFile,
    decode_csv_bytes,
    detect_column_encoding,
    looks_like_tcvn3,
    looks_like_vni,
    repair,
    repair_column,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)

from .corpus import (
    CORPUS,
    FAMILY,
    FOREIGN,
    FULL_NAMES,
    GIVEN,
    LATIN1_VIETNAMESE,
    SPECIAL_LETTERS,
    TONED_VOWELS,
    has_toned_capital,
)

ICONV = shutil.which("iconv")
needs_iconv = pytest.mark.skipif(ICONV is None, reason="glibc iconv not installed")


def iconv_tcvn3(lines):
    """What a spreadsheet shows for text typed in a .VnTime font: TCVN3 bytes read as Latin-1."""
    data = "\n".join(lines).encode("utf-8")
    out = subprocess.run([ICONV, "-f", "UTF-8", "-t", "TCVN5712-1"], input=data, capture_output=True, check=True)
    return out.stdout.decode("latin-1").split("\n")


# --- TCVN3 against iconv ---


@needs_iconv
def test_iconv_encodes_every_lowercase_letter_as_one_vn3_byte():
    encoded = iconv_tcvn3(SPECIAL_LETTERS)
    assert len(SPECIAL_LETTERS) == 67
    assert all(len(code) == 1 and "\xa1" <= code <= "\xfe" for code in encoded)
    assert [tcvn3_to_unicode(code) for code in encoded] == SPECIAL_LETTERS
    assert [unicode_to_tcvn3(letter) for letter in SPECIAL_LETTERS] == encoded


@needs_iconv
def test_iconv_and_our_table_agree_on_the_untoned_capitals():
    capitals = list("ĂÂÊÔƠƯĐ")
    assert [tcvn3_to_unicode(code) for code in iconv_tcvn3(capitals)] == capitals


@needs_iconv
def test_toned_capitals_fall_outside_the_vn3_table():
    # iconv writes them with TCVN5712-1 (VN1) codes — C0/C1 controls and the gaps of the VN3 table —
    # which a .VnTime font cannot show; our converter leaves such characters alone.
    capitals = [letter.upper() for letter in TONED_VOWELS]
    for code in iconv_tcvn3(capitals):
        assert len(code) == 1
        assert tcvn3_to_unicode(code) == code
    with pytest.raises(ValueError):
        unicode_to_tcvn3("Ánh")


@needs_iconv
def test_tcvn3_conversion_restores_iconv_encoded_corpus():
    representable = [text for text in CORPUS if not has_toned_capital(text)]
    assert len(representable) > 300
    for original, legacy in zip(representable, iconv_tcvn3(representable), strict=True):
        assert tcvn3_to_unicode(legacy) == original
        assert unicode_to_tcvn3(original) == legacy


def assert_repaired_one_by_one(originals, legacy_texts, encoding):
    """Each string alone is repaired correctly or, when ambiguous, left alone — never mis-converted —
    and the ambiguous ones are rare in full names."""
    correct = ambiguous = 0
    for original, legacy in zip(originals, legacy_texts, strict=True):
        if legacy == original:
            continue  # plain ASCII name
        repaired = repair(legacy)
        if repaired == (legacy, None):
            ambiguous += 1
        else:
            assert repaired == (original, encoding), legacy
            correct += 1
    assert ambiguous <= correct // 20, (correct, ambiguous)


@needs_iconv
def test_tcvn3_names_are_detected_and_repaired_one_by_one():
    names = [name for name in FULL_NAMES if not has_toned_capital(name)]
    legacy = iconv_tcvn3(names)
    assert_repaired_one_by_one(names, legacy, "tcvn3")
    assert repair_column(legacy)[0] == names
    for text in legacy:
        if looks_like_tcvn3(text):
            assert not looks_like_vni(text)


@needs_iconv
def test_all_caps_vntimeh_text_comes_back_lowercase():
    # .VnTimeH fonts draw lowercase codes as capitals: the case lives in the font, not in the text.
    (legacy,) = iconv_tcvn3(["nguyễn văn hợi"])
    assert repair(legacy) == ("nguyễn văn hợi", "tcvn3")


def test_known_tcvn3_examples():
    assert tcvn3_to_unicode("NguyÔn V¨n Hîi") == "Nguyễn Văn Hợi"
    assert tcvn3_to_unicode("§oµn Thanh niªn Céng s¶n Hå ChÝ Minh") == "Đoàn Thanh niên Cộng sản Hồ Chí Minh"
    assert tcvn3_to_unicode("Tr\xadêng") == "Trường"  # 0xAD (ư) is the invisible soft hyphen in Latin-1


# --- VNI ---


@pytest.mark.parametrize(
    ("vni", "unicode"),
    [
        ("Nguyeãn Vaên Hôïi", "Nguyễn Văn Hợi"),  # eã = ê + ngã; aê = ă; ô = ơ; ï = nặng
        ("Ñoaøn Thanh nieân", "Đoàn Thanh niên"),  # Ñ = Đ; ø = huyền; eâ = ê
        ("Ñöôøng", "Đường"),  # ö = ư; ô = ơ; ø on ơ
        ("Nghóa", "Nghĩa"),  # ó = ĩ (i has its own toned codes in VNI)
        ("Lòch söû", "Lịch sử"),  # ò = ị; û = hỏi
        ("Huyønh Thuùy", "Huỳnh Thúy"),
        ("Myõ Tyû Kyø", "Mỹ Tỷ Kỳ"),
        ("Quî", "Quỵ"),  # î = ỵ
        ("Ñaëng Thaéng Haèn AÚm AÜm", "Đặng Thắng Hằn Ẳm Ẵm"),  # breve + tone codes ë é è ú ü
        ("Caàn Thô Maäu Baåy Laõ Laáy", "Cần Thơ Mậu Bẩy Lã Lấy"),  # circumflex + tone codes à ä å, tones õ á
        ("NGUYEÃN VAÊN HÔÏI", "NGUYỄN VĂN HỢI"),
        ("ÑOÃ THÒ ÖÔÙC", "ĐỖ THỊ ƯỚC"),
        ("Ích Æn Ìn Óa Òt", "Ích Ỉn Ìn Ĩa Ịt"),
    ],
)
def test_known_vni_examples(vni, unicode):
    assert vni_to_unicode(vni) == unicode
    assert unicode_to_vni(unicode) == vni


def test_vni_round_trips_every_letter_in_both_cases():
    for letter in SPECIAL_LETTERS:
        for variant in (letter, letter.upper()):
            assert vni_to_unicode(unicode_to_vni(variant)) == variant


def test_vni_round_trips_the_corpus_and_is_detected():
    for text in CORPUS:
        legacy = unicode_to_vni(text)
        assert vni_to_unicode(legacy) == text
    legacy = [unicode_to_vni(name) for name in FULL_NAMES]
    assert_repaired_one_by_one(FULL_NAMES, legacy, "vni")
    assert repair_column(legacy)[0] == FULL_NAMES


def test_vni_rejects_modifiers_without_a_letter():
    with pytest.raises(ValueError):
        vni_to_unicode("Müller")
    with pytest.raises(ValueError):
        unicode_to_vni("ß")


vietnamese_letters = st.sampled_from(
    [*SPECIAL_LETTERS, *(c.upper() for c in SPECIAL_LETTERS), *"abcdeghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXY "]
)


@given(st.lists(vietnamese_letters).map("".join))
def test_vni_round_trip_property(text):
    assert vni_to_unicode(unicode_to_vni(text)) == text


@given(st.lists(vietnamese_letters).map("".join).filter(lambda t: not has_toned_capital(t)))
def test_tcvn3_round_trip_property(text):
    assert tcvn3_to_unicode(unicode_to_tcvn3(text)) == text


# --- never touch good text ---


@pytest.mark.parametrize("text", ["Müller", "José", "Zoë", "Nguyễn", "Hà Nội", "Plain ASCII 123", "", *FOREIGN])
def test_repair_leaves_unicode_and_foreign_text_alone(text):
    assert repair(text) == (text, None)
    assert not looks_like_tcvn3(text)
    assert not looks_like_vni(text)


@pytest.mark.parametrize("text", LATIN1_VIETNAMESE)
def test_repair_leaves_latin1_only_vietnamese_alone(text):
    assert repair(text) == (text, None)


@given(st.lists(st.sampled_from(CORPUS + LATIN1_VIETNAMESE), max_size=5).map(" ".join))
def test_repair_never_changes_valid_vietnamese(text):
    assert repair(text) == (text, None)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_repair_never_changes_ascii(text):
    assert repair(text) == (text, None)


@given(st.text())
def test_repair_always_returns_nfc_and_leaves_non_latin1_nfc_text_alone(text):
    repaired, applied = repair(text)
    assert unicodedata.is_normalized("NFC", repaired)
    if unicodedata.is_normalized("NFC", text) and any(ord(ch) > 0xFF for ch in text):
        assert (repaired, applied) == (text, None)


def test_repair_composes_nfd_text():
    assert repair(unicodedata.normalize("NFD", "Nguyễn Văn Hợi")) == ("Nguyễn Văn Hợi", "nfd")


# --- columns ---


def test_column_detection_decides_short_ambiguous_cells_by_majority():
    names = ["Hoàng Tú", "Lê Thị Hà", "Nguyễn Văn Hợi", "Tô Lê"]
    legacy = [unicode_to_tcvn3(name) for name in names]
    assert detect_column_encoding(legacy) == "tcvn3"
    repaired, applied = repair_column(legacy)
    assert repaired == names
    assert applied == ["tcvn3"] * 4


def test_vni_column_converts_cells_that_are_ambiguous_alone():
    names = ["Hồ", "Nguyễn Văn Hợi", "Tran Thi Thu", "Phạm Đức"]
    legacy = [unicode_to_vni(name) for name in names]
    assert repair(legacy[0]) == (legacy[0], None)  # VNI "Hoà" is also valid Unicode "Hoà"
    assert detect_column_encoding(legacy) == "vni"
    assert repair_column(legacy) == (names, ["vni", "vni", None, "vni"])


def test_unicode_column_is_left_alone_even_with_a_stray_ambiguous_cell():
    column = ["Nguyễn Văn Hợi", "Lê Thị Hà", "Loïc Dupont", "Tô Lê", "Đỗ Thị Hằng", None, ""]
    assert detect_column_encoding(column) is None
    repaired, applied = repair_column(column)
    assert repaired[:2] == column[:2] and repaired[3:] == column[3:]


def test_column_of_ascii_or_foreign_names_has_no_encoding():
    assert detect_column_encoding(["Nguyen Van Hoi", "Tran Thi Ha"]) is None
    assert detect_column_encoding(FOREIGN) is None
    assert detect_column_encoding([]) is None


def test_mixed_column_reports_nfd_cells():
    column = [unicode_to_tcvn3("nguyễn văn hợi"), unicode_to_tcvn3("lê thị hà"), unicode_to_tcvn3("trường")]
    column.append(unicodedata.normalize("NFD", "Hà Nội"))
    repaired, applied = repair_column(column)
    assert repaired == ["nguyễn văn hợi", "lê thị hà", "trường", "Hà Nội"]
    assert applied == ["tcvn3", "tcvn3", "tcvn3", "nfd"]


# --- CSV bytes ---

CSV_TEXT = "STT,Họ và tên,Ngày sinh\n1,Nguyễn Văn Hợi,05/09/2009\n2,Lê Thị Ánh,12/01/2009\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (CSV_TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + CSV_TEXT.encode("utf-8"), "utf-8-sig"),
        (CSV_TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + CSV_TEXT.encode("utf-16-be"), "utf-16"),
    ],
)
def test_decode_csv_bytes_unicode_encodings(data, encoding):
    assert decode_csv_bytes(data) == (CSV_TEXT, encoding)


def test_decode_csv_bytes_windows_1258_composes_tone_marks():
    # Python's cp1258 encoder only writes precomposed characters it has; Vietnamese Windows writes the
    # base letter followed by a combining tone mark, so build the bytes that way.
    data = unicodedata.normalize("NFD", CSV_TEXT)
    data = unicodedata.normalize("NFC", data.replace("\u0303", "\x00").replace("\u0323", "\x01"))
    raw = data.replace("\x00", "\u0303").replace("\x01", "\u0323").encode("cp1258", errors="strict")
    text, encoding = decode_csv_bytes(raw)
    assert encoding == "windows-1258"
    assert text == CSV_TEXT


def test_decode_csv_bytes_decodes_a_tcvn3_file_as_a_whole():
    source = "STT,Họ và tên\n1,Nguyễn Văn Hợi\n2,Đỗ Thị Hằng\n".lower()
    assert decode_csv_bytes(unicode_to_tcvn3(source).encode("latin-1")) == (source, "tcvn3")


@pytest.mark.parametrize(
    "data", [b"\x00\x01\x02\x03binary\x00\x00", b"PK\x03\x04\x00\x00\x08\x00", b"\x81\x8d\x8f\x90"]
)
def test_decode_csv_bytes_rejects_binary(data):
    with pytest.raises(UndecodableFile):
        decode_csv_bytes(data)


def test_family_names_survive_both_legacy_round_trips():
    for name in FAMILY + GIVEN:
        assert vni_to_unicode(unicode_to_vni(name)) == name
