"""Awareness classes and candidacies for the demo (issue 4, domain.md §1).

The district's records from 01/08/2020 to 30/06/2025 hold the article's figures exactly: 10
classes run by the Chiêm Hóa political centre, 371 students certified, 12 of them admitted
(`shared/data/article_figures.csv`). After the district closed, the provincial political school
runs the classes, and today's candidacies (DEMO_TODAY) sit in every stage — some overdue, some
students leaving school before they turn 18.

Stage changes are the workflow's own: the few admitted candidacies go through
`workflow.perform` on the dates they happened; the hundreds of routine ones (sympathiser list,
enrolment, certificate, leaving) go through `workflow.apply_transition` — the same guards,
effects and integrity rules — in memory, and are written in bulk. Every step runs on a
historical clock: "today" for its guards is the day it happened, and its event and journal rows
are stamped that afternoon (reports read those stamps as "recorded on").
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import translation

from uommam import rules
from uommam.audit.services import audit_bulk, audit_record
from uommam.core.clock import Clock
from uommam.core.clock import historical as historical_clock
from uommam.core.rules_config import rules_settings
from uommam.orgs.models import OrgUnit
from uommam.people.models import MemberStatus, PartyMember, Person
from uommam.pipeline import workflow
from uommam.pipeline.models import (
    Candidate,
    CandidateEvent,
    DossierForm,
    DossierStatus,
    Route,
)
from uommam.pipeline.services import dossier_item_save, introducer_assign
from uommam.pipeline.stages import Stage
from uommam.training.models import (
    Attendance,
    AwarenessClass,
    ClassSession,
    ClassStatus,
    Enrolment,
    EnrolmentResult,
)
from uommam.training.services import class_create
from uommam.vn.school_year import school_year_start

from .clock import on_day
from .context import DEMO_TODAY, DemoContext
from .names import make_name, pick_ethnicity
from .orgs import SCHOOLS
from .people import TUYEN_QUANG_CCCD, _citizen_id

PERIOD_START = date(2020, 8, 1)
PERIOD_END = date(2025, 6, 30)
MARKER_CODE = "TTCT-CHIEMHOA-01-2020"

# (number, first day (a Monday), certified, cohorts taught). 371 certificates in all.
DISTRICT_CLASSES = [
    ("01/2020", date(2020, 11, 16), 36, (2018, 2019)),
    ("01/2021", date(2021, 4, 12), 38, (2018, 2019)),
    ("02/2021", date(2021, 11, 15), 35, (2019, 2020)),
    ("01/2022", date(2022, 4, 11), 39, (2019, 2020)),
    ("02/2022", date(2022, 11, 14), 37, (2020, 2021)),
    ("01/2023", date(2023, 4, 10), 38, (2020, 2021)),
    ("02/2023", date(2023, 11, 13), 36, (2021, 2022)),
    ("01/2024", date(2024, 4, 8), 40, (2021, 2022)),
    ("02/2024", date(2024, 11, 11), 35, (2022,)),
    ("01/2025", date(2025, 4, 7), 37, (2022,)),
]
# Admitted per district class (index → how many): 12 in all.
ADMITTED = {0: 1, 1: 1, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1, 7: 1, 8: 1, 9: 1}
# The provincial political school after the reorganisation: (number, first day, certified, cohorts, status).
PROVINCIAL_CLASSES = [
    ("05/2025", date(2025, 10, 20), 46, (2023, 2024), ClassStatus.FINISHED),
    ("03/2026", date(2026, 3, 16), 40, (2024,), ClassStatus.FINISHED),
    ("09/2026", date(2026, 11, 23), 0, (2024, 2025), ClassStatus.RUNNING),
    ("02/2027", date(2027, 3, 15), 0, (), ClassStatus.PLANNED),
]
RUNNING_ENROLLED = 32
EXTRA_2018_PER_SCHOOL = 15
CELL_OFFICIAL_MEMBERS = 15


@dataclass
class Plan:
    """One candidacy being replayed in memory before the bulk write."""

    candidate: Candidate
    identified_on: date
    events: list[CandidateEvent] = field(default_factory=list)
    steps: list[workflow.AppliedTransition] = field(default_factory=list)
    enrolment: Enrolment | None = None
    failed: bool = False
    meeting: date | None = None  # set for the candidacies admitted in the district period


class Builder:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = random.Random(371)
        self.settings = rules_settings()
        self.centre = ctx.unit("TTCT-CHIEMHOA")
        self.school_of_politics = ctx.unit("TCT-TUYENQUANG")
        self.district = ctx.unit("HU-CHIEMHOA")
        self.schools = {code: ctx.unit(code) for code, *_ in SCHOOLS}
        self.cells = {code: ctx.unit(f"CB-{code}") for code in self.schools}
        self.youth_unions = {code: ctx.unit(f"DTN-{code.removeprefix('THPT-')}") for code in self.schools}
        members = PartyMember.objects.filter(cell__in=self.cells.values()).order_by("pk")
        self.officials: dict[int, list[PartyMember]] = defaultdict(list)
        for member in members:
            if member.status == MemberStatus.OFFICIAL:
                self.officials[member.cell_id].append(member)
        self.pools: dict[tuple[str, int], list[Person]] = {}
        self.plans: list[Plan] = []
        self.later: list[tuple[Candidate, str]] = []  # (candidacy, story) taken through `perform`
        self.certificate_seq: dict[int, int] = defaultdict(int)
        self.stamp_seq = 0

    # --- People -------------------------------------------------------------------------------

    def add_cohort_2018(self) -> None:
        """The students of 2018 left school before the registry was set up; the first classes need them."""
        rng = random.Random(2018)
        people = []
        serial = 200000
        for school_code, *_rest in SCHOOLS:
            school = self.schools[school_code]
            for index in range(EXTRA_2018_PER_SCHOOL):
                serial += 1
                sex = rng.choice(["M", "F"])
                ethnicity = pick_ethnicity(rng)
                family, middle, given = make_name(rng, ethnicity, sex)
                dob = date(2003 - (1 if rng.random() < 0.12 else 0), rng.randint(1, 12), rng.randint(1, 28))
                person = Person(
                    family_name=family,
                    middle_name=middle,
                    given_name=given,
                    dob=dob,
                    sex=sex,
                    ethnicity=ethnicity,
                    citizen_id=_citizen_id(sex, dob, serial),
                    moet_id=f"08{serial:08d}",
                    home_province=TUYEN_QUANG_CCCD,
                    school=school,
                    class_name=f"12A{index % 6 + 1}",
                    cohort=2018,
                    expected_leaving_on=date(2021, 5, 31),
                    left_school_on=date(2021, 5, 31),
                    youth_union_joined_on=date(2018, 3, 26) - timedelta(days=rng.randint(0, 300)),
                    notes="demo",
                )
                person.refresh_derived()
                people.append(person)
        Person.objects.bulk_create(people)

    def load_pools(self) -> None:
        people = (
            Person.objects.filter(notes="demo", cohort__gte=2018, youth_union_joined_on__isnull=False)
            .select_related("school")
            .order_by("pk")
        )
        for person in people:
            self.pools.setdefault((person.school.code, person.cohort), []).append(person)
        for pool in self.pools.values():
            self.rng.shuffle(pool)

    def draw(self, cohorts: tuple[int, ...], count: int) -> list[Person]:
        """`count` students spread over the five schools and the given cohorts."""
        keys = [(school, cohort) for cohort in cohorts for school in self.schools]
        drawn: list[Person] = []
        while len(drawn) < count:
            for key in keys:
                if len(drawn) == count:
                    break
                if self.pools.get(key):
                    drawn.append(self.pools[key].pop())
            if not any(self.pools.get(key) for key in keys):
                raise RuntimeError(f"demo: not enough students in cohorts {cohorts}")
        return drawn

    # --- Replaying the workflow in memory -----------------------------------------------------

    def new_plan(self, person: Person, *, identified_on: date, proposed: bool = True) -> Plan:
        school_code = person.school.code
        cell = self.cells[school_code]
        year = school_year_start(identified_on)
        candidate = Candidate(
            person=person,
            cell=cell,
            stage=Stage.IDENTIFIED,
            stage_since=identified_on,
            route=Route.YOUTH_UNION,
            school_year=f"{year}-{year + 1}",
            proposed_by=self.youth_unions[school_code] if proposed else None,
        )
        plan = Plan(candidate, identified_on=identified_on)
        self.plans.append(plan)
        return plan

    def step(self, plan: Plan, name: str, data: Mapping[str, Any]) -> None:
        """One workflow step through `apply_transition`, on the day it happened (its guards and the
        integrity table judge "today" as that day); the rows are saved in bulk by `write()`."""
        transition = workflow.BY_NAME[name]
        on = data.get(transition.date_field) if transition.date_field else None
        assert on is not None, name
        applied = workflow.apply_transition(plan.candidate, name, actor=None, data=data, clock=self.clock(on))
        plan.candidate = applied.candidate
        plan.events.append(applied.event)
        plan.steps.append(applied)

    def clock(self, on: date) -> Clock:
        """A historical clock on `on`: each row is stamped that afternoon, in the order it was built."""
        self.stamp_seq += 1
        return historical_clock(on, minutes=self.stamp_seq % 180)

    def sympathiser(self, plan: Plan, on: date) -> None:
        helper = self.rng.choice(self.officials[plan.candidate.cell_id])
        self.step(plan, "accept_sympathiser", {"helper": helper, "effective_on": on})

    # --- Classes ------------------------------------------------------------------------------

    def make_class(self, organiser: OrgUnit, number: str, starts: date, status: str, place: str) -> AwarenessClass:
        """Through the class service (authority over the dates, time order), opened a month ahead."""
        code = f"{organiser.code}-{number.replace('/', '-')}"
        opened = min(starts - timedelta(days=30), DEMO_TODAY)
        return class_create(
            actor=None,
            data={
                "organiser": organiser,
                "code": code,
                "number": number,
                "name": f"Lớp {number}",
                "starts_on": starts,
                "ends_on": starts + timedelta(days=4),
                "place": place,
                "capacity": 60,
                "certificate_issuer": organiser,
                "status": status,
            },
            clock=historical_clock(opened),
        )

    def teach(
        self,
        awareness_class: AwarenessClass,
        cohorts: tuple[int, ...],
        certified: int,
        failed: int,
        *,
        results: bool = True,
    ) -> list[Plan]:
        """Enrol sympathisers of the given cohorts; with `results`, certify all but `failed`."""
        starts = awareness_class.starts_on
        enrolled_on = starts - timedelta(days=self.rng.randint(7, 20))
        people = self.draw(cohorts, certified + failed)
        failing = set(self.rng.sample(range(len(people)), failed))
        plans = []
        for index, person in enumerate(people):
            grade_10_year = person.cohort
            earliest = max(date(grade_10_year + 1, 9, 5), starts - timedelta(days=420))
            latest = enrolled_on - timedelta(days=20)
            identified_on = earliest + timedelta(days=self.rng.randint(0, max(0, (latest - earliest).days - 30)))
            plan = self.new_plan(person, identified_on=identified_on)
            self.sympathiser(plan, identified_on + timedelta(days=self.rng.randint(7, 30)))
            self.step(plan, "enrol", {"effective_on": enrolled_on})
            school_year = school_year_start(starts)
            grade = min(12, 10 + school_year - person.cohort)
            enrolment = Enrolment(
                awareness_class=awareness_class,
                person=person,
                enrolled_on=enrolled_on,
                school_id=person.school_id,
                class_name=f"{grade}{person.class_name[2:] if len(person.class_name) > 2 else 'A1'}",
            )
            plan.enrolment = enrolment
            if results:
                if index in failing:
                    plan.failed = True
                    enrolment.result = EnrolmentResult.FAILED
                    enrolment.essay_score = Decimal(self.rng.choice(["3.00", "3.50", "4.00", "4.50"]))
                    self.step(plan, "fail_class", {"effective_on": awareness_class.ends_on})
                else:
                    enrolment.result = EnrolmentResult.PASSED
                    enrolment.essay_score = Decimal(self.rng.randint(10, 19)) / 2
                    self.certify(plan, awareness_class)
            plans.append(plan)
        return plans

    def certify(self, plan: Plan, awareness_class: AwarenessClass) -> None:
        self.certificate_seq[awareness_class.pk] += 1
        number = f"{awareness_class.code}/{self.certificate_seq[awareness_class.pk]:03d}"
        issued_on = awareness_class.ends_on
        assert plan.enrolment is not None
        plan.enrolment.certificate_number = number
        plan.enrolment.certificate_issued_on = issued_on
        self.step(
            plan,
            "certify",
            {
                "certificate_number": number,
                "certificate_issued_on": issued_on,
                "certificate_issuer": awareness_class.certificate_issuer,
            },
        )

    # --- Stories told through `perform` -------------------------------------------------------

    def admission_dates(self, plan: Plan, certified_on: date, *, last_decision: date) -> date | None:
        """The cell's meeting for an admission: of age, after the dossier, before leaving school."""
        person = plan.candidate.person
        eligible = rules.admission_age_from(person.dob, settings=self.settings)
        meeting = _weekday(max(certified_on + timedelta(days=30), eligible + timedelta(days=10)))
        leaving = person.expected_leaving_on or date(person.cohort + 3, 5, 31)
        if meeting > leaving - timedelta(days=5) or meeting + timedelta(days=36) > last_decision:
            return None
        return meeting

    def pick_admitted(self, plans: list[Plan], count: int, certified_on: date, *, last_decision: date) -> None:
        chosen = 0
        for plan in sorted((p for p in plans if not p.failed), key=lambda p: p.candidate.person.dob):
            if chosen == count:
                break
            meeting = self.admission_dates(plan, certified_on, last_decision=last_decision)
            if meeting is not None:
                plan.meeting = meeting
                chosen += 1
        if chosen < count:
            raise RuntimeError(f"demo: not enough students of age to admit after {certified_on}")

    def leave_school(self, plan: Plan, rng: random.Random, *, open_share: float = 0.03) -> None:
        """What became of a trained student who was not admitted while at school."""
        person = plan.candidate.person
        leaving = person.expected_leaving_on or date(person.cohort + 3, 5, 31)
        on = leaving + timedelta(days=rng.randint(3, 25))
        roll = rng.random()
        if plan.failed:
            self.step(plan, "withdraw", {"exit_reason": "Ra trường, chưa hoàn thành lớp bồi dưỡng", "effective_on": on})
        elif roll < open_share:
            return  # nobody recorded anything: the leak the article describes
        elif roll < 0.62:
            home = person.home_commune.name if person.home_commune is not None else "nơi cư trú"
            self.step(
                plan,
                "refer",
                {
                    "exit_reason": f"Ra trường; giới thiệu về Đảng ủy {home.replace('Thị trấn', 'thị trấn').replace('Xã', 'xã')}",
                    "effective_on": on,
                },
            )
        elif roll < 0.97:
            reason = rng.choice(
                [
                    "Tốt nghiệp, vào học đại học ngoài tỉnh",
                    "Tốt nghiệp, đi làm việc xa địa phương",
                    "Gia đình chuyển đi nơi khác",
                    "Xin rút khỏi danh sách cảm tình Đảng",
                ]
            )
            self.step(plan, "withdraw", {"exit_reason": reason, "effective_on": on})
        else:
            since = plan.candidate.stage_since or leaving
            moved_on = max(since + timedelta(days=20), leaving - timedelta(days=60))
            self.step(plan, "move", {"exit_reason": "Chuyển trường", "effective_on": moved_on})

    # --- Writing ------------------------------------------------------------------------------

    def write(self) -> None:
        candidates = [plan.candidate for plan in self.plans]
        Candidate.objects.bulk_create(candidates, batch_size=500)
        events, audits, enrolments = [], [], []
        for plan in self.plans:
            candidate = plan.candidate
            for event in plan.events:
                event.candidate = candidate
                events.append(event)
            for applied in plan.steps:
                # The journal row names the candidacy as it stood after the step, as `perform` does.
                entry = applied.audit(None)
                entry.object_pk = str(candidate.pk)
                audits.append(entry)
            if plan.enrolment is not None:
                plan.enrolment.candidate = candidate
                enrolments.append(plan.enrolment)
        CandidateEvent.objects.bulk_create(events, batch_size=1000)
        audit_bulk(audits)
        Enrolment.objects.bulk_create(enrolments, batch_size=500)
        # Recorded when they happened: the candidacy on its first day, the enrolment on its date.
        for plan in self.plans:
            first = plan.events[0].at if plan.events else historical_clock(plan.identified_on).now
            plan.candidate.created_at = first
            plan.candidate.updated_at = plan.events[-1].at if plan.events else first
        Candidate.objects.bulk_update(candidates, ["created_at", "updated_at"], batch_size=500)
        for enrolment in enrolments:
            enrolment.created_at = historical_clock(enrolment.enrolled_on).now
            enrolment.updated_at = historical_clock(enrolment.certificate_issued_on or enrolment.enrolled_on).now
        Enrolment.objects.bulk_update(enrolments, ["created_at", "updated_at"], batch_size=500)
        self.write_attendance(enrolments)

    def write_attendance(self, enrolments: list[Enrolment]) -> None:
        sessions: dict[int, list[ClassSession]] = defaultdict(list)
        for session in ClassSession.objects.filter(
            awareness_class_id__in={e.awareness_class_id for e in enrolments}
        ).order_by("number"):
            sessions[session.awareness_class_id].append(session)
        rows = []
        for enrolment in enrolments:
            for session in sessions[enrolment.awareness_class_id]:
                if session.date > DEMO_TODAY:
                    continue
                if enrolment.result == EnrolmentResult.FAILED:
                    present = self.rng.random() < 0.5
                else:
                    present = self.rng.random() < 0.97
                recorded = historical_clock(session.date).now
                rows.append(Attendance(enrolment=enrolment, session=session, present=present, updated_at=recorded))
        Attendance.objects.bulk_create(rows, batch_size=2000)


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _perform(candidate: Candidate, name: str, data: Mapping[str, Any], today: date) -> Candidate:
    """A step through `perform` itself, recorded on `today` by a historical clock."""
    return workflow.perform(
        candidate, name, actor=None, data=data, check_permission=False, clock=historical_clock(today, minutes=30)
    )


