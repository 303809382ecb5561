"""What differs between the kinds of import, in one object per kind: where the file goes, the checks after
parsing, the commit and the undo. The services (``services.py``) run the same flow for every kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from uommam.orgs.models import OrgUnit
from uommam.training.models import AwarenessClass

from . import results, roster, students
from .errors import ImportRefused
from .issues import message
from .kinds import CLASS_ROSTER, SCHOOL_RESULTS, STUDENTS, KindSpec
from .matching import mark_duplicates, match_existing
from .models import ImportBatch, ImportKind
from .validate import Analysis

if TYPE_CHECKING:
    from uommam.accounts.models import User


@dataclass(frozen=True)
class Target:
    """Where a file goes. ``unit`` owns the batch and the remembered column mappings."""

    unit: OrgUnit
    school: OrgUnit | None = None
    school_year: str = ""
    awareness_class: AwarenessClass | None = None


class KindHandler:
    kind: str
    spec: KindSpec

    def target(self, *, school: OrgUnit | None, school_year: str, awareness_class: AwarenessClass | None) -> Target:
        if school is None:
            raise ImportRefused("school_required")
        return Target(unit=school, school=school)

    def check(self, analysis: Analysis, header_of: dict[str, str], target: Target) -> None:
        raise NotImplementedError

    def write(self, *, batch: ImportBatch, analysis: Analysis, actor: User) -> None:
        raise NotImplementedError

    def undo_blockers(self, batch: ImportBatch) -> str | None:
        raise NotImplementedError

    def undo(self, *, batch: ImportBatch, actor: User, note: str) -> None:
        raise NotImplementedError


class StudentList(KindHandler):
    kind, spec = ImportKind.STUDENTS, STUDENTS

    def check(self, analysis: Analysis, header_of: dict[str, str], target: Target) -> None:
        mark_duplicates(analysis.rows, header_of)
        match_existing(analysis.rows, target.school.pk, header_of)  # type: ignore[union-attr]  # a student list always targets a school

    def write(self, *, batch: ImportBatch, analysis: Analysis, actor: User) -> None:
        students.write(batch=batch, analysis=analysis, actor=actor)

    def undo_blockers(self, batch: ImportBatch) -> str | None:
        return students.undo_blockers(batch)

    def undo(self, *, batch: ImportBatch, actor: User, note: str) -> None:
        students.undo(batch=batch, actor=actor, note=note)


class SchoolResults(KindHandler):
    kind, spec = ImportKind.SCHOOL_RESULTS, SCHOOL_RESULTS

    def target(self, *, school: OrgUnit | None, school_year: str, awareness_class: AwarenessClass | None) -> Target:
        if school is None:
            raise ImportRefused("school_required")
        return Target(unit=school, school=school, school_year=results.clean_school_year(school_year))

    def check(self, analysis: Analysis, header_of: dict[str, str], target: Target) -> None:
        results.check_rows(analysis, header_of, target.school_year)
        mark_duplicates(analysis.rows, header_of)
        match_existing(
            analysis.rows, target.school.pk, header_of, missing_code="student_not_found",  # type: ignore[union-attr]  # results target a school
            matched_warning="matched_by_name_only",
        )  # fmt: skip
        results.plan(analysis, target.school_year)

    def write(self, *, batch: ImportBatch, analysis: Analysis, actor: User) -> None:
        results.write(batch=batch, analysis=analysis, actor=actor)

    def undo_blockers(self, batch: ImportBatch) -> str | None:
        changed = results.changed_since(batch)
        return message("undo_records_changed", count=changed) if changed else None

    def undo(self, *, batch: ImportBatch, actor: User, note: str) -> None:
        results.undo(batch=batch, actor=actor, note=note)


class ClassRoster(KindHandler):
    kind, spec = ImportKind.CLASS_ROSTER, CLASS_ROSTER

    def target(self, *, school: OrgUnit | None, school_year: str, awareness_class: AwarenessClass | None) -> Target:
        if awareness_class is None:
            raise ImportRefused("class_required")
        return Target(unit=awareness_class.organiser, awareness_class=awareness_class)

    def check(self, analysis: Analysis, header_of: dict[str, str], target: Target) -> None:
        awareness_class = target.awareness_class
        school_ids = roster.check_rows(analysis, header_of, awareness_class)  # type: ignore[arg-type]  # a roster targets a class
        mark_duplicates(analysis.rows, header_of)
        match_existing(
            analysis.rows, school_ids, header_of, missing_code="roster_student_not_found",
            matched_warning="matched_by_name_only",
        )  # fmt: skip
        roster.plan(analysis, header_of, awareness_class)  # type: ignore[arg-type]  # a roster targets a class

    def write(self, *, batch: ImportBatch, analysis: Analysis, actor: User) -> None:
        roster.write(batch=batch, analysis=analysis, actor=actor)

    def undo_blockers(self, batch: ImportBatch) -> str | None:
        return message("undo_roster")

    def undo(self, *, batch: ImportBatch, actor: User, note: str) -> None:  # pragma: no cover - blocked above
        raise ImportRefused("undo_blocked", message("undo_roster"))


HANDLERS: dict[str, KindHandler] = {h.kind: h for h in (StudentList(), SchoolResults(), ClassRoster())}


def handler_for(kind: str) -> KindHandler:
    """The handler of ``kind``; an unknown kind is refused clearly."""
    handler = HANDLERS.get(kind)
    if handler is None:
        raise ImportRefused("not_supported_yet")
    return handler
