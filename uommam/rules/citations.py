"""Citations: the document and point each rule comes from, with the confidence of the rule.

The UI shows :attr:`Citation.text` next to a verdict ("why"), always in Vietnamese because the sources are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Confidence = Literal["C2", "C1", "U"]
"""[C2] two or more sources agree; [C1] one source; [U] inference, recollection, or sources disagree."""

RuleKey = Literal[
    "admission_age",
    "age_counted_by_month",
    "higher_decision_age",
    "certificate_validity",
    "month_period_end",
    "personal_history_validity",
    "introduction_validity",
    "introducer_months_together",
    "working_days",
    "decision_deadline",
    "decision_extension",
    "ceremony_deadline",
    "probation_period",
    "official_review_deadline",
    "official_as_of_probation_end",
    "official_decision_deadline",
    "seniority",
    "referral",
    "forms",
    "class_result",
    "record_dates",
    "admission_route",
]

_KINDS = ((re.compile(r"^\d+-QĐ/TW$"), "Quy định"), (re.compile(r"^\d+-HD/"), "Hướng dẫn"))


def document_title(document: str) -> str:
    """The document's name as written in Vietnamese: ``"06-HD/TW"`` → ``"Hướng dẫn 06-HD/TW"``.

    Documents that are not numbered Party acts (``"Điều lệ Đảng"``, ``"Bộ luật Dân sự 2015"``) are returned
    as given.
    """
    for pattern, kind in _KINDS:
        if pattern.match(document):
            return f"{kind} {document}"
    return document


@dataclass(frozen=True)
class Citation:
    """Where a rule comes from.

    ``document`` is a number such as ``"06-HD/TW"`` or a name such as ``"Điều lệ Đảng"``; ``None`` when no
    written source was found and the value is a configurable practice. ``point`` is the point within it:
    a numbered point (``"5.4"``, rendered "điểm 5.4") or an article (``"Điều 5, khoản 1"``, rendered as is);
    ``None`` when the point has not been verified. ``provisional``: the document itself was not checked
    against its original text.
    """

    document: str | None
    point: str | None
    confidence: Confidence
    provisional: bool = False  # the document is known from secondary sources only (the 2026 texts)

    @property
    def text(self) -> str:
        """Vietnamese citation, e.g. ``"Hướng dẫn 06-HD/TW, điểm 5.4"``, or ``"Quy định 208-QĐ/TW, điểm 4.1 —
        chưa đối chiếu văn bản gốc"`` when provisional."""
        if self.document is None:
            return "Chưa tìm thấy văn bản quy định (giá trị cấu hình)"
        title = document_title(self.document)
        if self.point is not None:
            point = f"điểm {self.point}" if self.point[:1].isdigit() else self.point
            title = f"{title}, {point}"
        return f"{title} — chưa đối chiếu văn bản gốc" if self.provisional else title

    def __str__(self) -> str:
        return self.text
