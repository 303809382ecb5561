"""In a browser: the sending cell's secretary issues the certificate and introduction letter of 1361-CV/BTCTW from
the referral page, after confirming, and finds both numbered downloads there — on a desktop and on a phone."""

from __future__ import annotations

from datetime import date

import pytest

from uommam.referrals.tests.helpers import refer
from uommam.testing.trees import PASSWORD, build_ref_world


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_ref_world()


@pytest.mark.parametrize("screen", ["page", "phone_page"])
def test_the_cell_issues_both_documents_after_confirming(screen, request, live_server, login, world, tmp_path) -> None:
    page = request.getfixturevalue(screen)
    referral = refer(world, world.candidate(dob=date(2008, 10, 20), given="Lan"))
    login(page, live_server, "cell_a", PASSWORD)
    page.goto(f"{live_server.url}/referrals/{referral.pk}/")
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    with page.expect_navigation():
        page.get_by_test_id("issue-documents").click()
    assert asked and "Cấp giấy chứng nhận và giấy giới thiệu?" in asked[0]
    documents = page.get_by_test_id("official-documents")
    assert "01-GCN/CB" in documents.inner_text() and "02-CV/CB" in documents.inner_text()
    assert page.get_by_test_id("issue-documents").count() == 0
    page.screenshot(path=str(tmp_path / f"official-documents-{screen}.png"), full_page=True)
