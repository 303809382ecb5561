"""Writes for awareness classes. Each service checks, saves and journals in one transaction;
stage changes of candidacies go through `pipeline.workflow.perform` and nothing else.

Bulk operations are all or nothing: every row is tried so the user sees every failing row's
reason at once, then the whole batch is rolled back if any row failed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uommam import rules
from uommam.audit.services import audit_record, diff, refuse_stale, snapshot
from uommam.core import integrity
from uommam.core.clock import Clock
from uommam.core.clock import system as system_clock
from uommam.core.errors import StaleEdit
from uommam.core.rules_config import rules_settings
from uommam.orgs import authority
from uommam.orgs.models import OrgUnit
from uommam.people.models import Person
from uommam.pipeline import workflow
from uommam.pipeline.models import Candidate
from uommam.pipeline.stages import EXIT_STAGES, Stage
from uommam.vn.dates import format_vn
from uommam.vn.numbers import format_decimal

from .models import Attendance, AwarenessClass, ClassSession, ClassStatus, Enrolment, EnrolmentResult

if TYPE_CHECKING:
    from uommam.accounts.models import User

# The five topics of the standard programme for people seeking admission (domain.md §1: 4–5 days,
# 5 topics, a graded essay). Data in the documents' language, not interface text.
DEFAULT_TOPICS = (
    "Chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh - nền tảng tư tưởng, kim chỉ nam cho hành động của Đảng",
    "Khái quát lịch sử Đảng Cộng sản Việt Nam",
    "Mục tiêu, con đường đi lên chủ nghĩa xã hội ở Việt Nam",
    "Những nội dung cơ bản của Điều lệ Đảng Cộng sản Việt Nam",
    "Phấn đấu trở thành đảng viên Đảng Cộng sản Việt Nam",
)


class TrainingError(Exception):
    """The operation was refused; `reasons` are translated sentences, `rows` maps an
    enrolment or candidate id to the reasons its row failed."""

    def __init__(self, reasons: list[str], rows: Mapping[int, list[str]] | None = None) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons
        self.rows = dict(rows or {})


# --- Classes --------------------------------------------------------------------------------


def _class_problems(awareness_class: AwarenessClass, today: date) -> list[str]:
    """Authority of the organiser and issuer over the class dates, and the integrity table."""
    reasons = []
    starts, ends = awareness_class.starts_on, awareness_class.ends_on
    if starts and ends:
        organiser_problem = authority.class_body_problem(
            awareness_class.organiser, starts, ends, act=_("an awareness class")
        )
        if organiser_problem:
            reasons.append(organiser_problem)
        issuer = awareness_class.certificate_issuer
        if issuer is not None and issuer.pk != awareness_class.organiser_id:
            issuer_problem = authority.class_body_problem(issuer, ends, ends, act=_("the class certificates"))
            if issuer_problem:
                reasons.append(issuer_problem)
    reasons.extend(r for r in integrity.refusals(awareness_class, today=today) if r not in reasons)
    return _unique(reasons)


def _unique(reasons: list[str]) -> list[str]:
    return list(dict.fromkeys(reasons))


def planned_sessions(starts: date, ends: date, count: int) -> list[date]:
    """One session a day from the first day, the last ones on the class's last day if it is short."""
    return [min(starts + timedelta(days=i), ends) for i in range(count)]


