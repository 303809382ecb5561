"""Settings validation: each bad value is refused with a message that names the field and the value."""

import re
from datetime import date

import pytest

from uommam.rules import DEFAULT_SETTINGS, REGULATION_SETS, RulesSettings


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"age_policy": "week"}, "age_policy must be one of ('month', 'day'), not 'week'"),
        ({"probation_months": -1}, "probation_months must be a non-negative integer, not -1"),
        ({"ceremony_working_days": True}, "ceremony_working_days must be a non-negative integer, not True"),
        ({"decision_working_days": 1.5}, "decision_working_days must be a non-negative integer, not 1.5"),
        (
            {"referral_acknowledgement_days": "30"},
            "referral_acknowledgement_days must be a non-negative integer, not '30'",
        ),
        ({"extra_days_off": ["2025-03-04"]}, "extra_days_off must contain dates only"),
        ({"extra_working_days": [20250308]}, "extra_working_days must contain dates only"),
        ({"regulation_sets": ["2021"]}, "regulation_sets must contain RegulationSet objects only"),
    ],
)
def test_bad_values_are_refused_with_a_message_naming_them(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        RulesSettings(**overrides)  # type: ignore[arg-type]


def test_zero_is_an_allowed_number() -> None:
    assert RulesSettings(probation_months=0).probation_months == 0


def test_declared_days_are_stored_as_an_immutable_set() -> None:
    s = RulesSettings(extra_days_off=[date(2025, 3, 4), date(2025, 3, 4)], extra_working_days=(date(2025, 3, 8),))  # type: ignore[arg-type]
    assert s.extra_days_off == frozenset({date(2025, 3, 4)})
    assert isinstance(s.extra_days_off, frozenset) and isinstance(s.extra_working_days, frozenset)


def test_a_deployments_regulation_sets_given_as_a_list_are_stored_as_a_tuple() -> None:
    # A settings file gives a list; the settings object is frozen and hashable, so it keeps a tuple.
    s = RulesSettings(regulation_sets=list(REGULATION_SETS))  # type: ignore[arg-type]
    assert s.regulation_sets == REGULATION_SETS and isinstance(s.regulation_sets, tuple)


def test_unknown_names_are_listed_sorted() -> None:
    with pytest.raises(ValueError, match=r"^unknown rules settings: a_setting, z_setting$"):
        RulesSettings.from_mapping({"z_setting": 1, "a_setting": 2, "probation_months": 6})


def test_a_mapping_converts_iso_strings_in_both_day_lists_and_refuses_other_values() -> None:
    s = RulesSettings.from_mapping({"extra_days_off": ["2025-03-04"], "extra_working_days": ["2025-03-08"]})
    assert (s.extra_days_off, s.extra_working_days) == (frozenset({date(2025, 3, 4)}), frozenset({date(2025, 3, 8)}))
    with pytest.raises(ValueError, match=r"^not a date: 20250308$"):
        RulesSettings.from_mapping({"extra_working_days": [20250308]})


def test_a_mapping_without_day_lists_keeps_the_defaults() -> None:
    assert RulesSettings.from_mapping({}) == DEFAULT_SETTINGS
    assert RulesSettings.from_mapping({"probation_months": 6}) == DEFAULT_SETTINGS.replace(probation_months=6)
