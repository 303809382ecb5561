"""Who may take each step: per role, for every transition; outsiders get 404, readers 403."""

from __future__ import annotations

import pytest

from uommam.orgs.models import Role
from uommam.pipeline.stages import Stage
from uommam.pipeline.workflow import TRANSITIONS, may_perform, perform

pytestmark = pytest.mark.django_db

ROLES = [Role.CELL_SECRETARY, Role.COMMITTEE_OFFICER, Role.YOUTH_UNION_SECRETARY, Role.CENTRE_OFFICER, Role.VIEWER]
CASES = [(role, t) for role in ROLES for t in TRANSITIONS]


def scope_allows(role: str) -> bool:
    # The centre officer sees candidates only through the training app's classes.
    return role in (Role.CELL_SECRETARY, Role.COMMITTEE_OFFICER, Role.YOUTH_UNION_SECRETARY)


# Who takes which step, written from the domain (domain.md §6, product.md), independently of the table.
CELL, COMMITTEE, CENTRE = Role.CELL_SECRETARY, Role.COMMITTEE_OFFICER, Role.CENTRE_OFFICER
YOUTH_UNION = Role.YOUTH_UNION_SECRETARY
EXPECTED_ROLES = {
    "accept_sympathiser": {CELL, COMMITTEE},
    "list_without_proposal": {CELL, COMMITTEE},  # a student nobody proposed, from the student page
    "withdraw_proposal": {YOUTH_UNION},  # the proposer withdraws before the cell acts
    "enrol": {CENTRE, COMMITTEE},  # in a class, by those who run classes
    "certify": {CENTRE, CELL, COMMITTEE},
    "fail_class": {CENTRE, CELL, COMMITTEE},
    "re_enrol": {CELL, CENTRE, COMMITTEE},
    "open_dossier": {CELL},
    "record_vote": {CELL},
    "record_failed_vote": {CELL},
    "record_committee_resolution": {CELL, COMMITTEE},
    "decide": {COMMITTEE},
    "hold_ceremony": {CELL},
    "recognise_official": {COMMITTEE},
    "strike_off": {COMMITTEE},
    "not_admit": {CELL, COMMITTEE},
    "withdraw": {CELL},
    "refer": {CELL},
    "move": {CELL},
}


@pytest.mark.parametrize("transition", TRANSITIONS, ids=[t.name for t in TRANSITIONS])
def test_the_table_gives_each_step_to_the_roles_that_take_it(transition):
    assert set(transition.roles) == EXPECTED_ROLES[transition.name]


@pytest.mark.parametrize(("role", "transition"), CASES, ids=[f"{r}-{t.name}" for r, t in CASES])
def test_each_role_may_take_exactly_its_steps(personas, make_candidate, role, transition):
    candidate = make_candidate(transition.sources[0])
    expected = role in transition.roles and scope_allows(role)
    assert may_perform(candidate, transition, personas.user(role)) is expected


@pytest.mark.parametrize("transition", TRANSITIONS, ids=[t.name for t in TRANSITIONS])
def test_sibling_cell_secretary_may_take_no_step(personas, make_candidate, transition):
    candidate = make_candidate(transition.sources[0])
    sibling = personas.user("sibling")
    assert may_perform(candidate, transition, sibling) is False
    with pytest.raises(PermissionError):
        perform(candidate, transition.name, actor=sibling, data={})


@pytest.mark.parametrize("transition", TRANSITIONS, ids=[t.name for t in TRANSITIONS])
def test_viewer_may_take_no_step(personas, make_candidate, transition):
    candidate = make_candidate(transition.sources[0])
    with pytest.raises(PermissionError):
        perform(candidate, transition.name, actor=personas.user(Role.VIEWER), data={})


def test_sibling_cell_secretary_gets_404_on_the_candidate_page(make_candidate, client_for):
    candidate = make_candidate(Stage.DOSSIER)
    assert client_for("sibling").get(f"/pipeline/{candidate.pk}/").status_code == 404
    response = client_for("sibling").post(f"/pipeline/{candidate.pk}/step/withdraw/", {"withdraw-exit_reason": "x"})
    assert response.status_code == 404


def test_viewer_reads_the_page_but_gets_403_on_a_step(make_candidate, client_for):
    candidate = make_candidate(Stage.DOSSIER)
    viewer = client_for(Role.VIEWER)
    assert viewer.get(f"/pipeline/{candidate.pk}/").status_code == 200
    response = viewer.post(
        f"/pipeline/{candidate.pk}/step/withdraw/", {"withdraw-exit_reason": "x", "withdraw-effective_on": "01/06/2024"}
    )
    assert response.status_code == 403
    candidate.refresh_from_db()
    assert candidate.stage == Stage.DOSSIER


def test_viewer_gets_403_on_dossier_writes(make_candidate, client_for):
    candidate = make_candidate(Stage.DOSSIER)
    response = client_for(Role.VIEWER).post(
        f"/pipeline/{candidate.pk}/dossier/", {"form": "1-KNĐ", "status": "received"}
    )
    assert response.status_code == 403


def test_youth_union_secretary_does_not_see_the_dossier(make_candidate, client_for):
    candidate = make_candidate(Stage.DOSSIER)
    response = client_for(Role.YOUTH_UNION_SECRETARY).get(f"/pipeline/{candidate.pk}/")
    assert response.status_code == 200
    assert 'id="dossier"' not in response.content.decode()
    response = client_for(Role.YOUTH_UNION_SECRETARY).post(f"/pipeline/{candidate.pk}/dossier/", {"form": "1-KNĐ"})
    assert response.status_code == 403


def test_cell_secretary_sees_the_dossier(make_candidate, client_for):
    candidate = make_candidate(Stage.DOSSIER)
    assert 'id="dossier"' in client_for(Role.CELL_SECRETARY).get(f"/pipeline/{candidate.pk}/").content.decode()


@pytest.mark.parametrize("role", [*ROLES, "sibling"])
def test_a_page_sharing_its_scope_answers_grants_exactly_the_steps_asked_one_by_one(
    personas, make_candidate, role, django_assert_max_num_queries
):
    """The action panel and the void link share one memo: steps whose role lists meet the user's roles in
    the same place share an answer, and no step is granted that asking alone would refuse."""
    user = personas.user(role)
    for stage in {t.sources[0] for t in TRANSITIONS}:
        candidate = make_candidate(stage)
        alone = {t.name: may_perform(candidate, t, user) for t in TRANSITIONS}
        memo: dict = {}
        with django_assert_max_num_queries(1):  # one scope query for the one role each persona holds
            shared = {t.name: may_perform(candidate, t, user, memo=memo) for t in TRANSITIONS}
        assert shared == alone
