"""A student's roadmap to admission, planned backwards from the 18th birthday and the day of leaving school.

The article's remedy for the 3,2 % is "a plan and a roadmap": for each promising student, *by when* each
step must happen for the admission to fall before graduation. The vote of the cell can only be held when
all of these hold on its date (docs/rules.md, "Roadmap"):

* **age** — full 18 counted by month (Quy định thi hành Điều lệ, 1.1.1; :func:`admission_age_from`);
* **certificate** — issued, and still valid (60 months, Hướng dẫn 06-HD/TW 5.4); without one, the
  student must attend one of the classes of the calendar, whose certificate comes some days after the
  class ends (``roadmap_certificate_after_class_days`` [U]);
* **introducers** — as many official members as her introduction route needs (one beside the Youth
  Union's 4-KNĐ, else two: :func:`~uommam.rules.introduction.introducers_needed`) who have been in the
  unit together with the student for 12 months (Quy định thi hành Điều lệ, 3.2.1; Điều lệ Đảng, Điều 4),
  and are still there on the vote;
* **dossier** — complete: it takes ``roadmap_dossier_lead_days`` [U] from its start (personal history,
  verification of relatives, the Youth Union's resolution, opinions), and cannot start before today.

The vote is held on a working day. The decision then comes within 60 working days
(:func:`decision_due`, 4.3.1) and the ceremony within 30 working days of it (:func:`ceremony_due`, 4.1).
The roadmap **fits** when the earliest vote's decision deadline is on or before the day of leaving
school; it fits **only if started** when that earliest vote relies on a class the student has not yet
attended (classes are few and their dates are not the cell's to choose); otherwise the student
will leave before she can be admitted at school: **refer** her to her home commune or university.

"Latest" dates are the last ones that still fit: the last vote whose decision deadline is on or before
leaving, the last class whose certificate allows such a vote, the dossier's latest start, the helper's
latest assignment before that class. A step whose latest date has passed undone is *missed*.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from .age import admission_age_from
from .certificate import certificate_expires_on
from .deadlines import ceremony_due, decision_due, introducer_eligible_from
from .introduction import IntroductionRoute, introducers_needed
from .settings import RulesSettings, resolve
from .working_days import add_working_days, is_working_day

Verdict = Literal["fits", "fits_if_started", "refer"]
MilestoneKey = Literal[
    "helper", "class", "certificate", "dossier", "age", "introducers", "vote", "decision", "ceremony", "leaving"
]
Step = Literal["helper", "class", "dossier"]

VERDICTS: tuple[Verdict, ...] = ("fits", "fits_if_started", "refer")


@dataclass(frozen=True)
class ClassSlot:
    """An awareness class of the calendar. ``certificate_on``: the day its certificates are issued."""

    code: str
    name: str
    starts_on: date
    certificate_on: date


@dataclass(frozen=True)
class StaffPeriod:
    """A Party member's stay in the student's unit: a possible introducer.

    ``official_from`` is ``None`` for a member who is not (and will not by the vote be) official.
    """

    member_id: int
    in_unit_from: date
    in_unit_until: date | None = None
    official_from: date | None = None


@dataclass(frozen=True)
class Progress:
    """What is already done for the student."""

    helper_since: date | None = None
    certificate_issued_on: date | None = None
    dossier_started_on: date | None = None
    attending: ClassSlot | None = None  # the class she is enrolled in (its certificate is on its way)


@dataclass(frozen=True)
class RoadmapInput:
    dob: date
    leaves_school_on: date
    today: date
    in_school_since: date  # the student's first day in the unit (for the introducers' 12 months)
    classes: Sequence[ClassSlot] = ()
    staff: Sequence[StaffPeriod] = ()
    progress: Progress = field(default_factory=Progress)
    referral_destination: str | None = None  # home commune or announced university, for "refer"
    # How she will be introduced; without it the roadmap plans for the route that needs more members.
    route: IntroductionRoute = "two_introducers"


@dataclass(frozen=True)
class Milestone:
    key: MilestoneKey
    on: date
    done: bool = False


@dataclass(frozen=True)
class Missed:
    step: Step
    was_due: date


@dataclass(frozen=True)
class Roadmap:
    """The roadmap of one student; dates are ``None`` where no date fits (or the step is done)."""

    verdict: Verdict
    eligible_from: date
    earliest_vote_on: date | None
    latest_vote_on: date | None  # last vote whose decision deadline is on or before leaving school
    decision_by: date | None  # decision deadline after the earliest vote
    ceremony_by: date | None  # ceremony deadline if the decision comes on its deadline
    introducers_ready: date | None  # first day enough introducers have 12 months together with her
    introducers_needed: int  # official members her route needs (1 beside the Youth Union's 4-KNĐ, else 2)
    certificate_on: date | None  # the certificate the earliest vote relies on
    class_for_vote: ClassSlot | None  # the class the earliest vote relies on (None: certificate in hand)
    class_by: ClassSlot | None  # the last class that still fits (None: none needed, or none fits)
    helper_by: date | None
    dossier_from: date | None
    latest_safe_start: date | None  # the earliest of the latest dates of the steps not yet started
    regulation_set: str | None  # code of the regulation set in force on the earliest vote
    referral_destination: str | None
    missed: tuple[Missed, ...]
    timeline: tuple[Milestone, ...]

    @property
    def next_milestone(self) -> Milestone | None:
        """The first milestone not done, in date order."""
        return next((m for m in self.timeline if not m.done), None)


@dataclass(frozen=True)
class _Option:
    """A way to hold a valid certificate: the one in hand, the class she attends, or a class of the calendar."""

    slot: ClassSlot | None
    valid_from: date
    valid_until: date
    started: bool = False  # in hand or being attended: nothing left for the cell to start


def _ready_on(member: StaffPeriod, together_from: date, s: RulesSettings) -> date | None:
    """First day ``member`` may introduce the student: official, and 12 months in the unit together."""
    if member.official_from is None:
        return None
    since = max(member.in_unit_from, together_from)
    ready = max(introducer_eligible_from(since, settings=s), member.official_from)
    if member.in_unit_until is not None and ready > member.in_unit_until:
        return None
    return ready


def introducers_on(inp: RoadmapInput, on: date, *, settings: RulesSettings | None = None) -> int:
    """How many possible introducers the student has on ``on`` (official, 12 months together, present)."""
    return _count(_stays(inp, resolve(settings)), on)


def _next_working_day(d: date, s: RulesSettings) -> date:
    while not is_working_day(d, settings=s):
        d += timedelta(days=1)
    return d


def _earliest_vote(inp: RoadmapInput, lower: date, upper: date, s: RulesSettings) -> date | None:
    """The first working day in ``[lower, upper]`` with enough introducers, or ``None``.

    The number of introducers only rises on a member's ready day, so the candidates are ``lower`` and
    those days (each moved to the next working day) — and the days after a member leaves are checked
    through the count itself.
    """
    if lower > upper:
        return None
    stays = _stays(inp, s)
    candidates = sorted({lower, *(ready for ready, _until in stays if lower < ready <= upper)})
    for candidate in candidates:
        day = _next_working_day(candidate, s)
        if day <= upper and _count(stays, day) >= introducers_needed(inp.route):
            return day
    return None


def _stays(inp: RoadmapInput, s: RulesSettings) -> list[tuple[date, date | None]]:
    """(ready day, last day in the unit) of every member who can ever introduce the student."""
    stays = []
    for member in inp.staff:
        ready = _ready_on(member, inp.in_school_since, s)
        if ready is not None:
            stays.append((ready, member.in_unit_until))
    return stays


def _count(stays: list[tuple[date, date | None]], on: date) -> int:
    return sum(1 for ready, until in stays if ready <= on and (until is None or on <= until))


def _introducers_ready(inp: RoadmapInput, s: RulesSettings) -> date | None:
    """The first day (from the student's arrival) on which enough introducers are ready."""
    stays = _stays(inp, s)
    for ready in sorted(ready for ready, _until in stays):
        if _count(stays, ready) >= introducers_needed(inp.route):
            return ready
    return None


@lru_cache(maxsize=1024)
def _latest_vote(leaves_school_on: date, s: RulesSettings) -> date:
    """The last working day whose decision deadline (60 working days) is on or before leaving school.

    With ``last`` the last working day on or before leaving, that is the 60th working day before ``last``:
    from it the deadline lands exactly on ``last``, from the next working day after ``last``. The limit is the
    one of the regulation set in force on the vote (:func:`decision_due`), which may differ from the one in force
    on leaving; so the first guess is moved back while its deadline is too late and on while the next
    day's still fits. Cached: a school's students share a handful of leaving days.
    """
    last = leaves_school_on
    while not is_working_day(last, settings=s):
        last -= timedelta(days=1)
    vote = add_working_days(last, -s.on(last).decision_working_days, settings=s)
    while decision_due(vote, settings=s) > leaves_school_on:
        vote = add_working_days(vote, -1, settings=s)
    while decision_due(later := add_working_days(vote, 1, settings=s), settings=s) <= leaves_school_on:
        vote = later
    return vote


def _options(inp: RoadmapInput, classes_from: date, s: RulesSettings) -> list[_Option]:
    options: list[_Option] = []
    held = inp.progress.certificate_issued_on
    if held is not None:
        options.append(_Option(None, held, certificate_expires_on(held, settings=s), started=True))
    attending = inp.progress.attending
    if attending is not None and held is None:
        expires = certificate_expires_on(attending.certificate_on, settings=s)
        options.append(_Option(attending, attending.certificate_on, expires, started=True))
    for slot in inp.classes:
        if slot.starts_on >= classes_from and slot != attending:
            options.append(_Option(slot, slot.certificate_on, certificate_expires_on(slot.certificate_on, settings=s)))
    return options


def _plan(
    inp: RoadmapInput, lower: date, upper: date, options: list[_Option], s: RulesSettings
) -> tuple[date, _Option] | None:
    """The earliest vote in ``[lower, upper]`` over all certificate options, with the option used.

    On a tie what is already started (the certificate in hand, the class she attends) wins over a new class,
    and an earlier class over a later one.
    """
    best: tuple[date, _Option] | None = None
    for option in sorted(options, key=lambda o: (not o.started, o.valid_from)):
        vote = _earliest_vote(inp, max(lower, option.valid_from), min(upper, option.valid_until), s)
        if vote is not None and (best is None or vote < best[0]):
            best = (vote, option)
    return best


def _last_class(
    inp: RoadmapInput, lower: date, latest_vote: date, options: list[_Option], s: RulesSettings
) -> ClassSlot | None:
    """The last class among ``options`` whose certificate allows a vote that fits."""
    fitting = [
        o.slot
        for o in options
        if o.slot is not None
        and not o.started
        and _earliest_vote(inp, max(lower, o.valid_from), min(latest_vote, o.valid_until), s)
    ]
    return max(fitting, key=lambda slot: (slot.starts_on, slot.certificate_on, slot.code), default=None)


def roadmap(inp: RoadmapInput, *, settings: RulesSettings | None = None) -> Roadmap:
    """The roadmap of one student (see the module docstring for every constraint and its source)."""
    s = resolve(settings)
    p = inp.progress
    lead = timedelta(days=s.roadmap_dossier_lead_days)
    eligible_from = admission_age_from(inp.dob, settings=s)
    dossier_start = p.dossier_started_on if p.dossier_started_on is not None else inp.today
    lower = max(eligible_from, inp.today, dossier_start + lead)
    latest_vote = _latest_vote(inp.leaves_school_on, s)
    options = _options(inp, inp.today, s)  # classes from today on: the cell cannot send her to a past one
    # No upper bound of our own: each certificate's expiry ends its window, even after she leaves (for "refer").
    plan = _plan(inp, lower, date.max, options, s)
    earliest = plan[0] if plan else None
    option = plan[1] if plan else None
    fits = earliest is not None and decision_due(earliest, settings=s) <= inp.leaves_school_on
    class_for_vote = option.slot if option is not None else None
    needs_class = option is not None and not option.started
    verdict: Verdict = "refer" if not fits else ("fits_if_started" if needs_class else "fits")

    class_by = _last_class(inp, lower, latest_vote, options, s) if needs_class else None
    helper_by: date | None = None
    dossier_from: date | None = p.dossier_started_on
    latest_safe_start: date | None = None
    if fits and earliest is not None:
        latest_dossier = latest_vote - lead
        if p.dossier_started_on is None:
            dossier_from = earliest - lead
        if p.helper_since is None:
            helper_by = (
                class_by.starts_on - timedelta(days=s.roadmap_helper_lead_days)
                if class_by is not None
                else (dossier_from or latest_dossier)
            )
        pending = [
            helper_by if p.helper_since is None else None,
            class_by.starts_on if class_by is not None else None,
            latest_dossier if p.dossier_started_on is None else None,
        ]
        latest_safe_start = min((d for d in pending if d is not None), default=None)

    decision_by = decision_due(earliest, settings=s) if earliest is not None else None
    ceremony_by = ceremony_due(decision_by, settings=s) if decision_by is not None else None
    introducers_ready = _introducers_ready(inp, s)
    certificate_on = option.valid_from if option is not None else None

    return Roadmap(
        verdict=verdict,
        eligible_from=eligible_from,
        earliest_vote_on=earliest,
        latest_vote_on=latest_vote if fits else None,
        decision_by=decision_by,
        ceremony_by=ceremony_by,
        introducers_ready=introducers_ready,
        introducers_needed=introducers_needed(inp.route),
        certificate_on=certificate_on,
        class_for_vote=class_for_vote,
        class_by=class_by if fits else None,
        helper_by=helper_by,
        dossier_from=dossier_from if fits or p.dossier_started_on else None,
        latest_safe_start=latest_safe_start,
        regulation_set=s.regulation_set_for(earliest).code if earliest is not None else None,
        referral_destination=inp.referral_destination if verdict == "refer" else None,
        missed=_missed(inp, eligible_from, latest_vote, s),
        timeline=_timeline(
            inp,
            eligible_from=eligible_from,
            introducers_ready=introducers_ready,
            helper_by=helper_by,
            class_slot=class_for_vote if fits else None,
            certificate_on=certificate_on if fits else None,
            dossier_from=dossier_from if fits or p.dossier_started_on else None,
            earliest=earliest if fits else None,
            decision_by=decision_by if fits else None,
            ceremony_by=ceremony_by if fits else None,
        ),
    )


def _missed(inp: RoadmapInput, eligible_from: date, latest_vote: date, s: RulesSettings) -> tuple[Missed, ...]:
    """Steps whose latest date — as if the cell had started on the student's first day — has passed undone.

    When even that ideal plan cannot fit (she is simply too young), nothing was missed.
    """
    p = inp.progress
    lead = timedelta(days=s.roadmap_dossier_lead_days)
    start = inp.in_school_since
    ideal_lower = max(eligible_from, start + lead)
    has_certificate = p.certificate_issued_on is not None or p.attending is not None
    options = _options(inp, date.min, s)  # every class of the calendar, past ones included
    ideal_class = None if has_certificate else _last_class(inp, ideal_lower, latest_vote, options, s)
    if not has_certificate and ideal_class is None:
        return ()
    if _plan(inp, ideal_lower, latest_vote, options, s) is None:
        return ()
    latest_dossier = latest_vote - lead
    due: list[Missed] = []
    if p.helper_since is None:
        helper_due = (
            ideal_class.starts_on - timedelta(days=s.roadmap_helper_lead_days) if ideal_class else latest_dossier
        )
        due.append(Missed("helper", helper_due))
    if ideal_class is not None:
        due.append(Missed("class", ideal_class.starts_on))
    if p.dossier_started_on is None:
        due.append(Missed("dossier", latest_dossier))
    return tuple(m for m in due if m.was_due < inp.today)


def _timeline(
    inp: RoadmapInput,
    *,
    eligible_from: date,
    introducers_ready: date | None,
    helper_by: date | None,
    class_slot: ClassSlot | None,
    certificate_on: date | None,
    dossier_from: date | None,
    earliest: date | None,
    decision_by: date | None,
    ceremony_by: date | None,
) -> tuple[Milestone, ...]:
    """The milestones in date order; a milestone is done when it is recorded or its date is past."""
    p, today = inp.progress, inp.today
    items: list[Milestone] = []
    if p.helper_since is not None:
        items.append(Milestone("helper", p.helper_since, True))
    elif helper_by is not None:
        items.append(Milestone("helper", helper_by))
    if class_slot is not None:
        items.append(Milestone("class", class_slot.starts_on, class_slot == p.attending))
    if certificate_on is not None:
        items.append(Milestone("certificate", certificate_on, p.certificate_issued_on is not None))
    if dossier_from is not None:
        items.append(Milestone("dossier", dossier_from, p.dossier_started_on is not None))
    items.append(Milestone("age", eligible_from, eligible_from <= today))
    if introducers_ready is not None:
        items.append(Milestone("introducers", introducers_ready, introducers_ready <= today))
    ahead: tuple[tuple[MilestoneKey, date | None], ...] = (
        ("vote", earliest),
        ("decision", decision_by),
        ("ceremony", ceremony_by),
    )
    items.extend(Milestone(key, on) for key, on in ahead if on is not None)
    items.append(Milestone("leaving", inp.leaves_school_on, inp.leaves_school_on < today))
    return tuple(sorted(items, key=lambda m: m.on))
