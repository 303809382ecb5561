"""Writes to candidacies other than stage changes (those are `workflow.perform`).

Each service checks, saves, writes the timeline event and the audit entry in one transaction.
Callers have already checked that the actor may change the candidacy (views use
`selectors.get_candidate_for`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uommam.audit.services import audit_record, snapshot
from uommam.core import integrity
from uommam.core.integrity import RecordRefused
from uommam.core.locking import check_unchanged_since
from uommam.orgs.models import OrgUnit
from uommam.people.models import PartyMember, Person
from uommam.vn.dates import format_vn
from uommam.vn.school_year import school_year_of

from .models import (
    Candidate,
    CandidateEvent,
    DossierForm,
    DossierItem,
    DossierStatus,
    EventKind,
    IntroducerAssignment,
    Route,
)
from .stages import BEFORE_VOTE
from .workflow import ENTRY_STAGE, TransitionError, helper_problem, implausible_date, perform

if TYPE_CHECKING:
    from uommam.accounts.models import User


def _event(
    candidate: Candidate,
    *,
    kind: str,
    actor: User,
    summary: str,
    effective_on: date,
    data: dict[str, Any] | None = None,
) -> CandidateEvent:
    return CandidateEvent.objects.create(
        candidate=candidate,
        kind=kind,
        effective_on=effective_on,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        summary=summary[:255],
        data=data or {},
    )


def _plausible_day(on: date) -> None:
    """A helper's or an introducer's date is a real day of the past (workflow.implausible_date)."""
    problem = implausible_date(on, timezone.localdate())
    if problem:
        raise TransitionError([problem])


def _introducers_open(candidate: Candidate) -> None:
    """Introducers are chosen up to the cell's vote; from then on they are those the vote relied on."""
    if candidate.stage not in BEFORE_VOTE:
        raise TransitionError([_("The cell has voted: the introducers are those recorded for the vote.")])


def _touch(candidate: Candidate, actor: User) -> None:
    candidate.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    candidate.version += 1
    candidate.save(update_fields=["updated_by", "version", "updated_at"])


@transaction.atomic
def candidate_nominate(
    *,
    person: Person,
    cell: OrgUnit,
    proposed_by: OrgUnit | None,
    school_year: str,
    actor: User,
    route: str = Route.YOUTH_UNION,
    on: date | None = None,
    resolution_number: str = "",
    resolution_on: date | None = None,
) -> Candidate:
    """Propose a student for the cell's sympathiser list: a new candidacy in the entry stage.

    `resolution_number`/`resolution_on` are the Youth Union's resolution (4-KNĐ) when it proposes.
    Raises TransitionError when the student already has an open candidacy.
    """
    # The candidacy is in its entry stage from the Youth Union's resolution when there is one: the cell's
    # listing cannot be dated before the proposal it follows (workflow._before_the_step_it_follows).
    on = on or resolution_on or timezone.localdate()
    if Candidate.objects.in_pipeline().filter(person=person).exists():
        raise TransitionError([_("%(name)s is already in the pipeline.") % {"name": person.full_name}])
    user = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            candidate = Candidate.objects.create(
                person=person,
                cell=cell,
                stage=ENTRY_STAGE,
                stage_since=on,
                route=route,
                school_year=school_year,
                proposed_by=proposed_by,
                proposal_resolution_number=resolution_number,
                proposal_resolution_on=resolution_on,
                created_by=user,
                updated_by=user,
            )
    except IntegrityError:  # a concurrent nomination won the race
        raise TransitionError([_("%(name)s is already in the pipeline.") % {"name": person.full_name}]) from None
    CandidateEvent.objects.create(
        candidate=candidate,
        kind=EventKind.TRANSITION,
        transition="nominate",
        to_stage=ENTRY_STAGE,
        effective_on=on,
        actor=user,
        summary=_("Proposed by %(unit)s") % {"unit": proposed_by or cell},
        data={
            "school_year": school_year,
            "proposed_by": proposed_by.pk if proposed_by else None,
            "resolution_number": resolution_number,
            "resolution_on": resolution_on.isoformat() if resolution_on else None,
        },
    )
    audit_record(actor=actor, action="create", obj=candidate, unit=cell, after=snapshot(candidate))
    return candidate


