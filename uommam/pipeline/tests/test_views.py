"""The pipeline pages through the client: overview, nomination, the action panel over HTMX."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from uommam.orgs.models import Role
from uommam.people.models import Award, Grade, SchoolRecord
from uommam.pipeline.models import Candidate, CandidateEvent
from uommam.pipeline.selectors import nomination_ranking
from uommam.pipeline.stages import Stage

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def grade_ten(make_student):
    strong = make_student(given="Giỏi", dob=date(2009, 2, 1), cohort=2024)
    SchoolRecord.objects.create(
        person=strong, school_year="2024-2025", grade_level=10, academic_result=Grade.TOT, conduct=Grade.TOT
    )
    Award.objects.create(person=strong, school_year="2024-2025", title="Học sinh giỏi cấp tỉnh")
    fair = make_student(given="Khá", dob=date(2009, 5, 1), cohort=2024)
    SchoolRecord.objects.create(
        person=fair, school_year="2024-2025", grade_level=10, academic_result=Grade.KHA, conduct=Grade.TOT
    )
    make_student(given="Ngoài", dob=date(2009, 5, 1), cohort=2024, youth_union_joined_on=None)
    make_student(given="Lớn", dob=date(2007, 5, 1), cohort=2022)  # grade 12 in 2025-2026
    return strong, fair


def test_nomination_ranks_grade_10_and_11_youth_union_members(personas, grade_ten):
    strong, fair = grade_ten
    ranking = nomination_ranking(school=personas.school, school_year="2025-2026", on=date(2025, 10, 1))
    assert [n.person for n in ranking] == [strong, fair]
    assert ranking[0].score > ranking[1].score and ranking[0].awards == 1


def test_weights_come_from_settings(personas, grade_ten, settings):
    settings.UOMMAM_NOMINATION_WEIGHTS = {"results": 0, "conduct": 0, "awards": -10}
    ranking = nomination_ranking(school=personas.school, school_year="2025-2026", on=date(2025, 10, 1))
    assert ranking[0].person == grade_ten[1]


# The Youth Union's resolution (4-KNĐ) that goes with every proposal.
RESOLUTION = {"proposal-resolution_number": "05-NQ/ĐTN", "proposal-resolution_on": "25/09/2025"}


def test_youth_union_proposes_and_the_cell_accepts_in_bulk(personas, grade_ten, client_for):
    strong, fair = grade_ten
    url = f"/pipeline/nomination/?school={personas.school.pk}&school_year=2025-2026"
    with time_machine.travel(date(2025, 10, 1), tick=False):
        page = client_for(Role.YOUTH_UNION_SECRETARY).get(url).content.decode()
        assert strong.full_name in page and "Ngoài" not in page
        response = client_for(Role.YOUTH_UNION_SECRETARY).post(
            "/pipeline/nomination/",
            {
                "school": personas.school.pk,
                "school_year": "2025-2026",
                "action": "propose",
                "person": [strong.pk, fair.pk],
                **RESOLUTION,
            },
        )
        assert response.status_code == 302
        candidates = Candidate.objects.filter(person__in=[strong, fair])
        assert {c.stage for c in candidates} == {Stage.IDENTIFIED}
        assert {c.proposed_by for c in candidates} == {personas.youth_union}
        assert CandidateEvent.objects.filter(transition="nominate").count() == 2
        # The Youth Union may not accept onto the cell's list.
        response = client_for(Role.YOUTH_UNION_SECRETARY).post(
            "/pipeline/nomination/",
            {
                "school": personas.school.pk,
                "school_year": "2025-2026",
                "action": "accept",
                "candidate": [c.pk for c in candidates],
            },
        )
        assert response.status_code == 403
        response = client_for(Role.CELL_SECRETARY).post(
            "/pipeline/nomination/",
            {
                "school": personas.school.pk,
                "school_year": "2025-2026",
                "action": "accept",
                "candidate": [c.pk for c in candidates],
                "helper": personas.members["helper"].pk,
                "effective_on": "01/10/2025",
            },
        )
    assert response.status_code == 302
    assert {(c.stage, c.helper) for c in Candidate.objects.filter(person__in=[strong, fair])} == {
        (Stage.SYMPATHISER, personas.members["helper"])
    }


def test_proposing_twice_does_not_duplicate(personas, grade_ten, client_for):
    strong, _ = grade_ten
    data = {
        "school": personas.school.pk,
        "school_year": "2025-2026",
        "action": "propose",
        "person": [strong.pk],
        **RESOLUTION,
    }
    client_for(Role.YOUTH_UNION_SECRETARY).post("/pipeline/nomination/", data)
    client_for(Role.YOUTH_UNION_SECRETARY).post("/pipeline/nomination/", data)
    assert Candidate.objects.filter(person=strong).count() == 1


def test_sibling_secretary_cannot_nominate_at_another_school(personas, grade_ten, client_for):
    strong, _ = grade_ten
    data = {
        "school": personas.school.pk,
        "school_year": "2025-2026",
        "action": "propose",
        "person": [strong.pk],
        **RESOLUTION,
    }
    client_for("sibling").post("/pipeline/nomination/", data)
    assert not Candidate.objects.exists()


def test_action_panel_shows_disabled_steps_with_reasons(make_candidate, make_student, client_for):
    c = make_candidate(
        Stage.DOSSIER, person=make_student(dob=date(2008, 9, 20)), certificate_issued_on=date(2025, 7, 1)
    )
    with time_machine.travel(date(2026, 3, 2), tick=False):
        page = client_for(Role.CELL_SECRETARY).get(f"/pipeline/{c.pk}/", **HTMX).content.decode()
    assert 'id="action-panel"' in page and "<html" not in page  # the named partial only
    assert 'data-testid="why-record_vote"' in page and "01/09/2026" in page


def test_a_refused_step_comes_back_in_the_panel_and_writes_nothing(make_candidate, client_for):
    c = make_candidate(Stage.DOSSIER, certificate_issued_on=date(2023, 7, 1))
    with time_machine.travel(date(2024, 6, 3), tick=False):
        response = client_for(Role.CELL_SECRETARY).post(
            f"/pipeline/{c.pk}/step/record_vote/",
            {
                "record_vote-cell_meeting_on": "01/06/2024",
                "record_vote-official_members_count": "15",
                "record_vote-votes_for": "9",
            },
            **HTMX,
        )
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="step-errors"' in page
    assert "9" in page and "15" in page
    c.refresh_from_db()
    assert c.stage == Stage.DOSSIER and not CandidateEvent.objects.filter(candidate=c).exists()


def test_invalid_date_is_a_form_error(make_candidate, client_for):
    c = make_candidate(Stage.IDENTIFIED)
    response = client_for(Role.CELL_SECRETARY).post(
        f"/pipeline/{c.pk}/step/accept_sympathiser/", {"accept_sympathiser-effective_on": "31/02/2024"}, **HTMX
    )
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    c.refresh_from_db()
    assert c.stage == Stage.IDENTIFIED


def test_a_successful_step_redirects_the_page(personas, make_candidate, client_for):
    c = make_candidate(Stage.IDENTIFIED)
    response = client_for(Role.CELL_SECRETARY).post(
        f"/pipeline/{c.pk}/step/accept_sympathiser/",
        {"accept_sympathiser-effective_on": "05/01/2024", "accept_sympathiser-helper": personas.members["helper"].pk},
        **HTMX,
    )
    assert response.status_code == 200 and response["HX-Redirect"] == f"/pipeline/{c.pk}/"
    c.refresh_from_db()
    assert c.stage == Stage.SYMPATHISER and c.stage_since == date(2024, 1, 5)


def test_referring_goes_through_the_referral_page_not_a_bare_stage_change(make_candidate, client_for):
    c = make_candidate(Stage.CERTIFIED, certificate_issued_on=date(2023, 7, 1))
    client = client_for(Role.CELL_SECRETARY)
    page = client.get(f"/pipeline/{c.pk}/").content.decode()
    assert f'href="/referrals/send/?candidate={c.pk}"' in page  # the panel links to the referral page
    response = client.post(f"/pipeline/{c.pk}/step/refer/", {"refer-exit_reason": "Về xã"}, **HTMX)
    assert response["HX-Redirect"] == f"/referrals/send/?candidate={c.pk}"
    c.refresh_from_db()
    assert c.stage == Stage.CERTIFIED and not CandidateEvent.objects.filter(candidate=c).exists()


def test_enrolling_happens_in_a_class_not_on_the_candidate_page(make_candidate, client_for):
    c = make_candidate(Stage.SYMPATHISER)
    officer = client_for(Role.COMMITTEE_OFFICER)
    assert f'href="/classes/?candidate={c.pk}"' in officer.get(f"/pipeline/{c.pk}/").content.decode()
    response = officer.post(f"/pipeline/{c.pk}/step/enrol/", {"enrol-effective_on": "01/10/2024"})
    assert response.status_code == 302 and response["Location"] == f"/classes/?candidate={c.pk}"
    c.refresh_from_db()
    assert c.stage == Stage.SYMPATHISER


def test_overview_counts_by_stage_in_scope_and_sorts_by_vietnamese_name(make_candidate, personas, client_for):
    make_candidate(Stage.DOSSIER, given="Yến")
    make_candidate(Stage.DOSSIER, given="Ánh")
    make_candidate(Stage.VOTED, given="Bình", cell=personas.sibling_cell)
    page = client_for(Role.CELL_SECRETARY).get("/pipeline/").content.decode()
    assert "Ánh" in page and "Bình" not in page
    assert page.index("Ánh") < page.index("Yến")
    filtered = client_for(Role.COMMITTEE_OFFICER).get(f"/pipeline/?stage=voted&cell={personas.sibling_cell.pk}", **HTMX)
    assert "Bình" in filtered.content.decode() and "Yến" not in filtered.content.decode()


def test_timeline_prints(make_candidate, client_for):
    c = make_candidate(Stage.DOSSIER)
    response = client_for(Role.CELL_SECRETARY).get(f"/pipeline/{c.pk}/timeline/print/")
    assert response.status_code == 200 and "data-print" in response.content.decode()