@transaction.atomic
def class_create(
    *, actor: User | None, data: Mapping[str, Any], topics: Iterable[str] = DEFAULT_TOPICS, clock: Clock | None = None
) -> AwarenessClass:
    """Create a class with one session per topic on consecutive days (clamped to the last day).

    Refuses (TrainingError) an organiser or issuer not alive over the class dates, and dates out of
    order or outside the plausible range."""
    clock = clock or system_clock()
    values = dict(data)
    values.setdefault("certificate_issuer", None)
    if values["certificate_issuer"] is None:
        values["certificate_issuer"] = values["organiser"]
    awareness_class = AwarenessClass(**values, created_by=_user(actor), updated_by=_user(actor))
    reasons = _class_problems(awareness_class, clock.today)
    if reasons:
        raise TrainingError(reasons)
    awareness_class.save()
    if clock.historical:
        awareness_class.created_at = awareness_class.updated_at = clock.now
        AwarenessClass.objects.filter(pk=awareness_class.pk).update(created_at=clock.now, updated_at=clock.now)
    topics = list(topics)
    days = planned_sessions(awareness_class.starts_on, awareness_class.ends_on, len(topics))
    ClassSession.objects.bulk_create(
        ClassSession(awareness_class=awareness_class, number=i, date=day, topic=topic)
        for i, (day, topic) in enumerate(zip(days, topics, strict=True), start=1)
    )
    audit_record(
        actor=actor,
        action="create",
        obj=awareness_class,
        unit=awareness_class.organiser,
        after=snapshot(awareness_class),
        at=clock.now if clock.historical else None,
    )
    return awareness_class


class SessionsOutsideDates(TrainingError):
    """The new dates leave sessions outside the class: the page asks before re-planning them."""


@transaction.atomic
def class_update(
    *,
    awareness_class: AwarenessClass,
    actor: User,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    replan_sessions: bool = False,
    today: date | None = None,
) -> AwarenessClass:
    """Change a class. New dates that leave sessions outside the class raise SessionsOutsideDates
    unless `replan_sessions` (the user confirmed): then the sessions move inside the new dates, one a
    day from the first day — refused when attendance was already recorded for a session that moves."""
    today = today or timezone.localdate()
    current = AwarenessClass.objects.select_for_update().get(pk=awareness_class.pk)
    refuse_stale(awareness_class, current, expected_version)
    enrolled = current.enrolments.count()
    if "capacity" in data and data["capacity"] < enrolled:
        raise TrainingError(
            [_("%(count)s students are already enrolled: the capacity cannot be lower.") % {"count": enrolled}]
        )
    before = snapshot(current)
    for name, value in data.items():
        setattr(current, name, value)
    reasons = _class_problems(current, today)
    if reasons:
        raise TrainingError(reasons)
    sessions = list(current.sessions.order_by("number"))
    outside = [s for s in sessions if not current.starts_on <= s.date <= current.ends_on]
    if outside:
        if not replan_sessions:
            raise SessionsOutsideDates(
                [
                    _(
                        "%(count)s session(s) fall outside the new dates %(start)s–%(end)s: confirm to re-plan "
                        "the sessions inside them."
                    )
                    % {"count": len(outside), "start": format_vn(current.starts_on), "end": format_vn(current.ends_on)}
                ]
            )
        days = planned_sessions(current.starts_on, current.ends_on, len(sessions))
        moving = [s for s, day in zip(sessions, days, strict=True) if s.date != day]
        if Attendance.objects.filter(session__in=moving).exists():
            raise TrainingError(
                [_("Attendance is already recorded for sessions that would move: the class dates cannot change.")]
            )
        for session, day in zip(sessions, days, strict=True):
            session.date = day
        ClassSession.objects.bulk_update(sessions, ["date"])
    current.updated_by = _user(actor)
    current.version += 1
    current.save()
    changes = diff(before, snapshot(current))
    if outside:
        changes["sessions"] = [None, ", ".join(format_vn(s.date) for s in sessions)]
    if changes:
        audit_record(actor=actor, action="update", obj=current, unit=current.organiser, changes=changes)
    return current


# --- Enrolment ------------------------------------------------------------------------------


