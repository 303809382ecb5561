"""Is a word a well-formed Vietnamese syllable? Used as *evidence* when guessing a text's encoding.

The check is phonotactic, not a dictionary: initial consonant + vowel nucleus (with its glides) + optional
final consonant, at most one tone, placed on the vowel that carries it ("kẹo" not "keọ"; both "hòa" and
"hoà" are accepted), and syllables ending in c/ch/p/t carry only the sắc or nặng tone. It accepts some
non-words and rejects loanwords and most ethnic-minority spellings ("Mnông"); that is fine for weighing
evidence, and it must never be used to reject a person's name.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["is_vietnamese_syllable"]

_TONES = {"\u0300", "\u0309", "\u0303", "\u0301", "\u0323"}
_STOP_TONES = {"\u0301", "\u0323"}  # sắc, nặng: the only tones allowed before a final c/ch/p/t

# Longest first, so that "ngh" is tried before "ng" and "g". "p" alone is left out on purpose: native words
# use "ph", and accepting "p" lets foreign words such as Danish "på" read as TCVN3 "pồ".
_INITIALS = (
    "ngh ng nh ch gh gi kh ph th tr qu b c d đ g h k l m n r s t v x".split(),
    [""],
)
_FINALS = ("ch", "ng", "nh", "c", "m", "n", "p", "t", "")

_SINGLE = dict.fromkeys("aăâeêioôơuưy", frozenset({0}))
# Nucleus → positions (0-based within the nucleus) where the tone may stand, without / with a final.
_OPEN: dict[str, frozenset[int]] = {
    **{v: s for v, s in _SINGLE.items() if v not in "ăâ"},
    **dict.fromkeys("ai ao au ay âu ây eo êu ia iu oi ôi ơi ui ưi ưu ưa ua".split(), frozenset({0})),
    **dict.fromkeys("oa oe uy".split(), frozenset({0, 1})),  # old "hòa" and new "hoà" styles
    **dict.fromkeys("uê uơ".split(), frozenset({1})),
    **dict.fromkeys("iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyu".split(), frozenset({1})),
}
_CLOSED: dict[str, frozenset[int]] = {
    **_SINGLE,  # "y" + final only after "qu" (quýt, quỳnh); checked in _rhyme_ok
    **dict.fromkeys("iê yê uô ươ oa oă oe uâ uê uy".split(), frozenset({1})),
    "oo": frozenset({0, 1}),
    "uyê": frozenset({2}),
}
# -nh and -ch follow only a front vowel or a (anh, oanh, ênh, inh, uynh; never "onh"), and front vowels
# never take -ng or -c ("ing" does not exist).
_PALATAL_NUCLEI = {"a", "ê", "i", "y", "oa", "uê", "uy"}
_FRONT_NUCLEI = {"ê", "i", "y", "uê", "uy"}


def _rhyme_ok(initial: str, rest: str, tone_at: int | None, tone: str | None) -> bool:
    offset = len(initial)
    for final in _FINALS:
        if not rest.endswith(final):
            continue
        nucleus = rest[: len(rest) - len(final)] if final else rest
        positions = (_CLOSED if final else _OPEN).get(nucleus)
        if positions is None or (nucleus == "y" and final and initial != "qu"):
            continue
        if tone_at is not None and tone_at - offset not in positions:
            continue
        if final in ("nh", "ch") and nucleus not in _PALATAL_NUCLEI:
            continue
        if final in ("ng", "c") and nucleus in _FRONT_NUCLEI:
            continue
        if final in ("c", "ch", "p", "t") and tone not in _STOP_TONES:
            continue
        if nucleus == "oo" and (final not in ("ng", "c") or tone not in (None, "\u0301")):
            continue  # only loanwords: xoong, boong, moóc
        return True
    return False


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(word: str) -> bool:
    """True when ``word`` (any case, NFC or NFD) has the shape of one Vietnamese syllable."""
    letters: list[str] = []
    tone: str | None = None
    tone_at: int | None = None
    for ch in unicodedata.normalize("NFC", word.lower()):
        parts = unicodedata.normalize("NFD", ch)
        marks = [m for m in parts if m in _TONES]
        if marks:
            if tone is not None or len(marks) > 1:
                return False
            tone, tone_at = marks[0], len(letters)
            ch = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONES))
        letters.append(ch)
    base = "".join(letters)
    if not base:
        return False
    for initial in (*_INITIALS[0], *_INITIALS[1]):
        if initial == "qu" and base[2:3] in ("o", "u"):
            continue  # "qu" already holds the u-glide: "quoác" is not a spelling of anything
        if base.startswith(initial) and _rhyme_ok(initial, base[len(initial) :], tone_at, tone):
            return True
    return False
