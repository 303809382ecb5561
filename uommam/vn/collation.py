"""Vietnamese collation as plain ``[0-9a-z]`` sort keys that every database compares the same way.

The key reproduces the three levels of ICU's ``vi`` collation (CLDR tailoring):

1. **primary** — letters in Vietnamese order ``a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y``
   with ``f j w z`` in their Latin places for foreign names; case and tone ignored. Space < punctuation
   < digits < letters, as in ICU with non-ignorable punctuation, so "An Bình" < "Anh".
2. **secondary** — tone, in ICU ``vi`` order: ngang < huyền (grave) < hỏi (hook) < ngã (tilde)
   < sắc (acute) < nặng (dot below), i.e. ``a à ả ã á ạ``. Other diacritics of foreign names follow.
3. **tertiary** — lowercase before uppercase.

A key is ``P 00 S 0 T``: primary codes are two base-36 digits per letter (``"10"`` upwards; terminator
``"00"`` so that a prefix sorts first), secondary and tertiary codes one digit per character (terminator
``"0"``). Characters outside the tables get a five-character primary ``"z" + 4 base-36 digits`` of their
code point, which sorts after every letter. The code set is prefix-free, so plain string comparison of
keys — PostgreSQL under any collation (strings of ``[0-9a-z]`` order identically in ``C`` and
``en_US.UTF-8``), SQLite's binary comparison, Python — gives the collation order.
"""

from __future__ import annotations

import unicodedata

from uommam.vn.text import clean_spaces

__all__ = ["ALPHABET", "name_sort_key", "sort_key"]

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"

_DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def _b36(value: int, width: int) -> str:
    out = []
    for _ in range(width):
        value, rem = divmod(value, 36)
        out.append(_DIGITS36[rem])
    if value:
        raise ValueError("value does not fit")
    return "".join(reversed(out))


# Primary codes. "00" is the field terminator; "01".."09" separators and punctuation; "0a".."0j" digits;
# letters from "10" (value 36). Nothing below starts with "z", which is reserved for unknown characters.
_TERMINATOR = "00"
_SPACE = "01"
_PUNCTUATION = {"-": "02", "‐": "02", "‑": "02", "–": "02", "—": "02", ",": "03", ".": "04"}
_PUNCTUATION.update(dict.fromkeys("'’ʼ‘`", "05"))
_PUNCTUATION.update(dict.fromkeys("()[]{}", "06"))
_OTHER_SYMBOL = "07"
_LETTER_CODE = {letter: _b36(36 + i, 2) for i, letter in enumerate(ALPHABET)}
_DIGIT_CODE = {str(d): _b36(10 + d, 2) for d in range(10)}

# Secondary codes: "0" terminator, "1" no mark, then the tones in ICU vi order, then other diacritics.
TONE_MARKS = "\u0300\u0309\u0303\u0301\u0323"  # huyền, hỏi, ngã, sắc, nặng
_SECONDARY_MARK = {mark: str(2 + i) for i, mark in enumerate(TONE_MARKS)}
_OTHER_MARKS = "\u0308\u030a\u0327\u030c\u0304\u0306\u0302\u030b\u0328\u0307"  # ¨ ˚ ¸ ˇ ¯ ˘ ^ ˝ ˛ ˙
_SECONDARY_MARK.update({mark: _DIGITS36[7 + i] for i, mark in enumerate(_OTHER_MARKS)})
_SECONDARY_OTHER = "z"

# Combining marks that make a distinct Vietnamese letter (primary difference) rather than an accent.
_LETTER_MODIFIERS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# Letters without a canonical decomposition that still sort as (sequences of) Latin letters.
_SPECIAL_LETTERS = {"đ": "đ", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i"}


def _char_weights(ch: str) -> tuple[str, str, str]:
    """(primary, secondary, tertiary) codes for one NFC character."""
    if ch == " ":
        return _SPACE, "1", "1"
    if ch in _PUNCTUATION:
        return _PUNCTUATION[ch], "1", "1"
    if ch in _DIGIT_CODE:
        return _DIGIT_CODE[ch], "1", "1"
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    if unicodedata.combining(base):
        # A mark left alone after NFC (e.g. "x" + U+0301): no primary, it only adds a secondary difference.
        return "", _SECONDARY_MARK.get(base, _SECONDARY_OTHER), ""
    lower = base.lower()
    tertiary = "2" if base != lower else "1"
    letters = _SPECIAL_LETTERS.get(lower, lower)
    if len(letters) == 1 and letters in _LETTER_CODE:
        rest = marks
        for mark in marks:
            modified = _LETTER_MODIFIERS.get((letters, mark))
            if modified:
                letters = modified
                rest = rest.replace(mark, "", 1)
                break
        secondary = "".join(_SECONDARY_MARK.get(m, _SECONDARY_OTHER) for m in rest) or "1"
        return _LETTER_CODE[letters], secondary, tertiary
    if letters and all(c in _LETTER_CODE for c in letters):  # expansions such as æ → ae
        n = len(letters)
        return "".join(_LETTER_CODE[c] for c in letters), "1" * n, tertiary * n
    category = unicodedata.category(ch)
    if category[0] in "CZ" and category != "Co":
        if category == "Zs" or ch in "\t\n\r\x0b\x0c":
            return _SPACE, "1", "1"
        return "", "", ""  # controls and format characters (ZWJ, soft hyphen …) are ignorable
    if category[0] in "PS":
        return _OTHER_SYMBOL, "1", "1"
    return "z" + _b36(ord(ch), 4), "1", tertiary


class _WeightTable(dict[int, str]):
    """``str.translate`` table for one level that fills itself in for characters it has not seen yet."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def __missing__(self, codepoint: int) -> str:
        value = _char_weights(chr(codepoint))[self.level]
        self[codepoint] = value
        return value


_PRIMARY = _WeightTable(0)
_SECONDARY = _WeightTable(1)
_TERTIARY = _WeightTable(2)


def _prewarm() -> None:
    # Fill the tables for every Vietnamese letter (all tones, both cases) and ASCII up front, so that
    # the hot path never calls unicodedata.
    for letter in ALPHABET + "0123456789 -'.,":
        for mark in ("", *TONE_MARKS):
            for variant in {letter, letter.upper()}:
                composed = unicodedata.normalize("NFC", variant + mark)
                if len(composed) == 1:
                    for table in (_PRIMARY, _SECONDARY, _TERTIARY):
                        table[ord(composed)]  # noqa: B018 - populates the cache via __missing__


_prewarm()


def _prepare(s: str | None) -> str:
    if not s:
        return ""
    if not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    return clean_spaces(s)


def sort_key(s: str | None) -> str:
    """Collation key of one string: compare keys as plain strings to sort in Vietnamese order.

    Equal for NFC and NFD spellings and for differing runs of whitespace; contains only ``[0-9a-z]``;
    a proper prefix sorts first ("An" < "Anh"). ``None`` is treated as the empty string.
    """
    text = _prepare(s)
    return text.translate(_PRIMARY) + _TERMINATOR + text.translate(_SECONDARY) + "0" + text.translate(_TERTIARY)


def name_sort_key(family: str | None, middle: str | None, given: str | None) -> str:
    """Collation key of a person's name, in the order Vietnamese lists use: given, family, middle name.

    Field by field, each compared completely (letters, then tones, then case) before the next, as when
    a list is sorted on its "Tên" column, then "Họ", then "Đệm": every "Anh" comes before every "Ánh",
    whatever their family names, and "Lê Thị Anh" < "Nguyễn Văn Anh".
    """
    return "0".join(sort_key(part) for part in (given, family, middle))