@transaction.atomic
def enrol_bulk(
    *,
    awareness_class: AwarenessClass,
    actor: User,
    candidates: Iterable[Candidate] = (),
    persons: Iterable[Person] = (),
    enrolled_on: date | None = None,
    today: date | None = None,
) -> list[Enrolment]:
    """Enrol students from several schools at once; a sympathiser's candidacy moves to "in class".

    Persons with an open candidacy are enrolled through it. Refuses the whole batch (TrainingError)
    when the class is full or finished, or when any candidacy cannot move.
    """
    today = today or timezone.localdate()
    current = AwarenessClass.objects.select_for_update().get(pk=awareness_class.pk)
    # Without a date: today, or the class's first day when the roster is entered after it began.
    enrolled_on = enrolled_on or min(today, current.starts_on)
    if current.status == ClassStatus.FINISHED:
        raise TrainingError([_("The class has finished: no more students can be enrolled.")])
    if enrolled_on > today:
        raise TrainingError([_("The enrolment date %(date)s is in the future.") % {"date": format_vn(enrolled_on)}])
    if enrolled_on > current.ends_on:
        raise TrainingError(
            [
                _("The enrolment date %(date)s is after the class's last day (%(end)s).")
                % {"date": format_vn(enrolled_on), "end": format_vn(current.ends_on)}
            ]
        )
    if not rules.in_bounds(enrolled_on, "event", today, settings=rules_settings()):
        raise TrainingError([_("The enrolment date %(date)s is not plausible.") % {"date": format_vn(enrolled_on)}])

    wanted: dict[int, tuple[Person, Candidate | None]] = {}
    candidate: Candidate | None  # reused below for the rows without a candidacy
    for candidate in candidates:
        wanted[candidate.person_id] = (candidate.person, candidate)
    for person in persons:
        if person.pk not in wanted:
            open_candidacy = person.candidacies.exclude(stage__in=EXIT_STAGES).first()
            wanted[person.pk] = (person, open_candidacy)
    already = set(current.enrolments.filter(person_id__in=wanted).values_list("person_id", flat=True))
    new = {pk: pair for pk, pair in wanted.items() if pk not in already}
    if not new:
        raise TrainingError([_("Select at least one student who is not yet enrolled in this class.")])

    taken = current.enrolments.count()
    free = max(current.capacity - taken, 0)
    if len(new) > free:
        raise TrainingError(
            [
                _(
                    "The class holds %(capacity)s students and %(taken)s are enrolled: only %(free)s places are "
                    "left, but %(wanted)s students were selected."
                )
                % {"capacity": current.capacity, "taken": taken, "free": free, "wanted": len(new)}
            ]
        )

    errors: dict[int, list[str]] = {}
    created = []
    for person, candidate in sorted(new.values(), key=lambda pair: pair[0].sort_key):
        enrolment = Enrolment.objects.create(
            awareness_class=current,
            person=person,
            candidate=candidate,
            enrolled_on=enrolled_on,
            school_id=person.school_id,
            class_name=person.class_name,
            created_by=_user(actor),
            updated_by=_user(actor),
        )
        created.append(enrolment)
        audit_record(
            actor=actor,
            action="create",
            obj=enrolment,
            unit=current.organiser,
            after={"class": current.code, "person": person.pk, "candidate": candidate.pk if candidate else None},
        )
        # The enrolment row must exist first: it is what puts the candidacy inside a
        # political-centre officer's scope, which `perform` checks.
        if candidate is not None and candidate.stage == Stage.SYMPATHISER:
            reasons = _try(candidate, "enrol", actor, {"effective_on": enrolled_on}, today)
            if reasons:
                errors[candidate.pk] = reasons
    if errors:
        raise TrainingError(_row_summary(errors), errors)
    return created


# --- Attendance and results -----------------------------------------------------------------


def _changed_by_others(rows: Iterable[Any], seen_at: datetime | None, actor: User) -> list[Any]:
    """The rows someone other than `actor` saved after `seen_at` (the "page opened at" check)."""
    if seen_at is None:
        return []
    actor_pk = getattr(actor, "pk", None)
    return [
        row
        for row in rows
        if row.updated_at is not None
        and row.updated_at > seen_at
        and (row.updated_by_id is None or row.updated_by_id != actor_pk)
    ]


