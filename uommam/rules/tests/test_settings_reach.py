"""Every field of RulesSettings reaches every public function that reads it.

A deployment may change any number ([U] values above all). For each field this sets an unusual value — one
no default produces — and checks the results of the functions that read it, so a function that silently
falls back to the defaults fails here. Fields are discovered with ``dataclasses.fields``: a new field fails
until it is given an unusual value and checks below.

The calendar used: March 2025 has no holiday; Fri 07/03, Sat 08/03, Sun 09/03, Mon 10/03, Tue 11/03.
"""

import dataclasses
import re
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from uommam.rules import (
    DEFAULT_SETTINGS,
    ClassSlot,
    Progress,
    RoadmapInput,
    RulesSettings,
    StaffPeriod,
    add_working_days,
    admission_age_from,
    attendance_sufficient,
    ceremony_due,
    certificate_expires_on,
    certificate_is_valid,
    citation_for,
    class_pass_mark,
    class_result,
    date_bounds,
    decision_due,
    decision_due_extended,
    document_expires_on,
    document_is_current,
    document_validity_months,
    forecast,
    in_bounds,
    introducer_eligible_from,
    is_of_admission_age,
    is_working_day,
    needs_higher_decision,
    official_decision_due,
    official_review_due,
    probation_ends_on,
    referral_acknowledgement_due,
    roadmap,
    working_days_between,
)
from uommam.rules.loader import load_sets
from uommam.rules.roadmap import introducers_on

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
    assert roadmap(student(), settings=s).eligible_from == date(2027, 2, 4)  # her birthday (month: 01/02/2027)
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
    r = roadmap(student(), settings=s)  # of age from 01/02/2026: the vote waits only for the dossier's 90 days
    assert (r.eligible_from, r.earliest_vote_on) == (date(2026, 2, 1), date(2026, 12, 7))


def check_higher_decision_above_months(s: RulesSettings) -> None:
    born = date(1970, 3, 15)
    assert not needs_higher_decision(born, date(2020, 3, 31), settings=s)  # exactly 600 months: full 50
    assert needs_higher_decision(born, date(2020, 4, 1), settings=s)


FEB_18, NOV_1_2028 = date(2027, 2, 18), date(2028, 11, 1)  # the February class's certificate; 18 on 01/11/2028


def check_certificate_validity_months(s: RulesSettings) -> None:
    assert certificate_expires_on(date(2020, 1, 15), settings=s) == date(2022, 1, 15)
    assert certificate_is_valid(date(2020, 1, 15), date(2022, 1, 15), settings=s)
    assert not certificate_is_valid(date(2020, 1, 15), date(2022, 1, 16), settings=s)
    result = forecast(DOB, date(2026, 6, 1), today=date(2025, 1, 1), certificate_issued_on=date(2024, 3, 1), settings=s)
    assert result.certificate_expires_on == date(2026, 3, 1)
    assert result.certificate_valid_at_eligibility is False  # eligible 01/05/2026, two months too late
    # In the roadmap, for each way of holding a certificate: one in hand from 15/01/2025 expires on
    # 15/01/2027, before her vote of 01/02/2027, so she needs the February class.
    in_hand = Progress(certificate_issued_on=date(2025, 1, 15))
    held = roadmap(student(progress=in_hand, classes=(FEBRUARY_CLASS,)), settings=s)
    assert (held.verdict, held.class_for_vote, held.earliest_vote_on) == ("fits_if_started", FEBRUARY_CLASS, FEB_18)
    # A student of 18 only on 01/11/2028: the September 2026 class's certificate (02/10/2026) has expired by then,
    # whether she attends that class or it is only on the calendar; the February class's has not.
    # Too late on 10/01/2027 for the dossier; under 24 months her certificate of 15/01/2025 could never have carried
    # a vote (of age 01/02/2027), so no step was missed (under 60 months: the helper and the dossier).
    too_late = roadmap(student(today=date(2027, 1, 10), progress=in_hand), settings=s)
    assert (too_late.verdict, too_late.missed) == ("refer", ())
    in_class = roadmap(young_student(attending=SEPTEMBER_CLASS), settings=s)
    on_calendar = roadmap(young_student(), settings=s)
    for r in (in_class, on_calendar):
        assert (r.verdict, r.class_for_vote, r.earliest_vote_on) == ("fits_if_started", FEBRUARY_CLASS, NOV_1_2028)


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
    # Of age from 01/05/2027 (vote Tue 04/05/2027): 5 working days end before she leaves, 60 would not.
    r = roadmap(student(dob=date(2009, 5, 10)), settings=s)
    assert (r.verdict, r.decision_by, r.latest_vote_on) == ("fits", date(2027, 5, 11), date(2027, 5, 24))


