"""The Youth Union's proposal with its resolution (4-KNĐ), its withdrawal, and the cell listing a
student nobody proposed from the student page."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from uommam.audit.models import AuditEntry
from uommam.orgs.models import Role
from uommam.people.models import Award, AwardKind, AwardLevel, Person
from uommam.pipeline.models import Candidate, CandidateEvent
from uommam.pipeline.stages import Stage

pytestmark = pytest.mark.django_db
TODAY = date(2025, 10, 1)
NOMINATION = "/pipeline/nomination/"


@pytest.fixture
def three(make_student):
    return [make_student(given=g, dob=date(2009, 2, 1), cohort=2024) for g in ("Anh", "Bình", "Chi")]


def _proposal(personas, people, number="05-NQ/ĐTN", on="25/09/2025"):
    return {
        "school": personas.school.pk,
        "school_year": "2025-2026",
        "action": "propose",
        "person": [p.pk for p in people],
        "proposal-resolution_number": number,
        "proposal-resolution_on": on,
    }


def test_three_students_are_proposed_with_one_resolution_in_one_submit(personas, three, client_for):
    with time_machine.travel(TODAY, tick=False):
        response = client_for(Role.YOUTH_UNION_SECRETARY).post(NOMINATION, _proposal(personas, three))
    assert response.status_code == 302
    candidates = Candidate.objects.filter(person__in=three)
    assert candidates.count() == 3
    assert {(c.stage, c.proposal_resolution_number, c.proposal_resolution_on) for c in candidates} == {
        (Stage.IDENTIFIED, "05-NQ/ĐTN", date(2025, 9, 25))
    }
    assert AuditEntry.objects.filter(model__iendswith="candidate", action="create").count() == 3


def test_a_proposal_without_its_resolution_proposes_nobody(personas, three, client_for):
    with time_machine.travel(TODAY, tick=False):
        client_for(Role.YOUTH_UNION_SECRETARY).post(NOMINATION, _proposal(personas, three, number=""))
    assert not Candidate.objects.exists()


def test_a_resolution_dated_in_the_future_is_refused_with_its_date(personas, three, client_for):
    with time_machine.travel(TODAY, tick=False):
        response = client_for(Role.YOUTH_UNION_SECRETARY).post(
            NOMINATION, _proposal(personas, three, on="02/10/2025"), follow=True
        )
    assert "02/10/2025" in response.content.decode()
    assert not Candidate.objects.exists()


def test_the_candidacy_is_proposed_from_the_day_of_the_youth_unions_resolution(personas, three, client_for):
    with time_machine.travel(TODAY, tick=False):
        client_for(Role.YOUTH_UNION_SECRETARY).post(NOMINATION, _proposal(personas, three[:1]))
    candidate = Candidate.objects.get(person=three[0])
    assert candidate.stage_since == date(2025, 9, 25)
    assert CandidateEvent.objects.get(candidate=candidate, transition="nominate").effective_on == date(2025, 9, 25)


def test_a_resolution_older_than_a_students_youth_union_membership_proposes_nobody(personas, three, client_for):
    Person.objects.filter(pk=three[1].pk).update(youth_union_joined_on=date(2025, 9, 26))
    with time_machine.travel(TODAY, tick=False):
        response = client_for(Role.YOUTH_UNION_SECRETARY).post(NOMINATION, _proposal(personas, three), follow=True)
    assert "26/09/2025" in response.content.decode()
    assert not Candidate.objects.exists()


def test_one_student_already_proposed_stops_the_whole_proposal(personas, three, client_for):
    client = client_for(Role.YOUTH_UNION_SECRETARY)
    with time_machine.travel(TODAY, tick=False):
        client.post(NOMINATION, _proposal(personas, three[:1]))
        client.post(NOMINATION, _proposal(personas, three, number="06-NQ/ĐTN"))
    assert Candidate.objects.count() == 1


def test_awards_are_listed_by_movement_and_level_not_counted(personas, three, client_for):
    Award.objects.create(
        person=three[0], school_year="2024-2025", title="Học sinh giỏi môn Toán", level=AwardLevel.PROVINCE
    )
    Award.objects.create(person=three[0], school_year="2024-2025", title="Tháng Thanh niên", kind=AwardKind.MOVEMENT)
    url = f"{NOMINATION}?school={personas.school.pk}&school_year=2025-2026"
    with time_machine.travel(TODAY, tick=False):
        body = client_for(Role.YOUTH_UNION_SECRETARY).get(url).content.decode()
    assert "Học sinh giỏi môn Toán" in body and "Tháng Thanh niên" in body
    assert str(AwardLevel.PROVINCE.label) in body and str(AwardKind.MOVEMENT.label) in body


def test_youth_union_withdraws_its_proposal_before_the_cell_acts(personas, three, client_for):
    client = client_for(Role.YOUTH_UNION_SECRETARY)
    with time_machine.travel(TODAY, tick=False):
        client.post(NOMINATION, _proposal(personas, three[:1]))
        candidate = Candidate.objects.get()
        client.post(
            NOMINATION,
            {
                "school": personas.school.pk,
                "school_year": "2025-2026",
                "action": "withdraw",
                "candidate": candidate.pk,
                "exit_reason": "Đề nghị nhầm lớp",
            },
        )
    candidate.refresh_from_db()
    assert candidate.stage == Stage.WITHDRAWN and candidate.exit_reason == "Đề nghị nhầm lớp"
    assert CandidateEvent.objects.filter(candidate=candidate, transition="withdraw_proposal").exists()
    assert AuditEntry.objects.filter(note="withdraw_proposal").exists()


def test_a_proposal_the_cell_accepted_can_no_longer_be_withdrawn(personas, three, client_for):
    with time_machine.travel(TODAY, tick=False):
        client_for(Role.YOUTH_UNION_SECRETARY).post(NOMINATION, _proposal(personas, three[:1]))
        candidate = Candidate.objects.get()
        client_for(Role.CELL_SECRETARY).post(
            NOMINATION,
            {
                "school": personas.school.pk,
                "school_year": "2025-2026",
                "action": "accept",
                "candidate": [candidate.pk],
                "helper": personas.members["helper"].pk,
                "effective_on": "01/10/2025",
            },
        )
        client_for(Role.YOUTH_UNION_SECRETARY).post(
            NOMINATION,
            {
                "school": personas.school.pk,
                "school_year": "2025-2026",
                "action": "withdraw",
                "candidate": candidate.pk,
                "exit_reason": "Muộn",
            },
        )
    candidate.refresh_from_db()
    assert candidate.stage == Stage.SYMPATHISER


def test_the_cell_may_not_withdraw_the_youth_unions_proposal(personas, three, client_for):
    with time_machine.travel(TODAY, tick=False):
        client_for(Role.YOUTH_UNION_SECRETARY).post(NOMINATION, _proposal(personas, three[:1]))
        candidate = Candidate.objects.get()
        url = reverse("pipeline:transition", args=[candidate.pk, "withdraw_proposal"])
        response = client_for(Role.CELL_SECRETARY).post(url, {"withdraw_proposal-exit_reason": "x"})
    assert response.status_code == 403
    candidate.refresh_from_db()
    assert candidate.stage == Stage.IDENTIFIED


def test_cell_lists_a_student_nobody_proposed_from_the_student_page(personas, three, client_for):
    student = three[0]
    client = client_for(Role.CELL_SECRETARY)
    with time_machine.travel(TODAY, tick=False):
        page = client.get(reverse("people:detail", args=[student.pk])).content.decode()
        url = reverse("pipeline:list_directly", args=[student.pk])
        assert url in page
        response = client.post(
            url,
            {
                "helper": personas.members["helper"].pk,
                "effective_on": "01/10/2025",
                "listing_reason": "Em tích cực trong phong trào tình nguyện, Đoàn chưa kịp đề nghị",
            },
        )
    candidate = Candidate.objects.get(person=student)
    assert response.status_code == 302 and candidate.stage == Stage.SYMPATHISER and candidate.proposed_by is None
    event = CandidateEvent.objects.get(candidate=candidate, transition="list_without_proposal")
    assert "tình nguyện" in event.data["listing_reason"]
    assert AuditEntry.objects.filter(note="list_without_proposal").exists()


def test_listing_without_a_reason_writes_nothing(personas, three, client_for):
    url = reverse("pipeline:list_directly", args=[three[0].pk])
    with time_machine.travel(TODAY, tick=False):
        response = client_for(Role.CELL_SECRETARY).post(
            url, {"helper": personas.members["helper"].pk, "effective_on": "01/10/2025", "listing_reason": ""}
        )
    assert response.status_code == 200 and not Candidate.objects.exists()


def test_youth_union_and_viewer_cannot_list_without_a_proposal(personas, three, client_for):
    url = reverse("pipeline:list_directly", args=[three[0].pk])
    for role in (Role.YOUTH_UNION_SECRETARY, Role.VIEWER):
        with time_machine.travel(TODAY, tick=False):
            page = client_for(role).get(reverse("people:detail", args=[three[0].pk])).content.decode()
            assert url not in page
            assert client_for(role).get(url).status_code in (403, 404)
    assert not Candidate.objects.exists()


def test_a_student_the_youth_union_proposed_is_accepted_not_listed_directly(personas, three, client_for):
    with time_machine.travel(TODAY, tick=False):
        client_for(Role.YOUTH_UNION_SECRETARY).post(NOMINATION, _proposal(personas, three[:1]))
        page = client_for(Role.CELL_SECRETARY).get(reverse("people:detail", args=[three[0].pk])).content.decode()
    assert reverse("pipeline:list_directly", args=[three[0].pk]) not in page
