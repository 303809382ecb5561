"""Time limits from the cell's resolution to official membership, and the dates to keep apart.

Sources (Quy định thi hành Điều lệ Đảng, mục 4; Điều lệ Đảng, Điều 5) [C2]:

* decision (9-KNĐ) within 60 working days of the cell's resolution; extendable by at most 30 working days
  in special cases (point 4.3.1);
* ceremony within 30 working days of *receiving* the decision; later only with the superior's consent
  (point 4.1);
* probation 12 months from the **ceremony** date (Charter art. 5.1); the cell considers official
  recognition within 30 working days after it ends (point 4.2 a), the committee decides within 30 working
  days of the cell's resolution (point 4.3.1); a qualifying member is official as of the end of the
  12 months even if the paperwork is late (point 4.2 b);
* Party seniority counts from the date written on the **decision** (Charter art. 5.4).

Example from the sources: decision 25/08/2024, ceremony 15/09/2024 → probation 15/09/2024 – 15/09/2025,
seniority from 25/08/2024.

Every working-day function takes ``extra_days_off``/``extra_working_days`` and ``settings`` (whose own
extra days are added to the keyword ones). The numbers come from the regulation set in force on the date the
deadline counts from (``RulesSettings.on``), so a set added for acts from a date changes only those.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from .months import add_months
from .settings import RulesSettings, resolve
from .working_days import add_working_days


def _after(start: date, days: int, off: Iterable[date], worked: Iterable[date], settings: RulesSettings | None) -> date:
    """`days` working days after `start` (the one calendar all deadlines share)."""
    return add_working_days(start, days, extra_days_off=off, extra_working_days=worked, settings=settings)


def decision_due(
    cell_resolution_on: date,
    *,
    extra_days_off: Iterable[date] = (),
    extra_working_days: Iterable[date] = (),
    settings: RulesSettings | None = None,
) -> date:
    """Last day for the admission decision: the cell's resolution + 60 working days."""
    days = resolve(settings).on(cell_resolution_on).decision_working_days
    return _after(cell_resolution_on, days, extra_days_off, extra_working_days, settings)


def decision_due_extended(
    cell_resolution_on: date,
    *,
    extra_days_off: Iterable[date] = (),
    extra_working_days: Iterable[date] = (),
    settings: RulesSettings | None = None,
) -> date:
    """Last day for the decision when extended: :func:`decision_due` + 30 more working days."""
    due = decision_due(
        cell_resolution_on, extra_days_off=extra_days_off, extra_working_days=extra_working_days, settings=settings
    )
    days = resolve(settings).on(cell_resolution_on).decision_extension_working_days
    return _after(due, days, extra_days_off, extra_working_days, settings)


def ceremony_counted_from(
    decision_received_on: date, decision_issued_on: date | None = None, *, settings: RulesSettings | None = None
) -> date:
    """The day the ceremony's working days count from: the decision's receipt, or its issue where the regulation
    set in force on the issue says so (``ceremony_counted_from``) and the caller knows that day."""
    s = resolve(settings)
    if decision_issued_on is not None and (
        s.regulation_set_for(decision_issued_on).ceremony_counted_from == "decision_issued"
    ):
        return decision_issued_on
    return decision_received_on


def ceremony_due(
    decision_received_on: date,
    *,
    decision_issued_on: date | None = None,
    extra_days_off: Iterable[date] = (),
    extra_working_days: Iterable[date] = (),
    settings: RulesSettings | None = None,
) -> date:
    """Last day for the admission ceremony: the day the cell *received* the decision + 30 working days.

    A set whose ``ceremony_counted_from`` is ``"decision_issued"`` counts from ``decision_issued_on``
    instead, when the caller knows it.
    """
    s = resolve(settings)
    start = ceremony_counted_from(decision_received_on, decision_issued_on, settings=s)
    days = s.on(start).ceremony_working_days
    return _after(start, days, extra_days_off, extra_working_days, settings)


def probation_ends_on(ceremony_on: date, *, settings: RulesSettings | None = None) -> date:
    """End of the 12-month probation that starts on the ceremony date (same day number, clamped).

    The member is official as of this date if recognised, however late the paperwork (point 4.2 b).
    """
    return add_months(ceremony_on, resolve(settings).on(ceremony_on).probation_months)


def official_review_due(
    ceremony_on: date,
    *,
    extra_days_off: Iterable[date] = (),
    extra_working_days: Iterable[date] = (),
    settings: RulesSettings | None = None,
) -> date:
    """Last day for the cell to consider official recognition: probation end + 30 working days."""
    days = resolve(settings).on(ceremony_on).official_review_working_days
    return _after(probation_ends_on(ceremony_on, settings=settings), days, extra_days_off, extra_working_days, settings)


def official_decision_due(
    cell_recognition_resolution_on: date,
    *,
    extra_days_off: Iterable[date] = (),
    extra_working_days: Iterable[date] = (),
    settings: RulesSettings | None = None,
) -> date:
    """Last day for the committee to decide on official recognition: the cell's resolution + 30 working
    days (point 4.3.1)."""
    days = resolve(settings).on(cell_recognition_resolution_on).official_decision_working_days
    return _after(cell_recognition_resolution_on, days, extra_days_off, extra_working_days, settings)


def seniority_from(decision_on: date) -> date:
    """Party seniority counts from the date written on the admission decision — not the ceremony."""
    return decision_on


def introducer_eligible_from(together_since: date, *, settings: RulesSettings | None = None) -> date:
    """First date an introducer who has worked, studied or lived with the applicant in the same unit since
    ``together_since`` satisfies the 12-month rule (Quy định thi hành Điều lệ, point 3.2.1; Charter art. 4).
    """
    return add_months(together_since, resolve(settings).introducer_months_together)


def referral_acknowledgement_due(sent_on: date, *, settings: RulesSettings | None = None) -> date:
    """Date by which a receiving organisation is expected to acknowledge a referral ([U]: 30 calendar days;
    no central rule exists, this is the product's follow-up convention)."""
    return sent_on + timedelta(days=resolve(settings).referral_acknowledgement_days)
