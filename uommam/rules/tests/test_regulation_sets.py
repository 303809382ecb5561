"""Regulation sets as data: the shipped file, a deployment's additions and overrides, the 2026 sets."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uommam import rules
from uommam.rules import RulesSettings
from uommam.rules.loader import RegulationSetError, load_sets
from uommam.rules.regulations import SetValue
from uommam.rules.roadmap import Progress, RoadmapInput, StaffPeriod, roadmap

TWO_NEW_SETS = """
[[set]]
code = "2027-01"
valid_from = 2027-01-01
implementing = "300-QĐ/TW"
implementing_issued_on = 2026-12-20
guidance = "02-HD/TW"
guidance_issued_on = 2026-12-25
forms = "12-HD/BTCTW"
provisional = true
values.decision_working_days = { value = 45, confidence = "C1" }

[[set]]
code = "2027-06"
valid_from = 2027-06-01
implementing = "310-QĐ/TW"
implementing_issued_on = 2027-05-20
guidance = "02-HD/TW"
guidance_issued_on = 2026-12-25
forms = "12-HD/BTCTW"
values.decision_working_days = { value = 40, confidence = "C2" }
values.ceremony_counted_from = { value = "decision_issued", confidence = "C2" }
"""


def _with(text: str) -> RulesSettings:
    return RulesSettings(regulation_sets=load_sets(text, source="test.toml"))


def test_sets_added_by_a_deployment_change_deadlines_only_for_acts_from_their_date() -> None:
    s = _with(TWO_NEW_SETS)
    before, first, second = date(2026, 12, 31), date(2027, 1, 4), date(2027, 6, 1)
    assert rules.decision_due(before, settings=s) == rules.decision_due(before)
    assert rules.decision_due(first, settings=s) == rules.add_working_days(first, 45)
    assert rules.decision_due(first) == rules.add_working_days(first, 60)
    assert rules.decision_due(second, settings=s) == rules.add_working_days(second, 40)
    assert rules.decision_due(date(2027, 5, 31), settings=s) == rules.add_working_days(date(2027, 5, 31), 45)
    assert [x.code for x in s.regulation_sets][-3:] == ["2026-07", "2027-01", "2027-06"]
    assert s.regulation_set_for(before).valid_until == date(2026, 12, 31)


def test_a_new_set_inherits_the_values_and_citations_of_the_set_before_it() -> None:
    new = _with(TWO_NEW_SETS).regulation_set_for(date(2027, 2, 1))
    assert new.value("probation_months").value == 12
    assert new.citation_for("decision_deadline").text == "Quy định 300-QĐ/TW, điểm 4.3.1 — chưa đối chiếu văn bản gốc"
    assert new.citation_for("decision_deadline").confidence == "U"
    assert new.basis == "theo Quy định 300-QĐ/TW — chưa đối chiếu văn bản gốc"


def test_a_set_counting_the_ceremony_from_the_decisions_issue_uses_the_issue_date() -> None:
    s = _with(TWO_NEW_SETS)
    issued, received = date(2027, 7, 1), date(2027, 7, 8)
    assert rules.ceremony_due(received, decision_issued_on=issued, settings=s) == rules.add_working_days(issued, 30)
    assert rules.ceremony_due(received, decision_issued_on=issued) == rules.add_working_days(received, 30)


def test_a_deployment_moves_the_effective_date_of_a_built_in_set() -> None:
    s = _with('[[set]]\ncode = "2026-07"\nvalid_from = 2026-08-01\n')
    assert s.regulation_set_for(date(2026, 7, 31)).code == "2026-05"
    assert s.regulation_set_for(date(2026, 8, 1)).code == "2026-07"


def test_a_deployment_withdraws_a_built_in_set() -> None:
    s = _with('[[set]]\ncode = "2026-04"\nwithdrawn = true\n')
    assert s.regulation_set_for(date(2026, 4, 20)).code == "2025-07"


def test_a_value_set_explicitly_by_the_deployment_wins_over_the_set() -> None:
    s = RulesSettings(decision_working_days=20, regulation_sets=load_sets(TWO_NEW_SETS))
    assert rules.decision_due(date(2027, 2, 1), settings=s) == rules.add_working_days(date(2027, 2, 1), 20)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[set]]\ncode = 5\n", "needs a non-empty text 'code'"),
        ('[[set]]\ncode = "2027"\nvalid_from = 2027-01-01\n', "new set '2027' lacks implementing"),
        ('[[set]]\ncode = "2026-07"\nvalid_from = "26/07/2026"\n', "valid_from must be a TOML date"),
        ('[[set]]\ncode = "2026-07"\nvalid_from = 2026-05-19\n', "both start on 2026-05-19"),
        (
            '[[set]]\ncode = "2026-07"\nvalues.decision_working_days = { value = -1, confidence = "C2" }\n',
            "decision_working_days must be a positive whole number",
        ),
        (
            '[[set]]\ncode = "2026-07"\nvalues.ceremony_counted_from = { value = "ceremony", confidence = "C2" }\n',
            "ceremony_counted_from must be one of",
        ),
        (
            '[[set]]\ncode = "2026-07"\nvalues.probation_months = { value = 12, confidence = "C3" }\n',
            "confidence must be one of",
        ),
        (
            '[[set]]\ncode = "2026-07"\nvalues.probation_weeks = { value = 12, confidence = "C2" }\n',
            "unknown values ['probation_weeks']",
        ),
        ('[[set]]\ncode = "2026-07"\ncitations.ceremony_deadline = []\n', "citation of ceremony_deadline is missing"),
        ('[[set]]\ncode = "2026-07"\nvalid_form = 2026-08-01\n', "unknown keys ['valid_form']"),
        ("[[set]\n", "not valid TOML"),
    ],
)
def test_a_bad_set_is_refused_with_a_message_naming_the_problem(text: str, message: str) -> None:
    with pytest.raises(RegulationSetError, match="test.toml") as error:
        load_sets(text, source="test.toml")
    assert message in str(error.value)


def test_the_2026_boundary_the_implementing_regulation_changes_on_26_07_2026() -> None:
    assert rules.regulation_set_for(date(2026, 7, 25)).implementing == "20-QĐ/TW"
    assert rules.regulation_set_for(date(2026, 7, 26)).implementing == "208-QĐ/TW"
    unverified = " — chưa đối chiếu văn bản gốc"
    assert (
        rules.citation_for("ceremony_deadline", on=date(2026, 7, 25)).text == f"Quy định 20-QĐ/TW, điểm 4.1{unverified}"
    )
    assert (
        rules.citation_for("ceremony_deadline", on=date(2026, 7, 26)).text
        == f"Quy định 208-QĐ/TW, điểm 4.1{unverified}"
    )
    assert rules.citation_for("ceremony_deadline", on=date(2026, 4, 7)).text == "Quy định 294-QĐ/TW, điểm 4.1"
    assert rules.citation_for("certificate_validity", on=date(2026, 7, 26)).text == (f"Hướng dẫn 01-HD/TW{unverified}")
    assert rules.citation_for("probation_period", on=date(2026, 7, 26)).text == "Điều lệ Đảng, Điều 5, khoản 1"


def test_the_2026_sets_are_provisional_and_say_so() -> None:
    s = rules.regulation_set_for(date(2026, 7, 26))
    assert s.provisional
    assert s.basis == "theo Quy định 208-QĐ/TW — chưa đối chiếu văn bản gốc"
    assert rules.regulation_set_for(date(2026, 7, 1)).basis == "theo Quy định 20-QĐ/TW — chưa đối chiếu văn bản gốc"
    assert rules.regulation_set_for(date(2026, 4, 7)).basis == "theo Quy định 294-QĐ/TW"


def test_uncertain_2026_values_are_provisional_and_keep_the_2025_value() -> None:
    before, after = rules.regulation_set_for(date(2026, 4, 7)), rules.regulation_set_for(date(2026, 7, 26))
    for name in ("decision_working_days", "ceremony_counted_from", "deciding_organ", "certificate_validity_months"):
        assert after.value(name).provisional, name
        assert after.value(name).confidence == "U", name
        assert after.value(name).value == before.value(name).value, name
    assert not after.value("probation_months").provisional


def test_deadlines_across_the_2026_boundary_are_unchanged_while_the_values_are_provisional() -> None:
    for on in (date(2026, 7, 24), date(2026, 7, 27)):
        assert rules.decision_due(on) == rules.add_working_days(on, 60)
        assert rules.ceremony_due(on) == rules.add_working_days(on, 30)


def test_the_label_of_a_provisional_set_says_it_is_not_checked_against_the_original() -> None:
    assert rules.regulation_set_for(date(2026, 8, 1)).label == (
        "Quy định 208-QĐ/TW; Hướng dẫn 01-HD/TW; Hướng dẫn 12-HD/BTCTW — chưa đối chiếu văn bản gốc"
    )
    assert rules.regulation_set_for(date(2025, 8, 1)).label == (
        "Quy định 294-QĐ/TW; Hướng dẫn 06-HD/TW; Hướng dẫn 12-HD/BTCTW"
    )


def test_citations_follow_the_deployments_sets_when_given() -> None:
    sets = load_sets(TWO_NEW_SETS)
    assert rules.citation_for("decision_deadline", on=date(2027, 7, 1), sets=sets).text == (
        "Quy định 310-QĐ/TW, điểm 4.3.1"
    )
    assert rules.citation_for("decision_deadline", on=date(2027, 7, 1)).text.startswith("Quy định 208-QĐ/TW")


def test_confirming_the_208_ceremony_rule_changes_ceremonies_from_26_07_2026_only() -> None:
    confirmed = (
        '[[set]]\ncode = "2026-07"\nvalues.ceremony_counted_from = { value = "decision_issued", confidence = "C2" }\n'
    )
    s = _with(confirmed)
    for issued, counts_from_issue in ((date(2026, 7, 25), False), (date(2026, 7, 26), True)):
        received = issued + timedelta(days=10)
        due = rules.ceremony_due(received, decision_issued_on=issued, settings=s)
        assert due == rules.add_working_days(issued if counts_from_issue else received, 30), issued


def _set_in_code(**values: SetValue) -> rules.RegulationSet:
    """A set built directly (not read from a file): the 2021 documents, and only the given values."""
    return rules.RegulationSet(
        code="X",
        valid_from=date(2021, 7, 30),
        valid_until=None,
        implementing="24-QĐ/TW",
        implementing_issued_on=date(2021, 7, 30),
        guidance="01-HD/TW",
        guidance_issued_on=date(2021, 9, 28),
        forms="12-HD/BTCTW",
        citations={},
        **({"values": values} if values else {}),
    )


def test_a_set_written_in_code_without_values_leaves_every_value_to_the_settings() -> None:
    # A set built directly (not from a file) may state only its documents; then nothing is overridden.
    bare = _set_in_code()
    assert dict(bare.values) == {}
    assert bare.ceremony_counted_from == "decision_received"
    s = RulesSettings(regulation_sets=(bare,))
    assert s.on(date(2027, 2, 1)) == s
    assert rules.decision_due(date(2027, 2, 1), settings=s) == rules.add_working_days(date(2027, 2, 1), 60)


def _ready_student(leaves: date) -> RoadmapInput:
    """Of age since 01/01/2026, certificate, helper and two introducers, dossier started 01/09/2026."""
    teachers = (
        StaffPeriod(1, date(2020, 1, 1), None, date(2010, 1, 1)),
        StaffPeriod(2, date(2020, 1, 1), None, date(2010, 1, 1)),
    )
    progress = Progress(
        helper_since=date(2025, 6, 1), certificate_issued_on=date(2026, 4, 20), dossier_started_on=date(2026, 9, 1)
    )
    return RoadmapInput(
        dob=date(2008, 1, 10),
        leaves_school_on=leaves,
        today=date(2026, 10, 1),
        in_school_since=date(2023, 9, 5),
        staff=teachers,
        progress=progress,
    )


def test_a_deployments_shorter_decision_limit_moves_the_roadmaps_latest_vote() -> None:
    # From 01/01/2027 the decision comes within 45 working days: a vote on 24/03/2027 is decided by 31/05/2027.
    s = _with(TWO_NEW_SETS)
    r = roadmap(_ready_student(date(2027, 5, 31)), settings=s)
    assert r.latest_vote_on == date(2027, 3, 24) == rules.add_working_days(date(2027, 5, 31), -45)
    assert roadmap(_ready_student(date(2027, 5, 31))).latest_vote_on == date(2027, 3, 3)  # built-in sets: 60


@settings(max_examples=40)
@given(st.dates(date(2027, 4, 1), date(2027, 12, 31)))
def test_under_a_deployments_sets_the_latest_vote_is_the_last_decided_before_leaving(leaves: date) -> None:
    s = _with(TWO_NEW_SETS)
    latest = roadmap(_ready_student(leaves), settings=s).latest_vote_on
    assert latest is not None and rules.is_working_day(latest, settings=s)
    assert rules.decision_due(latest, settings=s) <= leaves
    next_day = rules.add_working_days(latest, 1, settings=s)
    assert rules.decision_due(next_day, settings=s) > leaves


def test_a_set_written_in_code_with_some_values_changes_only_those() -> None:
    # The values are looked up by name: one the set leaves out does not stop the ones after it.
    partial = _set_in_code(ceremony_working_days=SetValue(20, "U"))
    s = RulesSettings(regulation_sets=(partial,)).on(date(2027, 2, 1))
    assert (s.ceremony_working_days, s.decision_working_days, s.admission_age_months) == (20, 60, 216)
