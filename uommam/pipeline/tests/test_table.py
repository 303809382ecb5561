"""The transition table is the single source of what may happen from each stage."""

from __future__ import annotations

import pytest

from uommam.orgs.models import Role
from uommam.pipeline.stages import Stage
from uommam.pipeline.workflow import TRANSITIONS, TransitionError, available_transitions, perform

pytestmark = pytest.mark.django_db

CASES = [(stage, t) for stage in Stage for t in TRANSITIONS]


@pytest.mark.parametrize(("stage", "transition"), CASES, ids=[f"{s.value}-{t.name}" for s, t in CASES])
def test_every_stage_and_transition_is_allowed_exactly_as_the_table_says(personas, make_candidate, stage, transition):
    candidate = make_candidate(stage)
    admin = personas.user(Role.ADMIN)
    offered = {option.transition.name for option in available_transitions(candidate, admin)}
    assert (transition.name in offered) is (stage in transition.sources)
    if stage not in transition.sources:
        with pytest.raises(TransitionError):
            perform(candidate, transition.name, actor=admin, data={})


def test_exit_stages_offer_no_step(personas, make_candidate):
    admin = personas.user(Role.ADMIN)
    for stage in (Stage.OFFICIAL, Stage.WITHDRAWN, Stage.NOT_ADMITTED, Stage.STRUCK_OFF, Stage.REFERRED, Stage.MOVED):
        candidate = make_candidate(stage, given=stage.value)
        assert available_transitions(candidate, admin) == []


def test_every_transition_target_is_a_stage_and_names_are_unique():
    names = [t.name for t in TRANSITIONS]
    assert len(names) == len(set(names))
    assert all(t.target in Stage for t in TRANSITIONS)


# The domain's own reading of the steps (domain.md §6), written out independently of the table.
EXPECTED_STEPS = {
    # The cell accepts a proposal or lists a student nobody proposed; the Youth Union may withdraw its proposal.
    Stage.IDENTIFIED: {"accept_sympathiser", "list_without_proposal", "withdraw_proposal", "withdraw", "move"},
    Stage.SYMPATHISER: {"enrol", "certify", "withdraw", "refer", "move"},
    Stage.IN_CLASS: {"certify", "fail_class", "withdraw", "refer", "move"},
    Stage.CERTIFIED: {"open_dossier", "re_enrol", "withdraw", "refer", "move"},
    Stage.DOSSIER: {"record_vote", "record_failed_vote", "re_enrol", "not_admit", "withdraw", "refer", "move"},
    Stage.VOTED: {"record_committee_resolution", "decide", "not_admit", "withdraw", "move"},
    Stage.COMMITTEE_RESOLVED: {"decide", "not_admit", "withdraw", "move"},
    Stage.DECIDED: {"hold_ceremony"},
    Stage.PROBATIONARY: {"recognise_official", "strike_off"},
    Stage.OFFICIAL: set(),
    Stage.WITHDRAWN: set(),
    Stage.NOT_ADMITTED: set(),
    Stage.STRUCK_OFF: set(),
    Stage.REFERRED: set(),
    Stage.MOVED: set(),
}


@pytest.mark.parametrize("stage", list(Stage), ids=[s.value for s in Stage])
def test_the_table_offers_from_each_stage_the_steps_the_regulations_describe(stage):
    assert {t.name for t in TRANSITIONS if stage in t.sources} == EXPECTED_STEPS[stage]
