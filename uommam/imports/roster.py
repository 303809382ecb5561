"""Awareness-class rosters (danh sách học viên): checks, and the commit through the training services.

Rows name registered students of the schools the class draws from (the area the organiser serves). The
commit enrols the new ones (``enrol_bulk`` moves their candidacies through the workflow), then records
scores and results (``results_save``) and certificates (``certificates_issue``) — one transaction.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from django.utils import timezone

from uommam.audit.models import AuditAction
from uommam.audit.services import audit_record
from uommam.orgs.models import OrgUnit, UnitKind
from uommam.orgs.tree import path_q
from uommam.people.models import Person
from uommam.training import services as training
from uommam.training.models import AwarenessClass, ClassStatus, Enrolment, EnrolmentResult
from uommam.vn.dates import format_vn

from .columns import normalise_header
from .errors import ImportRefused
from .issues import issue
from .models import ImportBatch, ImportStatus
from .validate import Analysis

if TYPE_CHECKING:
    from uommam.accounts.models import User


def roster_schools(awareness_class: AwarenessClass) -> QuerySet[OrgUnit]:
    """The schools a class enrols from: those of the area its organiser serves (its parent's subtree)."""
    organiser = awareness_class.organiser
    area = organiser.parent if organiser.parent is not None else organiser
    return OrgUnit.objects.filter(path_q("path", area), kind=UnitKind.SCHOOL)


def _school_index(schools: QuerySet[OrgUnit]) -> dict[str, int]:
    index: dict[str, int] = {}
    for pk, code, name, short in schools.values_list("pk", "code", "name", "short_name"):
        for text in (code, name, short):
            if text:
                index.setdefault(normalise_header(text), pk)
    return index


def check_rows(analysis: Analysis, header_of: dict[str, str], awareness_class: AwarenessClass) -> list[int]:
    """Resolve the school column; check certificate columns. Returns the ids of the class's schools."""
    schools = roster_schools(awareness_class)
    index = _school_index(schools)
    first_date: tuple[date, int] | None = None
    for row in analysis.rows:
        d = row.data
        school = d.pop("school", None)
        if school:
            key = normalise_header(school)
            found = index.get(key) or index.get(normalise_header(f"THPT {school}"))
            if found is None:
                row.errors.append(issue(row.row, header_of["school"], "school_unknown", value=school))
            else:
                d["school_id"] = found
        number, issued = d.get("certificate_number") or "", d.get("certificate_date")
        if number and issued is None and "certificate_date" not in _errored(row, header_of):
            row.errors.append(issue(row.row, header_of.get("certificate_date", ""), "certificate_date_missing"))
        if issued is not None and not number:
            row.errors.append(issue(row.row, header_of.get("certificate_number", ""), "certificate_number_missing"))
        if number and issued is not None:
            if first_date is None:
                first_date = (issued, row.row)
            elif issued != first_date[0]:
                row.errors.append(
                    issue(
                        row.row,
                        header_of["certificate_date"],
                        "certificate_dates_differ",
                        value=format_vn(issued),
                        first=format_vn(first_date[0]),
                        other=first_date[1],
                    )
                )
        if number and d.get("result") == EnrolmentResult.FAILED:
            row.errors.append(issue(row.row, header_of["certificate_number"], "certificate_not_passed"))
    return list(schools.values_list("pk", flat=True))


def _errored(row: Any, header_of: dict[str, str]) -> set[str]:
    headers = {e["column"] for e in row.errors}
    return {k for k, h in header_of.items() if h in headers}


def plan(analysis: Analysis, header_of: dict[str, str], awareness_class: AwarenessClass) -> None:
    """New enrolment or change of an existing one; refusals the services would give, shown at preview."""
    line = analysis.layout.header_row + 1 if analysis.layout else 0
    if awareness_class.status == ClassStatus.FINISHED:
        analysis.file_errors.append(issue(line, "", "class_finished"))
    rows = [r for r in analysis.rows if r.valid and r.person_id]
    enrolled = {
        e.person_id: e
        for e in Enrolment.objects.filter(awareness_class=awareness_class, person_id__in=[r.person_id for r in rows])
    }
    for row in rows:
        d = row.data
        enrolment = enrolled.get(cast(int, row.person_id))  # kept above: rows with a person
        row.action = "create" if enrolment is None else "update"
        result = d.get("result") or (enrolment.result if enrolment else EnrolmentResult.PENDING)
        number = d.get("certificate_number") or ""
        if enrolment is not None and enrolment.has_certificate:
            score = d.get("essay_score")
            changes_result = (d.get("result") and d["result"] != enrolment.result) or (
                score is not None and score != enrolment.essay_score
            )
            if (number and number != enrolment.certificate_number) or changes_result:
                column = (
                    header_of.get("certificate_number") or header_of.get("result") or header_of.get("essay_score", "")
                )
                row.errors.append(issue(row.row, column, "already_certified", number=enrolment.certificate_number))
            else:
                row.action = "unchanged" if not number or number == enrolment.certificate_number else row.action
            continue
        if number and result != EnrolmentResult.PASSED:
            row.errors.append(issue(row.row, header_of["certificate_number"], "certificate_not_passed"))
    new = sum(1 for r in rows if r.valid and r.action == "create")
    taken = awareness_class.enrolments.count()
    if new > awareness_class.capacity - taken:
        free = max(awareness_class.capacity - taken, 0)
        analysis.file_errors.append(
            issue(line, "", "class_full", capacity=awareness_class.capacity, free=free, wanted=new)
        )


def write(*, batch: ImportBatch, analysis: Analysis, actor: User) -> None:
    """Inside the caller's transaction: enrol, record results, issue certificates; refuse all on any failure."""
    awareness_class = batch.awareness_class
    assert awareness_class is not None  # a roster import is always for one class
    # Matching gives every valid roster row a person (or an error): see matching.match_existing.
    by_person = {cast(int, r.person_id): r for r in analysis.valid_rows}
    # Which file row a failure belongs to: the services key their reasons by enrolment or candidacy id.
    row_of: dict[int, int] = {}
    new_ids = [pid for pid, r in by_person.items() if r.action == "create"]
    created: list[Enrolment] = []
    changed: set[int] = set()
    try:
        if new_ids:
            people = Person.objects.filter(pk__in=new_ids)
            for candidate_pk, person_pk in people.values_list("candidacies__pk", "pk"):
                if candidate_pk:
                    row_of[candidate_pk] = by_person[person_pk].row
            created = training.enrol_bulk(awareness_class=awareness_class, actor=actor, persons=people)
        enrolments = {
            e.person_id: e for e in Enrolment.objects.filter(awareness_class=awareness_class, person_id__in=by_person)
        }
        row_of = {e.pk: by_person[pid].row for pid, e in enrolments.items()}
        results: dict[int, training.ResultRow] = {}
        for pid, row in by_person.items():
            e = enrolments[pid]
            score, result = row.data.get("essay_score"), row.data.get("result")
            if (score is None and not result) or e.has_certificate:
                continue
            wanted = training.ResultRow(
                essay_score=e.essay_score if score is None else score, result=result or e.result
            )
            if (wanted.essay_score, wanted.result) != (e.essay_score, e.result):
                results[e.pk] = wanted
        if results:
            training.results_save(awareness_class=awareness_class, actor=actor, rows=results)
            changed |= set(results)
        numbers = {
            enrolments[pid].pk: row.data["certificate_number"]
            for pid, row in by_person.items()
            if row.data.get("certificate_number") and not enrolments[pid].has_certificate
        }
        if numbers:
            issued_on = next(r.data["certificate_date"] for r in by_person.values() if r.data.get("certificate_number"))
            training.certificates_issue(
                awareness_class=awareness_class,
                actor=actor,
                issued_on=issued_on,
                issuer=awareness_class.certificate_issuer,
                numbers=numbers,
            )
            changed |= set(numbers)
    except training.TrainingError as exc:
        details = [
            (f"dòng {row_of[pk]}: " if pk in row_of else "") + "; ".join(reasons) for pk, reasons in exc.rows.items()
        ]
        raise ImportRefused("roster_refused", " — ".join([*exc.reasons, *details])) from exc
    created_pks = {e.pk for e in created}
    batch.status = ImportStatus.COMMITTED
    batch.committed_at = timezone.now()
    batch.created = len(created_pks)
    batch.updated = len(changed - created_pks)
    batch.created_ids = sorted(created_pks)
    batch.updated_rows = [{"id": pk} for pk in sorted(changed - created_pks)]
    batch.save()
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        obj=batch,
        unit=awareness_class.organiser,
        changes={
            "created": batch.created, "updated": batch.updated, "sha256": batch.file_sha256, "class": awareness_class.code,
        },
        note=batch.file_name,
    )  # fmt: skip