@transaction.atomic
def attendance_save(
    *,
    awareness_class: AwarenessClass,
    actor: User,
    present: set[tuple[int, int]],
    seen_at: datetime | None = None,
    today: date | None = None,
) -> int:
    """Record the attendance grid: `present` holds (enrolment id, session id) pairs; every other
    cell of the grid is absent. Returns how many cells changed.

    With `seen_at` (when the grid was opened), raises StaleEdit – saving nothing – if someone else
    saved any cell of this class's grid after that moment; `current` is the list of their cells."""
    today = today or timezone.localdate()
    # The class row serialises saves of its grid: the second waits, then sees the first's cells.
    current = AwarenessClass.objects.select_for_update().filter(pk=awareness_class.pk).first()
    if current is not None and current.status == ClassStatus.PLANNED:
        raise TrainingError(
            [
                _("The class is still planned (%(start)s–%(end)s): attendance is recorded once it runs.")
                % {"start": format_vn(current.starts_on), "end": format_vn(current.ends_on)}
            ]
        )
    enrolled_on = dict(awareness_class.enrolments.values_list("pk", "enrolled_on"))
    enrolment_ids = list(enrolled_on)
    session_dates = dict(awareness_class.sessions.values_list("pk", "date"))
    # Only sessions already held have an attendance; a tick for a later one is refused.
    session_ids = [pk for pk, day in session_dates.items() if day <= today]
    refused = []
    for enrolment_id, session_id in sorted(present):
        day = session_dates.get(session_id)
        if day is None or enrolment_id not in enrolled_on:
            continue
        if day > today:
            refused.append(
                _("The session of %(date)s is not held yet (today is %(today)s): its attendance cannot be recorded.")
                % {"date": format_vn(day), "today": format_vn(today)}
            )
        elif day < enrolled_on[enrolment_id]:
            refused.append(
                _("A student enrolled on %(enrolled)s cannot be present at the session of %(date)s.")
                % {"enrolled": format_vn(enrolled_on[enrolment_id]), "date": format_vn(day)}
            )
    if refused:
        raise TrainingError(_unique(refused))
    existing = {
        (a.enrolment_id, a.session_id): a
        for a in Attendance.objects.filter(enrolment_id__in=enrolment_ids).select_related(
            "enrolment__person", "session", "updated_by"
        )
    }
    others = _changed_by_others(existing.values(), seen_at, actor)
    if others:
        raise StaleEdit(others, {f"{a.enrolment_id}-{a.session_id}": [None, a.present] for a in others})
    now, user = timezone.now(), _user(actor)
    to_create, to_update = [], []
    for enrolment_id in enrolment_ids:
        for session_id in session_ids:
            is_present = (enrolment_id, session_id) in present
            row = existing.get((enrolment_id, session_id))
            if row is None:
                to_create.append(
                    Attendance(
                        enrolment_id=enrolment_id,
                        session_id=session_id,
                        present=is_present,
                        updated_at=now,
                        updated_by=user,
                    )
                )
            elif row.present != is_present:
                row.present, row.updated_at, row.updated_by = is_present, now, user
                to_update.append(row)
    Attendance.objects.bulk_create(to_create)
    Attendance.objects.bulk_update(to_update, ["present", "updated_at", "updated_by"])
    changed = len(to_create) + len(to_update)
    if changed:
        audit_record(
            actor=actor,
            action="update",
            obj=awareness_class,
            unit=awareness_class.organiser,
            changes={"attendance": [None, f"{len(present)}/{len(enrolment_ids) * len(session_ids)}"]},
            note="attendance",
        )
    return changed


@dataclass(frozen=True)
class ResultRow:
    essay_score: Decimal | None
    result: str


def attendance_counts(awareness_class: AwarenessClass, today: date) -> tuple[int, dict[int, int]]:
    """Sessions held by `today`, and per enrolment how many of them it attended (absent when unrecorded).

    A class with no attendance recorded at all (a roster entered from paper or imported, results only)
    counts 0 sessions held: its results follow the essay alone, and the results page says so."""
    if not Attendance.objects.filter(enrolment__awareness_class=awareness_class).exists():
        return 0, {}
    held = awareness_class.sessions.filter(date__lte=today).count()
    attended: dict[int, int] = {}
    rows = Attendance.objects.filter(
        enrolment__awareness_class=awareness_class, session__date__lte=today, present=True
    ).values_list("enrolment_id", flat=True)
    for enrolment_id in rows:
        attended[enrolment_id] = attended.get(enrolment_id, 0) + 1
    return held, attended


