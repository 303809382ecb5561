"""Collation of letters without a canonical decomposition (ø, ł, æ, œ, ß, ı), and of marks and symbols.

Primary letter codes are two base-36 digits, "1" + the letter's position in ALPHABET: a "10", e "17", i "1c",
l "1f", o "1i", s "1o". ``_char_weights`` is tested directly as well as through ``sort_key``, because the
Vietnamese letters' weights are computed once at import and cached.
"""

import pytest

from uommam.vn.collation import _char_weights, sort_key


@pytest.mark.parametrize(
    ("ch", "weights"),
    [
        ("ø", ("1i", "1", "1")),
        ("Ø", ("1i", "1", "2")),
        ("ł", ("1f", "1", "1")),
        ("Ł", ("1f", "1", "2")),
        ("ı", ("1c", "1", "1")),
        ("æ", ("1017", "11", "11")),
        ("Æ", ("1017", "11", "22")),
        ("œ", ("1i17", "11", "11")),
        ("Œ", ("1i17", "11", "22")),
        ("ß", ("1o1o", "11", "11")),
        ("đ", ("16", "1", "1")),
        ("Đ", ("16", "1", "2")),
        ("ơ", ("1k", "1", "1")),
        ("Ở", ("1k", "3", "2")),
        ("ü", ("1q", "7", "1")),
        ("ǘ", ("1q", "75", "1")),
        (" ", ("01", "1", "1")),
        ("\u00a0", ("01", "1", "1")),
        ("\t", ("01", "1", "1")),
        ("-", ("02", "1", "1")),
        ("—", ("02", "1", "1")),
        (",", ("03", "1", "1")),
        (".", ("04", "1", "1")),
        ("’", ("05", "1", "1")),
        ("(", ("06", "1", "1")),
        ("!", ("07", "1", "1")),
        ("+", ("07", "1", "1")),
        ("7", ("0h", "1", "1")),
        ("\u200d", ("", "", "")),
        ("\u0301", ("", "5", "")),
        ("\u0360", ("", "z", "")),
        ("中", ("z0ffx", "1", "1")),
        ("Ω", ("z00q1", "1", "2")),
    ],
)
def test_character_weights(ch: str, weights: tuple[str, str, str]) -> None:
    assert _char_weights(ch) == weights


@pytest.mark.parametrize(
    ("before", "name", "after"),
    [
        ("Sorensem", "Sørensen", "Sorenseo"),
        ("Kowalsk", "Łukasz", "Lukasza"),
        ("Aerm", "Ærø", "Aerp"),
        ("Coeu", "Cœur", "Coeus"),
        ("Strasd", "Straße", "Strast"),
        ("Yildiy", "Yıldız", "Yildiza"),
    ],
)
def test_special_letters_sort_as_their_latin_letters(before: str, name: str, after: str) -> None:
    assert sort_key(before) < sort_key(name) < sort_key(after)


def test_an_expanded_letter_keeps_its_case_on_every_letter_it_expands_to() -> None:
    assert sort_key("æ") < sort_key("Æ")
    assert sort_key("æ").endswith("11")
    assert sort_key("Æ").endswith("22")


def test_an_unknown_mark_and_a_private_use_character() -> None:
    assert _char_weights("ḁ") == ("10", "z", "1")  # ring below: not in the mark table, still a secondary difference
    assert _char_weights("\ue000") == ("z188w", "1", "1")  # private use: sorts after letters, never ignored