def check_decision_extension_working_days(s: RulesSettings) -> None:
    assert decision_due_extended(date(2025, 3, 3), settings=s.replace(decision_working_days=4)) == MON
    assert decision_due(date(2025, 3, 3), settings=s.replace(decision_working_days=4)) == FRI


def check_ceremony_working_days(s: RulesSettings) -> None:
    assert ceremony_due(THU, settings=s) == TUE
    assert roadmap(student(), settings=s).ceremony_by == date(2027, 5, 11)  # 3 working days after 06/05/2027


def check_probation_months(s: RulesSettings) -> None:
    assert probation_ends_on(date(2025, 3, 31), settings=s) == date(2025, 9, 30)
    assert official_review_due(date(2024, 9, 6), settings=s.replace(official_review_working_days=1)) == FRI


def check_official_review_working_days(s: RulesSettings) -> None:
    assert official_review_due(date(2024, 3, 3), settings=s) == FRI  # probation ends Mon 03/03/2025


def check_official_decision_working_days(s: RulesSettings) -> None:
    assert official_decision_due(date(2025, 3, 3), settings=s) == date(2025, 3, 12)


def check_introducer_months_together(s: RulesSettings) -> None:
    assert introducer_eligible_from(date(2024, 5, 31), settings=s) == date(2025, 2, 28)
    assert introducers_on(student(), date(2025, 11, 30), settings=s) == 1  # teacher 2: 9 months from 01/12/2025
    assert roadmap(student(), settings=s).introducers_ready == date(2025, 12, 1)  # 12 months: 01/03/2026
    # A second teacher arriving on 01/06/2026 can introduce her from 01/03/2027 (12 months: 01/06/2027).
    newcomer = (TEACHERS[0], StaffPeriod(2, in_unit_from=date(2026, 6, 1), official_from=date(2015, 6, 1)))
    assert roadmap(student(staff=newcomer), settings=s).earliest_vote_on == date(2027, 3, 1)


def check_referral_acknowledgement_days(s: RulesSettings) -> None:
    assert referral_acknowledgement_due(date(2025, 3, 3), settings=s) == date(2025, 3, 13)


def check_extra_days_off(s: RulesSettings) -> None:
    assert not is_working_day(MON, settings=s)
    assert add_working_days(TUE, -1, settings=s) == FRI
    assert working_days_between(FRI, TUE, settings=s) == 1
    assert working_days_between(TUE, FRI, settings=s) == -1
    assert set(first_working_day_after_friday(s).values()) == {TUE}
    assert roadmap(introduced_from_saturday(), settings=s).earliest_vote_on == TUE  # the vote moves past the day off


def check_extra_working_days(s: RulesSettings) -> None:
    assert is_working_day(SAT, settings=s)
    assert add_working_days(MON, -1, settings=s) == SAT
    assert working_days_between(FRI, MON, settings=s) == 2
    assert working_days_between(MON, FRI, settings=s) == -2
    assert set(first_working_day_after_friday(s).values()) == {SAT}
    assert roadmap(introduced_from_saturday(), settings=s).earliest_vote_on == SAT  # the vote on the make-up day


def check_class_pass_mark_tenths(s: RulesSettings) -> None:
    assert class_pass_mark(s) == Decimal("7")
    assert class_result(Decimal("6.9"), 10, 10, settings=s) == "failed"  # passes under the default 5.0
    assert class_result(Decimal("7.0"), 10, 10, settings=s) == "passed"


def check_class_min_attendance_percent(s: RulesSettings) -> None:
    assert attendance_sufficient(5, 10, settings=s)  # 50 % fails the default 80 %
    assert not attendance_sufficient(4, 10, settings=s)
    assert class_result(Decimal("8"), 5, 10, settings=s) == "passed"
    assert class_result(Decimal("8"), 4, 10, settings=s) == "failed"


