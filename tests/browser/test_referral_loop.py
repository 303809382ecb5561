"""The loop in a browser: a cell secretary refers a student from the forecast, the university's
officer acknowledges and later records the admission, and the loop metrics follow."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from uommam.audit.models import AuditEntry
from uommam.referrals.models import Referral, Status
from uommam.testing.trees import PASSWORD, build_ref_world


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_ref_world()


def _metric(page, name: str) -> str:
    return page.locator(f"[data-metric={name}]").inner_text().strip()


def test_refer_acknowledge_admit_and_metrics(page, live_server, login, world) -> None:
    today = date.today()
    # Turns 18 about ten months from now, leaves school in six: the forecast says "refer".
    of_age = _add_months(today, 10)
    student = world.candidate(
        dob=date(of_age.year - 18, of_age.month, 15),
        leaves=today + timedelta(days=180),
        certified=today - timedelta(days=30),
        given="Trúc",
    )

    login(page, live_server, "cell_a", PASSWORD)
    page.goto(f"{live_server.url}/referrals/forecast/")
    refer_group = page.locator("[data-group=refer]")
    assert "Ma Thị Trúc" in refer_group.inner_text()
    assert refer_group.locator(f"input[value='{student.pk}']").is_checked()
    page.get_by_test_id("refer-selected").click()
    page.select_option(f"#id_c{student.pk}-destination", str(world.units["DU-U-X"].pk))
    page.get_by_test_id("send").click()
    page.wait_for_url("**/referrals/*/")
    assert "Đảng ủy Trường Đại học Tân Trào" in page.get_by_test_id("to-unit").inner_text()
    referral = Referral.objects.get(candidate=student)
    assert referral.letter_number == "01-CV/CB"

    # The letter link asks why it is downloaded; choosing a purpose downloads the Word file.
    page.get_by_test_id("letter-docx").click()
    page.wait_for_url("**/letter.docx")
    page.locator("select[name=purpose]").select_option("receiving")
    with page.expect_download() as info:
        page.get_by_test_id("purpose-download").click()
    assert info.value.suggested_filename == "01-CV-CB.docx"
    assert AuditEntry.objects.filter(action="export", object_pk=str(referral.letter_id)).count() == 1

    page.context.clear_cookies()
    login(page, live_server, "receiver_x", PASSWORD)
    page.goto(f"{live_server.url}/referrals/metrics/")
    assert (_metric(page, "referred"), _metric(page, "acknowledged"), _metric(page, "admitted")) == ("1", "0", "0")
    badge = page.locator("[data-nav=referrals] .badge")
    assert badge.inner_text() == "1"

    page.goto(f"{live_server.url}/referrals/inbox/")
    page.get_by_role("link", name="Ma Thị Trúc").click()
    page.get_by_test_id("acknowledge").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("acknowledged-on").inner_text().startswith(today.strftime("%d/%m/%Y"))

    outcome = page.get_by_test_id("outcome-form")
    outcome.locator("input[value=admitted]").check()
    outcome.locator("input[name=decision_number]").fill("125-QĐ/ĐU")
    page.get_by_test_id("record-outcome").click()
    page.wait_for_load_state()
    assert "125-QĐ/ĐU" in page.get_by_test_id("outcome").inner_text()
    assert Referral.objects.get(pk=referral.pk).status == Status.ADMITTED

    page.goto(f"{live_server.url}/referrals/metrics/")
    assert (_metric(page, "referred"), _metric(page, "acknowledged"), _metric(page, "admitted")) == ("1", "1", "1")
    assert page.locator("[data-metric=median_days]").inner_text().strip() == "0"
    assert page.locator("[data-nav=referrals] .badge").count() == 0
