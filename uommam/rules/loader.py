"""Reading the regulation sets from their declarative TOML files into :class:`RegulationSet` objects.

The built-in file (``data/regulation_sets.toml``) is reviewed data shipped with the code. A deployment may
add sets or override built-in ones with a file of the same shape: a ``[[set]]`` whose ``code`` is built in
changes only the keys it gives (e.g. only ``valid_from``, or one value); a new code starts from the set in
force before it (its values and citations, with the previous set's documents replaced by the new ones) and
must name its documents; ``withdrawn = true`` removes a set. Every set runs until the day before the next
one starts. Anything wrong raises :class:`RegulationSetError` naming the set and the key.

Pure Python (``tomllib``), no Django: the Django side passes the file's text and reports the error.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast, get_args

from .citations import Citation, Confidence, RuleKey
from .regulations import CEREMONY_STARTS, NUMERIC_VALUES, TEXT_VALUES, RegulationSet, SetValue

BUILTIN_PATH = Path(__file__).parent / "data" / "regulation_sets.toml"
_CONFIDENCES: tuple[Confidence, ...] = get_args(Confidence)
_RULES: tuple[RuleKey, ...] = get_args(RuleKey)
_SET_KEYS = {
    "code",
    "valid_from",
    "implementing",
    "implementing_issued_on",
    "guidance",
    "guidance_issued_on",
    "forms",
    "provisional",
    "note",
    "values",
    "citations",
    "withdrawn",
}
_DOCUMENT_KEYS = ("implementing", "implementing_issued_on", "guidance", "guidance_issued_on", "forms")

Raw = dict[str, Any]


class RegulationSetError(ValueError):
    """A regulation-set file that cannot be used; the message names the file's set and key."""


def parse_toml(text: str, *, source: str = "regulation sets") -> list[Raw]:
    """The ``[[set]]`` tables of a TOML text, unchecked."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegulationSetError(f"{source}: not valid TOML: {exc}") from exc
    unknown = sorted(set(data) - {"set"})
    if unknown:
        raise RegulationSetError(f"{source}: unknown top-level keys {unknown}; sets are written as [[set]] tables")
    sets = data.get("set", [])
    if not isinstance(sets, list) or not all(isinstance(s, dict) for s in sets):
        raise RegulationSetError(f"{source}: 'set' must be an array of tables ([[set]])")
    return cast(list[Raw], sets)


def merge(base: Sequence[Raw], overrides: Sequence[Raw], *, source: str = "regulation sets") -> list[Raw]:
    """``base`` with ``overrides`` applied (by code), new sets inheriting from the set in force before them,
    withdrawn sets removed, sorted by ``valid_from``."""
    by_code: dict[str, Raw] = {}
    for raw in base:
        by_code[_code(raw, source)] = _copy(raw)
    new_codes: list[str] = []
    for raw in overrides:
        code = _code(raw, source)
        if code in by_code and code not in new_codes:
            target = by_code[code]
            for key, value in raw.items():
                if key in ("values", "citations") and isinstance(value, dict):
                    target.setdefault(key, {}).update(value)
                else:
                    target[key] = value
        else:
            missing = [k for k in ("valid_from", *_DOCUMENT_KEYS) if k not in raw and not raw.get("withdrawn")]
            if missing:
                raise RegulationSetError(f"{source}: new set {code!r} lacks {', '.join(missing)}")
            by_code[code] = _copy(raw)
            new_codes.append(code)
    live = [r for r in by_code.values() if not r.get("withdrawn", False)]
    for raw in live:
        _check_date(raw, "valid_from", source)
    live.sort(key=lambda r: cast(date, r["valid_from"]))
    for earlier, later in zip(live, live[1:], strict=False):
        if earlier["valid_from"] == later["valid_from"]:
            raise RegulationSetError(
                f"{source}: sets {earlier['code']!r} and {later['code']!r} both start on {later['valid_from']}"
            )
    for index, raw in enumerate(live):
        if raw["code"] in new_codes and index > 0:
            _inherit(raw, live[index - 1])
    return live


def build(raws: Sequence[Raw], *, source: str = "regulation sets") -> tuple[RegulationSet, ...]:
    """Validated sets from merged raw tables (sorted by ``valid_from``); each runs until the next starts."""
    if not raws:
        raise RegulationSetError(f"{source}: no regulation set is left")
    built: list[RegulationSet] = []
    for index, raw in enumerate(raws):
        following = raws[index + 1]["valid_from"] if index + 1 < len(raws) else None
        valid_until = following - timedelta(days=1) if following is not None else None
        built.append(_build_one(raw, valid_until, source))
    return tuple(built)


def load_sets(extra_text: str | None = None, *, source: str = "regulation sets") -> tuple[RegulationSet, ...]:
    """The built-in sets, with a deployment's file (its text) applied when given."""
    base = parse_toml(BUILTIN_PATH.read_text(encoding="utf-8"), source=str(BUILTIN_PATH.name))
    overrides = parse_toml(extra_text, source=source) if extra_text is not None else []
    return build(merge(base, overrides, source=source), source=source)


@cache
def builtin_sets() -> tuple[RegulationSet, ...]:
    """The sets shipped with the code."""
    return load_sets()


def _copy(raw: Raw) -> Raw:
    copied = dict(raw)
    for key in ("values", "citations"):
        if isinstance(copied.get(key), dict):
            copied[key] = dict(copied[key])
    return copied


def _code(raw: Raw, source: str) -> str:
    code = raw.get("code")
    if not isinstance(code, str) or not code.strip():
        raise RegulationSetError(f"{source}: every [[set]] needs a non-empty text 'code'")
    return code


