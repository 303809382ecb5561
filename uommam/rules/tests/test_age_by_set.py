"""The admission age checked on the day the cell meets is the one of the regulation set in force that day."""

from datetime import date

from uommam.rules import DEFAULT_SETTINGS, is_of_admission_age, needs_higher_decision
from uommam.rules.loader import load_sets

# A deployment's set from 01/03/2025 with another age (17 years) and another upper bound (full 50).
OTHER_AGE = """
[[set]]
code = "2025-03"
valid_from = 2025-03-01
implementing = "999-QĐ/TW"
implementing_issued_on = 2025-02-20
guidance = "01-HD/TW"
guidance_issued_on = 2021-09-28
forms = "12-HD/BTCTW"
[set.values]
admission_age_months = { value = 204, confidence = "U" }
higher_decision_above_months = { value = 600, confidence = "U" }
"""


def test_a_set_with_another_age_decides_from_its_first_day_and_not_before() -> None:
    s = DEFAULT_SETTINGS.replace(regulation_sets=load_sets(OTHER_AGE))
    born = date(2008, 2, 15)  # 17 by month from 01/02/2025, 18 from 01/02/2026
    assert not is_of_admission_age(born, date(2025, 2, 28), settings=s)  # the built-in set: 18
    assert is_of_admission_age(born, date(2025, 3, 3), settings=s)  # the deployment's set: 17
    assert not is_of_admission_age(born, date(2025, 3, 3))  # without the deployment's set


def test_the_upper_bound_is_the_one_of_the_set_in_force_on_the_meeting() -> None:
    s = DEFAULT_SETTINGS.replace(regulation_sets=load_sets(OTHER_AGE))
    born = date(1970, 1, 10)  # above full 50 from 01/02/2020, full 60 through 31/01/2030
    assert needs_higher_decision(born, date(2025, 3, 3), settings=s)
    assert not needs_higher_decision(born, date(2025, 2, 28), settings=s)