@transaction.atomic
def youth_union_propose(
    *,
    people: list[Person],
    cell: OrgUnit,
    proposed_by: OrgUnit,
    school_year: str,
    resolution_number: str,
    resolution_on: date,
    actor: Any,
) -> list[Candidate]:
    """The Youth Union proposes several students with one resolution (4-KNĐ): all of them, or none.

    Raises TransitionError naming every student who cannot be proposed; a resolution dated in the
    future is refused.
    """
    today = timezone.localdate()
    reasons = []
    if resolution_on > today:
        reasons.append(
            _("The Youth Union resolution date %(date)s is in the future.") % {"date": format_vn(resolution_on)}
        )
    if not people:
        reasons.append(_("No student was selected."))
    if reasons:
        raise TransitionError(reasons)
    # The Youth Union proposes its own members: not before the day the student joined it.
    for person in people:
        joined = person.youth_union_joined_on
        if joined is not None and resolution_on < joined:
            reasons.append(
                _("%(name)s joined the Youth Union on %(joined)s, after the resolution of %(date)s.")
                % {"name": person.full_name, "joined": format_vn(joined), "date": format_vn(resolution_on)}
            )
    if reasons:
        raise TransitionError(reasons)
    proposed = []
    for person in people:
        try:
            proposed.append(
                candidate_nominate(
                    person=person,
                    cell=cell,
                    proposed_by=proposed_by,
                    school_year=school_year,
                    actor=actor,
                    resolution_number=resolution_number,
                    resolution_on=resolution_on,
                )
            )
        except TransitionError as exc:
            reasons.extend(exc.reasons)
    if reasons:
        raise TransitionError(reasons)  # the transaction writes none of them
    return proposed


@transaction.atomic
def sympathiser_list_directly(
    *, person: Person, cell: OrgUnit, helper: PartyMember, reason: str, actor: Any, on: date | None = None
) -> Candidate:
    """The cell puts a student nobody proposed on its sympathiser list, with a reason.

    A candidacy is opened (no proposer, two-introducer route, as no 4-KNĐ exists) and moved by the
    workflow step `list_without_proposal`, which checks the actor's authority; a refusal or a missing
    permission leaves nothing behind (TransitionError / PermissionError).
    """
    on = on or timezone.localdate()
    candidate = candidate_nominate(
        person=person,
        cell=cell,
        proposed_by=None,
        school_year=school_year_of(on),
        actor=actor,
        route=Route.TWO_INTRODUCERS,
        on=on,
    )
    return perform(
        candidate,
        "list_without_proposal",
        actor=actor,
        data={"helper": helper, "listing_reason": reason, "effective_on": on},
    )


@transaction.atomic
def helper_change(*, candidate: Candidate, helper: PartyMember, actor: Any, on: date, reason: str = "") -> Candidate:
    """Assign another helper member; the previous one stays on the timeline."""
    locked = Candidate.objects.select_for_update(of=("self",)).select_related("helper").get(pk=candidate.pk)
    problem = helper_problem(locked, helper)
    if problem:
        raise TransitionError([problem])
    if locked.helper_id == helper.pk:
        raise TransitionError([_("%(name)s is already the helper member.") % {"name": helper}])
    _plausible_day(on)
    previous = locked.helper
    locked.helper = helper
    locked.save(update_fields=["helper"])
    _touch(locked, actor)
    summary = _("Helper member: %(new)s (before: %(old)s)") % {"new": helper, "old": previous or "–"}
    _event(
        locked,
        kind=EventKind.HELPER,
        actor=actor,
        summary=summary,
        effective_on=on,
        data={"helper": helper.pk, "previous": previous.pk if previous else None, "reason": reason},
    )
    audit_record(
        actor=actor,
        action="update",
        obj=locked,
        unit=locked.cell,
        changes={"helper": [previous.pk if previous else None, helper.pk]},
        note=reason,
    )
    return locked


