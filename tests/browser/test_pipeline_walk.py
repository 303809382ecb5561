"""One student from nomination to official membership, through the UI, as the people who do each step.

Dates are historical (born 03/2005, certificate 07/2022, vote 03/2023, ceremony 05/2023, recognition
05/2024) so every rule passes without freezing the live server's clock.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from uommam.orgs.models import Role
from uommam.pipeline.models import Candidate
from uommam.pipeline.stages import Stage
from uommam.testing.trees import PASSWORD, build_personas, student

pytestmark = pytest.mark.django_db(transaction=True)


def as_user(page: Any, live_server: Any, login: Any, user: Any) -> None:
    page.context.clear_cookies()
    login(page, live_server, user.username, PASSWORD)


def step(page: Any, name: str, fields: dict[str, str], selects: dict[str, str] | None = None) -> None:
    """Open a step of the action panel, fill its form, submit it over HTMX and wait for the new page."""
    page.locator(f"summary[data-testid=step-{name}]").click()
    for field, value in fields.items():
        page.fill(f"#id_{name}-{field}", value)
    for field, value in (selects or {}).items():
        page.select_option(f"#id_{name}-{field}", value)
    with page.expect_navigation():
        page.locator(f"form[hx-post$='/step/{name}/'] button[type=submit]").click()
    page.wait_for_load_state()


def stage_text(page: Any) -> str:
    return page.locator("[data-testid=stage]").inner_text()


def dossier_item(page: Any, form: str, dated: str) -> None:
    page.locator("summary", has_text="Cập nhật tài liệu hồ sơ").click()
    page.select_option("[data-testid=dossier-form] select[name=form]", form)
    page.select_option("[data-testid=dossier-form] select[name=status]", "checked")
    page.fill("[data-testid=dossier-form] input[name=dated_on]", dated)
    page.fill("[data-testid=dossier-form] input[name=received_on]", dated)
    if form == "20-KNĐ":  # a verification is of one relative
        page.fill("[data-testid=dossier-form] input[name=subject]", "Bố: Ma Văn A")
    with page.expect_navigation():
        page.locator("[data-testid=dossier-form] button[type=submit]").click()


def test_a_student_walks_from_nomination_to_official_membership(page: Any, live_server: Any, login: Any) -> None:
    personas = build_personas()
    pupil = student(personas.school, given="Thảo", dob=date(2005, 3, 10), cohort=2020)
    helper = personas.members["helper"]
    introducer = personas.members["introducer"]
    base = live_server.url

    # The Youth Union secretary proposes the grade-11 student from the ranked list.
    as_user(page, live_server, login, personas.user(Role.YOUTH_UNION_SECRETARY))
    page.goto(f"{base}/pipeline/nomination/?school={personas.school.pk}&school_year=2021-2022")
    page.check(f"#person-{pupil.pk}")
    page.fill("#id_proposal-resolution_number", "03-NQ/ĐTN")
    page.fill("#id_proposal-resolution_on", "10/10/2021")
    page.once("dialog", lambda dialog: dialog.accept())  # the confirmation step
    with page.expect_navigation():
        page.locator("button[value=propose]").click()
    candidate = Candidate.objects.get(person=pupil)
    assert candidate.stage == Stage.IDENTIFIED and candidate.proposed_by == personas.youth_union

    # The cell secretary accepts her onto the sympathiser list with a helper member.
    as_user(page, live_server, login, personas.user(Role.CELL_SECRETARY))
    page.goto(f"{base}/pipeline/nomination/?school={personas.school.pk}&school_year=2021-2022")
    page.locator("[data-testid=accept-form] input[name=candidate]").check()
    page.select_option("[data-testid=accept-form] select[name=helper]", str(helper.pk))
    page.fill("[data-testid=accept-form] input[name=effective_on]", "15/10/2021")
    with page.expect_navigation():
        page.locator("button[value=accept]").click()

    page.goto(f"{base}/pipeline/{candidate.pk}/")
    assert "Cảm tình Đảng" in stage_text(page)
    assert helper.full_name in page.locator("[data-testid=helper]").inner_text()

    # Certificate of the awareness class, then the dossier.
    step(page, "certify", {"certificate_number": "125/GCN-TTCT", "certificate_issued_on": "15/07/2022"})
    assert "giấy chứng nhận" in stage_text(page)
    step(page, "open_dossier", {"effective_on": "01/09/2022"})
    assert "hồ sơ" in stage_text(page)
    # The vote is not possible yet, and the panel says why.
    assert "Hồ sơ chưa đủ" in page.locator("[data-testid=why-record_vote]").inner_text()

    for form in ("1-KNĐ", "2-KNĐ", "20-KNĐ", "5-KNĐ", "4-KNĐ", "3-KNĐ"):
        dossier_item(page, form, "10/01/2023")
    page.locator("summary", has_text="Phân công người giới thiệu").click()
    page.select_option("[data-testid=introducer-form] select[name=intro-member]", str(introducer.pk))
    page.fill("[data-testid=introducer-form] input[name=intro-on]", "01/09/2022")
    with page.expect_navigation():
        page.locator("[data-testid=introducer-form] button[type=submit]").click()
    assert introducer.full_name in page.locator("[data-testid=introducers]").inner_text()

    # A vote below two thirds is refused in the panel and nothing is written.
    page.locator("summary[data-testid=step-record_vote]").click()
    page.fill("#id_record_vote-cell_meeting_on", "15/03/2023")
    page.fill("#id_record_vote-official_members_count", "15")
    page.fill("#id_record_vote-votes_for", "9")
    page.locator("form[hx-post$='/step/record_vote/'] button[type=submit]").click()
    assert "hai phần ba" in page.locator("[data-testid=step-errors]").inner_text()
    candidate.refresh_from_db()
    assert candidate.stage == Stage.DOSSIER

    page.fill("#id_record_vote-votes_for", "14")
    page.fill("#id_record_vote-cell_resolution_number", "05-NQ/CB")
    with page.expect_navigation():
        page.locator("form[hx-post$='/step/record_vote/'] button[type=submit]").click()
    assert "Chi bộ đã xét kết nạp" in stage_text(page)

    # The committee officer records the admission decision.
    as_user(page, live_server, login, personas.user(Role.COMMITTEE_OFFICER))
    page.goto(f"{base}/pipeline/{candidate.pk}/")
    step(
        page,
        "decide",
        {"decision_number": "1234-QĐ/HU", "decision_on": "10/04/2023", "decision_received_on": "12/04/2023"},
    )
    assert "quyết định kết nạp" in stage_text(page)
    assert "10/04/2023" in page.locator("[data-testid=key-dates]").inner_text()  # seniority from the decision

    # The cell secretary records the ceremony and the political-theory course.
    as_user(page, live_server, login, personas.user(Role.CELL_SECRETARY))
    page.goto(f"{base}/pipeline/{candidate.pk}/")
    step(page, "hold_ceremony", {"ceremony_on": "05/05/2023"})
    assert "Đảng viên dự bị" in stage_text(page)
    assert "05/05/2024" in page.locator("[data-testid=key-dates]").inner_text()  # probation ends
    page.locator("summary", has_text="Ghi nhận lớp lý luận chính trị").click()
    page.fill("#id_theory-completed_on", "01/09/2023")
    with page.expect_navigation():
        page.locator("form[action$='/theory-course/'] button[type=submit]").click()

    # The committee officer recognises her as an official member.
    as_user(page, live_server, login, personas.user(Role.COMMITTEE_OFFICER))
    page.goto(f"{base}/pipeline/{candidate.pk}/")
    step(
        page,
        "recognise_official",
        {
            "official_meeting_on": "10/05/2024",
            "official_members_at_review": "15",
            "official_votes_for": "15",
            "official_decision_number": "2345-QĐ/HU",
            "official_decision_on": "20/05/2024",
        },
    )
    assert "Đảng viên chính thức" in stage_text(page)

    candidate.refresh_from_db()
    assert candidate.official_on == date(2024, 5, 5)
    timeline = page.locator("[data-testid=timeline]").inner_text()
    for label in ("Đưa vào danh sách cảm tình Đảng", "Ghi quyết định kết nạp", "Công nhận đảng viên chính thức"):
        assert label in timeline


def test_candidate_page_and_overview_fit_a_phone(phone_page: Any, live_server: Any, login: Any) -> None:
    personas = build_personas()
    pupil = student(personas.school, given="Thảo", dob=date(2005, 3, 10), cohort=2020)
    candidate = Candidate.objects.create(
        person=pupil, cell=personas.cell, stage=Stage.DOSSIER, certificate_issued_on=date(2022, 7, 15)
    )
    login(phone_page, live_server, personas.user(Role.CELL_SECRETARY).username, PASSWORD)
    for path in (f"/pipeline/{candidate.pk}/", "/pipeline/", f"/pipeline/nomination/?school={personas.school.pk}"):
        phone_page.goto(f"{live_server.url}{path}")
        overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a 390px screen"
