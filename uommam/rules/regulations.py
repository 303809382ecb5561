"""The regulation set in force on a date, and the citation of every rule under it.

The sets are reviewed data in ``data/regulation_sets.toml`` (read by :mod:`.loader`); this module holds their
types and the choice by date. Which set applies is decided by the date of the act being judged (the cell
meeting for age and certificate, the cell resolution for the decision deadline, …); the caller passes that
date, and the sets when a deployment added its own (``RulesSettings.regulation_sets``).

Dates before the first set get it with ``before_coverage=True``: the earlier texts (29-QĐ/TW of 2016) had
the same numbers, but the citations shown would be anachronistic, so callers should say so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Literal

from .citations import Citation, Confidence, RuleKey, document_title

CeremonyStart = Literal["decision_received", "decision_issued"]
"""The event the ceremony's working days count from: the cell *receiving* the decision (2021–2025) or the
decision's *issue* (one secondary source on 208-QĐ/TW)."""

NUMERIC_VALUES: tuple[str, ...] = (
    "admission_age_months",
    "higher_decision_above_months",
    "certificate_validity_months",
    "introducer_months_together",
    "decision_working_days",
    "decision_extension_working_days",
    "ceremony_working_days",
    "probation_months",
    "official_review_working_days",
    "official_decision_working_days",
)
"""Values a set states that are fields of the same name in ``RulesSettings``."""

TEXT_VALUES: tuple[str, ...] = ("ceremony_counted_from", "deciding_organ", "grassroots_cell_deciding_organ")
VALUE_NAMES: tuple[str, ...] = NUMERIC_VALUES + TEXT_VALUES
CEREMONY_STARTS: tuple[CeremonyStart, ...] = ("decision_received", "decision_issued")
UNVERIFIED = "chưa đối chiếu văn bản gốc"


@dataclass(frozen=True)
class SetValue:
    """One value of a set: the number or text, how sure it is, and whether it awaits the original text."""

    value: int | str
    confidence: Confidence
    provisional: bool = False
    note: str = ""


def _no_values() -> Mapping[str, SetValue]:
    return MappingProxyType({})


@dataclass(frozen=True)
class RegulationSet:
    """The documents in force for one period, their values, and the citation of each rule under them."""

    code: str
    valid_from: date
    valid_until: date | None  # last day in force, inclusive; None = still in force
    implementing: str
    implementing_issued_on: date
    guidance: str
    guidance_issued_on: date
    forms: str
    citations: Mapping[RuleKey, tuple[Citation, ...]] = field(compare=False, repr=False)
    before_coverage: bool = False  # the date asked for precedes every set this library knows
    values: Mapping[str, SetValue] = field(default_factory=_no_values, compare=False, repr=False)
    provisional: bool = False  # the set's texts were not checked against the originals
    note: str = ""

    def citations_for(self, rule: RuleKey) -> tuple[Citation, ...]:
        """All citations of ``rule``, the primary one first."""
        return self.citations[rule]

    def citation_for(self, rule: RuleKey) -> Citation:
        """The primary citation of ``rule``."""
        return self.citations[rule][0]

    def value(self, name: str) -> SetValue:
        """The set's value ``name`` (one of :data:`VALUE_NAMES`)."""
        return self.values[name]

    @property
    def ceremony_counted_from(self) -> CeremonyStart:
        start = self.values["ceremony_counted_from"].value if "ceremony_counted_from" in self.values else None
        return "decision_issued" if start == "decision_issued" else "decision_received"

    @property
    def title(self) -> str:
        """The set's documents in Vietnamese, e.g. ``"Quy định 24-QĐ/TW; Hướng dẫn 01-HD/TW; …"``."""
        return "; ".join(document_title(d) for d in (self.implementing, self.guidance, self.forms))

    @property
    def label(self) -> str:
        """:attr:`title`, followed by "— chưa đối chiếu văn bản gốc" when the set is provisional."""
        return f"{self.title} — {UNVERIFIED}" if self.provisional else self.title

    @property
    def basis(self) -> str:
        """What a computed deadline or document says it follows, e.g. ``"theo Quy định 294-QĐ/TW"``, or
        ``"theo Quy định 208-QĐ/TW — chưa đối chiếu văn bản gốc"`` for a provisional set."""
        text = f"theo {document_title(self.implementing)}"
        return f"{text} — {UNVERIFIED}" if self.provisional else text

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)


def _builtin_sets() -> tuple[RegulationSet, ...]:
    from .loader import builtin_sets  # the loader builds RegulationSet objects, so it imports this module

    return builtin_sets()


REGULATION_SETS: tuple[RegulationSet, ...] = _builtin_sets()
"""The sets shipped with the code, oldest first (``data/regulation_sets.toml``)."""


def regulation_set_for(on: date, sets: Sequence[RegulationSet] | None = None) -> RegulationSet:
    """The regulation set in force on ``on`` (the date of the act being judged) among ``sets`` (oldest
    first; default: the built-in sets).

    Before the first set the first is returned with ``before_coverage=True``.
    """
    known = sets if sets else REGULATION_SETS
    for regulation_set in known:
        if regulation_set.covers(on):
            return regulation_set
    return dataclasses.replace(known[0], before_coverage=True)


def citation_for(rule: RuleKey, *, on: date, sets: Sequence[RegulationSet] | None = None) -> Citation:
    """The primary citation of ``rule`` under the regulation set in force on ``on`` (among ``sets``, e.g. a
    deployment's ``RulesSettings.regulation_sets``; default: the built-in sets)."""
    return regulation_set_for(on, sets).citation_for(rule)


def citations_for(rule: RuleKey, *, on: date, sets: Sequence[RegulationSet] | None = None) -> tuple[Citation, ...]:
    """All citations of ``rule`` under the regulation set in force on ``on``, the primary one first."""
    return regulation_set_for(on, sets).citations_for(rule)
