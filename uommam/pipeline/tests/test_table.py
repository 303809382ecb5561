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
