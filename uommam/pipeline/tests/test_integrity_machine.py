"""A state machine drives random sequences of the real services — every workflow step, voiding,
dossier papers — with random dates (many impossible ones), and after every step asks the database
whether any invariant of the integrity table is broken. Refusals are expected; a stored problem is not."""

from __future__ import annotations

import contextlib
import itertools
from datetime import date

import time_machine
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from uommam.core import integrity
from uommam.pipeline import services, workflow
from uommam.pipeline.models import Candidate, DossierForm, DossierStatus
from uommam.pipeline.stages import Stage
from uommam.testing.world import World, student

TODAY = date(2026, 11, 30)
DATE_FIELDS = (
    "effective_on",
    "certificate_issued_on",
    "cell_meeting_on",
    "committee_resolution_on",
    "decision_on",
    "decision_received_on",
    "ceremony_on",
    "official_meeting_on",
    "official_decision_on",
    "theory_course_completed_on",
)
# Mostly plausible dates around today, with some from far outside the bounds.
DATES = st.one_of(
    st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 6, 30)),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)
SERIAL = itertools.count(1)


def machine_for(world: World) -> type[RuleBasedStateMachine]:
    class Records(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            n = next(SERIAL)
            person = student(
                world.units["S-A"], "Thử", "Văn", f"Máy{n}", citizen_id=f"0082{n:08d}", dob=date(2006, 1, 15)
            )
            self.candidate = Candidate.objects.create(person=person, cell=world.units["CB-S-A"], stage=Stage.IDENTIFIED)

        @rule(
            name=st.sampled_from([t.name for t in workflow.TRANSITIONS]),
            dates=st.fixed_dictionaries(dict.fromkeys(DATE_FIELDS, DATES)),
            members=st.integers(1, 20),
            votes=st.integers(0, 20),
        )
        def step(self, name: str, dates: dict[str, date], members: int, votes: int) -> None:
            data = {
                **dates,
                "helper": world.members["a"],
                "certificate_number": "GCN-1",
                "route": "youth_union",
                "official_members_count": members,
                "votes_for": votes,
                "official_members_at_review": members,
                "official_votes_for": votes,
                "decision_number": "1-QĐ/ĐU",
                "official_decision_number": "2-QĐ/ĐU",
                "exit_reason": "thử",
            }
            with contextlib.suppress(workflow.TransitionError):
                self.candidate = workflow.perform(
                    self.candidate, name, actor=world.users["admin"], data=data, check_permission=False
                )

        @rule()
        def void(self) -> None:
            with contextlib.suppress(workflow.VoidError):
                self.candidate = workflow.void_last_step(
                    self.candidate, actor=world.users["admin"], reason="thử", check_permission=False
                )

        @rule(dated=DATES, received=DATES)
        def dossier_paper(self, dated: date, received: date) -> None:
            with contextlib.suppress(services.RecordRefused):
                services.dossier_item_save(
                    candidate=self.candidate,
                    actor=world.users["admin"],
                    form=DossierForm.KND1,
                    status=DossierStatus.RECEIVED,
                    dated_on=dated,
                    received_on=received,
                )

        @invariant()
        def nothing_stored_breaks_the_table(self) -> None:
            assert [p.as_dict() for p in integrity.stored_problems()] == []

    return Records


def test_random_sequences_of_the_services_never_store_a_broken_record(world):
    with time_machine.travel(TODAY, tick=False):
        run_state_machine_as_test(
            machine_for(world),
            settings=settings(
                max_examples=15,
                stateful_step_count=10,
                deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
            ),
        )
