"""A deployment's regulation sets: loaded from UOMMAM_REGULATION_SETS_FILE, checked at start-up, listed by
``manage.py rules sets``, and the generated section of docs/rules.md kept in sync with the data file."""

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from uommam import rules
from uommam.core.rules_config import rules_settings
from uommam.rules import REGULATION_SETS, sets_doc

NEW_SET = """
[[set]]
code = "2027-01"
valid_from = 2027-01-01
implementing = "300-QĐ/TW"
implementing_issued_on = 2026-12-20
guidance = "02-HD/TW"
guidance_issued_on = 2026-12-25
forms = "12-HD/BTCTW"
values.decision_working_days = { value = 45, confidence = "C1" }
"""


def _file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "sets.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_set_from_the_settings_file_changes_deadlines_of_acts_from_its_date_only(tmp_path: Path) -> None:
    with override_settings(DEBUG=True, UOMMAM_REGULATION_SETS_FILE=_file(tmp_path, NEW_SET)):
        s = rules_settings()
        assert rules.decision_due(date(2027, 1, 4), settings=s) == rules.add_working_days(date(2027, 1, 4), 45)
        assert rules.decision_due(date(2026, 12, 31), settings=s) == rules.add_working_days(date(2026, 12, 31), 60)
        assert s.regulation_set_for(date(2027, 1, 4)).basis == "theo Quy định 300-QĐ/TW"
    assert rules.decision_due(date(2027, 1, 4), settings=rules_settings()) == rules.add_working_days(
        date(2027, 1, 4), 60
    )


def test_check_refuses_a_bad_set_with_a_message_naming_the_set_and_key(tmp_path: Path) -> None:
    bad = NEW_SET.replace("value = 45", "value = -45")
    with (
        override_settings(DEBUG=True, UOMMAM_REGULATION_SETS_FILE=_file(tmp_path, bad)),
        pytest.raises(SystemCheckError) as error,
    ):
        call_command("check", stdout=StringIO(), stderr=StringIO())
    message = str(error.value)
    assert "uommam.E020" in message
    assert "set '2027-01'" in message and "decision_working_days must be a positive whole number" in message


def test_check_refuses_a_missing_file(tmp_path: Path) -> None:
    with (
        override_settings(DEBUG=True, UOMMAM_REGULATION_SETS_FILE=str(tmp_path / "none.toml")),
        pytest.raises(SystemCheckError, match="cannot be read"),
    ):
        call_command("check", stdout=StringIO(), stderr=StringIO())


def test_check_accepts_a_good_file(tmp_path: Path) -> None:
    with override_settings(DEBUG=True, UOMMAM_REGULATION_SETS_FILE=_file(tmp_path, NEW_SET)):
        call_command("check", stdout=StringIO(), stderr=StringIO())


def test_rules_sets_json_lists_every_set_with_values_and_confidence(tmp_path: Path) -> None:
    out = StringIO()
    with override_settings(DEBUG=True, UOMMAM_REGULATION_SETS_FILE=_file(tmp_path, NEW_SET)):
        call_command("rules", "sets", "--json", stdout=out)
    data = json.loads(out.getvalue())["sets"]
    assert [d["code"] for d in data] == [*(s.code for s in REGULATION_SETS), "2027-01"]
    last_built_in = data[-2]
    assert last_built_in["valid_until"] == "2026-12-31"
    assert last_built_in["basis"] == "theo Quy định 208-QĐ/TW — chưa đối chiếu văn bản gốc"
    assert last_built_in["values"]["ceremony_counted_from"] == {
        "value": "decision_received",
        "confidence": "U",
        "provisional": True,
        "note": last_built_in["values"]["ceremony_counted_from"]["note"],
    }
    assert data[-1]["values"]["decision_working_days"]["value"] == 45


def test_rules_sets_on_a_date_shows_the_set_in_force() -> None:
    out = StringIO()
    call_command("rules", "sets", "--on", "2026-07-25", stdout=out)
    assert out.getvalue().startswith("2026-05  2026-05-19 – 2026-07-25  theo Quy định 20-QĐ/TW — chưa đối chiếu")


def test_docs_rules_md_matches_the_regulation_sets_data() -> None:
    text = (Path(settings.BASE_DIR) / "docs" / "rules.md").read_text(encoding="utf-8")
    assert sets_doc.markdown(REGULATION_SETS) in text, "run: manage.py rules docs"
