"""Deadlines from the cell's resolution to official recognition, and the dates to keep apart."""

from datetime import date

from uommam.rules import (
    DEFAULT_SETTINGS,
    RulesSettings,
    add_working_days,
    ceremony_counted_from,
    ceremony_due,
    decision_due,
    decision_due_extended,
    introducer_eligible_from,
    official_decision_due,
    official_review_due,
    probation_ends_on,
    referral_acknowledgement_due,
    regulation_set_for,
    seniority_from,
)
from uommam.rules.loader import load_sets


def test_decision_25_08_2024_ceremony_15_09_2024_probation_to_15_09_2025_seniority_from_25_08_2024() -> None:
    assert probation_ends_on(date(2024, 9, 15)) == date(2025, 9, 15)
    assert seniority_from(date(2024, 8, 25)) == date(2024, 8, 25)


def test_decision_is_due_60_working_days_after_the_cell_resolution_skipping_national_day_2024() -> None:
    # 26–30/08 (5) + September without 02–03/09 (19) + October (23) + 01–19/11 (13) = 60.
    assert decision_due(date(2024, 8, 25)) == date(2024, 11, 19)


def test_decision_due_across_tet_2025_lands_on_the_make_up_saturday() -> None:
    assert decision_due(date(2025, 1, 24)) == date(2025, 4, 26)


def test_decision_due_across_tet_2026() -> None:
    assert decision_due(date(2026, 2, 12)) == date(2026, 5, 19)


def test_extended_decision_due_is_30_more_working_days() -> None:
    r = date(2026, 2, 12)
    assert decision_due_extended(r) == add_working_days(decision_due(r), 30) == date(2026, 6, 30)


def test_ceremony_is_due_30_working_days_after_the_decision_is_received_across_30_4_and_1_5() -> None:
    # 02/05/2025 is a substituted day off; 26/04/2025 a make-up Saturday.
    assert ceremony_due(date(2025, 4, 1)) == date(2025, 5, 16)
    assert ceremony_due(date(2025, 4, 29)) == date(2025, 6, 13)


def test_probation_ending_on_a_missing_day_is_clamped_to_the_month_end() -> None:
    assert probation_ends_on(date(2024, 2, 29)) == date(2025, 2, 28)


def test_official_review_is_due_30_working_days_after_probation_ends_across_national_day() -> None:
    # Probation ends 15/09/2025; no holiday between 16/09 and 27/10/2025.
    assert official_review_due(date(2024, 9, 15)) == date(2025, 10, 27)
    assert official_review_due(date(2024, 8, 29)) == add_working_days(date(2025, 8, 29), 30)


def test_official_decision_is_due_30_working_days_after_the_cell_resolution() -> None:
    assert official_decision_due(date(2025, 10, 1)) == date(2025, 11, 12)


def test_deadlines_honour_extra_days_off() -> None:
    off = [date(2024, 11, 19)]
    assert decision_due(date(2024, 8, 25), extra_days_off=off) == date(2024, 11, 20)
    s = RulesSettings(extra_days_off=frozenset(off))
    assert decision_due(date(2024, 8, 25), settings=s) == date(2024, 11, 20)


def test_time_limits_follow_the_settings() -> None:
    s = RulesSettings(ceremony_working_days=1, probation_months=18)
    assert ceremony_due(date(2025, 3, 3), settings=s) == date(2025, 3, 4)
    assert probation_ends_on(date(2024, 9, 15), settings=s) == date(2026, 3, 15)


def test_an_introducer_together_since_31_03_2024_qualifies_from_31_03_2025() -> None:
    assert introducer_eligible_from(date(2024, 3, 31)) == date(2025, 3, 31)


def test_a_referral_is_expected_to_be_acknowledged_within_30_calendar_days() -> None:
    assert referral_acknowledgement_due(date(2026, 6, 1)) == date(2026, 7, 1)


def test_the_ceremony_counts_from_the_receipt_unless_the_set_counts_from_the_issue() -> None:
    issued, received = date(2026, 8, 3), date(2026, 8, 10)
    assert ceremony_counted_from(received, issued) == received
    assert ceremony_counted_from(received) == received
    assert regulation_set_for(issued, DEFAULT_SETTINGS.regulation_sets).code == "2026-07"
    from_issue = '[[set]]\ncode = "2026-07"\n[set.values]\nceremony_counted_from = { value = "decision_issued", confidence = "U" }\n'
    s = DEFAULT_SETTINGS.replace(regulation_sets=load_sets(from_issue))
    assert ceremony_counted_from(received, issued, settings=s) == issued