def _check_date(raw: Raw, key: str, source: str) -> date:
    value = raw.get(key)
    if not isinstance(value, date):
        raise RegulationSetError(
            f"{source}: set {raw.get('code')!r}: {key} must be a TOML date like 2026-07-26, not {value!r}"
        )
    return value


def _inherit(raw: Raw, previous: Raw) -> None:
    """Fill a new set's missing values and citations from the set before it; a citation of the previous
    set's implementing regulation or guidance now points to the new one, its point unverified ("U"), and is
    provisional when the new set is."""
    values = dict(previous.get("values", {}))
    values.update(raw.get("values", {}))
    raw["values"] = values
    renamed = {previous.get("implementing"): raw.get("implementing"), previous.get("guidance"): raw.get("guidance")}
    provisional = bool(raw.get("provisional", False))
    citations: dict[str, Any] = {}
    for rule, cited in previous.get("citations", {}).items():
        if isinstance(cited, list):
            citations[rule] = [
                {**c, "document": renamed[c.get("document")], "confidence": "U", "provisional": provisional}
                if isinstance(c, dict)
                and c.get("document") in renamed
                and renamed[c.get("document")] != c.get("document")
                else c
                for c in cited
            ]
    citations.update(raw.get("citations", {}))
    raw["citations"] = citations


def _text(raw: Raw, key: str, source: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RegulationSetError(f"{source}: set {raw['code']!r}: {key} must be a non-empty text")
    return value


def _build_one(raw: Raw, valid_until: date | None, source: str) -> RegulationSet:
    code = raw["code"]
    where = f"{source}: set {code!r}"
    unknown = sorted(set(raw) - _SET_KEYS)
    if unknown:
        raise RegulationSetError(f"{where}: unknown keys {unknown}")
    provisional = raw.get("provisional", False)
    if not isinstance(provisional, bool):
        raise RegulationSetError(f"{where}: provisional must be true or false")
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise RegulationSetError(f"{where}: note must be a text")
    return RegulationSet(
        code=code,
        valid_from=_check_date(raw, "valid_from", source),
        valid_until=valid_until,
        implementing=_text(raw, "implementing", source),
        implementing_issued_on=_check_date(raw, "implementing_issued_on", source),
        guidance=_text(raw, "guidance", source),
        guidance_issued_on=_check_date(raw, "guidance_issued_on", source),
        forms=_text(raw, "forms", source),
        citations=_citations(raw.get("citations"), where),
        values=_values(raw.get("values"), where),
        provisional=provisional,
        note=note,
    )


def _confidence(value: object, where: str) -> Confidence:
    if value not in _CONFIDENCES:
        raise RegulationSetError(f"{where}: confidence must be one of {list(_CONFIDENCES)}, not {value!r}")
    return value


def _values(raw: object, where: str) -> Mapping[str, SetValue]:
    if not isinstance(raw, dict):
        raise RegulationSetError(f"{where}: [set.values] is missing")
    unknown = sorted(set(raw) - set(NUMERIC_VALUES) - set(TEXT_VALUES))
    if unknown:
        raise RegulationSetError(f"{where}: unknown values {unknown}")
    values: dict[str, SetValue] = {}
    for name in (*NUMERIC_VALUES, *TEXT_VALUES):
        entry = raw.get(name)
        at = f"{where}: value {name}"
        if not isinstance(entry, dict):
            raise RegulationSetError(f'{at} is missing; write {name} = {{ value = …, confidence = "C2" }}')
        extra = sorted(set(entry) - {"value", "confidence", "provisional", "note"})
        if extra:
            raise RegulationSetError(f"{at}: unknown keys {extra}")
        value = entry.get("value")
        if name in NUMERIC_VALUES:
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise RegulationSetError(f"{at} must be a positive whole number, not {value!r}")
        elif name == "ceremony_counted_from":
            if value not in CEREMONY_STARTS:
                raise RegulationSetError(f"{at} must be one of {list(CEREMONY_STARTS)}, not {value!r}")
        elif not isinstance(value, str) or not value.strip():
            raise RegulationSetError(f"{at} must be a non-empty text")
        provisional = entry.get("provisional", False)
        note = entry.get("note", "")
        if not isinstance(provisional, bool) or not isinstance(note, str):
            raise RegulationSetError(f"{at}: provisional must be true/false and note a text")
        values[name] = SetValue(cast(int | str, value), _confidence(entry.get("confidence"), at), provisional, note)
    return MappingProxyType(values)


def _citations(raw: object, where: str) -> Mapping[RuleKey, tuple[Citation, ...]]:
    if not isinstance(raw, dict):
        raise RegulationSetError(f"{where}: [set.citations] is missing")
    unknown = sorted(set(raw) - set(_RULES))
    if unknown:
        raise RegulationSetError(f"{where}: citations of unknown rules {unknown}")
    table: dict[RuleKey, tuple[Citation, ...]] = {}
    for rule in _RULES:
        cited = raw.get(rule)
        at = f"{where}: citation of {rule}"
        if not isinstance(cited, list) or not cited:
            raise RegulationSetError(f"{at} is missing; every rule needs at least one citation")
        citations: list[Citation] = []
        for c in cited:
            if not isinstance(c, dict) or sorted(set(c) - {"document", "point", "confidence", "provisional"}):
                raise RegulationSetError(f"{at}: write {{ document = …, point = …, confidence = … }}")
            document, point = c.get("document"), c.get("point")
            if not (document is None or isinstance(document, str)) or not (point is None or isinstance(point, str)):
                raise RegulationSetError(f"{at}: document and point must be texts")
            provisional = c.get("provisional", False)
            if not isinstance(provisional, bool):
                raise RegulationSetError(f"{at}: provisional must be true or false")
            citations.append(Citation(document, point, _confidence(c.get("confidence"), at), provisional))
        table[rule] = tuple(citations)
    return MappingProxyType(table)