def _prepare_dossier(builder: Builder, candidate: Candidate, meeting: date) -> None:
    """The papers a cell has before its vote (Youth Union route), and one eligible introducer."""
    rng = builder.rng
    for form in (
        DossierForm.KND1,
        DossierForm.KND2,
        DossierForm.KND20,
        DossierForm.KND4,
        DossierForm.KND3,
        DossierForm.KND5,
    ):
        dated = meeting - timedelta(days=rng.randint(12, 40))
        # Through the dossier service, on the day the cell checked the paper.
        on_day(
            dated + timedelta(days=5),
            dossier_item_save,
            candidate=candidate,
            actor=None,
            form=form,
            subject="Bố, mẹ" if form == DossierForm.KND20 else "",
            status=DossierStatus.CHECKED,
            dated_on=dated,
            received_on=dated + timedelta(days=2),
        )
    grade_10 = date(candidate.person.cohort, 9, 1)
    eligible = [
        m
        for m in builder.officials[candidate.cell_id]
        if m.joined_unit_on and m.joined_unit_on <= grade_10 and m.pk != candidate.helper_id
    ]
    introducer = eligible[0] if eligible else builder.officials[candidate.cell_id][0]
    assigned_on = meeting - timedelta(days=45)
    on_day(assigned_on, introducer_assign, candidate=candidate, member=introducer, assigned_on=assigned_on, actor=None)


