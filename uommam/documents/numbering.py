"""Document numbers: "05-CV/CB", restarting at 01 per issuing unit, document type and committee term.

`allocate_number` locks the sequence row (SELECT … FOR UPDATE) so two users issuing at once get two
numbers; the first issue of a series creates the row, and a concurrent creator that loses the race
on the unique constraint simply retries against the row the winner made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from uommam.orgs.models import OrgUnit, UnitKind

from .models import DocumentSequence, Term

# Issuer codes by unit kind when the unit has none configured (domain.md §8).
DEFAULT_ISSUER_CODES: dict[str, str] = {
    UnitKind.CELL: "CB",
    UnitKind.GRASSROOTS_COMMITTEE: "ĐU",
    UnitKind.COMMUNE_COMMITTEE: "ĐU",
    UnitKind.DISTRICT_COMMITTEE: "HU",
    UnitKind.PROVINCIAL_COMMITTEE: "TU",
}


@dataclass(frozen=True)
class AllocatedNumber:
    number: int
    term_label: str
    text: str  # "05-CV/CB"


def issuer_code(unit: OrgUnit) -> str:
    return unit.document_code or DEFAULT_ISSUER_CODES.get(unit.kind, "")


def format_number(number: int, doc_type: str, issuer: str) -> str:
    """`format_number(5, "CV", "CB")` → "05-CV/CB" (two digits at least, as 36-HD/VPTW shows)."""
    symbol = f"{doc_type}/{issuer}" if issuer else doc_type
    return f"{number:02d}-{symbol}"


def allocate_number(*, unit: OrgUnit, doc_type: str, on: date) -> AllocatedNumber:
    """Take the next number of the unit's series for `doc_type` in the term covering `on`."""
    term_label = Term.label_for(unit, on)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                sequence, _created = DocumentSequence.objects.select_for_update().get_or_create(
                    unit=unit, doc_type=doc_type, term_label=term_label
                )
                sequence.last_number += 1
                sequence.save(update_fields=["last_number"])
                number = sequence.last_number
            break
        except IntegrityError:
            continue  # another transaction created the series first: lock its row instead
    else:  # pragma: no cover - three lost races in a row
        raise RuntimeError("Could not allocate a document number; try again.")
    return AllocatedNumber(
        number=number, term_label=term_label, text=format_number(number, doc_type, issuer_code(unit))
    )