@transaction.atomic
def theory_course_record(*, candidate: Candidate, completed_on: date, actor: User) -> Candidate:
    """The probationary member completed the political-theory course for new members."""
    locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
    before = locked.theory_course_completed_on
    locked.theory_course_completed_on = completed_on
    locked.save(update_fields=["theory_course_completed_on"])
    _touch(locked, actor)
    _event(
        locked,
        kind=EventKind.NOTE,
        actor=actor,
        summary=_("Political-theory course for new members completed on %(date)s") % {"date": format_vn(completed_on)},
        effective_on=completed_on,
    )
    audit_record(
        actor=actor,
        action="update",
        obj=locked,
        unit=locked.cell,
        changes={"theory_course_completed_on": [before, completed_on]},
    )
    return locked


@transaction.atomic
def dossier_item_save(
    *,
    candidate: Candidate,
    actor: User,
    form: str,
    subject: str = "",
    status: str,
    dated_on: date | None = None,
    received_on: date | None = None,
    note: str = "",
    file: Any = None,
    item: DossierItem | None = None,
    seen_at: datetime | None = None,
) -> DossierItem:
    """Create or update one dossier item; "checked" records who checked it and when.

    With `seen_at` (when the user opened the form), raise StaleEdit if someone else changed the item since.
    """
    user = actor if getattr(actor, "is_authenticated", False) else None
    typed = status != DossierStatus.MISSING or dated_on is not None or bool(note.strip())
    if form == DossierForm.KND20 and typed and not subject.strip() and (item is None or not item.subject):
        # A verification is of one relative: every path that records it names whom (the forms ask it too).
        raise RecordRefused([_("Name the relative this verification is about.")])
    if item is None:
        item = DossierItem.objects.select_for_update().filter(candidate=candidate, form=form, subject=subject).first()
    check_unchanged_since(item, seen_at, actor=actor, fields=["status", "dated_on", "received_on", "note"])
    created = item is None
    if item is None:
        item = DossierItem(candidate=candidate, form=form, subject=subject, created_by=user)
    before = {} if created else _item_snapshot(item)
    item.status = status
    item.dated_on = dated_on
    if status != DossierStatus.MISSING and received_on is None:
        received_on = item.received_on or timezone.localdate()
    item.received_on = received_on
    if status == DossierStatus.CHECKED and item.checked_on is None:
        item.checked_on = timezone.localdate()
        item.checked_by = user
    elif status != DossierStatus.CHECKED:
        item.checked_on = None
        item.checked_by = None
    item.note = note[:255]
    # The time-order table: document date ≤ received ≤ checked ≤ today, all plausible.
    reasons = integrity.refusals(item)
    if reasons:
        raise RecordRefused(reasons)
    if file is not None:
        item.file = file
    item.updated_by = user
    if not created:
        item.version += 1
    item.save()
    label = f"{item.get_form_display()} {subject}".strip()
    _event(
        candidate,
        kind=EventKind.DOSSIER,
        actor=actor,
        summary=_("%(item)s: %(status)s") % {"item": label, "status": item.get_status_display()},
        effective_on=received_on or timezone.localdate(),
        data={"item": item.pk, "form": form, "status": status, "file": bool(item.file)},
    )
    audit_record(
        actor=actor,
        action="create" if created else "update",
        obj=item,
        unit=candidate.cell,
        before=before,
        after=_item_snapshot(item),
    )
    return item


def _item_snapshot(item: DossierItem) -> dict[str, Any]:
    # The file by its stored name: the audit journal keeps JSON, not file objects.
    values = snapshot(item, fields=[f.name for f in DossierItem._meta.concrete_fields if f.name != "file"])
    values["file"] = item.file.name if item.file else ""
    return values


