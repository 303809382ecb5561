"""What each kind of import reads: its columns, the ones it cannot do without, and how headers are guessed.

Student lists create and update people; school results and class rosters only *identify* students
already registered (name, date of birth, citizen ID, national student ID, class) and carry their own
columns on top.
"""

from __future__ import annotations

import re
from typing import Any

from .columns import (
    STUDENT_COLUMNS,
    CitizenId,
    ClassName,
    Column,
    DateOfBirth,
    FamilyMiddleName,
    FamilyName,
    FullName,
    GivenName,
    MiddleName,
    MoetId,
    Parsed,
    guess_field,
    synonym_index,
)
from .columns_results import RESULT_COLUMNS
from .columns_roster import ROSTER_COLUMNS
from .models import ImportKind


class OptionalDateOfBirth(DateOfBirth):
    """When a citizen ID or national student ID identifies the student, the date of birth may be blank."""

    required = False

    def parse(self, raw: Any) -> Parsed:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None, []
        return super().parse(raw)


IDENTITY_COLUMNS: tuple[type[Column], ...] = (
    FullName, FamilyMiddleName, FamilyName, MiddleName, GivenName, OptionalDateOfBirth, CitizenId, MoetId, ClassName,
)  # fmt: skip
IDENTITY_KEYS = ("citizen_id", "moet_id", "dob")
_TERM = re.compile(r"\b(?:hoc ky|hoc ki|hk ?(?:i+|[12])|ky ?(?:i+|[12]))\b")


class KindSpec:
    def __init__(
        self,
        kind: str,
        columns: tuple[type[Column], ...],
        required: tuple[str, ...],
        *,
        identify_only: bool,
        extra: tuple[type[Column], ...] = (),
    ) -> None:
        self.kind = kind
        self.columns = columns
        self.required = required
        self.identify_only = identify_only  # rows name existing students; nothing about the person is written
        self.extra_keys = tuple(c.key for c in extra)
        self.by_key: dict[str, type[Column]] = {c.key: c for c in columns}
        self.synonyms = synonym_index(columns)

    def guess(self, header: str, parent: str = "") -> str | None:
        key = guess_field(header, parent, self.synonyms)
        # School software prints the results of each term and of the whole year: only the year counts.
        if key in ("academic_result", "conduct") and _TERM.search(parent):
            return None
        return key

    @property
    def choices(self) -> list[tuple[str, Any]]:
        return [(c.key, c.label) for c in self.columns]


# The ethnic group is optional: a list without it imports with a warning (the dossier asks for it later).
STUDENTS = KindSpec(ImportKind.STUDENTS, STUDENT_COLUMNS, ("dob", "sex"), identify_only=False)
SCHOOL_RESULTS = KindSpec(
    ImportKind.SCHOOL_RESULTS,
    IDENTITY_COLUMNS + RESULT_COLUMNS,
    ("academic_result", "conduct"),
    identify_only=True,
    extra=RESULT_COLUMNS,
)
CLASS_ROSTER = KindSpec(
    ImportKind.CLASS_ROSTER, IDENTITY_COLUMNS + ROSTER_COLUMNS, (), identify_only=True, extra=ROSTER_COLUMNS
)
SPECS = {spec.kind: spec for spec in (STUDENTS, SCHOOL_RESULTS, CLASS_ROSTER)}


def spec_for(kind: str) -> KindSpec:
    return SPECS.get(kind, STUDENTS)
