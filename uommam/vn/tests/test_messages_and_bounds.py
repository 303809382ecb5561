"""Exact messages and boundaries of the Vietnamese text helpers (dates, school years, VNI, keys, binary files)."""

import pytest

from uommam.vn.collation import _b36, name_sort_key, sort_key
from uommam.vn.dates import DateParseError, parse_day_first
from uommam.vn.legacy import (
    UndecodableFile,
    decode_csv_bytes,
    looks_like_tcvn3,
    looks_like_vni,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)
from uommam.vn.school_year import parse_school_year


def test_excel_serials_at_both_ends_and_around_the_fake_leap_day() -> None:
    assert parse_day_first(1) == parse_day_first("01/01/1900")
    assert parse_day_first(59) == parse_day_first("28/02/1900")
    assert parse_day_first(61) == parse_day_first("01/03/1900")
    assert parse_day_first(2958465) == parse_day_first("31/12/9999")
    with pytest.raises(DateParseError) as leap:
        parse_day_first(60)
    assert (leap.value.code, leap.value.message_vi) == ("date_impossible", "Ngày 29/02/1900 không tồn tại")
    for serial in (0, 2958466, float("nan")):
        with pytest.raises(DateParseError) as error:
            parse_day_first(serial)
        assert (error.value.code, error.value.message_vi) == (
            "date_unrecognised",
            f"Số ngày Excel {serial:g} không phải một ngày hợp lệ",
        )


@pytest.mark.parametrize("text", ["05/09", "05/09/209", "hôm qua"])
def test_unrecognised_text_is_quoted_in_the_message(text: str) -> None:
    with pytest.raises(DateParseError) as error:
        parse_day_first(text)
    assert error.value.message_vi == (
        f"Không đọc được ngày “{text}”; hãy ghi theo dạng ngày/tháng/năm, ví dụ 05/09/2009"
    )


def test_a_school_year_that_is_not_one_is_named() -> None:
    with pytest.raises(ValueError, match=r"^not a school year: '2025'$"):
        parse_school_year("2025")


def test_vni_conversion_and_encoding_errors_name_the_text() -> None:
    with pytest.raises(ValueError, match=r"^not VNI-encoded text: 'âb'$"):
        vni_to_unicode("âb")
    with pytest.raises(ValueError, match=r"^'ń' cannot be written in VNI$"):
        unicode_to_vni("ń")  # a tone mark on a letter that is not a Vietnamese vowel
    with pytest.raises(ValueError, match="cannot be written in VNI"):
        unicode_to_vni("\u0301")  # a tone mark with no letter


def test_looks_like_tells_the_two_encodings_apart() -> None:
    vni, tcvn3 = unicode_to_vni("Nguyễn Văn Hợi"), unicode_to_tcvn3("nguyễn văn hợi")
    assert looks_like_vni(vni) and not looks_like_tcvn3(vni)
    assert looks_like_tcvn3(tcvn3) and not looks_like_vni(tcvn3)
    assert looks_like_vni("Nöõ")  # one word of evidence is enough
    assert not looks_like_tcvn3("Tây hîi")  # "Tây" would break: not TCVN3 even though "hîi" reads as "hợi"
    assert not looks_like_vni("Nguyen") and not looks_like_vni("Hà Nội")


def test_name_keys_join_the_fields_with_a_zero() -> None:
    assert name_sort_key("Lê", None, "Anh") == sort_key("Anh") + "0" + sort_key("Lê") + "0" + sort_key("")


def test_base36_refuses_a_value_that_does_not_fit() -> None:
    assert _b36(36 * 36 - 1, 2) == "zz"
    with pytest.raises(ValueError, match=r"^value does not fit$"):
        _b36(36 * 36, 2)


def test_binary_detection_thresholds() -> None:
    assert decode_csv_bytes("a\u00a0b\u00a0c\u00a0d\n".encode()) == ("a\u00a0b\u00a0c\u00a0d\n", "utf-8")
    text = "x" * 297 + "\x01\x02\x03"  # 300 characters: up to 3 controls are tolerated
    assert decode_csv_bytes(text.encode()) == (text, "utf-8")
    with pytest.raises(UndecodableFile, match=r"^the file contains binary data, not text$"):
        decode_csv_bytes(b"a\x01b\x02c\x03")


@pytest.mark.parametrize(("value", "shown"), [(True, "True"), (None, ""), ([5, 9, 2009], "[5, 9, 2009]"), ("", "")])
def test_values_that_are_not_dates_are_shown_in_the_message(value: object, shown: str) -> None:
    with pytest.raises(DateParseError) as error:
        parse_day_first(value)
    assert (error.value.code, error.value.message_vi) == (
        "date_unrecognised",
        f"Không đọc được ngày “{shown}”; hãy ghi theo dạng ngày/tháng/năm, ví dụ 05/09/2009",
    )


def test_a_zero_cell_is_too_short_not_a_non_number() -> None:
    from uommam.vn.citizen_id import check_citizen_id

    assert [e.code for e in check_citizen_id(0).errors] == ["citizen_id_wrong_length"]
    assert [e.code for e in check_citizen_id(0.0).errors] == ["citizen_id_wrong_length"]
    assert check_citizen_id("x" * 41).errors[0].message_vi == (
        f"Số định danh cá nhân “{'x' * 40}…” chỉ được gồm các chữ số"
    )


def test_vni_modifiers_need_a_letter_of_the_right_kind() -> None:
    for text in ("bø", "øa"):
        with pytest.raises(ValueError, match="not VNI-encoded text"):
            vni_to_unicode(text)
    assert vni_to_unicode("NGUYEãN") == "NGUYỄN"  # the plain conversion forgives the case of a modifier
    assert not looks_like_vni("uû")  # a single letter ("ủ") is no evidence


def test_tcvn3_cannot_write_toned_capitals() -> None:
    with pytest.raises(ValueError, match=r"^'Ấ' cannot be written in TCVN3 \(VN3\)$"):
        unicode_to_tcvn3("Ấ")


def test_undecodable_eight_bit_files_name_the_encodings_tried() -> None:
    with pytest.raises(UndecodableFile, match=r"^not UTF-8, UTF-16 or Windows-1258 text$"):
        decode_csv_bytes(b"ten\nabc\x81def\n")
