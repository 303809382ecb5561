"""Age of an applicant: "from full 18 to full 60, counted by month", on the date the cell meets.

Source: Quy định thi hành Điều lệ Đảng, point 1.1.1 (age limits), 1.1.2 (over 60 → higher-level decision).
The texts do not define "counted by month" ([U]); the default policy ``"month"`` ignores the day of birth,
the optional ``"day"`` policy waits for the 18th birthday itself. Every caller must pass the date of the
**cell's admission meeting** as ``on`` — not the decision or ceremony date.
"""

from __future__ import annotations

from datetime import date

from .months import add_months, month_index
from .settings import AgePolicy, RulesSettings, resolve


def age_in_months(dob: date, on: date) -> int:
    """Whole calendar months from the birth month to the month of ``on``; the day of month is ignored.

    ``(on.year*12 + on.month) - (dob.year*12 + dob.month)``: someone born 31/05/2008 is 216 months old on
    01/05/2026.
    """
    return month_index(on) - month_index(dob)


def admission_age_from(dob: date, policy: AgePolicy | None = None, *, settings: RulesSettings | None = None) -> date:
    """The first date on which :func:`is_of_admission_age` is true.

    ``"month"``: the 1st of the birth month 18 years later. ``"day"``: the 18th birthday; 29 February births
    turn 18 on 28 February in a common year (the month period ends on the month's last day, Bộ luật Dân sự
    2015, Điều 148). ``policy=None`` uses ``settings.age_policy`` (default ``"month"``).
    """
    s = resolve(settings)
    chosen = s.age_policy if policy is None else policy
    if chosen == "month":
        first_of_birth_month = dob.replace(day=1)
        return add_months(first_of_birth_month, s.admission_age_months)
    if chosen == "day":
        return add_months(dob, s.admission_age_months)
    raise ValueError(f"unknown age policy: {chosen!r}")


def is_of_admission_age(
    dob: date, on: date, policy: AgePolicy | None = None, *, settings: RulesSettings | None = None
) -> bool:
    """True when a person born on ``dob`` has reached full 18 on ``on`` under ``policy``.

    ``"month"``: ``age_in_months(dob, on) >= 216``. There is no upper bound here: above full 60 a person may
    still be admitted, but only by a higher-level decision — check :func:`needs_higher_decision` as well.
    The age is the one of the regulation set in force on ``on`` (the day the cell meets).
    """
    return on >= admission_age_from(dob, policy, settings=resolve(settings).on(on))


def needs_higher_decision(dob: date, on: date, *, settings: RulesSettings | None = None) -> bool:
    """True when the applicant is above full 60 on ``on``, so only a committee directly under the Central
    Committee may decide (point 1.1.2).

    Read with the same month counting as the lower bound: "full 60" lasts through the birth month 60 years
    later (``age_in_months == 720``); from the next month (``> 720``) the person is above full 60. This
    reading is [U]; the threshold is ``settings.higher_decision_above_months``.
    """
    return age_in_months(dob, on) > resolve(settings).on(on).higher_decision_above_months


# Bộ luật Dân sự 2015, Điều 21 khoản 1: "Người chưa thành niên là người chưa đủ mười tám tuổi."
MAJORITY_MONTHS = 18 * 12


def is_minor(dob: date, on: date) -> bool:
    """True while a person born on ``dob`` is not yet full 18 on ``on`` (a minor in civil law).

    Source: Bộ luật Dân sự 2015, Điều 21 khoản 1 (a minor is a person under full eighteen); the period ends on
    the same day 18 years later, or on the month's last day when that day does not exist (Điều 148), so a
    29 February birth comes of age on 28 February of a common year, as under the ``"day"`` admission policy.
    Used for the parental consent that processing a minor's personal data needs (Nghị định 13/2023/NĐ-CP,
    Điều 20). Not the Party's admission age, which counts by month (:func:`is_of_admission_age`).
    """
    return on < add_months(dob, MAJORITY_MONTHS)