def _result_of(score: Decimal | None, attended: int, held: int) -> str | None:
    """The result the guidance gives; without recorded attendance (held = 0), from the essay alone."""
    if held == 0:
        return rules.class_result(score, 1, 1, settings=rules_settings())
    return rules.class_result(score, attended, held, settings=rules_settings())


def result_problem(enrolment: Enrolment, row: ResultRow, attended: int, held: int) -> str | None:
    """Why `row` cannot be the result of `enrolment`: the result follows from the essay and attendance."""
    settings = rules_settings()
    pass_mark = rules.class_pass_mark(settings)
    source = rules.citation_for(
        "class_result", on=enrolment.awareness_class.ends_on, sets=settings.regulation_sets
    ).text
    if row.result == EnrolmentResult.PASSED:
        if row.essay_score is not None and row.essay_score < pass_mark:
            return _("%(name)s: an essay scored %(score)s is below the pass mark %(mark)s (%(source)s).") % {
                "name": enrolment.person,
                "score": format_decimal(row.essay_score, 2),
                "mark": format_decimal(pass_mark, 1),
                "source": source,
            }
        if held and not rules.attendance_sufficient(attended, held, settings=settings):
            return _(
                "%(name)s attended %(attended)s of %(held)s sessions, less than the %(percent)s%% required "
                "to pass (%(source)s)."
            ) % {
                "name": enrolment.person,
                "attended": attended,
                "held": held,
                "percent": settings.class_min_attendance_percent,
                "source": source,
            }
    if (
        row.result == EnrolmentResult.FAILED
        and row.essay_score is not None
        and _result_of(row.essay_score, attended, held) == "passed"
    ):
        return _(
            "%(name)s: an essay scored %(score)s with %(attended)s of %(held)s sessions attended passes; "
            "the result cannot be “failed”."
        ) % {
            "name": enrolment.person,
            "score": format_decimal(row.essay_score, 2),
            "attended": attended,
            "held": held,
        }
    return None


def _results_open(awareness_class: AwarenessClass, today: date) -> None:
    """Results are recorded once the class runs and its last session is held."""
    last = awareness_class.sessions.order_by("-date").values_list("date", flat=True).first()
    if awareness_class.status == ClassStatus.PLANNED or last is None or last > today:
        raise TrainingError(
            [
                _("The class (%(start)s–%(end)s) has not held its last session yet: results are recorded after it.")
                % {"start": format_vn(awareness_class.starts_on), "end": format_vn(awareness_class.ends_on)}
            ]
        )


@transaction.atomic
def results_save(
    *,
    awareness_class: AwarenessClass,
    actor: User,
    rows: Mapping[int, ResultRow],
    today: date | None = None,
    seen_at: datetime | None = None,
) -> int:
    """Record essay scores and results. The result follows from the essay (the pass mark) and the
    attendance (the minimum share of sessions): a score alone sets it, a contradicting choice is
    refused. A failed candidacy goes back to the sympathiser list ("did not complete the class"). A
    row with a certificate can no longer change.

    With `seen_at` (when the results page was opened), raises StaleEdit – saving nothing – if
    someone else changed an enrolment of this class after that moment; `current` lists them."""
    today = today or timezone.localdate()
    _results_open(awareness_class, today)
    effective_on = min(awareness_class.ends_on, today)
    held, attended = attendance_counts(awareness_class, today)
    errors: dict[int, list[str]] = {}
    changed = 0
    enrolments = list(
        awareness_class.enrolments.select_for_update(of=("self",)).select_related("person", "candidate", "updated_by")
    )
    others = _changed_by_others(enrolments, seen_at, actor)
    if others:
        raise StaleEdit(others, {str(e.pk): [None, (e.essay_score, e.result)] for e in others})
    for enrolment in enrolments:
        row = rows.get(enrolment.pk)
        if row is None:
            continue
        if row.essay_score is not None and not (Decimal("0") <= row.essay_score <= Decimal("10")):
            errors[enrolment.pk] = [_("The essay score must be between 0 and 10.")]
            continue
        if row.result == EnrolmentResult.PENDING and row.essay_score is not None:
            # A score alone decides the result.
            computed = _result_of(row.essay_score, attended.get(enrolment.pk, 0), held)
            row = ResultRow(row.essay_score, computed or EnrolmentResult.PENDING)
        problem = result_problem(enrolment, row, attended.get(enrolment.pk, 0), held)
        if problem:
            errors[enrolment.pk] = [problem]
            continue
        if enrolment.essay_score == row.essay_score and enrolment.result == row.result:
            continue
        if enrolment.has_certificate:
            errors[enrolment.pk] = [
                _("%(name)s already holds certificate %(number)s: the result can no longer change.")
                % {"name": enrolment.person, "number": enrolment.certificate_number}
            ]
            continue
        before = snapshot(enrolment, ["essay_score", "result"])
        enrolment.essay_score = row.essay_score
        enrolment.result = row.result
        enrolment.updated_by = _user(actor)
        enrolment.version += 1
        enrolment.save()
        changed += 1
        audit_record(
            actor=actor,
            action="update",
            obj=enrolment,
            unit=awareness_class.organiser,
            before=before,
            after=snapshot(enrolment, ["essay_score", "result"]),
        )
        candidate = enrolment.candidate
        if row.result == EnrolmentResult.FAILED and candidate is not None and candidate.stage == Stage.IN_CLASS:
            reasons = _try(candidate, "fail_class", actor, {"effective_on": effective_on}, today)
            if reasons:
                errors[enrolment.pk] = reasons
    if errors:
        raise TrainingError(_row_summary(errors), errors)
    return changed


