"""The 54 officially recognised ethnic groups of Vietnam, matched from the spellings found in spreadsheets."""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

from uommam.vn.text import fold

__all__ = ["ETHNIC_GROUPS", "ethnicity_key", "match_ethnicity"]

_NOISE = re.compile(r"[\s\-‐‑–'’ʼ`]+")
# "Dân tộc Kinh", "DT Tày": the word "ethnic group" is often typed in the cell itself.
_PREFIX = re.compile(r"^(?:dan toc|dt\.?)\s+")


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
