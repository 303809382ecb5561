"""Eligibility forecast: admit now, admit before leaving school, or refer."""

from datetime import date

from uommam.rules import Forecast, forecast, months_short

LEAVES = date(2026, 5, 31)
TODAY = date(2025, 10, 1)


def test_a_student_already_of_age_is_admitted_now() -> None:
    f = forecast(date(2007, 3, 10), LEAVES, today=TODAY)
    assert f == Forecast(
        eligible_from=date(2025, 3, 1),
        before_leaving=True,
        months_short_at_leaving=0,
        certificate_expires_on=None,
        certificate_valid_at_eligibility=None,
        action="admit_now",
    )


def test_a_student_turning_18_in_january_before_leaving_in_may_is_admitted_before_leaving() -> None:
    f = forecast(date(2008, 1, 20), LEAVES, today=TODAY)
    assert f.eligible_from == date(2026, 1, 1)
    assert f.action == "admit_before_leaving"
    assert f.months_short_at_leaving == 0


def test_a_student_born_in_november_2008_leaving_in_may_2026_is_referred_six_months_short() -> None:
    f = forecast(date(2008, 11, 30), LEAVES, today=TODAY)
    assert f.eligible_from == date(2026, 11, 1)
    assert not f.before_leaving
    assert f.months_short_at_leaving == 6
    assert f.action == "refer"


def test_a_student_who_left_before_18_and_is_now_of_age_is_admit_now() -> None:
    # Documented precedence: admit_now first, whoever now holds the student's file.
    f = forecast(date(2008, 11, 30), LEAVES, today=date(2027, 1, 10))
    assert f.action == "admit_now"
    assert not f.before_leaving
    assert f.months_short_at_leaving == 6


def test_a_student_whose_18th_birthday_is_the_leaving_day_is_admitted_before_leaving_by_day() -> None:
    f = forecast(date(2008, 5, 31), LEAVES, today=TODAY, policy="day")
    assert f.eligible_from == LEAVES
    assert f.before_leaving
    assert f.action == "admit_before_leaving"


def test_day_policy_counts_a_part_month_short_as_a_whole_month() -> None:
    f = forecast(date(2008, 6, 20), date(2026, 5, 10), today=TODAY, policy="day")
    assert f.months_short_at_leaving == 2
    assert forecast(date(2008, 6, 20), date(2026, 5, 10), today=TODAY).months_short_at_leaving == 1


def test_a_certificate_from_grade_10_that_expires_before_the_18th_birthday_is_flagged() -> None:
    f = forecast(date(2008, 11, 30), LEAVES, today=TODAY, certificate_issued_on=date(2021, 9, 1))
    assert f.certificate_expires_on == date(2026, 9, 1)
    assert f.certificate_valid_at_eligibility is False


def test_a_recent_certificate_stays_valid_for_the_receiving_cell_after_referral() -> None:
    f = forecast(date(2008, 11, 30), LEAVES, today=TODAY, certificate_issued_on=date(2025, 3, 1))
    assert f.certificate_expires_on == date(2030, 3, 1)
    assert f.certificate_valid_at_eligibility is True


def test_certificate_validity_for_a_student_already_of_age_is_checked_today() -> None:
    # Eligible since 01/03/2025 but the certificate is only issued on 15/09/2025: valid today (01/10/2025).
    f = forecast(date(2007, 3, 10), LEAVES, today=TODAY, certificate_issued_on=date(2025, 9, 15))
    assert f.certificate_valid_at_eligibility is True


def test_months_short_is_zero_once_eligible() -> None:
    assert months_short(date(2026, 1, 1), date(2026, 1, 1)) == 0
    assert months_short(date(2026, 1, 1), date(2026, 5, 31)) == 0
    assert months_short(date(2026, 3, 1), date(2026, 1, 31)) == 2
