"""A receiver without an account, on a phone: opens the letter's verification link, confirms receipt
with the acknowledgement code, later reports the admission; the sender's page shows both."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from uommam.referrals.models import Referral, Status
from uommam.referrals.tests.helpers import refer
from uommam.referrals.verification import verify_url
from uommam.referrals.verification_models import DocumentToken
from uommam.testing.trees import PASSWORD, build_ref_world


@pytest.fixture
def world(transactional_db, settings, tmp_path, live_server):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.UOMMAM_BASE_URL = live_server.url
    return build_ref_world()


def test_receiver_acknowledges_and_reports_with_the_code_and_the_sender_sees_both(
    phone_page, page, live_server, login, world, tmp_path
) -> None:
    today = date.today()
    referral = refer(world, world.candidate(given="Thảo", certified=today - timedelta(days=30)), to="DU-U-Y", on=today)
    link = verify_url(DocumentToken.objects.get(referral=referral))
    ack_code = referral.letter.context["verify"]["ack_code"]  # as printed in the letter

    receiver = phone_page
    receiver.goto(link)
    assert "Văn bản xác thực" in receiver.get_by_test_id("verify-result").inner_text()
    assert "Ma Thị Thảo" in receiver.get_by_test_id("student").inner_text()
    receiver.screenshot(path=str(tmp_path / "verify-phone.png"), full_page=True)
    receiver.get_by_test_id("go-acknowledge").click()
    receiver.fill("#id_organisation", "Đảng ủy Trường Cao đẳng Tuyên Quang")
    receiver.fill("#id_officer_name", "Hà Văn Nam")
    receiver.fill("#id_officer_position", "Phó Bí thư Đảng ủy")
    receiver.fill("#id_contact", "0987 654 321")
    receiver.fill("#id_ack_code", ack_code)
    receiver.get_by_test_id("acknowledge").click()
    assert "Đã xác nhận tiếp nhận" in receiver.get_by_test_id("done").inner_text()
    assert "đã xác nhận tiếp nhận ngày" in receiver.get_by_test_id("acknowledged").inner_text()

    # Later, the same receiver with the same code reports the admission.
    receiver.goto(link)
    receiver.get_by_test_id("go-outcome").click()
    receiver.check("input[name=status][value=admitted]")
    receiver.fill("#id_on", today.strftime("%d/%m/%Y"))
    receiver.fill("#id_decision_number", "45-QĐ/ĐU")
    receiver.fill("#id_ack_code", ack_code)
    receiver.get_by_test_id("record-outcome").click()
    assert "Đã ghi nhận kết quả" in receiver.get_by_test_id("done").inner_text()
    receiver.screenshot(path=str(tmp_path / "outcome-phone.png"), full_page=True)
    referral.refresh_from_db()
    assert referral.status == Status.ADMITTED

    login(page, live_server, "cell_a", PASSWORD)
    page.goto(f"{live_server.url}/referrals/{referral.pk}/")
    answer = page.get_by_test_id("online-answer").inner_text()
    assert "Hà Văn Nam" in answer and "Phó Bí thư Đảng ủy" in answer and "0987 654 321" in answer
    assert "Đã kết nạp" in page.get_by_test_id("outcome").inner_text()
    assert "45-QĐ/ĐU" in page.get_by_test_id("outcome").inner_text()
    page.screenshot(path=str(tmp_path / "sender.png"), full_page=True)
    assert Referral.objects.get(pk=referral.pk).acknowledgement_kind == "online"