def check_earliest_birth_year(s: RulesSettings) -> None:
    assert date_bounds("birth", FRI, settings=s) == (date(1930, 1, 1), FRI)
    assert in_bounds(date(1940, 6, 1), "birth", FRI, settings=s)
    assert not in_bounds(date(1929, 12, 31), "birth", FRI, settings=s)
    assert date_bounds("event", FRI, settings=s) == (date(1990, 1, 1), FRI)  # the other bounds keep theirs


def check_earliest_event_year(s: RulesSettings) -> None:
    assert date_bounds("event", FRI, settings=s) == (date(1975, 1, 1), FRI)
    assert date_bounds("plan", FRI, settings=s)[0] == date(1975, 1, 1)
    assert in_bounds(date(1980, 1, 1), "event", FRI, settings=s)
    assert in_bounds(date(1980, 1, 1), "plan", FRI, settings=s)
    assert not in_bounds(date(1974, 12, 31), "event", FRI, settings=s)
    assert date_bounds("birth", FRI, settings=s)[0] == date(1950, 1, 1)


def check_plan_years_ahead(s: RulesSettings) -> None:
    assert date_bounds("plan", FRI, settings=s) == (date(1990, 1, 1), date(2026, 12, 31))
    assert in_bounds(date(2026, 12, 31), "plan", FRI, settings=s)
    assert not in_bounds(date(2027, 1, 1), "plan", FRI, settings=s)  # within the default three years


# A student born 04/02/2009 leaving school 31/05/2027, with a certificate from 20/04/2026 (the case of test_roadmap);
# teacher 1 has been in her unit since before her, teacher 2 since 01/03/2025.
TEACHERS = (
    StaffPeriod(1, in_unit_from=date(2024, 8, 1), official_from=date(2010, 1, 1)),
    StaffPeriod(2, in_unit_from=date(2025, 3, 1), official_from=date(2015, 6, 1)),
)
FEBRUARY_CLASS = ClassSlot("LOP-02-2027", "Lớp 01/2027", date(2027, 2, 1), date(2027, 2, 18))
SEPTEMBER_CLASS = ClassSlot("LOP-09-2026", "Lớp 02/2026", date(2026, 9, 14), date(2026, 10, 2))


def student(**overrides: object) -> RoadmapInput:
    values: dict[str, object] = {
        "dob": date(2009, 2, 4),
        "leaves_school_on": date(2027, 5, 31),
        "today": date(2026, 9, 7),
        "in_school_since": date(2024, 9, 5),
        "staff": TEACHERS,
        "progress": Progress(helper_since=date(2025, 6, 1), certificate_issued_on=date(2026, 4, 20)),
    }
    values.update(overrides)
    return RoadmapInput(**values)  # type: ignore[arg-type]


def young_student(attending: ClassSlot | None = None) -> RoadmapInput:
    """Born 20/11/2010 (of age from 01/11/2028), leaving school 31/05/2029, two classes on the calendar."""
    today = date(2026, 9, 7) if attending is None else date(2026, 9, 21)
    return student(
        dob=date(2010, 11, 20),
        leaves_school_on=date(2029, 5, 31),
        today=today,
        in_school_since=date(2025, 9, 5),
        progress=Progress(helper_since=date(2026, 6, 1), attending=attending),
        classes=(SEPTEMBER_CLASS, FEBRUARY_CLASS),
    )


def introduced_from_saturday() -> RoadmapInput:
    """Of age, dossier and certificate ready; her second introducer becomes official on Saturday 08/03/2025."""
    return student(
        dob=date(2007, 1, 10),
        leaves_school_on=date(2025, 6, 30),
        today=date(2024, 12, 2),
        in_school_since=date(2022, 9, 5),
        staff=(
            StaffPeriod(1, in_unit_from=date(2020, 1, 1), official_from=date(2010, 1, 1)),
            StaffPeriod(3, in_unit_from=date(2020, 1, 1), official_from=SAT),
        ),
        progress=Progress(
            helper_since=date(2024, 1, 1), certificate_issued_on=date(2024, 4, 20), dossier_started_on=date(2024, 11, 1)
        ),
    )


def check_roadmap_dossier_lead_days(s: RulesSettings) -> None:
    assert roadmap(student(), settings=s).dossier_from == date(2027, 1, 2)  # vote 01/02/2027 − 30 days (90: 03/11/2026)
    late = roadmap(student(today=date(2027, 1, 11)), settings=s)  # 90 days from then is too late: "refer"
    assert (late.verdict, late.dossier_from, late.earliest_vote_on) == ("fits", date(2027, 1, 12), date(2027, 2, 11))


