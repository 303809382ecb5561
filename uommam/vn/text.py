"""Unicode hygiene for Vietnamese text: normalisation, whitespace, search keys and name casing.

Everything that enters the database goes through :func:`nfc` (or a function built on it): the same
Vietnamese letter can arrive precomposed (NFC), decomposed (NFD, from macOS or some web forms) or as a
Windows-1258 style base letter + combining tone mark, and those must compare equal.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_spaces", "fold", "nfc", "title_case_name"]

# Characters str.split() does not treat as whitespace but that spreadsheets still carry between words.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)

# đ/Đ have no Unicode decomposition, so stripping combining marks alone would keep them.
_FOLD_TABLE = {ord("đ"): "d", ord("Đ"): "d", ord("ð"): "d", ord("Ð"): "d"}

# A single-letter prefix before an apostrophe is a name prefix that keeps its capital on both sides
# (H'Mông, K'Ho, Y'...); longer words with apostrophes are left as ordinary words.
_APOSTROPHE_PREFIX = re.compile(r"^(\w)(['’ʼ])(\w)(.*)$", re.DOTALL)


def nfc(s: str) -> str:
    """Return ``s`` in Unicode Normalization Form C (the form stored everywhere in Ươm Mầm)."""
    if unicodedata.is_normalized("NFC", s):
        return s
    return unicodedata.normalize("NFC", s)


def clean_spaces(s: str) -> str:
    """Collapse every run of whitespace (including NBSP and zero-width spaces) to one space, and strip."""
    if not s.isascii():
        s = s.translate(_INVISIBLE)
    return " ".join(s.split())


def fold(s: str) -> str:
    """Accent-insensitive search key: no diacritics, đ→d, lowercase, single spaces.

    ``fold("Nguyễn  Văn Đức") == "nguyen van duc"``. Idempotent; ASCII-only output for Vietnamese input.
    """
    decomposed = unicodedata.normalize("NFD", s)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return clean_spaces(stripped.translate(_FOLD_TABLE).lower())


def _title_word(word: str) -> str:
    match = _APOSTROPHE_PREFIX.match(word)
    if match:
        head, mark, first, rest = match.groups()
        return head.title() + mark + first.title() + rest.lower()
    # Only the first letter is raised: "GIA-RAI" becomes "Gia-rai", the official spelling of hyphenated
    # ethnic names, instead of str.title()'s "Gia-Rai".
    return word[:1].title() + word[1:].lower()


def title_case_name(s: str) -> str:
    """Title-case a Vietnamese personal or ethnic name: ``"NGUYỄN văn  hợi"`` → ``"Nguyễn Văn Hợi"``.

    The text is normalised to NFC first so that a decomposed letter such as "ư" (u + horn) is one
    character and is never split by case mapping. Hyphenated parts stay lowercase ("Gia-rai"); a one-letter
    prefix with an apostrophe keeps both capitals ("H'Mông").
    """
    return " ".join(_title_word(word) for word in clean_spaces(nfc(s)).split(" ") if word)
