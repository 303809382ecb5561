"""Every field of RulesSettings reaches every public function that reads it.

A deployment may change any number ([U] values above all). For each field this sets an unusual value — one
no default produces — and checks the results of the functions that read it, so a function that silently
falls back to the defaults fails here. Fields are discovered with ``dataclasses.fields``: a new field fails
until it is given an unusual value and checks below.

The calendar used: March 2025 has no holiday; Fri 07/03, Sat 08/03, Sun 09/03, Mon 10/03, Tue 11/03.
"""

import dataclasses
from collections.abc import Callable, Iterable
from datetime import date

import pytest

from uommam.rules import (
    DEFAULT_SETTINGS,
    RulesSettings,
    add_working_days,
    admission_age_from,
    ceremony_due,
    certificate_expires_on,
    certificate_is_valid,
    decision_due,
    decision_due_extended,
    document_expires_on,
    document_is_current,
    document_validity_months,
    forecast,
    introducer_eligible_from,
    is_of_admission_age,
    is_working_day,
    needs_higher_decision,
    official_decision_due,
    official_review_due,
    probation_ends_on,
    referral_acknowledgement_due,
    working_days_between,
)

THU, FRI, SAT, MON, TUE = date(2025, 3, 6), date(2025, 3, 7), date(2025, 3, 8), date(2025, 3, 10), date(2025, 3, 11)
DOB = date(2008, 5, 20)

# Every working-day limit set to one day, so each deadline below is "the first working day after Friday".
ONE_DAY = {
    "decision_working_days": 1,
    "decision_extension_working_days": 1,
    "ceremony_working_days": 1,
    "official_review_working_days": 1,
    "official_decision_working_days": 1,
}


def first_working_day_after_friday(
    s: RulesSettings, *, extra_days_off: Iterable[date] = (), extra_working_days: Iterable[date] = ()
) -> dict[str, date]:
    """Each deadline function's answer when its limit is one working day and it starts on Friday 07/03/2025."""
    one = s.replace(**ONE_DAY)
    kw = {"extra_days_off": extra_days_off, "extra_working_days": extra_working_days, "settings": one}
    return {
        "decision_due": decision_due(FRI, **kw),  # type: ignore[arg-type]
        "decision_due_extended": decision_due_extended(THU, **kw),  # type: ignore[arg-type]
        "ceremony_due": ceremony_due(FRI, **kw),  # type: ignore[arg-type]
        "official_review_due": official_review_due(date(2024, 3, 7), **kw),  # type: ignore[arg-type]
        "official_decision_due": official_decision_due(FRI, **kw),  # type: ignore[arg-type]
        "add_working_days": add_working_days(FRI, 1, **kw),  # type: ignore[arg-type]
    }


def check_age_policy(s: RulesSettings) -> None:
    assert admission_age_from(DOB, settings=s) == date(2026, 5, 20)
    assert admission_age_from(DOB, "month", settings=s) == date(2026, 5, 1)  # an explicit policy wins
    assert not is_of_admission_age(DOB, date(2026, 5, 19), settings=s)
    assert is_of_admission_age(DOB, date(2026, 5, 20), settings=s)
    assert forecast(DOB, date(2026, 6, 1), today=date(2026, 5, 10), settings=s).action == "admit_before_leaving"


def check_admission_age_months(s: RulesSettings) -> None:
    assert admission_age_from(DOB, settings=s) == date(2025, 5, 1)
    assert admission_age_from(DOB, "day", settings=s) == date(2025, 5, 20)
    assert is_of_admission_age(DOB, date(2025, 5, 1), settings=s)
    assert not is_of_admission_age(DOB, date(2025, 4, 30), settings=s)
    result = forecast(DOB, date(2025, 6, 1), today=date(2025, 5, 1), settings=s)
    assert (result.eligible_from, result.action) == (date(2025, 5, 1), "admit_now")


