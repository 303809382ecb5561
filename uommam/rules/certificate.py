"""Validity of the awareness-class certificate and of the other time-limited dossier documents.

Certificate: valid 60 months from the date of issue (Hướng dẫn 06-HD/TW, point 5.4; older guidance "5 years")
[C2], checked on the date of the cell's admission meeting. A period counted in months ends at the end of the
corresponding day of the last month, or of that month's last day (Bộ luật Dân sự 2015, Điều 147–148), so the
certificate is valid from the issue date through :func:`certificate_expires_on` inclusive. Worked example of
the guidance: issued 15/01/2020 → expires 15/01/2025 → a cell resolution of 03/02/2025 relying on it is
invalid.

Other documents (personal history, introductions, opinion summaries) have validity periods that are only
[U] → settings; callers should warn rather than block.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from .months import add_months
from .settings import RulesSettings, resolve

DocumentKind = Literal["personal_history", "introduction", "opinion_summary"]


def certificate_expires_on(issued_on: date, *, settings: RulesSettings | None = None) -> date:
    """The last day the certificate is valid: ``issued_on`` + 60 months, same day number, clamped."""
    return add_months(issued_on, resolve(settings).on(issued_on).certificate_validity_months)


def certificate_is_valid(issued_on: date, on: date, *, settings: RulesSettings | None = None) -> bool:
    """True from ``issued_on`` through :func:`certificate_expires_on` inclusive; false before issue."""
    return issued_on <= on <= certificate_expires_on(issued_on, settings=settings)


def document_validity_months(kind: DocumentKind, *, settings: RulesSettings | None = None) -> int:
    """How many months a dossier document stays usable ([U] defaults: 12 personal history, 6 others)."""
    s = resolve(settings)
    if kind == "personal_history":
        return s.personal_history_validity_months
    return s.introduction_validity_months


def document_expires_on(kind: DocumentKind, issued_on: date, *, settings: RulesSettings | None = None) -> date:
    """Last day a dossier document of ``kind`` dated ``issued_on`` is considered current (inclusive)."""
    return add_months(issued_on, document_validity_months(kind, settings=settings))


def document_is_current(
    kind: DocumentKind, issued_on: date, on: date, *, settings: RulesSettings | None = None
) -> bool:
    """True from ``issued_on`` through :func:`document_expires_on` inclusive. A warning, not a block."""
    return issued_on <= on <= document_expires_on(kind, issued_on, settings=settings)