def _admit(
    builder: Builder,
    candidate: Candidate,
    *,
    certified_on: date,
    meeting: date,
    decision_on: date | None,
    decision_body: OrgUnit | None,
    ceremony: bool,
    recognise: bool,
    strike_off: bool = False,
    resolution_no: int = 1,
) -> None:
    """Take one candidacy from its certificate through the cell's vote, the decision, the ceremony…"""
    rng = builder.rng
    certified_on = candidate.certificate_issued_on or certified_on
    opened = certified_on + timedelta(days=rng.randint(10, 25))
    candidate = _perform(candidate, "open_dossier", {"route": Route.YOUTH_UNION, "effective_on": opened}, opened)
    _prepare_dossier(builder, candidate, meeting)
    members = CELL_OFFICIAL_MEMBERS
    candidate = _perform(
        candidate,
        "record_vote",
        {
            "cell_meeting_on": meeting,
            "cell_resolution_number": f"{resolution_no:02d}-NQ/CB",
            "official_members_count": members,
            "votes_for": members - rng.randint(0, 2),
        },
        meeting,
    )
    if decision_on is None:
        return
    received = decision_on + timedelta(days=rng.randint(2, 6))
    code = decision_body.document_code if decision_body else "ĐU"
    candidate = _perform(
        candidate,
        "decide",
        {
            "decision_number": f"{rng.randint(100, 980)}-QĐ/{code}",
            "decision_on": decision_on,
            "decision_body": decision_body,
            "decision_received_on": received,
        },
        received,
    )
    if not ceremony:
        return
    due = rules.ceremony_due(received, decision_issued_on=decision_on, settings=builder.settings)
    ceremony_on = _weekday(min(received + timedelta(days=rng.randint(7, 25)), due))
    ceremony_on = min(ceremony_on, due)
    candidate = _perform(candidate, "hold_ceremony", {"ceremony_on": ceremony_on}, ceremony_on)
    ends = rules.probation_ends_on(ceremony_on, settings=builder.settings)
    if strike_off:
        on = ends + timedelta(days=15)
        _perform(
            candidate,
            "strike_off",
            {"exit_reason": "Không đủ tư cách đảng viên chính thức khi hết thời gian dự bị", "effective_on": on},
            on,
        )
        return
    if not recognise:
        return
    review = _weekday(ends + timedelta(days=rng.randint(3, 15)))
    decided = review + timedelta(days=rng.randint(10, 20))
    _perform(
        candidate,
        "recognise_official",
        {
            "official_meeting_on": review,
            "official_members_at_review": members,
            "official_votes_for": members - rng.randint(0, 1),
            "official_decision_number": f"{rng.randint(100, 980)}-QĐ/{code}",
            "official_decision_on": decided,
            "theory_course_completed_on": ceremony_on + timedelta(days=rng.randint(60, 150)),
        },
        decided,
    )


