"""Repair Vietnamese text from legacy 8-bit encodings (TCVN3/ABC, VNI-Windows), NFD and Windows-1258.

Legacy text reaches us as a ``str`` whose characters are the Latin-1/Windows-1252 reading of the legacy
bytes — what Excel or python-calamine shows for a cell typed in a .VnTime or VNI-Times font: "NguyÔn V¨n
Hîi" (TCVN3) or "Nguyeãn Vaên Hôïi" (VNI) for "Nguyễn Văn Hợi".

Detection is deliberately conservative. A string is converted only when it is made entirely of Latin-1
characters, every character decodes, at least one word becomes a well-formed Vietnamese syllable that
was not one before, and no word that already was a Vietnamese syllable stops being one. Text with any
character outside Latin-1 ("Nguyễn", "Hà Nội") is Unicode by definition and is only NFC-normalised.
Single short strings can be ambiguous (VNI "Hoà" is "Hồ", yet "Hoà" is also valid Unicode), so
:func:`detect_column_encoding` decides for a whole column by majority and :func:`repair_column` applies
that decision.

Limitations: TCVN3 (the VN3 font table) has no capitals with tones; text typed in the all-capitals
.VnTimeH fonts stores lowercase codes, so it converts to *lowercase* Vietnamese (the case is in the font,
not in the text). Run :func:`uommam.vn.text.title_case_name` on names afterwards.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Literal

from uommam.vn.syllable import is_vietnamese_syllable

__all__ = [
    "LegacyEncoding",
    "UndecodableFile",
    "decode_csv_bytes",
    "detect_column_encoding",
    "looks_like_tcvn3",
    "looks_like_vni",
    "repair",
    "repair_column",
    "tcvn3_to_unicode",
    "unicode_to_tcvn3",
    "unicode_to_vni",
    "vni_to_unicode",
]

LegacyEncoding = Literal["tcvn3", "vni"]

# Tone marks in the order every table below lists them: huyền, hỏi, ngã, sắc, nặng.
_TONES = "\u0300\u0309\u0303\u0301\u0323"


def _toned(letter: str, tone: int) -> str:
    return unicodedata.normalize("NFC", letter + _TONES[tone])


# ---------------------------------------------------------------------------------------------------------
# TCVN3 (TCVN 5712:1993, VN3 — the .VnTime font table). For each vowel, the Latin-1 characters of the bytes
# holding its five toned forms in the order huyền, hỏi, ngã, sắc, nặng.
_TCVN3_TONED = {
    "a": "\xb5\xb6\xb7\xb8\xb9",
    "ă": "\xbb\xbc\xbd\xbe\xc6",
    "â": "\xc7\xc8\xc9\xca\xcb",
    "e": "\xcc\xce\xcf\xd0\xd1",
    "ê": "\xd2\xd3\xd4\xd5\xd6",
    "i": "\xd7\xd8\xdc\xdd\xde",
    "o": "\xdf\xe1\xe2\xe3\xe4",
    "ô": "\xe5\xe6\xe7\xe8\xe9",
    "ơ": "\xea\xeb\xec\xed\xee",
    "u": "\xef\xf1\xf2\xf3\xf4",
    "ư": "\xf5\xf6\xf7\xf8\xf9",
    "y": "\xfa\xfb\xfc\xfd\xfe",
}
# Letters with a vowel modifier or stroke and no tone, capitals then lowercase (0xAD is the soft hyphen).
_TCVN3_LETTERS = dict(zip(bytes(range(0xA1, 0xAF)).decode("latin-1"), "ĂÂÊÔƠƯĐăâêôơưđ", strict=True))

TCVN3_DECODE: dict[str, str] = dict(_TCVN3_LETTERS)
for _vowel, _codes in _TCVN3_TONED.items():
    for _tone, _code in enumerate(_codes):
        TCVN3_DECODE[_code] = _toned(_vowel, _tone)
TCVN3_ENCODE: dict[str, str] = {uni: code for code, uni in TCVN3_DECODE.items()}
_TCVN3_TRANSLATE = str.maketrans(TCVN3_DECODE)

# ---------------------------------------------------------------------------------------------------------
# VNI-Windows: a base letter followed by modifier characters (Latin-1 readings of the VNI bytes).
_VNI_TONE = dict(zip("\xf8\xfb\xf5\xf9\xef", range(5), strict=True))  # ø û õ ù ï
_VNI_CIRCUMFLEX_TONE = dict(zip("\xe0\xe5\xe3\xe1\xe4", range(5), strict=True))  # à å ã á ä
_VNI_BREVE_TONE = dict(zip("\xe8\xfa\xfc\xe9\xeb", range(5), strict=True))  # è ú ü é ë
_VNI_CIRCUMFLEX = "\xe2"  # â
_VNI_BREVE = "\xea"  # ê
# Characters that stand for a whole letter on their own.
_VNI_SINGLE = {"\xf4": "ơ", "\xf6": "ư", "\xf1": "đ", "\xee": "ỵ"}  # ô ö ñ î
_VNI_SINGLE.update({code: _toned("i", tone) for tone, code in enumerate("\xec\xe6\xf3\xed\xf2")})  # ì æ ó í ò

_CIRCUMFLEXED = {"a": "â", "e": "ê", "o": "ô"}
_TONE_BEARING = set("aăâeêioôơuưy")


def _with_case(letter: str, upper: bool) -> str:
    return letter.upper() if upper else letter


def _is_toned(ch: str) -> bool:
    return any(mark in _TONES for mark in unicodedata.normalize("NFD", ch))


def _vni_decode(s: str, *, strict_case: bool = False) -> str | None:
    """Decode VNI text, or ``None`` when a modifier has no letter it can modify (so it is not VNI).

    With ``strict_case`` a modifier must also have the case of its letter, as VNI keyboards type it
    ("Nguyeãn", "NGUYEÃN"); "TiÕn" is then not VNI (it is TCVN3 "Tiến").
    """
    out: list[str] = []
    for ch in s:
        if ch.isascii():
            out.append(ch)
            continue
        lower = ch.lower()
        if lower in _VNI_SINGLE:
            out.append(_with_case(_VNI_SINGLE[lower], ch != lower))
            continue
        prev = out[-1] if out else ""
        prev_lower = prev.lower()
        upper = prev != prev_lower
        if strict_case and upper != (ch != lower):
            return None
        if lower == _VNI_BREVE or lower in _VNI_BREVE_TONE:
            if prev_lower != "a":
                return None
            letter = "ă" if lower == _VNI_BREVE else _toned("ă", _VNI_BREVE_TONE[lower])
        elif lower == _VNI_CIRCUMFLEX or lower in _VNI_CIRCUMFLEX_TONE:
            if prev_lower not in _CIRCUMFLEXED:
                return None
            letter = _CIRCUMFLEXED[prev_lower]
            if lower != _VNI_CIRCUMFLEX:
                letter = _toned(letter, _VNI_CIRCUMFLEX_TONE[lower])
        elif lower in _VNI_TONE:
            if prev_lower not in _TONE_BEARING or _is_toned(prev):
                return None
            letter = _toned(prev_lower, _VNI_TONE[lower])
        else:
            return None  # a Latin-1 character VNI does not use (ü after a consonant, ç, ß …)
        out[-1] = _with_case(letter, upper)
    return "".join(out)


# ---------------------------------------------------------------------------------------------------------
# Conversions


def tcvn3_to_unicode(s: str) -> str:
    """Convert the Latin-1 reading of TCVN3 (ABC, .VnTime) text to NFC Unicode, without any detection.

    Characters outside the TCVN3 table are kept as they are.
    """
    return unicodedata.normalize("NFC", s.translate(_TCVN3_TRANSLATE))


def vni_to_unicode(s: str) -> str:
    """Convert the Latin-1 reading of VNI-Windows text to NFC Unicode, without any detection.

    Raises ``ValueError`` when ``s`` is not well-formed VNI (a modifier with no letter to modify).
    """
    decoded = _vni_decode(s)
    if decoded is None:
        raise ValueError(f"not VNI-encoded text: {s!r}")
    return unicodedata.normalize("NFC", decoded)


def unicode_to_tcvn3(s: str) -> str:
    """Encode Vietnamese text as TCVN3 (Latin-1 reading). Raises ``ValueError`` for capitals with tones,
    which the VN3 table cannot represent, and for any other non-ASCII character outside it."""
    out = []
    for ch in unicodedata.normalize("NFC", s):
        if ch.isascii():
            out.append(ch)
        elif ch in TCVN3_ENCODE:
            out.append(TCVN3_ENCODE[ch])
        else:
            raise ValueError(f"{ch!r} cannot be written in TCVN3 (VN3)")
    return "".join(out)


_VNI_ENCODE_TONE = "\xf8\xfb\xf5\xf9\xef"
_VNI_ENCODE_CIRCUMFLEX_TONE = "\xe0\xe5\xe3\xe1\xe4"
_VNI_ENCODE_BREVE_TONE = "\xe8\xfa\xfc\xe9\xeb"
_VNI_ENCODE_I = "\xec\xe6\xf3\xed\xf2"


def _vni_encode_char(ch: str) -> str:
    lower = ch.lower()
    upper = ch != lower
    decomposed = unicodedata.normalize("NFD", lower)
    tone = next((_TONES.index(m) for m in decomposed if m in _TONES), None)
    letter = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in _TONES))
    if letter == "đ":
        encoded = "\xf1"
    elif letter == "i" and tone is not None:
        encoded = _VNI_ENCODE_I[tone]
    elif letter == "y" and tone == 4:
        encoded = "\xee"
    elif letter in ("ơ", "ư"):
        encoded = ("\xf4" if letter == "ơ" else "\xf6") + ("" if tone is None else _VNI_ENCODE_TONE[tone])
    elif letter in ("â", "ê", "ô"):
        base = {"â": "a", "ê": "e", "ô": "o"}[letter]
        encoded = base + (_VNI_CIRCUMFLEX if tone is None else _VNI_ENCODE_CIRCUMFLEX_TONE[tone])
    elif letter == "ă":
        encoded = "a" + (_VNI_BREVE if tone is None else _VNI_ENCODE_BREVE_TONE[tone])
    elif letter in "aeiouy" and len(letter) == 1 and tone is not None:
        encoded = letter + _VNI_ENCODE_TONE[tone]
    else:
        raise ValueError(f"{ch!r} cannot be written in VNI")
    return encoded.upper() if upper else encoded


def unicode_to_vni(s: str) -> str:
    """Encode Vietnamese text as VNI-Windows (Latin-1 reading); the inverse of :func:`vni_to_unicode`.

    Raises ``ValueError`` for non-ASCII characters that are not Vietnamese letters.
    """
    return "".join(ch if ch.isascii() else _vni_encode_char(ch) for ch in unicodedata.normalize("NFC", s))


# ---------------------------------------------------------------------------------------------------------
# Detection

# Words are runs of anything but ASCII separators: legacy codes such as "¨" (ă in TCVN3) are not letters.
_WORD_SPLIT = re.compile(r"[\x00-\x40\x5b-\x60\x7b-\x7f]+")


def _is_latin1(s: str) -> bool:
    return all(ord(ch) < 0x100 for ch in s)


def _sane_case(word: str) -> bool:
    return word.islower() or word.isupper() or word.istitle()


def _is_unicode_word(word: str) -> bool:
    """Could ``word`` be genuine Unicode Vietnamese? Besides the syllable shape, its case must be sane:
    TCVN3 writes lowercase toned letters with codes that read as Latin-1 capitals ("ThÕ" is "Thế")."""
    return _sane_case(word) and is_vietnamese_syllable(word)


def _decode(s: str, encoding: LegacyEncoding) -> str | None:
    if encoding == "tcvn3":
        if any(not ch.isascii() and ch not in TCVN3_DECODE for ch in s):
            return None
        return tcvn3_to_unicode(s)
    decoded = _vni_decode(s, strict_case=True)
    return None if decoded is None else unicodedata.normalize("NFC", decoded)


def _evidence(s: str, encoding: LegacyEncoding) -> tuple[int, int] | None:
    """(words that become Vietnamese, Vietnamese words that would break), or None if ``s`` won't decode."""
    gained = broken = 0
    for word in _WORD_SPLIT.split(s):
        if word.isascii():
            continue
        decoded = _decode(word, encoding)
        if decoded is None:
            return None
        before, after = _is_unicode_word(word), _is_unicode_word(decoded)
        # A single letter ("ủ", "ỉ") reads as a word in too many encodings to be evidence.
        gained += after and not before and len(decoded) > 1
        # A decoding that yields "DiƯu" is the wrong decoding, whatever the word was before.
        broken += (before and not after) or not _sane_case(decoded)
    return gained, broken


