"""Who a row is: duplicates inside the file, and students already registered.

A row matches an existing student by citizen ID, else by national student ID, else by full name and date
of birth within the same school. One query per key, in chunks, whatever the file size.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import Any

from uommam.people.models import Person

from .issues import issue
from .validate import RowResult

CHUNK = 500


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _name_key(row: RowResult) -> tuple[str, Any] | None:
    dob = row.data.get("dob")
    search_key = row.data.get("search_key")
    return (search_key, dob) if search_key and dob else None


def mark_duplicates(rows: list[RowResult], header_of: dict[str, str]) -> None:
    """The second and later rows for the same student get an error naming the first row."""
    seen: dict[tuple[str, Any], int] = {}
    for row in rows:
        if not row.valid:
            continue
        keys: list[tuple[str, Any]] = []
        if row.data.get("citizen_id"):
            keys.append(("citizen_id", row.data["citizen_id"]))
        if row.data.get("moet_id"):
            keys.append(("moet_id", row.data["moet_id"]))
        name_key = _name_key(row)
        if name_key:
            keys.append(("name_dob", name_key))
        for kind, value in keys:
            first = seen.get((kind, value))
            if first is not None:
                # Same name and birthday with different citizen IDs are two people.
                if kind == "name_dob" and row.data.get("citizen_id") and seen.get(("cid_of", first)):
                    continue
                column = header_of.get(kind if kind != "name_dob" else "full_name", "")
                row.errors.append(issue(row.row, column, "duplicate_in_file", other=first, key=kind))
                break
        else:
            for kind, value in keys:
                seen[(kind, value)] = row.row
            if row.data.get("citizen_id"):
                seen[("cid_of", row.row)] = 1


def match_existing(
    rows: list[RowResult],
    school_id: int | Collection[int],
    header_of: dict[str, str],
    *,
    missing_code: str | None = None,
    matched_warning: str = "matched_by_name",
) -> None:
    """Set ``person_id`` and ``action`` on valid rows.

    A student list (``missing_code`` None) creates the unmatched rows and refuses a match at another
    school. Results and rosters only name registered students of ``school_id`` (one or several
    schools): an unmatched row, or one matched elsewhere, is an error with ``missing_code``.
    """
    allowed = {school_id} if isinstance(school_id, int) else set(school_id)
    candidates = [r for r in rows if r.valid]
    claimed: dict[int, int] = {}

    def attach(row: RowResult, person_id: int, person_school: int, kind: str) -> None:
        column = header_of.get(kind, "")
        if person_school not in allowed:
            code = missing_code or "exists_in_other_school"
            row.errors.append(issue(row.row, column, code, key=kind))
            return
        if person_id in claimed:
            row.errors.append(issue(row.row, column, "duplicate_in_file", other=claimed[person_id], key=kind))
            return
        claimed[person_id] = row.row
        row.person_id, row.action = person_id, "update"

    for kind in ("citizen_id", "moet_id"):
        pending = [r for r in candidates if r.person_id is None and r.valid and r.data.get(kind)]
        if not pending:
            continue
        found: dict[str, tuple[int, int]] = {}
        values = [r.data[kind] for r in pending]
        for chunk in _chunks(values):
            for value, pk, sid in Person.objects.filter(**{f"{kind}__in": chunk}).values_list(kind, "pk", "school_id"):
                # The same ID at two schools cannot happen for students; prefer the allowed one if it did.
                if value not in found or sid in allowed:
                    found[value] = (pk, sid)
        for row in pending:
            hit = found.get(row.data[kind])
            if hit:
                attach(row, hit[0], hit[1], kind)

    pending = [r for r in candidates if r.person_id is None and r.valid and _name_key(r)]
    if pending:
        by_name: dict[tuple[str, Any], list[tuple[int, str, int]]] = {}
        existing = Person.objects.filter(school_id__in=allowed).values_list(
            "pk", "search_key", "dob", "citizen_id", "school_id"
        )
        for pk, search_key, dob, citizen_id, sid in existing:
            by_name.setdefault((search_key, dob), []).append((pk, citizen_id, sid))
        for row in pending:
            hits = by_name.get(_name_key(row), [])  # type: ignore[arg-type]  # pending rows all have a name key
            cid = row.data.get("citizen_id")
            # A registered student with another citizen ID is someone else who shares name and birthday.
            hits = [h for h in hits if not (cid and h[1] and h[1] != cid)]
            if row.data.get("school_id"):
                hits = [h for h in hits if h[2] == row.data["school_id"]]
            if len(hits) == 1:
                attach(row, hits[0][0], hits[0][2], "name_dob")
                if row.person_id:
                    row.warnings.append(issue(row.row, header_of.get("full_name", ""), matched_warning))
            elif len(hits) > 1 and missing_code:
                row.errors.append(issue(row.row, header_of.get("full_name", ""), "matched_several"))
    if missing_code:
        for row in candidates:
            if row.person_id is None and row.valid:
                row.errors.append(issue(row.row, header_of.get("full_name", ""), missing_code))
