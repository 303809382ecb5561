"""Roadmaps of the candidates a user may see: the database side of `uommam.rules.roadmap`.

For one cell the inputs are read in a fixed number of queries — its open candidacies before the vote,
its members, the class calendar of the political centres above it, the dossier's first documents, the
days the students were put on the sympathiser list —
then every roadmap is computed in Python by the rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Max, Min

from uommam import rules
from uommam.core.rules_config import rules_settings
from uommam.orgs.models import OrgUnit
from uommam.people.models import MemberStatus, PartyMember
from uommam.pipeline.models import Candidate, CandidateEvent, DossierItem, EventKind
from uommam.pipeline.selectors import candidates_visible_to
from uommam.pipeline.stages import BEFORE_VOTE, Stage
from uommam.pipeline.workflow import standing_events, voided_among
from uommam.training.models import AwarenessClass, Enrolment

if TYPE_CHECKING:
    from uommam.accounts.models import User

# Stages before the cell's vote: the roadmap still has steps ahead.
# The school year opens on 5 September (uommam.vn.school_year); the last day of grade 12 is 31 May.
SCHOOL_YEAR_OPENS = (9, 5)
LAST_DAY_OF_GRADE_12 = (5, 31)
# The steps that put a student on the sympathiser list with a helper.
LISTING_STEPS = ("accept_sympathiser", "list_without_proposal")


@dataclass(frozen=True)
class StudentRoadmap:
    candidate: Candidate
    roadmap: rules.Roadmap

    @property
    def person(self) -> Any:
        return self.candidate.person

    @property
    def leaves_school_on(self) -> date:
        return leaving_date(self.candidate)


def leaving_date(candidate: Candidate) -> date:
    """The expected leaving date, or the end of grade 12 of the student's cohort."""
    person = candidate.person
    if person.left_school_on:
        return person.left_school_on
    if person.expected_leaving_on:
        return person.expected_leaving_on
    return date(person.cohort + 3, *LAST_DAY_OF_GRADE_12)


def class_calendar(cell: OrgUnit, s: rules.RulesSettings) -> tuple[rules.ClassSlot, ...]:
    """The classes open to the cell's students: every class organised in the cell's province.

    The province, not the district: after the 2025 reorganisation the district's political centre sits
    under a closed committee while its schools moved to communes, and the provincial school and the
    communes run classes too; a student may be sent to any of them.
    """
    root = cell.path.split("/", 1)[0] + "/"  # paths are "00001/00005/…": the first step is the province
    classes = AwarenessClass.objects.filter(organiser__path__startswith=root).order_by("starts_on", "code")
    return tuple(class_slot(c, s) for c in classes)


def class_slot(awareness_class: AwarenessClass, s: rules.RulesSettings) -> rules.ClassSlot:
    """A class as the rules see it: its certificates come some days after its last day (a setting)."""
    lag = timedelta(days=s.roadmap_certificate_after_class_days)
    c = awareness_class
    return rules.ClassSlot(code=c.code, name=c.name, starts_on=c.starts_on, certificate_on=c.ends_on + lag)


def _attending(candidates: list[Candidate], s: rules.RulesSettings) -> dict[int, rules.ClassSlot]:
    """The class each candidacy in the class stage is enrolled in (the latest enrolment)."""
    in_class = [c for c in candidates if c.stage == Stage.IN_CLASS]
    enrolments = (
        Enrolment.objects.filter(candidate__in=in_class)
        .select_related("awareness_class")
        .order_by("candidate_id", "awareness_class__starts_on")
    )
    return {e.candidate_id: class_slot(e.awareness_class, s) for e in enrolments if e.candidate_id is not None}