@transaction.atomic
def results_pass_attended(*, awareness_class: AwarenessClass, actor: User, today: date | None = None) -> int:
    """ "All who attended passed": every pending student with enough attendance passes — except one whose
    essay is below the pass mark, who fails. Returns how many results were set."""
    today = today or timezone.localdate()
    _results_open(awareness_class, today)
    held, attended = attendance_counts(awareness_class, today)
    pass_mark = rules.class_pass_mark(rules_settings())
    rows = {}
    for enrolment in awareness_class.enrolments.filter(result=EnrolmentResult.PENDING, certificate_number=""):
        if held and not rules.attendance_sufficient(attended.get(enrolment.pk, 0), held, settings=rules_settings()):
            continue
        below = enrolment.essay_score is not None and enrolment.essay_score < pass_mark
        result = EnrolmentResult.FAILED if below else EnrolmentResult.PASSED
        rows[enrolment.pk] = ResultRow(enrolment.essay_score, result)
    if not rows:
        return 0
    return results_save(awareness_class=awareness_class, actor=actor, rows=rows, today=today)


# --- Certificates ---------------------------------------------------------------------------


def awaiting_certificate(awareness_class: AwarenessClass) -> list[Enrolment]:
    """Passed enrolments without a certificate, in the roster's (Vietnamese) order."""
    return list(
        awareness_class.enrolments.filter(result=EnrolmentResult.PASSED, certificate_number="")
        .select_related("person", "candidate", "school")
        .order_by("person__sort_key", "pk")
    )


def proposed_numbers(awareness_class: AwarenessClass, *, prefix: str, start: int) -> dict[int, str]:
    """ "<prefix>/<seq>" for each awaiting enrolment, seq zero-padded to three digits."""
    return {
        enrolment.pk: f"{prefix}/{seq:03d}"
        for seq, enrolment in enumerate(awaiting_certificate(awareness_class), start=start)
    }


