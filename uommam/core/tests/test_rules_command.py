"""``manage.py rules``: the support-staff view of the rules library."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from uommam import rules


def run(*args: str) -> str:
    out = StringIO()
    call_command("rules", *args, stdout=out)
    return out.getvalue()


def run_json(*args: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(run(*args, "--json"))
    return data


def test_forecast_json_refers_a_student_who_leaves_six_months_before_18() -> None:
    data = run_json(
        "forecast", "--dob", "2008-11-30", "--leaves", "2026-05-31", "--certificate", "2021-09-01",
        "--today", "2025-10-01",
    )  # fmt: skip
    assert data == {
        "dob": "2008-11-30",
        "leaves_school_on": "2026-05-31",
        "today": "2025-10-01",
        "policy": "month",
        "eligible_from": "2026-11-01",
        "before_leaving": False,
        "months_short_at_leaving": 6,
        "certificate_issued_on": "2021-09-01",
        "certificate_expires_on": "2026-09-01",
        "certificate_valid_at_eligibility": False,
        "action": "refer",
        # The cell could meet from 01/11/2026: the provisional 2026 set (208-QĐ/TW, 01-HD/TW) applies.
        "regulation_set": "2026-07",
        "age_rule": "Quy định 208-QĐ/TW, điểm 1.1.1 — chưa đối chiếu văn bản gốc",
        "certificate_rule": "Hướng dẫn 01-HD/TW — chưa đối chiếu văn bản gốc",
    }


def test_forecast_without_certificate_prints_nulls_and_honours_the_policy_option() -> None:
    data = run_json("forecast", "--dob", "2008-05-31", "--leaves", "2026-05-31", "--today", "2025-10-01",
                    "--policy", "day")  # fmt: skip
    assert data["policy"] == "day"
    assert data["eligible_from"] == "2026-05-31"
    assert data["action"] == "admit_before_leaving"
    assert data["certificate_expires_on"] is None
    assert data["certificate_valid_at_eligibility"] is None


@override_settings(UOMMAM_AGE_POLICY="day")
def test_forecast_policy_defaults_to_the_project_setting() -> None:
    data = run_json("forecast", "--dob", "2008-05-31", "--leaves", "2026-06-30", "--today", "2025-10-01")
    assert data["policy"] == "day"
    assert data["eligible_from"] == "2026-05-31"


def test_forecast_table_is_human_readable() -> None:
    out = run("forecast", "--dob", "2007-03-10", "--leaves", "2026-05-31", "--today", "2025-10-01")
    lines = dict(line.split(None, 1) for line in out.strip().splitlines())
    assert lines["action"] == "admit_now"
    assert lines["eligible_from"] == "2025-03-01"
    assert lines["certificate_expires_on"] == "—"


def test_deadlines_json_keeps_probation_from_the_ceremony_and_seniority_from_the_decision() -> None:
    data = run_json(
        "deadlines", "--resolution", "2024-07-15", "--decision", "2024-08-25",
        "--decision-received", "2024-08-27", "--ceremony", "2024-09-15",
    )  # fmt: skip
    assert data["seniority_from"] == "2024-08-25"
    assert data["probation_ends_on"] == "2025-09-15"
    assert data["official_review_due"] == "2025-10-27"
    assert data["ceremony_due"] == "2024-10-10"  # skips 02–03/09/2024
    assert data["decision_due"] == rules.decision_due(date(2024, 7, 15)).isoformat()
    assert data["decision_due_extended"] == rules.decision_due_extended(date(2024, 7, 15)).isoformat()
    assert data["regulation_set"] == "2021"
    assert data["decision_rule"] == "Quy định 24-QĐ/TW, điểm 4.3.1"


def test_deadlines_with_only_the_resolution_leave_the_later_dates_null() -> None:
    data = run_json("deadlines", "--resolution", "2025-01-24")
    assert data["decision_due"] == "2025-04-26"  # across Tết 2025, ending on the make-up Saturday
    assert data["ceremony_due"] is None
    assert data["probation_ends_on"] is None
    assert data["seniority_from"] is None


@override_settings(UOMMAM_EXTRA_DAYS_OFF=["2025-04-26"], UOMMAM_EXTRA_WORKING_DAYS=[])
def test_deadlines_honour_extra_days_off_from_the_project_settings() -> None:
    data = run_json("deadlines", "--resolution", "2025-01-24")
    assert data["decision_due"] == "2025-04-28"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("forecast", "--dob", "2008-13-30", "--leaves", "2026-05-31"),
            "--dob: '2008-13-30' is not a valid date",
        ),
        (("forecast", "--dob", "2008-11-30", "--leaves", "31/05/2026"), "--leaves: '31/05/2026'"),
        (
            ("forecast", "--dob", "2008-11-30", "--leaves", "2026-05-31", "--today", "x"),
            "expected YYYY-MM-DD",
        ),
        (("deadlines", "--resolution", "2025-02-30"), "--resolution: '2025-02-30' is not a valid date"),
        (("deadlines", "--resolution", "2025-02-03", "--ceremony", "soon"), "--ceremony"),
        (("forecast", "--dob", "2008-11-30", "--leaves", "2006-05-31"), "before the date of birth"),
    ],
)
def test_bad_dates_raise_a_clear_command_error(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)