def staff_history(members: Iterable[PartyMember], s: rules.RulesSettings) -> tuple[rules.StaffPeriod, ...]:
    """Each member's stay in the unit; a probationary member counts from the end of probation."""
    periods = []
    for m in members:
        official_from: date | None
        if m.status == MemberStatus.OFFICIAL:
            official_from = m.official_on or date.min
        elif m.official_on:
            official_from = m.official_on
        elif m.admitted_on:
            official_from = rules.probation_ends_on(m.admitted_on, settings=s)
        else:
            official_from = None
        since = m.joined_unit_on or m.admitted_on or date.min
        periods.append(rules.StaffPeriod(m.pk, since, m.left_unit_on, official_from))
    return tuple(periods)


def _dossier_starts(candidates: list[Candidate]) -> dict[int, date]:
    """The first dated or received dossier document of each candidacy."""
    rows = (
        DossierItem.objects.filter(candidate__in=candidates)
        .values("candidate_id")
        .annotate(dated=Min("dated_on"), received=Min("received_on"))
    )
    starts: dict[int, date] = {}
    for row in rows:
        found = [d for d in (row["dated"], row["received"]) if d is not None]
        if found:
            starts[row["candidate_id"]] = min(found)
    return starts


def _listed_on(candidates: list[Candidate]) -> dict[int, date]:
    """The day each candidacy with a helper was put on the sympathiser list, in one query: its latest
    listing step still in force (a voided one does not count). Records imported without their
    timeline have none."""
    with_helper = [c for c in candidates if c.helper_id]
    if not with_helper:
        return {}
    listings = CandidateEvent.objects.filter(
        candidate__in=with_helper, kind=EventKind.TRANSITION, transition__in=LISTING_STEPS
    )
    rows = standing_events(listings).order_by().values("candidate_id").annotate(on=Max("effective_on"))
    return {row["candidate_id"]: row["on"] for row in rows}


def _listed_among(events: Iterable[CandidateEvent]) -> dict[int, date]:
    """`_listed_on` from events already read (all the events of each candidacy), without a query."""
    events = list(events)
    voided = voided_among(events)
    listed: dict[int, date] = {}
    for e in events:
        if e.kind == EventKind.TRANSITION and e.transition in LISTING_STEPS and e.pk not in voided:
            listed[e.candidate_id] = max(e.effective_on, listed.get(e.candidate_id, e.effective_on))
    return listed


def _input(
    candidate: Candidate,
    today: date,
    classes: tuple[rules.ClassSlot, ...],
    staff: tuple[rules.StaffPeriod, ...],
    dossier_started: date | None,
    attending: rules.ClassSlot | None = None,
    listed_on: date | None = None,
) -> rules.RoadmapInput:
    person = candidate.person
    if dossier_started is None and candidate.stage == Stage.DOSSIER:
        dossier_started = candidate.stage_since
    # The day of the listing, not of the current stage; without a recorded listing, the stage's day.
    helper_since = (listed_on or candidate.stage_since or today) if candidate.helper_id else None
    destination = person.home_commune.name if person.home_commune is not None else None
    return rules.RoadmapInput(
        dob=person.dob,
        leaves_school_on=leaving_date(candidate),
        today=today,
        in_school_since=date(person.cohort, *SCHOOL_YEAR_OPENS),
        classes=classes,
        staff=staff,
        progress=rules.Progress(
            helper_since=helper_since,
            certificate_issued_on=candidate.certificate_issued_on,
            dossier_started_on=dossier_started,
            attending=attending,
        ),
        referral_destination=destination,
        route=rules.introduction_route(candidate.route),
    )


