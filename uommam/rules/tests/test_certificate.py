"""Certificate of the awareness class: valid 60 months from issue, through the corresponding day."""

from datetime import date

from uommam.rules import (
    RulesSettings,
    certificate_expires_on,
    certificate_is_valid,
    document_expires_on,
    document_is_current,
)


def test_certificate_issued_15_01_2020_is_invalid_for_a_resolution_on_03_02_2025() -> None:
    # Worked example of Hướng dẫn 06-HD/TW, point 5.4.
    assert certificate_expires_on(date(2020, 1, 15)) == date(2025, 1, 15)
    assert not certificate_is_valid(date(2020, 1, 15), date(2025, 2, 3))


def test_certificate_is_valid_on_its_last_day_and_invalid_the_day_after() -> None:
    assert certificate_is_valid(date(2020, 1, 15), date(2025, 1, 15))
    assert not certificate_is_valid(date(2020, 1, 15), date(2025, 1, 16))


def test_certificate_is_valid_on_its_issue_date_and_not_before() -> None:
    assert certificate_is_valid(date(2020, 1, 15), date(2020, 1, 15))
    assert not certificate_is_valid(date(2020, 1, 15), date(2020, 1, 14))


def test_certificate_issued_on_29_february_expires_on_28_february() -> None:
    assert certificate_expires_on(date(2020, 2, 29)) == date(2025, 2, 28)
    assert certificate_is_valid(date(2020, 2, 29), date(2025, 2, 28))
    assert not certificate_is_valid(date(2020, 2, 29), date(2025, 3, 1))


def test_certificate_validity_follows_the_settings() -> None:
    four_years = RulesSettings(certificate_validity_months=48)
    assert certificate_expires_on(date(2020, 1, 15), settings=four_years) == date(2024, 1, 15)


def test_personal_history_is_current_for_12_months_and_introductions_for_6_by_default() -> None:
    assert document_expires_on("personal_history", date(2025, 3, 31)) == date(2026, 3, 31)
    assert document_expires_on("introduction", date(2025, 8, 31)) == date(2026, 2, 28)
    assert document_expires_on("opinion_summary", date(2025, 1, 10)) == date(2025, 7, 10)
    assert document_is_current("introduction", date(2025, 1, 10), date(2025, 7, 10))
    assert not document_is_current("introduction", date(2025, 1, 10), date(2025, 7, 11))
