"""The Vietnamese school year, labelled "2025-2026", running from September to August.

The Ministry of Education's yearly calendar opens the school year on 5 September (students come back
in late August to prepare) and closes it by the end of May; the summer belongs to the year that is
ending. One definition serves the whole product: nominations, imports, records and reports.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

FIRST_MONTH = 9
_LABEL = re.compile(r"^(\d{4})\s*[-–/]\s*(\d{4})$")


def school_year_start(on: date) -> int:
    """The calendar year in which the school year containing `on` began: 31/08/2025 → 2024."""
    return on.year if on.month >= FIRST_MONTH else on.year - 1


def school_year_label(start: int) -> str:
    return f"{start}-{start + 1}"


def school_year_of(on: date) -> str:
    """ "2025-2026" for any date from 01/09/2025 to 31/08/2026."""
    return school_year_label(school_year_start(on))


def parse_school_year(label: str) -> int:
    """The start year of "2025-2026" (also "2025 – 2026", "2025/2026"); ValueError for anything else."""
    match = _LABEL.match((label or "").strip())
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise ValueError(f"not a school year: {label!r}")
    return int(match.group(1))


def school_year_bounds(label: str) -> tuple[date, date]:
    """First and last day of a school year: "2024-2025" → (01/09/2024, 31/08/2025)."""
    start = parse_school_year(label)
    return date(start, FIRST_MONTH, 1), date(start + 1, FIRST_MONTH, 1) - timedelta(days=1)
