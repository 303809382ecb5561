"""Each deadline the candidate page shows comes from the rules, at the right date (time frozen)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.utils import translation

from uommam import rules
from uommam.pipeline import workflow
from uommam.pipeline.dossier import introducer_problems
from uommam.pipeline.forms import transition_form
from uommam.pipeline.models import IntroducerAssignment
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


def test_texts_beside_the_dates_state_the_numbers_the_dates_were_counted_with(
    make_candidate, make_student, personas, settings
):
    settings.UOMMAM_RULES = {
        "official_review_working_days": 20,
        "decision_extension_working_days": 15,
        "introducer_months_together": 18,
        "admission_age_months": 210,
    }
    settings.UOMMAM_AGE_POLICY = "day"
    on_probation = make_candidate(Stage.PROBATIONARY, decision_on=date(2024, 8, 25), ceremony_on=date(2024, 9, 15))
    found = dates_of(on_probation, date(2024, 10, 1))
    with translation.override("en"):
        assert str(found["Official recognition to be considered by"].note) == "20 working days after probation ends"
        assert str(found["Of admission age from"].note) == "counted from the birthday"
    voted = make_candidate(Stage.VOTED, cell_meeting_on=date(2024, 3, 1))
    with translation.override("en"):
        assert str(transition_form("decide", voted).fields["decision_extended"].label) == (
            "Time limit extended by 15 working days"
        )
        decided = make_candidate(Stage.DECIDED, decision_on=date(2024, 3, 1), decision_received_on=date(2024, 3, 4))
        assert str(transition_form("hold_ceremony", decided).fields["late_ceremony_consent"].help_text) == (
            "Only when the ceremony is later than 30 working days after receiving the decision."
        )
        young = make_candidate(Stage.DOSSIER, person=make_student(dob=date(2010, 2, 10)))
        reason = workflow.guard_of_age_at_meeting(young, {"cell_meeting_on": date(2027, 6, 1)}, date(2027, 6, 1))
        assert reason is not None and reason.startswith("Not yet 17 years 6 months on the day the cell meets")
        IntroducerAssignment.objects.create(
            candidate=young, member=personas.members["newcomer"], assigned_on=date(2026, 9, 1)
        )
        assert any("for 18 months in the same unit" in p for p in introducer_problems(young, date(2027, 6, 1)))
