"""Will a student reach admission age before leaving school? What should the cell do now?

This turns the age rule into advice for the school cell (domain §1, §7): admit now, plan to admit before the
student leaves, or — if the student will still be under 18 when leaving — refer them to their home locality
or university, whose cell can admit them later on the same certificate while it is valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from .age import admission_age_from
from .certificate import certificate_expires_on, certificate_is_valid
from .months import add_months, month_index
from .settings import AgePolicy, RulesSettings

Action = Literal["admit_now", "admit_before_leaving", "refer"]


@dataclass(frozen=True)
class Forecast:
    """The eligibility forecast for one student.

    * ``eligible_from`` — first date the student is of admission age (:func:`admission_age_from`).
    * ``before_leaving`` — ``eligible_from <= leaves_school_on``.
    * ``months_short_at_leaving`` — 0 when ``before_leaving``; otherwise how many months the student still
      lacks on the day of leaving (see :func:`months_short`).
    * ``certificate_expires_on`` — when a certificate was given, its last valid day.
    * ``certificate_valid_at_eligibility`` — whether that certificate is valid on the earliest date a cell
      could consider the student: ``max(eligible_from, today)``. ``None`` without a certificate.
    * ``action`` — ``"admit_now"`` if ``eligible_from <= today`` (even if the student has already left: the
      person is of age, whichever cell now holds them may consider them); else ``"refer"`` if
      ``eligible_from > leaves_school_on``; else ``"admit_before_leaving"``.
    """

    eligible_from: date
    before_leaving: bool
    months_short_at_leaving: int
    certificate_expires_on: date | None
    certificate_valid_at_eligibility: bool | None
    action: Action


def months_short(eligible_from: date, on: date) -> int:
    """Calendar months still missing on ``on`` before ``eligible_from``, rounded up; 0 if already eligible.

    The smallest ``k >= 0`` with ``add_months(on, k) >= eligible_from``. Under the ``"month"`` policy
    (``eligible_from`` is a 1st) this equals ``216 - age_in_months(dob, on)`` when positive; under ``"day"``
    a part month counts as a whole one (leaving 10/05, birthday 20/06 → 2).
    """
    k = max(0, month_index(eligible_from) - month_index(on))
    if add_months(on, k) < eligible_from:
        k += 1
    return k


def forecast(
    dob: date,
    leaves_school_on: date,
    *,
    today: date,
    certificate_issued_on: date | None = None,
    policy: AgePolicy | None = None,
    settings: RulesSettings | None = None,
) -> Forecast:
    """Forecast admission eligibility for a student born ``dob`` who leaves school on ``leaves_school_on``.

    ``policy=None`` uses ``settings.age_policy`` (default ``"month"``). Precedence of ``action``:
    ``admit_now`` first, then ``refer``, then ``admit_before_leaving``.
    """
    eligible_from = admission_age_from(dob, policy, settings=settings)
    before_leaving = eligible_from <= leaves_school_on

    expires: date | None = None
    valid_at_eligibility: bool | None = None
    if certificate_issued_on is not None:
        expires = certificate_expires_on(certificate_issued_on, settings=settings)
        considered_on = max(eligible_from, today)
        valid_at_eligibility = certificate_is_valid(certificate_issued_on, considered_on, settings=settings)

    action: Action
    if eligible_from <= today:
        action = "admit_now"
    elif not before_leaving:
        action = "refer"
    else:
        action = "admit_before_leaving"

    return Forecast(
        eligible_from=eligible_from,
        before_leaving=before_leaving,
        months_short_at_leaving=months_short(eligible_from, leaves_school_on),
        certificate_expires_on=expires,
        certificate_valid_at_eligibility=valid_at_eligibility,
        action=action,
    )