def roadmaps_for(
    candidates: Iterable[Candidate], *, today: date, events: Iterable[CandidateEvent] | None = None
) -> list[StudentRoadmap]:
    """Roadmaps of the given candidacies (any cells), grouped by cell so each cell is read once.

    `events`: all the events of the candidacies when the caller has read them already (the candidate
    page shows them); otherwise the days they were listed are read here, in one query."""
    s = rules_settings()
    chosen = [c for c in candidates if c.stage in BEFORE_VOTE]
    by_cell: dict[int, list[Candidate]] = {}
    for c in chosen:
        by_cell.setdefault(c.cell_id, []).append(c)
    starts = _dossier_starts(chosen)
    attending = _attending(chosen, s)
    listed = _listed_on(chosen) if events is None else _listed_among(events)
    result = []
    for cell_candidates in by_cell.values():
        cell = cell_candidates[0].cell
        classes = class_calendar(cell, s)
        staff = staff_history(PartyMember.objects.filter(cell=cell), s)
        for c in cell_candidates:
            given = _input(c, today, classes, staff, starts.get(c.pk), attending.get(c.pk), listed.get(c.pk))
            roadmap = rules.roadmap(given, settings=s)
            result.append(StudentRoadmap(c, roadmap))
    return result


def roadmap_for(
    candidate: Candidate, *, today: date, events: Iterable[CandidateEvent] | None = None
) -> StudentRoadmap | None:
    """The roadmap of one candidacy, or None once the cell has voted (or the candidacy is closed).
    `events`: all of its events, when the caller has read them already."""
    found = roadmaps_for([candidate], today=today, events=events)
    return found[0] if found else None


def cell_roadmaps(user: User, cell: OrgUnit, *, today: date) -> list[StudentRoadmap]:
    """Roadmaps of the cell's candidacies before the vote that the user may see."""
    candidates = (
        candidates_visible_to(user)
        .filter(cell=cell, stage__in=BEFORE_VOTE)
        .select_related("person", "person__home_commune", "cell", "helper")
    )
    return roadmaps_for(candidates, today=today)


def sort_key_safe_start(item: StudentRoadmap) -> tuple[int, date, str]:
    """Most urgent first: the earliest latest-safe-start, then the referrals, then by name."""
    r = item.roadmap
    if r.latest_safe_start is not None:
        return (0, r.latest_safe_start, item.person.sort_key)
    return (1 if r.verdict != "refer" else 2, date.max, item.person.sort_key)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def roadmap_json(item: StudentRoadmap) -> dict[str, Any]:
    """One student of `manage.py plan roadmap --json` (the shape is fixed by issue 21)."""
    r, person = item.roadmap, item.person
    slot = r.class_by or r.class_for_vote
    return {
        "person_id": person.pk,
        "full_name": person.full_name,
        "dob": person.dob.isoformat(),
        "leaves_school_on": item.leaves_school_on.isoformat(),
        "helper_by": _iso(r.helper_by),
        "class_by": None
        if slot is None
        else {
            "code": slot.code,
            "name": slot.name,
            "starts_on": slot.starts_on.isoformat(),
            "certificate_on": slot.certificate_on.isoformat(),
        },
        "dossier_from": _iso(r.dossier_from),
        "earliest_vote_on": _iso(r.earliest_vote_on),
        "introducers_ready": _iso(r.introducers_ready),
        "verdict": r.verdict,
        "missed": [{"step": m.step, "was_due": m.was_due.isoformat()} for m in r.missed],
    }


def what_if_started(candidates: Iterable[Candidate], *, on: Any) -> list[StudentRoadmap]:
    """The roadmap each student would have had if the cell had started from nothing on `on(candidate)`
    (e.g. the end of grade 10): for showing which lost students a plan would have admitted."""
    s = rules_settings()
    result = []
    calendars: dict[int, tuple[tuple[rules.ClassSlot, ...], tuple[rules.StaffPeriod, ...]]] = {}
    for c in candidates:
        if c.cell_id not in calendars:
            calendars[c.cell_id] = (
                class_calendar(c.cell, s),
                staff_history(PartyMember.objects.filter(cell=c.cell), s),
            )
        classes, staff = calendars[c.cell_id]
        start = on(c)
        bare = Candidate(person=c.person, cell=c.cell, stage=Stage.IDENTIFIED)
        result.append(StudentRoadmap(c, rules.roadmap(_input(bare, start, classes, staff, None), settings=s)))
    return result
