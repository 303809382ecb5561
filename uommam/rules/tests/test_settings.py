"""Settings: every [U] value has a default and can be overridden; bad values are rejected."""

from datetime import date

import pytest

from uommam.rules import DEFAULT_SETTINGS, RulesSettings


def test_defaults_match_the_domain_reference() -> None:
    s = DEFAULT_SETTINGS
    assert s.age_policy == "month"
    assert (s.personal_history_validity_months, s.introduction_validity_months) == (12, 6)
    assert s.certificate_validity_months == 60
    assert s.decision_working_days == 60
    assert (s.decision_extension_working_days, s.ceremony_working_days) == (30, 30)
    assert (s.probation_months, s.official_review_working_days) == (12, 30)
    assert s.referral_acknowledgement_days == 30


def test_settings_are_built_from_a_mapping_with_iso_dates() -> None:
    s = RulesSettings.from_mapping({"age_policy": "day", "extra_days_off": ["2025-03-04", date(2025, 3, 5)]})
    assert s.age_policy == "day"
    assert s.extra_days_off == frozenset({date(2025, 3, 4), date(2025, 3, 5)})


def test_unknown_setting_names_are_rejected() -> None:
    with pytest.raises(ValueError, match="certificate_months"):
        RulesSettings.from_mapping({"certificate_months": 48})


@pytest.mark.parametrize(
    "overrides", [{"age_policy": "year"}, {"probation_months": -1}, {"ceremony_working_days": "30"}]
)
def test_invalid_values_are_rejected(overrides: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        RulesSettings.from_mapping(overrides)


def test_replace_returns_a_validated_copy() -> None:
    assert DEFAULT_SETTINGS.replace(probation_months=18).probation_months == 18
    assert DEFAULT_SETTINGS.probation_months == 12
    with pytest.raises(ValueError):
        DEFAULT_SETTINGS.replace(age_policy="week")


def test_the_rules_package_imports_no_django() -> None:
    import subprocess
    import sys
    from pathlib import Path

    code = "import sys, uommam.rules; sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    repo_root = Path(__file__).parents[3]
    assert subprocess.run([sys.executable, "-c", code], check=False, cwd=repo_root).returncode == 0
