"""Detection of legacy encodings: whole 8-bit CSV files, and the vote of a column's cells."""

import pytest

from uommam.vn.legacy import (
    UndecodableFile,
    decode_csv_bytes,
    detect_column_encoding,
    repair,
    repair_column,
    unicode_to_tcvn3,
    unicode_to_vni,
)

ROSTER = "STT,Họ và tên,Giới tính,Số CCCD\n1,Nguyễn Thị Hà,Nữ,001309012345\n2,Trần Văn Hợi,Nam,008209012345\n"


# --- Whole files ---


def test_a_vni_csv_file_is_decoded_as_vni_including_its_short_header_cells() -> None:
    raw = unicode_to_vni(ROSTER).encode("latin-1")
    assert "Soá CCCD".encode("latin-1") in raw  # "Soá" alone is also a plausible Unicode syllable
    assert decode_csv_bytes(raw) == (ROSTER, "vni")


def test_a_tcvn3_csv_file_is_decoded_as_tcvn3() -> None:
    lowercase = ROSTER.lower()  # TCVN3 has no toned capitals
    assert decode_csv_bytes(unicode_to_tcvn3(lowercase).encode("latin-1")) == (lowercase, "tcvn3")


def test_a_word_that_is_not_vni_stays_as_written_in_a_vni_file() -> None:
    raw = unicode_to_vni("Họ và tên,Nơi ở\nNguyễn Văn Hợi,").encode("latin-1") + "Straße 5\n".encode("latin-1")
    assert decode_csv_bytes(raw) == ("Họ và tên,Nơi ở\nNguyễn Văn Hợi,Straße 5\n", "vni")


def test_a_file_that_reads_equally_well_in_both_legacy_encodings_is_left_to_the_columns() -> None:
    # "höng" is VNI "hưng" and TCVN3 "hửng": one word of evidence each.
    assert decode_csv_bytes("ho ten\nhöng\n".encode("latin-1")) == ("ho ten\nhöng\n", "latin-1")


def test_bytes_undefined_in_windows_1258_without_legacy_evidence_are_refused() -> None:
    with pytest.raises(UndecodableFile, match="not UTF-8, UTF-16 or Windows-1258 text"):
        decode_csv_bytes(b"ten\nabc\x81def\n")


def test_invalid_utf16_after_a_bom_is_refused() -> None:
    with pytest.raises(UndecodableFile, match="invalid UTF-16"):
        decode_csv_bytes(b"\xff\xfe\x00\xd8")


@pytest.mark.parametrize(
    ("text", "binary"),
    [
        ("a\x01b\n" * 1, False),  # one control character in a short text is tolerated
        ("a\x01b\x02c\n", False),  # two as well
        ("a\x01b\x02c\x03\n", True),  # three is binary
        ("x" * 400 + "\x01\x02\x03\x04", False),  # one per hundred characters is tolerated
        ("x" * 400 + "\x01\x02\x03\x04\x05", True),
        ("tab\tform\x0cfeed\r\n", False),
        ("a\x00", True),
        ("a\x7fb\x80c\x9fd\n", True),
    ],
)
def test_control_characters_mark_a_file_as_binary(text: str, binary: bool) -> None:
    if binary:
        with pytest.raises(UndecodableFile, match="binary data"):
            decode_csv_bytes(text.encode("utf-8"))
    else:
        assert decode_csv_bytes(text.encode("utf-8")) == (text, "utf-8")


# --- The vote of a column ---

VNI_NAMES = [unicode_to_vni(n) for n in ("Nguyễn Văn Hợi", "Lê Thị Hà", "Trần Văn Hùng")]
UNICODE_NAMES = ["Nguyễn Văn Hợi", "Đỗ Thị Hằng", "Phạm Đức"]  # characters outside Latin-1
LATIN1_VIETNAMESE = ["Tây Ninh", "Tây"]  # valid Unicode that the TCVN3 reading would break


def test_blank_and_ascii_cells_abstain_without_stopping_the_vote() -> None:
    assert detect_column_encoding([None, "", "Nguyen Van A", *VNI_NAMES]) == "vni"


def test_a_unicode_cell_votes_without_stopping_the_vote() -> None:
    assert detect_column_encoding([UNICODE_NAMES[0], *VNI_NAMES]) == "vni"


def test_an_encoding_needs_more_than_half_of_the_votes() -> None:
    assert detect_column_encoding([*UNICODE_NAMES[:2], *VNI_NAMES[:2]]) is None
    assert detect_column_encoding([*UNICODE_NAMES[:2], *VNI_NAMES[:3]]) == "vni"
    assert detect_column_encoding([*UNICODE_NAMES[:1], *VNI_NAMES[:2]]) == "vni"


def test_latin1_vietnamese_that_a_conversion_would_break_votes_unicode() -> None:
    assert detect_column_encoding([*LATIN1_VIETNAMESE, *VNI_NAMES[:2]]) is None
    assert detect_column_encoding([*LATIN1_VIETNAMESE[:1], *VNI_NAMES[:2]]) == "vni"


