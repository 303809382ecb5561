"""Reads for the report pages: which units a user may report on, the monthly review of the
sympathiser lists and the name lists. The funnel itself is in `funnel.py`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from uommam.orgs.models import COMMITTEE_KINDS, OrgUnit, UnitKind
from uommam.orgs.scope import assignments, is_admin, visible
from uommam.orgs.tree import path_q
from uommam.pipeline.models import Candidate, CandidateEvent, EventKind
from uommam.pipeline.stages import EXIT_STAGES, Stage
from uommam.pipeline.workflow import standing_events

from .funnel import EVENT_STEPS, _events

if TYPE_CHECKING:
    from uommam.accounts.models import User

REPORT_UNIT_KINDS = (*COMMITTEE_KINDS, UnitKind.SCHOOL, UnitKind.CELL, UnitKind.POLITICAL_CENTRE)


def report_units(user: User) -> QuerySet[OrgUnit]:
    """Units the user may report on, closed ones included (their history stays reportable)."""
    return visible(OrgUnit.objects.filter(kind__in=REPORT_UNIT_KINDS), user).order_by("path")


def default_unit(user: User) -> OrgUnit | None:
    """The highest unit among the user's roles, else the first one they can see."""
    own = sorted((a.unit for a in assignments(user)), key=lambda u: (u.depth, u.path))
    for unit in own:
        if unit.kind in REPORT_UNIT_KINDS:
            return unit
        if unit.school_id:
            return unit.school
    if is_admin(user) or own:
        return report_units(user).filter(kind__in=COMMITTEE_KINDS).order_by("depth", "path").first()
    return None


# --- Monthly review ------------------------------------------------------------------------

MOVED_ON_STAGES = (Stage.IN_CLASS, Stage.CERTIFIED)


@dataclass
class Review:
    unit: OrgUnit
    date_from: dt.date
    date_to: dt.date
    added: list[CandidateEvent] = field(default_factory=list)
    moved_on: list[CandidateEvent] = field(default_factory=list)
    returned: list[CandidateEvent] = field(default_factory=list)
    left: list[CandidateEvent] = field(default_factory=list)
    on_list_before: int = 0
    on_list_after: int = 0


def _on_list(unit: OrgUnit, on: dt.date) -> int:
    """Candidates whose latest transition up to `on` put them on the sympathiser list."""
    latest = (
        standing_events(
            CandidateEvent.objects.filter(candidate=OuterRef("pk"), kind=EventKind.TRANSITION, effective_on__lte=on)
        )
        .order_by("-effective_on", "-at", "-pk")
        .values("to_stage")[:1]
    )
    return (
        Candidate.objects.filter(path_q("cell__path", unit))
        .annotate(stage_then=Subquery(latest))
        .filter(stage_then=Stage.SYMPATHISER)
        .count()
    )


def sympathiser_review(*, unit: OrgUnit, date_from: dt.date, date_to: dt.date) -> Review:
    """What changed in the sympathiser lists of the unit's cells between two dates (inclusive)."""
    review = Review(unit=unit, date_from=date_from, date_to=date_to)
    rows = (
        _events(unit, date_from, date_to, timezone.localdate())
        .filter(Q(from_stage=Stage.SYMPATHISER) | Q(to_stage=Stage.SYMPATHISER))
        .select_related("candidate__person", "candidate__cell__school")
        .order_by("candidate__person__sort_key", "effective_on", "pk")
    )
    for event in rows:
        if event.to_stage == Stage.SYMPATHISER:
            (review.returned if event.transition == "fail_class" else review.added).append(event)
        elif event.to_stage in MOVED_ON_STAGES:
            review.moved_on.append(event)
        elif event.to_stage in EXIT_STAGES:
            review.left.append(event)
    review.on_list_before = _on_list(unit, date_from - dt.timedelta(days=1))
    review.on_list_after = _on_list(unit, date_to)
    return review


# --- Name lists ----------------------------------------------------------------------------

NAME_LIST_STAGES = {step.key: step for step in EVENT_STEPS}


@dataclass
class NameRow:
    candidate: Candidate
    class_name: str = ""
    certificate: str = ""


def name_list(
    *,
    unit: OrgUnit,
    stage: str,
    date_from: dt.date,
    date_to: dt.date,
    as_of: dt.date | None = None,
    recorded_on: dt.date | None = None,
) -> list[NameRow]:
    """Candidates of the unit who reached `stage` in the period (the same two axes as the funnel),
    in Vietnamese name order."""
    step = NAME_LIST_STAGES[stage]
    events = _events(unit, date_from, date_to, as_of or timezone.localdate(), recorded_on)
    ids = events.filter(step.condition).values("candidate_id")
    candidates = list(
        Candidate.objects.filter(pk__in=ids)
        .select_related("person", "cell", "cell__school", "helper", "certificate_issuer")
        .order_by("person__sort_key", "pk")
    )
    classes: dict[int, str] = {}
    if candidates and apps.is_installed("uommam.training"):
        from uommam.training.models import Enrolment

        for cand_id, class_name, number in (
            Enrolment.objects.filter(candidate_id__in=[c.pk for c in candidates])
            .order_by("awareness_class__starts_on")
            .values_list("candidate_id", "awareness_class__name", "awareness_class__number")
        ):
            classes[cand_id] = f"{class_name} ({number})" if number else class_name
    rows = []
    for candidate in candidates:
        cert = ""
        if candidate.certificate_issued_on:
            cert = f"{candidate.certificate_number or ''} {candidate.certificate_issued_on:%d/%m/%Y}".strip()
        rows.append(NameRow(candidate=candidate, class_name=classes.get(candidate.pk, ""), certificate=cert))
    return rows