def check_roadmap_helper_lead_days(s: RulesSettings) -> None:
    r = roadmap(student(progress=Progress(), classes=(FEBRUARY_CLASS,)), settings=s)
    assert (r.verdict, r.class_by) == ("fits_if_started", FEBRUARY_CLASS)
    assert r.helper_by == date(2027, 1, 22)  # the class starts 01/02/2027 (default 60 days: 03/12/2026)


# Two sets a deployment adds: one from 01/03/2025 with other numbers and the ceremony counted from the decision's
# issue, and one from 01/01/2027 with the values of the set before it.
DEPLOYMENT_SETS = """
[[set]]
code = "2025-03"
valid_from = 2025-03-01
implementing = "999-QĐ/TW"
implementing_issued_on = 2025-02-20
guidance = "01-HD/TW"
guidance_issued_on = 2021-09-28
forms = "12-HD/BTCTW"
[set.values]
decision_working_days = { value = 5, confidence = "U" }
certificate_validity_months = { value = 24, confidence = "U" }
ceremony_counted_from = { value = "decision_issued", confidence = "U" }

[[set]]
code = "2027-01"
valid_from = 2027-01-01
implementing = "998-QĐ/TW"
implementing_issued_on = 2026-12-20
guidance = "01-HD/TW"
guidance_issued_on = 2026-05-19
forms = "12-HD/BTCTW"
"""


def check_regulation_sets(s: RulesSettings) -> None:
    monday = date(2025, 3, 3)
    assert s.regulation_set_for(monday).code == "2025-03"
    assert citation_for("decision_deadline", on=monday, sets=s.regulation_sets).document == "999-QĐ/TW"
    assert decision_due(monday, settings=s) == MON  # 5 working days (built-in sets: 60, 29/05/2025)
    assert certificate_expires_on(monday, settings=s) == date(2027, 3, 3)  # 24 months (built-in: 60)
    assert certificate_is_valid(monday, date(2027, 3, 3), settings=s)
    assert not certificate_is_valid(monday, date(2027, 3, 4), settings=s)
    # Counted from the issue on 03/03, not the receipt on 06/03 (built-in sets: 18/04/2025).
    assert ceremony_due(THU, decision_issued_on=monday, settings=s) == date(2025, 4, 15)
    assert roadmap(student(), settings=s).regulation_set == "2027-01"  # the vote of 01/02/2027 (built-in: 2026-07)
    assert decision_due(monday, settings=s.replace(decision_working_days=1)) == date(2025, 3, 4)  # explicit wins


# Fields no function of uommam.rules reads: the Django side does (uommam.plans), and its tests check them.
READ_OUTSIDE_THE_RULES = {
    "roadmap_certificate_after_class_days": "uommam.plans.roadmaps.class_slot",
    "roadmap_warning_days": "uommam.plans.todo.todo_sections",
}


def check_not_read_by_the_rules(name: str) -> Callable[[RulesSettings], None]:
    def check(s: RulesSettings) -> None:
        # If a rules function starts reading the field, it needs a real check here instead.
        rules_dir = Path(__file__).resolve().parents[1]
        readers = [p.name for p in rules_dir.glob("*.py") if re.search(rf"\.{name}\b", p.read_text(encoding="utf-8"))]
        assert readers == [], f"{name} is now read by {readers}: replace this check with one of those functions"
        assert getattr(s, name) != getattr(DEFAULT_SETTINGS, name)

    return check


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
    "class_pass_mark_tenths": (70, check_class_pass_mark_tenths),
    "class_min_attendance_percent": (50, check_class_min_attendance_percent),
    "earliest_birth_year": (1930, check_earliest_birth_year),
    "earliest_event_year": (1975, check_earliest_event_year),
    "plan_years_ahead": (1, check_plan_years_ahead),
    "roadmap_dossier_lead_days": (30, check_roadmap_dossier_lead_days),
    "roadmap_helper_lead_days": (10, check_roadmap_helper_lead_days),
    "roadmap_certificate_after_class_days": (3, check_not_read_by_the_rules("roadmap_certificate_after_class_days")),
    "roadmap_warning_days": (7, check_not_read_by_the_rules("roadmap_warning_days")),
    "regulation_sets": (load_sets(DEPLOYMENT_SETS), check_regulation_sets),
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
