"""The 54 officially recognised ethnic groups of Vietnam, matched from the spellings found in spreadsheets."""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from importlib import resources

from uommam.vn.text import fold

__all__ = ["ETHNIC_GROUPS", "ethnicity_key", "match_ethnicity", "match_ethnic_subgroup"]

_NOISE = re.compile(r"[\s\-‐‑–'’ʼ`]+")
# "Dân tộc Kinh", "DT Tày": the word "ethnic group" is often typed in the cell itself.
_PREFIX = re.compile(r"^(?:dan toc|dt\.?)\s+")
_BRACKETS = re.compile(r"[(\[].*?[)\]]")
# A local group is named by its group and at most two more words: "Dao đỏ", "Dao Tiền", "Thái trắng",
# "Dao quần chẹt", "Mông Hoa". Longer tails are sentences, not names.
_SUBGROUP_MAX_EXTRA_WORDS = 2


def _load() -> list[tuple[str, str, tuple[str, ...]]]:
    source = resources.files("uommam.vn").joinpath("data/ethnic_groups.csv")
    with source.open(encoding="utf-8") as fh:
        return [
            (row["code"], row["name"], tuple(a for a in row["aliases"].split("|") if a)) for row in csv.DictReader(fh)
        ]


ETHNIC_GROUPS: list[tuple[str, str, tuple[str, ...]]] = _load()
"""(code "01".."54", official name, aliases) in code order, from ``data/ethnic_groups.csv``."""


def ethnicity_key(raw: str) -> str:
    """Matching key: no accents, lowercase, no spaces, hyphens or apostrophes ("H'Mông" → "hmong")."""
    return _NOISE.sub("", _PREFIX.sub("", fold(raw)))


@cache
def _index() -> dict[str, tuple[str, str]]:
    index: dict[str, tuple[str, str]] = {}
    for code, name, aliases in ETHNIC_GROUPS:
        for spelling in (name, *aliases):
            key = ethnicity_key(spelling)
            if index.get(key, (code, name))[0] != code:
                raise ValueError(f"ambiguous ethnic-group spelling {spelling!r}")
            index[key] = (code, name)
    return index


def match_ethnicity(raw: str | None) -> tuple[str, str] | None:
    """``(code, official name)`` for a spelling such as "kinh", "Tay", "H'Mông", "Mèo"; None if unknown."""
    if not raw:
        return None
    return _index().get(ethnicity_key(raw))


def match_ethnic_subgroup(raw: str | None) -> tuple[str, str] | None:
    """``(code, official name)`` of the group a local sub-group belongs to, None if ``raw`` names none.

    "Dao đỏ", "Dao Tiền" → Dao; "Thái trắng" → Thái; "Kinh (Việt)" → Kinh: the leading words (or the text
    outside brackets) name one of the 54 groups, and what follows is a qualifier that names no other group
    ("Kinh Tày" is two groups, not a sub-group, and gives None). Callers keep the written form as a note.
    """
    if not raw:
        return None
    outside = _BRACKETS.sub(" ", raw).strip()
    if outside and outside != raw.strip():
        found = match_ethnicity(outside)
        if found is not None:
            return found
    # The group's name must be written with its tones ("Tây Ban Nha" is not "Tày"), unless nothing is.
    toned = not outside.isascii()
    words = unicodedata.normalize("NFC", outside).lower().split()
    for cut in range(len(words) - 1, 0, -1):
        extra = words[cut:]
        if len(extra) > _SUBGROUP_MAX_EXTRA_WORDS:
            break
        head = " ".join(words[:cut])
        found = _toned_index().get(_NOISE.sub("", head)) if toned else _index().get(ethnicity_key(head))
        if found is None:
            continue
        if any(_index().get(ethnicity_key(" ".join(extra[i:]))) for i in range(len(extra))):
            return None
        return found
    return None


@cache
def _toned_index() -> dict[str, tuple[str, str]]:
    """Names and aliases, lowercase with their tones, without spaces, hyphens or apostrophes."""
    index: dict[str, tuple[str, str]] = {}
    for code, name, aliases in ETHNIC_GROUPS:
        for spelling in (name, *aliases):
            index.setdefault(_NOISE.sub("", unicodedata.normalize("NFC", spelling).lower()), (code, name))
    return index