def check_higher_decision_above_months(s: RulesSettings) -> None:
    born = date(1970, 3, 15)
    assert not needs_higher_decision(born, date(2020, 3, 31), settings=s)  # exactly 600 months: full 50
    assert needs_higher_decision(born, date(2020, 4, 1), settings=s)


def check_certificate_validity_months(s: RulesSettings) -> None:
    assert certificate_expires_on(date(2020, 1, 15), settings=s) == date(2022, 1, 15)
    assert certificate_is_valid(date(2020, 1, 15), date(2022, 1, 15), settings=s)
    assert not certificate_is_valid(date(2020, 1, 15), date(2022, 1, 16), settings=s)
    result = forecast(DOB, date(2026, 6, 1), today=date(2025, 1, 1), certificate_issued_on=date(2024, 3, 1), settings=s)
    assert result.certificate_expires_on == date(2026, 3, 1)
    assert result.certificate_valid_at_eligibility is False  # eligible 01/05/2026, two months too late


def check_personal_history_validity_months(s: RulesSettings) -> None:
    assert document_validity_months("personal_history", settings=s) == 3
    assert document_expires_on("personal_history", date(2025, 1, 31), settings=s) == date(2025, 4, 30)
    assert document_is_current("personal_history", date(2025, 1, 31), date(2025, 4, 30), settings=s)
    assert not document_is_current("personal_history", date(2025, 1, 31), date(2025, 5, 1), settings=s)
    assert document_validity_months("introduction", settings=s) == 6  # the other documents keep theirs


def check_introduction_validity_months(s: RulesSettings) -> None:
    for kind in ("introduction", "opinion_summary"):
        assert document_validity_months(kind, settings=s) == 2
        assert document_expires_on(kind, date(2025, 1, 31), settings=s) == date(2025, 3, 31)
        assert document_is_current(kind, date(2025, 1, 31), date(2025, 3, 31), settings=s)
        assert not document_is_current(kind, date(2025, 1, 31), date(2025, 4, 1), settings=s)
    assert document_validity_months("personal_history", settings=s) == 12


def check_decision_working_days(s: RulesSettings) -> None:
    assert decision_due(date(2025, 3, 3), settings=s) == MON
    assert decision_due_extended(date(2025, 3, 3), settings=s.replace(decision_extension_working_days=1)) == TUE


def check_decision_extension_working_days(s: RulesSettings) -> None:
    assert decision_due_extended(date(2025, 3, 3), settings=s.replace(decision_working_days=4)) == MON
    assert decision_due(date(2025, 3, 3), settings=s.replace(decision_working_days=4)) == FRI


def check_ceremony_working_days(s: RulesSettings) -> None:
    assert ceremony_due(THU, settings=s) == TUE


def check_probation_months(s: RulesSettings) -> None:
    assert probation_ends_on(date(2025, 3, 31), settings=s) == date(2025, 9, 30)
    assert official_review_due(date(2024, 9, 6), settings=s.replace(official_review_working_days=1)) == FRI


def check_official_review_working_days(s: RulesSettings) -> None:
    assert official_review_due(date(2024, 3, 3), settings=s) == FRI  # probation ends Mon 03/03/2025


def check_official_decision_working_days(s: RulesSettings) -> None:
    assert official_decision_due(date(2025, 3, 3), settings=s) == date(2025, 3, 12)


def check_introducer_months_together(s: RulesSettings) -> None:
    assert introducer_eligible_from(date(2024, 5, 31), settings=s) == date(2025, 2, 28)


def check_referral_acknowledgement_days(s: RulesSettings) -> None:
    assert referral_acknowledgement_due(date(2025, 3, 3), settings=s) == date(2025, 3, 13)


def check_extra_days_off(s: RulesSettings) -> None:
    assert not is_working_day(MON, settings=s)
    assert add_working_days(TUE, -1, settings=s) == FRI
    assert working_days_between(FRI, TUE, settings=s) == 1
    assert working_days_between(TUE, FRI, settings=s) == -1
    assert set(first_working_day_after_friday(s).values()) == {TUE}