@transaction.atomic
def certificates_issue(
    *,
    awareness_class: AwarenessClass,
    actor: User,
    issued_on: date,
    issuer: OrgUnit,
    numbers: Mapping[int, str],
    today: date | None = None,
) -> list[Enrolment]:
    """Issue the certificates of every passed student still without one, in one transaction.

    `numbers` maps enrolment id → certificate number. Each candidacy moves to "certified" through
    the workflow (which checks the date). If any row fails, nothing is issued and TrainingError
    carries every failing row's reasons.
    """
    today = today or timezone.localdate()
    AwarenessClass.objects.select_for_update().filter(pk=awareness_class.pk).first()
    targets = awaiting_certificate(awareness_class)
    if not targets:
        raise TrainingError([_("No student who passed is waiting for a certificate.")])
    reasons = []
    if issued_on < awareness_class.ends_on:
        reasons.append(
            _("The certificate date %(date)s is before the class's last day (%(end)s).")
            % {"date": format_vn(issued_on), "end": format_vn(awareness_class.ends_on)}
        )
    if issued_on > today:
        reasons.append(_("The certificate date %(date)s is in the future.") % {"date": format_vn(issued_on)})
    last_enrolled = max(e.enrolled_on for e in targets)
    if issued_on < last_enrolled:
        reasons.append(
            _("The certificate date %(date)s is before an enrolment of %(enrolled)s.")
            % {"date": format_vn(issued_on), "enrolled": format_vn(last_enrolled)}
        )
    issuer_problem = authority.class_body_problem(issuer, issued_on, issued_on, act=_("the class certificates"))
    if issuer_problem:
        reasons.append(issuer_problem)
    if reasons:
        raise TrainingError(reasons)
    errors: dict[int, list[str]] = {}
    cleaned = {e.pk: (numbers.get(e.pk) or "").strip() for e in targets}
    seen: dict[str, int] = {}
    for enrolment in targets:
        number = cleaned[enrolment.pk]
        if not number:
            errors[enrolment.pk] = [_("Enter the certificate number.")]
        elif number in seen:
            errors[enrolment.pk] = [_("Number %(number)s is given twice.") % {"number": number}]
        seen.setdefault(number, enrolment.pk)
    used = set(
        Enrolment.objects.filter(
            awareness_class__certificate_issuer=issuer, certificate_number__in=[n for n in cleaned.values() if n]
        ).values_list("certificate_number", flat=True)
    )
    for enrolment in targets:
        if cleaned[enrolment.pk] in used:
            errors.setdefault(enrolment.pk, []).append(
                _("Number %(number)s was already issued by %(issuer)s.")
                % {"number": cleaned[enrolment.pk], "issuer": issuer}
            )
    if errors:
        raise TrainingError(_row_summary(errors), errors)

    for enrolment in targets:
        enrolment.certificate_number = cleaned[enrolment.pk]
        enrolment.certificate_issued_on = issued_on
        enrolment.updated_by = _user(actor)
        enrolment.version += 1
        enrolment.save()
        audit_record(
            actor=actor,
            action="update",
            obj=enrolment,
            unit=awareness_class.organiser,
            changes={
                "certificate_number": ["", enrolment.certificate_number],
                "certificate_issued_on": [None, issued_on],
                "certificate_issuer": [None, issuer.pk],
            },
            note="certificate",
        )
        if enrolment.candidate is not None:
            data = {
                "certificate_number": enrolment.certificate_number,
                "certificate_issued_on": issued_on,
                "certificate_issuer": issuer,
            }
            reasons = _try(enrolment.candidate, "certify", actor, data, today)
            if reasons:
                errors[enrolment.pk] = reasons
    if errors:
        raise TrainingError(_row_summary(errors), errors)
    return targets


# --- Helpers ----------------------------------------------------------------------------------


def _user(actor: User | None) -> User | None:
    return actor if getattr(actor, "is_authenticated", False) else None


def _try(candidate: Candidate, name: str, actor: User, data: Mapping[str, Any], today: date) -> list[str]:
    """Run one workflow step; its failure becomes the row's reasons instead of aborting the batch."""
    try:
        workflow.perform(candidate, name, actor=actor, data=data, today=today)
    except workflow.TransitionError as exc:
        return [f"{candidate.person}: {reason}" for reason in exc.reasons]
    except PermissionError:
        return [
            _("%(name)s: you may not record “%(step)s” for this candidacy.")
            % {"name": candidate.person, "step": workflow.BY_NAME[name].label}
        ]
    return []


def _row_summary(errors: Mapping[int, list[str]]) -> list[str]:
    return [
        _("%(count)s row(s) could not be processed; nothing was saved. Correct them and try again.")
        % {"count": len(errors)}
    ]
