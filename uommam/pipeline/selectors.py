"""Reads for the pipeline pages: every query starts from what the user may see.

Deadlines are asked of `uommam.rules`; nothing here recomputes a regulation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from uommam import rules
from uommam.core.rules_config import rules_settings
from uommam.orgs.models import OrgUnit, Role, UnitKind
from uommam.orgs.scope import get_visible_or_404, units_for_role, visible, writable
from uommam.people.models import Grade, MemberStatus, PartyMember, Person

from . import due as deadlines
from .models import Candidate, CandidateQuerySet
from .scopes import CANDIDATE_WRITE_ROLES
from .stages import EXIT_STAGES, MAIN_LINE, Stage
from .wording import working_days

if TYPE_CHECKING:
    from uommam.accounts.models import User

# Who may change the dossier, introducers and helper (the Youth Union never sees background checks).
DOSSIER_WRITE_ROLES = (Role.CELL_SECRETARY, Role.COMMITTEE_OFFICER)
DOSSIER_READ_ROLES = (Role.CELL_SECRETARY, Role.COMMITTEE_OFFICER, Role.VIEWER)


def candidates_visible_to(user: User) -> CandidateQuerySet:
    return visible(Candidate.objects.all(), user)


def get_candidate_for(user: User, pk: Any, *, write_roles: Iterable[str] | None = None) -> Candidate:
    """The candidacy if the user may see it (else 404); with `write_roles`, may change it (else 403)."""
    queryset = Candidate.objects.select_related(
        "person", "person__school", "cell", "cell__superior_committee", "helper", "proposed_by"
    )
    return get_visible_or_404(queryset, user, pk, write_roles=write_roles)


def may_write(user: User, candidate: Candidate, roles: Iterable[str] = CANDIDATE_WRITE_ROLES) -> bool:
    return writable(Candidate.objects.filter(pk=candidate.pk), user, roles).exists()


def may_see_dossier(user: User, candidate: Candidate) -> bool:
    return visible(Candidate.objects.filter(pk=candidate.pk), user, DOSSIER_READ_ROLES).exists()


def require_dossier_write(user: User, candidate: Candidate) -> None:
    if not may_write(user, candidate, DOSSIER_WRITE_ROLES):
        raise PermissionDenied


def cell_members(candidate: Candidate, *, official_only: bool = True) -> QuerySet[PartyMember]:
    members = PartyMember.objects.filter(cell_id=candidate.cell_id).current()
    if official_only:
        members = members.filter(status=MemberStatus.OFFICIAL)
    return members.order_by("sort_key", "pk")


def stage_counts(queryset: QuerySet[Candidate]) -> dict[str, int]:
    rows = queryset.order_by().values("stage").annotate(n=Count("pk"))
    return {row["stage"]: row["n"] for row in rows}


# --- Key dates of one candidacy ------------------------------------------------------------


@dataclass(frozen=True)
class KeyDate:
    label: Any
    on: date | None
    overdue: bool = False
    note: Any = ""


def key_dates(candidate: Candidate, today: date) -> list[KeyDate]:
    """The dates and deadlines the candidate page shows, each asked of the rules."""
    s = rules_settings()
    dates: list[KeyDate] = []
    person = candidate.person
    dates.append(
        KeyDate(
            _("Of admission age from"),
            rules.admission_age_from(person.dob, settings=s),
            note=_("counted by month") if s.age_policy == "month" else _("counted from the birthday"),
        )
    )
    if candidate.certificate_issued_on:
        expires = rules.certificate_expires_on(candidate.certificate_issued_on, settings=s)
        dates.append(KeyDate(_("Certificate valid until"), expires, overdue=expires < today))
    if candidate.cell_meeting_on:
        dates.append(KeyDate(_("Cell's admission meeting"), candidate.cell_meeting_on))
        decision_by = deadlines.decision_due(candidate)
        if candidate.decision_on is None and decision_by is not None:
            dates.append(
                KeyDate(
                    _("Decision due by"),
                    decision_by,
                    overdue=decision_by < today,
                    note=deadlines.decision_rule(candidate),
                )
            )
    if candidate.decision_on:
        dates.append(KeyDate(_("Admission decision"), candidate.decision_on))
        dates.append(
            KeyDate(
                _("Party seniority from"), rules.seniority_from(candidate.decision_on), note=_("date of the decision")
            )
        )
    ceremony_by = deadlines.ceremony_due(candidate)
    if ceremony_by is not None and candidate.ceremony_on is None and candidate.stage == Stage.DECIDED:
        dates.append(
            KeyDate(
                _("Ceremony due by"), ceremony_by, overdue=ceremony_by < today, note=deadlines.ceremony_rule(candidate)
            )
        )
    if candidate.ceremony_on:
        dates.append(KeyDate(_("Admission ceremony"), candidate.ceremony_on))
        ends = rules.probation_ends_on(candidate.ceremony_on, settings=s)
        dates.append(KeyDate(_("Probation ends on"), ends))
        if candidate.stage == Stage.PROBATIONARY:
            due = rules.official_review_due(candidate.ceremony_on, settings=s)
            dates.append(
                KeyDate(
                    _("Official recognition to be considered by"),
                    due,
                    overdue=due < today,
                    note=_("%(days)s after probation ends")
                    % {"days": working_days(s.on(candidate.ceremony_on).official_review_working_days)},
                )
            )
    if candidate.official_on:
        dates.append(KeyDate(_("Official member from"), candidate.official_on))
    return dates


# --- Nomination: ranking grade-10 and grade-11 Youth Union members ----------------------------

# Points for a grade, on both scales (domain.md §3 "Grading vocabulary").
GRADE_POINTS: dict[str, int] = {
    Grade.TOT: 4,
    Grade.GIOI: 4,
    Grade.KHA: 3,
    Grade.DAT: 2,
    Grade.TRUNG_BINH: 2,
    Grade.CHUA_DAT: 1,
    Grade.YEU: 1,
    Grade.KEM: 0,
}
# settings.UOMMAM_NOMINATION_WEIGHTS overrides any of these (documented in docs/workflow.md):
# results/conduct multiply the average grade points (0–4) over the student's school records,
# awards each award or movement (up to `awards_cap`), youth_union each full year of membership.
DEFAULT_NOMINATION_WEIGHTS: dict[str, float] = {
    "results": 3.0,
    "conduct": 2.0,
    "awards": 1.0,
    "awards_cap": 5,
    "youth_union": 1.0,
}


def nomination_weights() -> dict[str, float]:
    return {**DEFAULT_NOMINATION_WEIGHTS, **getattr(settings, "UOMMAM_NOMINATION_WEIGHTS", {})}


@dataclass
class Nominee:
    person: Person
    grade: int
    results: float | None
    conduct: float | None
    awards: int
    youth_union_years: int
    score: float
    candidate: Candidate | None = None
    # Which awards and movements, at which level (the score counts them; people read them).
    award_list: list[Any] = field(default_factory=list)
    rank: int = 0
    details: list[str] = field(default_factory=list)


def nomination_schools(user: User) -> QuerySet[OrgUnit]:
    """Schools whose nomination screen the user may open."""
    return visible(OrgUnit.objects.filter(kind=UnitKind.SCHOOL), user).order_by("sort_key")


def school_cell(school: OrgUnit, on: date) -> OrgUnit | None:
    return OrgUnit.objects.filter(kind=UnitKind.CELL, school=school).active_on(on).order_by("pk").first()


def youth_union_unit(user: User, school: OrgUnit) -> OrgUnit | None:
    """The user's Youth Union organisation at `school`, if they are its secretary."""
    for unit in units_for_role(user, Role.YOUTH_UNION_SECRETARY):
        if unit.school_id == school.pk:
            return unit
    return None


