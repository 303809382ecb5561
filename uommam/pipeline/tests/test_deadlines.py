"""Each deadline the candidate page shows comes from the rules, at the right date (time frozen)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.utils import translation

from uommam.pipeline.selectors import key_dates
from uommam.pipeline.stages import Stage

pytestmark = pytest.mark.django_db


def dates_of(candidate, today):
    with translation.override("en"):
        return {str(d.label): d for d in key_dates(candidate, today)}


def test_age_date_is_the_first_of_the_birth_month(make_candidate, make_student):
    c = make_candidate(Stage.SYMPATHISER, person=make_student(dob=date(2008, 9, 20)))
    assert dates_of(c, date(2026, 1, 1))["Of admission age from"].on == date(2026, 9, 1)


def test_certificate_valid_for_60_months_and_flagged_when_expired(make_candidate):
    c = make_candidate(Stage.CERTIFIED, certificate_issued_on=date(2020, 1, 15))
    assert dates_of(c, date(2024, 1, 1))["Certificate valid until"].on == date(2025, 1, 15)
    assert dates_of(c, date(2025, 2, 1))["Certificate valid until"].overdue


def test_decision_due_sixty_working_days_after_the_resolution(make_candidate):
    c = make_candidate(Stage.VOTED, cell_meeting_on=date(2024, 3, 1))
    due = dates_of(c, date(2024, 3, 2))["Decision due by"]
    assert due.on == date(2024, 5, 29) and not due.overdue
    assert dates_of(c, date(2024, 6, 1))["Decision due by"].overdue


def test_extended_decision_adds_thirty_working_days(make_candidate):
    c = make_candidate(Stage.VOTED, cell_meeting_on=date(2024, 3, 1), decision_extended=True)
    assert dates_of(c, date(2024, 3, 2))["Decision due by"].on == date(2024, 7, 10)


def test_ceremony_due_thirty_working_days_after_receiving_the_decision(make_candidate):
    c = make_candidate(Stage.DECIDED, decision_on=date(2024, 3, 1), decision_received_on=date(2024, 3, 4))
    assert dates_of(c, date(2024, 3, 5))["Ceremony due by"].on == date(2024, 4, 15)


def test_seniority_from_the_decision_and_probation_from_the_ceremony(make_candidate):
    c = make_candidate(Stage.PROBATIONARY, decision_on=date(2024, 8, 25), ceremony_on=date(2024, 9, 15))
    found = dates_of(c, date(2024, 10, 1))
    assert found["Party seniority from"].on == date(2024, 8, 25)
    assert found["Probation ends on"].on == date(2025, 9, 15)
    assert found["Official recognition to be considered by"].on == date(2025, 10, 27)


def test_candidate_page_shows_deadlines_on_the_frozen_day(make_candidate, client_for):
    c = make_candidate(Stage.VOTED, cell_meeting_on=date(2024, 3, 1))
    with time_machine.travel(date(2024, 6, 1), tick=False):
        page = client_for("cell_secretary").get(f"/pipeline/{c.pk}/").content.decode()
    assert "29/05/2024" in page and "table-danger" in page
