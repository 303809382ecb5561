"""Edges of the newer text parsers found by mutation testing: how a phone cell was stored, a year out of range
written as text, and ethnic sub-groups whose group name has two words or stands after a bracket."""

from __future__ import annotations

import pytest

from uommam.vn.dates import year_only
from uommam.vn.ethnicity import match_ethnic_subgroup
from uommam.vn.phone import PhoneCheck, check_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Stored as a number: the trunk 0 was lost whatever the length, so it is put back.
        (12345678, PhoneCheck("012345678", ["phone_zero_restored", "phone_length"])),
        (12345678.0, PhoneCheck("012345678", ["phone_zero_restored", "phone_length"])),
        # Typed as text: only a 9- or 10-digit number is taken to have lost its 0.
        ("12345678", PhoneCheck("12345678", ["phone_length"])),
        ("912345678", PhoneCheck("0912345678", ["phone_zero_restored"])),
        ("2073822123", PhoneCheck("02073822123", ["phone_zero_restored"])),
        # The country code 84 before a mobile (11 digits) or a fixed line (12 digits).
        ("84912345678", PhoneCheck("0912345678", [])),
        ("842073822123", PhoneCheck("02073822123", [])),
        (" 091.234.5678 ", PhoneCheck("0912345678", [])),
        (9.5, PhoneCheck("9.5", ["phone_not_number"])),
        (True, PhoneCheck("True", ["phone_not_number"])),
    ],
)
def test_a_phone_cells_storage_decides_whether_the_zero_is_restored(raw: object, expected: PhoneCheck) -> None:
    assert check_phone(raw) == expected


@pytest.mark.parametrize(
    ("text", "year"), [(" 2009 ", 2009), ("1900", 1900), ("2100", 2100), ("1899", None), ("2101", None)]
)
def test_a_year_written_as_text_counts_only_within_the_plausible_years(text: str, year: int | None) -> None:
    assert year_only(text) == year


@pytest.mark.parametrize(
    ("written", "name"),
    [("Hà Nhì đen", "Hà Nhì"), ("(ghi chú) Tày", "Tày"), ("Thai trang", "Thái")],
)
def test_a_sub_group_of_a_two_word_group_or_after_a_bracket(written: str, name: str) -> None:
    found = match_ethnic_subgroup(written)
    assert found is not None and found[1] == name


def test_a_qualifier_that_is_a_two_word_group_is_not_a_sub_group() -> None:
    assert match_ethnic_subgroup("Kinh Sán Dìu") is None