def _candidate(s: str) -> bool:
    return not s.isascii() and _is_latin1(s)


def _looks_like(s: str, encoding: LegacyEncoding) -> bool:
    if not _candidate(s):
        return False
    evidence = _evidence(s, encoding)
    return evidence is not None and evidence[0] > 0 and evidence[1] == 0


def looks_like_tcvn3(s: str) -> bool:
    """True when ``s`` on its own is convincingly TCVN3 text (see the module docstring for the rule)."""
    return _looks_like(s, "tcvn3")


def looks_like_vni(s: str) -> bool:
    """True when ``s`` on its own is convincingly VNI-Windows text (see the module docstring)."""
    return _looks_like(s, "vni")


def _convert(s: str, encoding: LegacyEncoding) -> str:
    return tcvn3_to_unicode(s) if encoding == "tcvn3" else vni_to_unicode(s)


def repair(s: str) -> tuple[str, str | None]:
    """Return ``(text in NFC, conversion applied)`` — conversion is "tcvn3", "vni", "nfd" or None.

    Valid Unicode (Vietnamese or not) and plain ASCII come back unchanged with ``None``; decomposed text
    is composed ("nfd"). A string that looks like both legacy encodings takes the one with more evidence,
    and stays unchanged on a tie.
    """
    if s.isascii():
        return s, None
    if not unicodedata.is_normalized("NFC", s):
        return unicodedata.normalize("NFC", s), "nfd"
    if not _is_latin1(s):
        return s, None
    scores: dict[LegacyEncoding, int] = {}
    for encoding in ("tcvn3", "vni"):
        evidence = _evidence(s, encoding)
        if evidence is not None and evidence[0] > 0 and evidence[1] == 0:
            scores[encoding] = evidence[0]
    if not scores:
        return s, None
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return s, None
    encoding = ranked[0][0]
    return _convert(s, encoding), encoding