@transaction.atomic
def introducer_assign(
    *, candidate: Candidate, member: PartyMember, assigned_on: date, actor: User
) -> IntroducerAssignment:
    """Add an introducer. Eligibility (official, 12 months together) is checked at the vote and shown on the page."""
    if member.cell_id != candidate.cell_id:
        raise TransitionError([_("%(name)s is not a member of this cell.") % {"name": member}])
    _introducers_open(candidate)
    _plausible_day(assigned_on)
    if candidate.introducers.filter(member=member, ended_on__isnull=True).exists():
        raise TransitionError([_("%(name)s already introduces this student.") % {"name": member}])
    assignment = IntroducerAssignment.objects.create(
        candidate=candidate,
        member=member,
        assigned_on=assigned_on,
        assigned_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _event(
        candidate,
        kind=EventKind.INTRODUCER,
        actor=actor,
        summary=_("Introducer assigned: %(name)s") % {"name": member},
        effective_on=assigned_on,
        data={"member": member.pk, "assignment": assignment.pk},
    )
    audit_record(actor=actor, action="create", obj=assignment, unit=candidate.cell, after=snapshot(assignment))
    return assignment


@transaction.atomic
def introducer_replace(
    *,
    assignment: IntroducerAssignment,
    ended_on: date,
    reason: str,
    actor: User,
    replacement: PartyMember | None = None,
) -> IntroducerAssignment | None:
    """End an introducer's assignment (kept in the history) and, optionally, assign a replacement.

    The replacement's 12 months together are checked afresh at the vote (domain.md §3).
    """
    current = IntroducerAssignment.objects.select_for_update().get(pk=assignment.pk)
    if current.ended_on is not None:
        raise TransitionError([_("This introducer was already replaced.")])
    if ended_on < current.assigned_on:
        raise TransitionError([_("The end date is before the assignment date.")])
    if replacement is not None and replacement.pk == current.member_id:
        raise TransitionError([_("%(name)s already introduces this student.") % {"name": replacement}])
    _introducers_open(current.candidate)
    _plausible_day(ended_on)
    current.ended_on = ended_on
    current.end_reason = reason[:200]
    current.save(update_fields=["ended_on", "end_reason"])
    candidate = current.candidate
    _event(
        candidate,
        kind=EventKind.INTRODUCER,
        actor=actor,
        summary=_("Introducer %(name)s replaced: %(reason)s") % {"name": current.member, "reason": reason},
        effective_on=ended_on,
        data={"member": current.member_id, "assignment": current.pk, "reason": reason},
    )
    audit_record(
        actor=actor,
        action="update",
        obj=current,
        unit=candidate.cell,
        changes={"ended_on": [None, ended_on]},
        note=reason,
    )
    if replacement is None:
        return None
    return introducer_assign(candidate=candidate, member=replacement, assigned_on=ended_on, actor=actor)


@dataclass(frozen=True)
class DossierRowInput:
    """One row of the whole-dossier form as typed (`item` is the stored item the row shows, if any)."""

    label: str
    form: str
    subject: str
    status: str
    dated_on: date | None
    received_on: date | None
    note: str
    file: Any = None
    item: DossierItem | None = None
    seen_at: datetime | None = None

    def changes(self) -> bool:
        """Whether saving this row would change anything (untouched rows are not saved again)."""
        if self.file is not None:
            return True
        if self.item is None:
            return self.status != DossierStatus.MISSING or bool(self.dated_on or self.received_on or self.note)
        item = self.item
        if self.received_on is None and self.status != DossierStatus.MISSING and item.received_on is not None:
            received_same = True  # left empty: the stored date is kept
        else:
            received_same = self.received_on == item.received_on
        return not (
            self.status == item.status and self.dated_on == item.dated_on and received_same and self.note == item.note
        )


@transaction.atomic
def dossier_save_all(*, candidate: Candidate, actor: Any, rows: list[DossierRowInput]) -> list[DossierItem]:
    """Save every changed row of the dossier at once, or nothing.

    Each row goes through `dossier_item_save` (time-order rules, optimistic locking, event, audit).
    Every refused row is named with its reasons in one RecordRefused; a row changed by someone else
    since the page was opened raises StaleEdit. Either way the transaction writes nothing.
    """
    reasons: list[str] = []
    saved: list[DossierItem] = []
    for row in rows:
        if not row.changes():
            continue
        try:
            saved.append(
                dossier_item_save(
                    candidate=candidate,
                    actor=actor,
                    form=row.form,
                    subject=row.subject,
                    status=row.status,
                    dated_on=row.dated_on,
                    received_on=row.received_on,
                    note=row.note,
                    file=row.file,
                    item=DossierItem.objects.select_for_update().get(pk=row.item.pk) if row.item else None,
                    seen_at=row.seen_at,
                )
            )
        except RecordRefused as exc:
            reasons.extend(f"{row.label}: {reason}" for reason in exc.reasons)
    if reasons:
        raise RecordRefused(reasons)
    return saved
