"""Reading plans: which units a user may plan for, and the plan compared with what happened.

The comparison counts `CandidateEvent.effective_on` (like every report, never current stages): a line
"put on the list" is done by the move to the sympathiser list, "send to class" by the move into the
class, "admit" by the cell's vote, "refer" by the referral.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from uommam.orgs.models import COMMITTEE_KINDS, OrgUnit, UnitKind
from uommam.orgs.scope import visible
from uommam.orgs.tree import path_q
from uommam.pipeline.models import CandidateEvent
from uommam.pipeline.stages import Stage
from uommam.rules import add_months

from .models import AnnualPlan, PlanAction, PlanEntry

if TYPE_CHECKING:
    from uommam.accounts.models import User

PLAN_KINDS = (UnitKind.CELL, *COMMITTEE_KINDS)
DONE_BY = {
    PlanAction.LIST: Stage.SYMPATHISER,
    PlanAction.CLASS: Stage.IN_CLASS,
    PlanAction.ADMIT: Stage.VOTED,
    PlanAction.REFER: Stage.REFERRED,
}


def plan_units(user: User) -> QuerySet[OrgUnit]:
    """Cells and committees the user may see, for which a plan can be shown."""
    return visible(OrgUnit.objects.filter(kind__in=PLAN_KINDS), user).order_by("depth", "sort_key")


def month_end(month: date) -> date:
    return add_months(month.replace(day=1), 1) - timedelta(days=1)


@dataclass
class EntryStatus:
    entry: PlanEntry
    done_on: date | None
    state: str  # "done", "late", "overdue", "ahead"


@dataclass
class MonthComparison:
    month: date
    planned: dict[str, int]
    done: dict[str, int]


def _state(done_on: date | None, end: date, as_of: date) -> str:
    if done_on is not None:
        return "done" if done_on <= end else "late"
    return "overdue" if end < as_of else "ahead"


def _events(plan: AnnualPlan) -> list[CandidateEvent]:
    return list(
        CandidateEvent.objects.filter(path_q("candidate__cell__path", plan.unit), to_stage__in=DONE_BY.values())
        .select_related("candidate")
        .only("effective_on", "to_stage", "candidate__person_id")
    )


def plan_vs_actual(plan: AnnualPlan, *, as_of: date) -> tuple[list[MonthComparison], list[EntryStatus]]:
    """Per month: lines planned and steps done (by the events' dates); per line: done, late or overdue."""
    events = _events(plan)
    first_done: dict[tuple[int, str], date] = {}
    for event in events:
        key = (event.candidate.person_id, event.to_stage)
        if key not in first_done or event.effective_on < first_done[key]:
            first_done[key] = event.effective_on
    entries = list(plan.entries.select_related("person"))
    statuses = []
    for entry in entries:
        done_on = first_done.get((entry.person_id, DONE_BY[PlanAction(entry.action)]))
        end = month_end(entry.month)
        statuses.append(EntryStatus(entry, done_on, _state(done_on, end, as_of)))

    months = sorted({e.month for e in entries})
    planned: dict[date, dict[str, int]] = {m: dict.fromkeys(DONE_BY, 0) for m in months}
    for entry in entries:
        planned[entry.month][entry.action] += 1
    done: dict[date, dict[str, int]] = {m: dict.fromkeys(DONE_BY, 0) for m in months}
    by_stage = {stage: action for action, stage in DONE_BY.items()}
    for event in events:
        month = event.effective_on.replace(day=1)
        if month in done and event.effective_on <= as_of:
            done[month][by_stage[Stage(event.to_stage)]] += 1
    return [MonthComparison(m, planned[m], done[m]) for m in months], statuses