def test_tcvn3_column_by_majority() -> None:
    tcvn3 = [unicode_to_tcvn3(n) for n in ("nguyễn văn hợi", "lê thị hà", "trần văn hùng")]
    assert detect_column_encoding([UNICODE_NAMES[0], *tcvn3]) == "tcvn3"
    assert detect_column_encoding([*UNICODE_NAMES, *tcvn3]) is None


def test_repair_takes_the_encoding_with_more_evidence_and_leaves_a_tie_alone() -> None:
    assert repair("öng vaên linh") == ("ưng văn linh", "vni")  # VNI: 2 words, TCVN3: 1
    assert repair("höng") == ("höng", None)  # VNI "hưng", TCVN3 "hửng": a tie


def test_repair_column_keeps_none_and_repairs_the_rest_cell_by_cell_without_a_column_encoding() -> None:
    column = [None, unicode_to_vni("Nguyễn Văn Hợi"), "Lê Tú", unicode_to_tcvn3("hợi")]
    assert detect_column_encoding(column) is None
    assert repair_column(column) == ([None, "Nguyễn Văn Hợi", "Lê Tú", "hợi"], [None, "vni", None, "tcvn3"])


# --- Windows-1258 against the legacy readings: the legacy encoding must read strictly more words ---


def test_windows_1258_wins_a_tie_with_a_legacy_reading() -> None:
    # cp1258 reads one Vietnamese word ("Hà"); VNI reads one ("Nöõ" → "Nữ").
    assert decode_csv_bytes(b"H\xe0 N\xf6\xf5") == ("Hà Nöơ", "windows-1258")


def test_a_legacy_reading_with_more_words_beats_windows_1258_and_keeps_words_it_cannot_read() -> None:
    # VNI reads two words ("Nữ", "Hà"); cp1258 one ("Hà", which VNI cannot read and leaves as it is).
    assert decode_csv_bytes(b"H\xe0 N\xf6\xf5 Ha\xf8") == ("Hà Nữ Hà", "vni")


def test_a_legacy_file_with_a_byte_undefined_in_windows_1258_is_still_read() -> None:
    assert decode_csv_bytes(b"N\xf6\xf5 \x81\n") == ("Nữ \x81\n", "vni")


def test_a_whole_vni_file_forgives_a_modifier_typed_in_the_other_case() -> None:
    # Cell by cell, "NGUYEãN" is refused (strict case); once the file is known to be VNI it is read as typed.
    raw = unicode_to_vni("Họ và tên\nNguyễn Văn Hợi\nTrần Thị Hà\n").encode("latin-1") + b"NGUYE\xe3N\n"
    assert decode_csv_bytes(raw) == ("Họ và tên\nNguyễn Văn Hợi\nTrần Thị Hà\nNGUYỄN\n", "vni")


def test_a_cell_outside_latin1_votes_unicode_even_just_above_it() -> None:
    assert detect_column_encoding(["Ā", VNI_NAMES[0]]) is None  # U+0100: one vote each
    assert detect_column_encoding(["ÿ", VNI_NAMES[0]]) == "vni"  # U+00FF is Latin-1 and gives no evidence


def test_a_cell_without_evidence_either_way_abstains() -> None:
    assert detect_column_encoding(["Straße", "Straße", VNI_NAMES[0]]) == "vni"


def test_a_cell_that_one_encoding_breaks_but_the_other_reads_votes_only_for_the_reading() -> None:
    # TCVN3 would break "Bình"; VNI leaves it and reads "Haø" as "Hà".
    assert detect_column_encoding(["Bình Haø"]) == "vni"


def test_a_tcvn3_column_converts_its_short_cells_too() -> None:
    column = [unicode_to_tcvn3("nguyễn văn hợi"), unicode_to_tcvn3("lê thị hà"), unicode_to_tcvn3("tú")]
    assert repair("tó") == ("tó", None)  # alone, "tó" is a fine Unicode syllable
    assert repair_column(column) == (["nguyễn văn hợi", "lê thị hà", "tú"], ["tcvn3"] * 3)


def test_invalid_utf8_after_a_utf8_bom_is_refused_as_undecodable() -> None:
    with pytest.raises(UndecodableFile, match="invalid UTF-8 after a UTF-8 BOM"):
        decode_csv_bytes(b"\xef\xbb\xbfH\xe0 N\xf6i\n")


def test_a_tcvn3_column_converts_a_single_letter_that_only_tcvn3_can_read() -> None:
    column = [unicode_to_tcvn3("nguyễn văn hợi"), unicode_to_tcvn3("lê thị hà"), "\xa8"]
    assert repair("\xa8") == ("\xa8", None)  # one letter is no evidence on its own
    assert repair_column(column)[0] == ["nguyễn văn hợi", "lê thị hà", "ă"]