def detect_column_encoding(values: Sequence[str | None]) -> LegacyEncoding | None:
    """Decide whether a whole column is TCVN3 or VNI by majority of the cells that give evidence.

    Each cell votes "tcvn3" or "vni" when it looks like that encoding on its own, and "unicode" when it
    contains characters outside Latin-1 or Vietnamese words that a conversion would break. An encoding
    wins when its votes outnumber all other votes together; otherwise ``None``.
    """
    votes = {"tcvn3": 0, "vni": 0, "unicode": 0}
    for value in values:
        if not value or value.isascii():
            continue
        if not _is_latin1(value):
            votes["unicode"] += 1
            continue
        any_legacy = False
        any_broken = False
        for encoding in ("tcvn3", "vni"):
            evidence = _evidence(value, encoding)
            if evidence is None:
                continue
            if evidence[1]:
                any_broken = True
            elif evidence[0]:
                votes[encoding] += 1
                any_legacy = True
        if any_broken and not any_legacy:
            votes["unicode"] += 1
    total = sum(votes.values())
    for encoding in ("tcvn3", "vni"):
        if votes[encoding] * 2 > total:
            return encoding  # type: ignore[return-value]  # the loop runs over the Literal values only
    return None


def repair_column(values: Sequence[str | None]) -> tuple[list[str | None], list[str | None]]:
    """Repair a column: ``(repaired values, conversion applied per cell)``.

    When :func:`detect_column_encoding` finds a legacy encoding, every Latin-1 cell that decodes in it is
    converted, even cells too short to be evidence on their own ("Tó" is "Tú" in a TCVN3 column); cells
    with characters outside Latin-1 are never converted. Otherwise each cell is handled by :func:`repair`.
    """
    encoding = detect_column_encoding(values)
    repaired: list[str | None] = []
    applied: list[str | None] = []
    for value in values:
        if value is None:
            repaired.append(None)
            applied.append(None)
            continue
        if encoding and _candidate(value) and _decode(value, encoding) is not None:
            repaired.append(_convert(value, encoding))
            applied.append(encoding)
        else:
            text, conversion = repair(value)
            repaired.append(text)
            applied.append(conversion)
    return repaired, applied