def check_extra_working_days(s: RulesSettings) -> None:
    assert is_working_day(SAT, settings=s)
    assert add_working_days(MON, -1, settings=s) == SAT
    assert working_days_between(FRI, MON, settings=s) == 2
    assert working_days_between(MON, FRI, settings=s) == -2
    assert set(first_working_day_after_friday(s).values()) == {SAT}


UNUSUAL: dict[str, tuple[object, Callable[[RulesSettings], None]]] = {
    "age_policy": ("day", check_age_policy),
    "admission_age_months": (17 * 12, check_admission_age_months),
    "higher_decision_above_months": (50 * 12, check_higher_decision_above_months),
    "certificate_validity_months": (24, check_certificate_validity_months),
    "personal_history_validity_months": (3, check_personal_history_validity_months),
    "introduction_validity_months": (2, check_introduction_validity_months),
    "decision_working_days": (5, check_decision_working_days),
    "decision_extension_working_days": (1, check_decision_extension_working_days),
    "ceremony_working_days": (3, check_ceremony_working_days),
    "probation_months": (6, check_probation_months),
    "official_review_working_days": (4, check_official_review_working_days),
    "official_decision_working_days": (7, check_official_decision_working_days),
    "introducer_months_together": (9, check_introducer_months_together),
    "referral_acknowledgement_days": (10, check_referral_acknowledgement_days),
    "extra_days_off": (frozenset({MON}), check_extra_days_off),
    "extra_working_days": (frozenset({SAT}), check_extra_working_days),
}


@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(RulesSettings)])
def test_an_unusual_value_of_every_setting_reaches_every_function_that_reads_it(name: str) -> None:
    if name not in UNUSUAL:
        pytest.fail(
            f"RulesSettings.{name} is new: add it to UNUSUAL in {__name__} with a value no default produces and a "
            "check of every public function that reads it (a function that ignores the setting must fail the check)"
        )
    value, check = UNUSUAL[name]
    assert value != getattr(DEFAULT_SETTINGS, name)
    check(DEFAULT_SETTINGS.replace(**{name: value}))


def test_every_deadline_is_the_next_working_day_after_friday_under_the_national_calendar() -> None:
    assert set(first_working_day_after_friday(DEFAULT_SETTINGS).values()) == {MON}


@pytest.mark.parametrize(("keyword", "expected"), [("extra_days_off", TUE), ("extra_working_days", SAT)])
def test_declared_days_given_as_keywords_reach_every_deadline(keyword: str, expected: date) -> None:
    declared = {"extra_days_off": [MON], "extra_working_days": [SAT]}[keyword]
    results = first_working_day_after_friday(DEFAULT_SETTINGS, **{keyword: declared})
    assert set(results.values()) == {expected}


def test_keyword_days_add_to_the_settings_days() -> None:
    s = DEFAULT_SETTINGS.replace(extra_working_days={SAT})
    assert set(first_working_day_after_friday(s, extra_days_off=[SAT]).values()) == {MON}  # a day off wins
    assert working_days_between(FRI, TUE, settings=s, extra_days_off=[MON]) == 2  # Sat and Tue


def test_keyword_days_off_reach_the_first_part_of_an_extended_decision_and_a_backward_count() -> None:
    one = DEFAULT_SETTINGS.replace(**ONE_DAY)
    assert decision_due_extended(THU, extra_days_off=[FRI], settings=one) == TUE
    assert working_days_between(TUE, FRI, extra_days_off=[MON]) == -1
    assert working_days_between(MON, FRI, extra_working_days=[SAT]) == -2


def test_keyword_make_up_days_reach_the_first_part_of_an_extended_decision() -> None:
    one = DEFAULT_SETTINGS.replace(**ONE_DAY)
    assert decision_due_extended(FRI, extra_working_days=[SAT], settings=one) == MON
