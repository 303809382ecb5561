"""The regulation set in force on a date, and the citation of every rule under it.

The rules barely changed between versions, but the citations did. Which set applies is decided by the date
of the act being judged (the cell meeting for age and certificate, the cell resolution for the decision
deadline, …); the caller passes that date.

| Period                    | Implementing regulation     | Guidance                 | Forms        |
|---------------------------|-----------------------------|--------------------------|--------------|
| 30/07/2021 → 19/01/2025   | 24-QĐ/TW (30/7/2021)        | 01-HD/TW (28/9/2021)     | 12-HD/BTCTW  |
| 20/01/2025 → 30/06/2025   | 232-QĐ/TW (20/01/2025)      | 01-HD/TW                 | 12-HD/BTCTW  |
| from 01/07/2025           | 294-QĐ/TW (26/5/2025)       | 06-HD/TW (09/6/2025)     | 12-HD/BTCTW  |

Dates before 30/07/2021 get the 2021 set with ``before_coverage=True``: the earlier texts (29-QĐ/TW of 2016)
had the same numbers, but the citations shown would be anachronistic, so callers should say so.

Point numbers inside the implementing regulations (1.1.1, 1.1.2, 3.2.1, 4.1, 4.2, 4.3.1) are verified for
29-, 24- and 232-QĐ/TW; 294-QĐ/TW is assumed to keep the same numbering.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from .citations import Citation, RuleKey, document_title

FORMS = "12-HD/BTCTW"
CHARTER = "Điều lệ Đảng"
CIVIL_CODE = "Bộ luật Dân sự 2015"
LABOUR_CODE = "Bộ luật Lao động 2019"


@dataclass(frozen=True)
class RegulationSet:
    """The documents in force for one period, and the citation of each rule under them."""

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

    def citations_for(self, rule: RuleKey) -> tuple[Citation, ...]:
        """All citations of ``rule``, the primary one first."""
        return self.citations[rule]

    def citation_for(self, rule: RuleKey) -> Citation:
        """The primary citation of ``rule``."""
        return self.citations[rule][0]

    @property
    def title(self) -> str:
        """The set's documents in Vietnamese, e.g. ``"Quy định 24-QĐ/TW; Hướng dẫn 01-HD/TW; …"``."""
        return "; ".join(document_title(d) for d in (self.implementing, self.guidance, self.forms))

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)


def _seniority_guidance(guidance: str) -> tuple[Citation, ...]:
    # 01-HD/TW point 5.3 explains how seniority is counted; the matching point of 06-HD/TW is not verified.
    return (Citation(guidance, "5.3", "C2"),) if guidance == "01-HD/TW" else ()


def _citations(
    implementing: str, guidance: str, certificate_point: str | None
) -> Mapping[RuleKey, tuple[Citation, ...]]:
    """The rule → citation table for a set. Only the document numbers differ between periods."""
    q, g = implementing, guidance
    table: dict[RuleKey, tuple[Citation, ...]] = {
        "admission_age": (Citation(q, "1.1.1", "C2"), Citation(CHARTER, "Điều 1, khoản 2", "C2")),
        # "Tính theo tháng" is not defined anywhere; the month-level reading is ours.
        "age_counted_by_month": (Citation(q, "1.1.1", "U"),),
        "higher_decision_age": (Citation(q, "1.1.2", "C2"),),
        "certificate_validity": (Citation(g, certificate_point, "C2"),),
        "month_period_end": (Citation(CIVIL_CODE, "Điều 147–148", "C2"),),
        "personal_history_validity": (Citation(None, None, "U"),),
        "introduction_validity": (Citation(None, None, "U"),),
        "introducer_months_together": (Citation(q, "3.2.1", "C2"), Citation(CHARTER, "Điều 4", "C2")),
        "working_days": (Citation(LABOUR_CODE, "Điều 112", "C2"),),
        "decision_deadline": (Citation(q, "4.3.1", "C2"),),
        "decision_extension": (Citation(q, "4.3.1", "C2"),),
        "ceremony_deadline": (Citation(q, "4.1", "C2"),),
        "probation_period": (Citation(CHARTER, "Điều 5, khoản 1", "C2"),),
        "official_review_deadline": (Citation(q, "4.2", "C2"),),
        "official_as_of_probation_end": (Citation(q, "4.2", "C2"),),
        "official_decision_deadline": (Citation(q, "4.3.1", "C2"),),
        "seniority": (Citation(CHARTER, "Điều 5, khoản 4", "C2"), *_seniority_guidance(g)),
        # No central rule prescribes referral of students who leave school before 18 (good practice only).
        "referral": (Citation(None, None, "U"),),
        "forms": (Citation(FORMS, None, "C2"),),
        # The pass mark and minimum attendance of the awareness class are the political centres' practice
        # (essay marked on 10, "đạt" from 5); no central text was found, so both are settings.
        "class_result": (Citation(None, None, "U"),),
        # The order of the admission steps (vote → resolution → decision → ceremony → probation) is the
        # procedure of the implementing regulation, points 4.1–4.3; the plausibility bounds are ours.
        "record_dates": (Citation(q, "4.1", "C2"), Citation(q, "4.3.1", "C2")),
    }
    return MappingProxyType(table)


REGULATION_SETS: tuple[RegulationSet, ...] = (
    RegulationSet(
        code="2021",
        valid_from=date(2021, 7, 30),
        valid_until=date(2025, 1, 19),
        implementing="24-QĐ/TW",
        implementing_issued_on=date(2021, 7, 30),
        guidance="01-HD/TW",
        guidance_issued_on=date(2021, 9, 28),
        forms=FORMS,
        # The 2021 guidance says 5 years / 60 months; the exact point was not verified.
        citations=_citations("24-QĐ/TW", "01-HD/TW", None),
    ),
    RegulationSet(
        code="2025-01",
        valid_from=date(2025, 1, 20),
        valid_until=date(2025, 6, 30),
        implementing="232-QĐ/TW",
        implementing_issued_on=date(2025, 1, 20),
        guidance="01-HD/TW",
        guidance_issued_on=date(2021, 9, 28),
        forms=FORMS,
        citations=_citations("232-QĐ/TW", "01-HD/TW", None),
    ),
    RegulationSet(
        code="2025-07",
        valid_from=date(2025, 7, 1),
        valid_until=None,
        implementing="294-QĐ/TW",
        implementing_issued_on=date(2025, 5, 26),
        guidance="06-HD/TW",
        guidance_issued_on=date(2025, 6, 9),
        forms=FORMS,
        citations=_citations("294-QĐ/TW", "06-HD/TW", "5.4"),
    ),
)


def regulation_set_for(on: date) -> RegulationSet:
    """The regulation set in force on ``on`` (the date of the act being judged).

    Before the first known set (30/07/2021) the 2021 set is returned with ``before_coverage=True``.
    """
    for regulation_set in REGULATION_SETS:
        if regulation_set.covers(on):
            return regulation_set
    return dataclasses.replace(REGULATION_SETS[0], before_coverage=True)


def citation_for(rule: RuleKey, *, on: date) -> Citation:
    """The primary citation of ``rule`` under the regulation set in force on ``on``."""
    return regulation_set_for(on).citation_for(rule)


def citations_for(rule: RuleKey, *, on: date) -> tuple[Citation, ...]:
    """All citations of ``rule`` under the regulation set in force on ``on``, the primary one first."""
    return regulation_set_for(on).citations_for(rule)
