"""Each deadline the candidate page shows comes from the rules, at the right date (time frozen)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.utils import translation

from uommam import rules
from uommam.pipeline import workflow
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


# A deployment that reads the 2026 texts as counting the ceremony's 30 working days from the decision's issue
# (regulation_sets.toml keeps "from receipt" for now and notes the other reading).
CEREMONY_FROM_ISSUE = """
[[set]]
code = "2026-07"
[set.values]
ceremony_counted_from = { value = "decision_issued", confidence = "U" }
"""


def test_a_deployment_counting_the_ceremony_from_the_decisions_issue_moves_the_page_and_the_guard(
    make_candidate, settings, tmp_path
):
    issued, received = date(2026, 8, 3), date(2026, 8, 10)
    c = make_candidate(Stage.DECIDED, decision_on=issued, decision_received_on=received)
    from_receipt = dates_of(c, date(2026, 8, 11))["Ceremony due by"]
    assert from_receipt.on == rules.ceremony_due(received) and from_receipt.note == (
        "30 working days after receiving the decision"
    )
    path = tmp_path / "sets.toml"
    path.write_text(CEREMONY_FROM_ISSUE, encoding="utf-8")
    settings.UOMMAM_REGULATION_SETS_FILE = str(path)
    from_issue = dates_of(c, date(2026, 8, 11))["Ceremony due by"]
    assert from_issue.on == rules.ceremony_due(issued) < from_receipt.on
    assert from_issue.note == "30 working days after the decision was issued"
    # A ceremony after that day needs the superior committee's consent, though it is within 30 days of receipt.
    late = rules.add_working_days(from_issue.on, 1)
    with translation.override("en"):
        reason = workflow.guard_ceremony_in_time_or_consented(c, {"ceremony_on": late}, late)
    assert reason is not None and "30 working days after the decision was issued" in reason
    assert (
        workflow.guard_ceremony_in_time_or_consented(c, {"ceremony_on": late, "late_ceremony_consent": "CV 12"}, late)
        is None
    )