@transaction.atomic
def build(ctx: DemoContext) -> None:
    if AwarenessClass.objects.filter(code=MARKER_CODE).exists():
        ctx.say(
            f"  Awareness classes: {AwarenessClass.objects.count()}; candidacies: {Candidate.objects.count()} (already loaded)"
        )
        return
    with translation.override("vi"):
        _build(ctx)


def _build(ctx: DemoContext) -> None:
    builder = Builder(ctx)
    builder.add_cohort_2018()
    builder.load_pools()
    rng = builder.rng

    # 1. The district period: ten classes of the political centre.
    admitted: list[tuple[Plan, date, AwarenessClass]] = []
    period_plans: list[Plan] = []
    for index, (number, starts, certified, cohorts) in enumerate(DISTRICT_CLASSES):
        awareness_class = builder.make_class(
            builder.centre, number, starts, ClassStatus.FINISHED, "Hội trường Trung tâm Chính trị huyện Chiêm Hóa"
        )
        plans = builder.teach(awareness_class, cohorts, certified, rng.randint(1, 3))
        last_decision = min(PERIOD_END, DEMO_TODAY)
        builder.pick_admitted(plans, ADMITTED[index], awareness_class.ends_on, last_decision=last_decision)
        for plan in plans:
            if plan.meeting is not None:
                admitted.append((plan, awareness_class.ends_on, awareness_class))
            else:
                builder.leave_school(plan, rng)
        period_plans.extend(plans)

    # 2. After the reorganisation: the provincial political school.
    today_stories: list[tuple[Plan, str, date]] = []
    provincial = []
    for number, starts, certified, cohorts, status in PROVINCIAL_CLASSES:
        awareness_class = builder.make_class(
            builder.school_of_politics, number, starts, status, "Hội trường Đảng ủy xã Chiêm Hóa"
        )
        provincial.append(awareness_class)
        if status == ClassStatus.FINISHED:
            plans = builder.teach(awareness_class, cohorts, certified, rng.randint(1, 2))
            for plan in plans:
                today_stories.append((plan, "certified", awareness_class.ends_on))
        elif status == ClassStatus.RUNNING:
            builder.teach(awareness_class, cohorts, RUNNING_ENROLLED, 0, results=False)

    # 3. Sympathisers waiting for the next class, and students just identified by the Youth Union.
    for person in builder.draw((2025,), 20) + builder.draw((2024,), 8):
        identified = date(2026, 9, 15) + timedelta(days=rng.randint(0, 20))
        plan = builder.new_plan(person, identified_on=identified)
        builder.sympathiser(plan, identified + timedelta(days=rng.randint(10, 40)))
    for person in builder.draw((2025,), 15):
        builder.new_plan(person, identified_on=date(2026, 10, 5) + timedelta(days=rng.randint(0, 30)))

    # What became of those certified after 07/2025, apart from the stories told through `perform`.
    stories: dict[str, list[Plan]] = defaultdict(list)
    cohort_2023 = [p for p, _kind, _on in today_stories if p.candidate.person.cohort == 2023 and not p.failed]
    cohort_2024 = [p for p, _kind, _on in today_stories if p.candidate.person.cohort == 2024 and not p.failed]
    by_age = sorted(cohort_2023, key=lambda p: p.candidate.person.dob)
    stories["probationary"] = by_age[:2]
    stories["ceremony_overdue"] = by_age[2:3]
    stories["decision_overdue"] = by_age[3:4]
    stories["not_admitted"] = by_age[4:5]
    for plan in by_age[5:]:
        builder.leave_school(plan, rng, open_share=0.3)
    for plan, _kind, _on in today_stories:
        if plan.failed and plan.candidate.person.cohort == 2023:
            builder.leave_school(plan, rng)
    older = sorted(cohort_2024, key=lambda p: p.candidate.person.dob)
    stories["decided_recently"] = older[:1]
    stories["voted_recently"] = older[1:2]
    stories["dossier"] = older[2:7]
    withdrawn, moved = older[7], older[8]
    builder.step(
        withdrawn,
        "withdraw",
        {"exit_reason": "Xin rút khỏi danh sách cảm tình Đảng", "effective_on": date(2026, 9, 20)},
    )
    builder.step(moved, "move", {"exit_reason": "Chuyển đến Trường THPT Sơn Dương", "effective_on": date(2026, 8, 25)})

    builder.write()

    # 4. The stories told through the workflow itself, on the dates they happened.
    # Every admitted plan has a meeting date (asserted below).
    by_meeting = sorted(admitted, key=lambda item: item[0].meeting)  # type: ignore[arg-type, return-value]
    decision_on: date | None  # a date here; the stories below include decisions still awaited
    for n, (plan, certified_on, _awareness_class) in enumerate(by_meeting):
        meeting = plan.meeting
        assert meeting is not None
        decision_on = _weekday(min(meeting + timedelta(days=rng.randint(21, 35)), PERIOD_END))
        _admit(
            builder,
            plan.candidate,
            certified_on=certified_on,
            meeting=meeting,
            decision_on=decision_on,
            decision_body=builder.district,
            ceremony=True,
            recognise=n < 10,
            strike_off=n == 10,
            resolution_no=n + 1,
        )
    certified_on = provincial[0].ends_on
    # story, cell meeting, decision (None: still awaited), ceremony held, recognised as official
    admissions = [
        ("probationary", date(2026, 3, 10), date(2026, 4, 14), True, False),
        ("ceremony_overdue", date(2026, 5, 12), date(2026, 8, 18), False, False),
        ("decision_overdue", date(2026, 5, 19), None, False, False),
        ("decided_recently", date(2026, 10, 6), date(2026, 11, 10), False, False),
        ("voted_recently", date(2026, 10, 20), None, False, False),
    ]
    for story, meeting, decision_on, ceremony, recognise in admissions:
        for plan in stories[story]:
            _admit(
                builder,
                plan.candidate,
                certified_on=certified_on,
                meeting=meeting,
                decision_on=decision_on,
                decision_body=None,
                ceremony=ceremony,
                recognise=recognise,
            )
    for plan in stories["not_admitted"]:
        opened = date(2026, 1, 12)
        candidate = _perform(
            plan.candidate, "open_dossier", {"route": Route.YOUTH_UNION, "effective_on": opened}, opened
        )
        _perform(
            candidate,
            "not_admit",
            {"exit_reason": "Thẩm tra lý lịch chưa đạt yêu cầu", "effective_on": date(2026, 4, 20)},
            date(2026, 4, 20),
        )
    for plan in stories["dossier"]:
        opened = date(2026, 9, 8) + timedelta(days=rng.randint(0, 40))
        _perform(plan.candidate, "open_dossier", {"route": Route.YOUTH_UNION, "effective_on": opened}, opened)

    audit_record(
        actor=None,
        action="import",
        model=AwarenessClass._meta.label,
        object_repr="demo",
        note=f"demo: {AwarenessClass.objects.count()} classes, {Candidate.objects.count()} candidacies",
    )
    in_period = CandidateEvent.objects.filter(
        to_stage=Stage.CERTIFIED, effective_on__range=(PERIOD_START, PERIOD_END)
    ).count()
    ctx.say(
        f"  Awareness classes: {AwarenessClass.objects.count()}; candidacies: {Candidate.objects.count()}; "
        f"certified 08/2020–06/2025: {in_period}"
    )