def nomination_ranking(*, school: OrgUnit, school_year: str, on: date) -> list[Nominee]:
    """Grade-10 and grade-11 Youth Union members of `school` in `school_year`, best first.

    Three queries whatever the number of students: people, their records and awards (prefetched),
    and their open candidacies.
    """
    start = int(school_year[:4])
    weights = nomination_weights()
    people_qs = (
        Person.objects.active()
        .filter(school=school, cohort__in=[start, start - 1], youth_union_joined_on__isnull=False)
        .filter(Q(left_school_on__isnull=True) | Q(left_school_on__gt=on))
        .prefetch_related("school_records", "awards")
        .order_by("sort_key", "pk")
    )
    people = list(people_qs)
    open_candidacies = {
        c.person_id: c
        for c in Candidate.objects.filter(person__in=[p.pk for p in people]).exclude(
            stage__in=[s for s in EXIT_STAGES if s != Stage.OFFICIAL]
        )
    }
    nominees = []
    for person in people:
        records = [r for r in person.school_records.all() if r.school_year <= school_year]
        results = _average(GRADE_POINTS.get(r.academic_result) for r in records)
        conduct = _average(GRADE_POINTS.get(r.conduct) for r in records)
        award_list = [a for a in person.awards.all() if a.school_year <= school_year]
        awards = len(award_list)
        joined = person.youth_union_joined_on
        assert joined is not None  # the query keeps only Youth Union members
        years = max(0, rules.month_index(on) - rules.month_index(joined)) // 12
        score = (
            weights["results"] * (results or 0)
            + weights["conduct"] * (conduct or 0)
            + weights["awards"] * min(awards, int(weights["awards_cap"]))
            + weights["youth_union"] * years
        )
        nominees.append(
            Nominee(
                person=person,
                grade=10 + start - person.cohort,
                results=results,
                conduct=conduct,
                awards=awards,
                youth_union_years=years,
                score=round(score, 2),
                candidate=open_candidacies.get(person.pk),
                award_list=award_list,
            )
        )
    # Stable sort: equal scores keep the Vietnamese name order.
    nominees.sort(key=lambda n: -n.score)
    for index, nominee in enumerate(nominees, start=1):
        nominee.rank = index
    return nominees


def _average(points: Iterable[int | None]) -> float | None:
    values = [p for p in points if p is not None]
    return round(sum(values) / len(values), 2) if values else None


def main_line_index(stage: str) -> int:
    try:
        return MAIN_LINE.index(Stage(stage))
    except ValueError:
        return len(MAIN_LINE)