# ---------------------------------------------------------------------------------------------------------
# Files


class UndecodableFile(ValueError):
    """The bytes are not text in any encoding we accept (binary data, or invalid in Windows-1258 too)."""


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0) and ch not in "\t\r\n\x0c")
    return "\x00" in text or controls > max(2, len(text) // 100)


def _vietnamese_words(text: str) -> int:
    return sum(1 for w in _WORD_SPLIT.split(text) if not w.isascii() and is_vietnamese_syllable(w))


def decode_csv_bytes(b: bytes) -> tuple[str, str]:
    """Decode the bytes of a CSV file: ``(text, encoding)``.

    ``encoding`` is "utf-8-sig", "utf-16" (with a BOM), "utf-8", "windows-1258" (composed to NFC: that code
    page writes tones as combining marks), "tcvn3" or "vni" when the 8-bit bytes read better in that legacy
    encoding than as Windows-1258 — the whole file is then decoded, so that short cells such as a header
    "Số CCCD" (VNI "Soá CCCD", itself a plausible Unicode syllable) are repaired too — or "latin-1" when
    both legacy encodings fit equally well: the text is then the Latin-1 reading, left to
    :func:`repair_column`. Raises :class:`UndecodableFile` for anything else.
    """
    if b.startswith(b"\xef\xbb\xbf"):
        try:
            text, encoding = b[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise UndecodableFile(f"invalid UTF-8 after a UTF-8 BOM: {exc}") from exc
    elif b.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = b.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UndecodableFile(f"invalid UTF-16: {exc}") from exc
    else:
        try:
            text, encoding = b.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_eight_bit(b)
    if _looks_binary(text):
        raise UndecodableFile("the file contains binary data, not text")
    return unicodedata.normalize("NFC", text), encoding


def _legacy_gain(latin1: str, encoding: LegacyEncoding) -> int:
    """Words of the Latin-1 reading that become Vietnamese syllables only when decoded in ``encoding``."""
    gained = 0
    for word in _WORD_SPLIT.split(latin1):
        if word.isascii():
            continue
        decoded = _decode(word, encoding)
        if decoded is not None and is_vietnamese_syllable(decoded) and not _is_unicode_word(word):
            gained += 1
    return gained


def _decode_words(latin1: str, encoding: LegacyEncoding) -> str:
    """The whole text decoded in ``encoding``, word by word; a word that does not decode stays as it is."""

    def one(match: re.Match[str]) -> str:
        word = match.group()
        decoded = _vni_decode(word) if encoding == "vni" else _decode(word, encoding)
        return word if decoded is None else decoded

    return unicodedata.normalize("NFC", re.sub(r"[^\x00-\x40\x5b-\x60\x7b-\x7f]+", one, latin1))


def _decode_eight_bit(b: bytes) -> tuple[str, str]:
    latin1 = b.decode("latin-1")
    try:
        cp1258: str | None = unicodedata.normalize("NFC", b.decode("cp1258"))
    except UnicodeDecodeError:
        cp1258 = None
    cp1258_score = _vietnamese_words(cp1258) if cp1258 is not None else -1
    tcvn3, vni = _legacy_gain(latin1, "tcvn3"), _legacy_gain(latin1, "vni")
    if max(tcvn3, vni) > max(cp1258_score, 0):
        if tcvn3 == vni:
            return latin1, "latin-1"  # undecided: each column votes on its own (repair_column)
        encoding: LegacyEncoding = "tcvn3" if tcvn3 > vni else "vni"
        return _decode_words(latin1, encoding), encoding
    if cp1258 is None:
        raise UndecodableFile("not UTF-8, UTF-16 or Windows-1258 text")
    return cp1258, "windows-1258"
