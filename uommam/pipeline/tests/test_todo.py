"""Việc cần làm: the right candidates in each section, for the user's scope only, in bounded queries."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from uommam import rules
from uommam.core.rules_config import rules_settings
from uommam.orgs.models import Role
from uommam.pipeline.models import ReminderLog
from uommam.pipeline.stages import Stage
from uommam.pipeline.todo import todo_sections

pytestmark = pytest.mark.django_db
TODAY = date(2024, 6, 3)


def sections_by_key(user, today=TODAY):
    return {s["key"]: s for s in todo_sections(user, today=today)}


@pytest.fixture
def pipeline_of_deadlines(make_candidate, make_student, personas):
    return {
        "decision_overdue": make_candidate(Stage.VOTED, given="Quá", cell_meeting_on=date(2024, 1, 5)),
        "decision_upcoming": make_candidate(Stage.VOTED, given="Sắp", cell_meeting_on=date(2024, 5, 20)),
        "ceremony": make_candidate(
            Stage.DECIDED, given="Lễ", decision_on=date(2024, 5, 2), decision_received_on=date(2024, 5, 6)
        ),
        "review": make_candidate(Stage.PROBATIONARY, given="Dự", ceremony_on=date(2023, 6, 20)),
        "not_yet_review": make_candidate(Stage.PROBATIONARY, given="Mới", ceremony_on=date(2024, 1, 20)),
        # Students still at school on TODAY (03/06/2024): a graduate of 31/05 is listed apart (left_school).
        "certificate": make_candidate(
            Stage.CERTIFIED,
            person=make_student(given="Chứng", cohort=2022, expected_leaving_on=date(2025, 5, 31)),
            certificate_issued_on=date(2019, 9, 1),
        ),
        "turning": make_candidate(
            Stage.SYMPATHISER,
            person=make_student(given="Tròn", dob=date(2006, 7, 9), cohort=2022, expected_leaving_on=date(2025, 5, 31)),
        ),
        "leaving": make_candidate(
            Stage.SYMPATHISER,
            person=make_student(given="Rời", dob=date(2007, 9, 9), cohort=2022, expected_leaving_on=date(2025, 5, 31)),
        ),
        "sibling": make_candidate(
            Stage.VOTED, cell=personas.sibling_cell, given="Khác", cell_meeting_on=date(2024, 1, 5)
        ),
    }


def names(section):
    return [item.candidate.person.given_name for item in section["items"]]


def test_each_section_lists_the_right_candidates(pipeline_of_deadlines, secretary, officer):
    found = sections_by_key(secretary)
    # The committee decides: the cell secretary sees how many wait on it, with a link, and no line to act on.
    assert found["decision"]["items"] == [] and found["decision"]["others"] == 2 and found["decision"]["link"]
    decisions = sections_by_key(officer)["decision"]
    assert [
        (i.candidate.person.given_name, i.overdue)
        for i in decisions["items"]
        if i.candidate.person.given_name != "Khác"
    ] == [
        ("Quá", True),
        ("Sắp", False),
    ]
    assert names(found["ceremony"]) == ["Lễ"]
    assert names(found["review"]) == ["Dự"]
    assert names(found["certificates"]) == ["Chứng"]
    assert names(found["turning18"]) == ["Tròn"]
    assert names(found["leaving"]) == ["Rời"]


def test_sibling_cells_candidates_are_not_listed(pipeline_of_deadlines, personas):
    found = sections_by_key(personas.user("sibling"))
    # Only the sibling cell's own candidate, waiting on the committee: a count, none of cell A's names.
    assert found["decision"]["items"] == [] and found["decision"]["others"] == 1
    assert "ceremony" not in found


def test_committee_officer_sees_the_whole_subtree(pipeline_of_deadlines, officer):
    assert names(sections_by_key(officer)["decision"]) == ["Khác", "Quá", "Sắp"]  # same day: Vietnamese name order


def test_query_count_does_not_grow_with_candidates(
    pipeline_of_deadlines, make_candidate, officer, django_assert_max_num_queries
):
    for index in range(20):
        make_candidate(Stage.VOTED, given=f"Thêm{index}", cell_meeting_on=date(2024, 5, 1))
    officer = type(officer).objects.get(pk=officer.pk)
    with django_assert_max_num_queries(3):
        todo_sections(officer, today=TODAY)


def test_home_page_shows_the_sections_with_links(pipeline_of_deadlines, client_for, settings):
    settings.UOMMAM_TODO_PROVIDERS = ["uommam.pipeline.todo.todo_sections"]
    with time_machine.travel(TODAY, tick=False):
        page = client_for(Role.CELL_SECRETARY).get("/").content.decode()
    assert 'data-testid="todo-ceremony"' in page
    # The committee's decisions: a count and a link for the cell, no line to act on.
    assert 'data-testid="todo-decision-others"' in page
    assert f"/pipeline/{pipeline_of_deadlines['decision_overdue'].pk}/" not in page
    assert f"/pipeline/{pipeline_of_deadlines['ceremony'].pk}/" in page


def test_send_reminders_is_idempotent_per_day(
    pipeline_of_deadlines, secretary, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", today="2024-06-03")
    first = len(mail.outbox)
    assert first >= 2  # the cell secretary and the committee officer at least
    assert any(secretary.email in m.to and "Lễ" in m.body and "Quá" not in m.body for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", today="2024-06-03")
    assert len(mail.outbox) == first
    assert ReminderLog.objects.filter(user=secretary, sent_on=date(2024, 6, 3)).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", today="2024-06-04")
    assert len(mail.outbox) > first


def test_send_reminders_dry_run_prints_and_sends_nothing(pipeline_of_deadlines, capsys, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_reminders", "--dry-run", today="2024-06-03")
    out = capsys.readouterr().out
    assert "cell_secretary@example.org" in out and "Quá" in out
    assert mail.outbox == [] and not ReminderLog.objects.exists()


def test_a_student_who_left_school_is_listed_to_close_or_refer_not_to_attend_the_class_again(
    make_candidate, make_student, secretary
):
    left = make_student(
        given="Đi", cohort=2018, expected_leaving_on=date(2021, 5, 31), left_school_on=date(2021, 5, 31)
    )
    make_candidate(Stage.CERTIFIED, person=left, certificate_issued_on=date(2019, 9, 1))
    found = sections_by_key(secretary)
    assert "certificates" not in found
    assert names(found["left_school"]) == ["Đi"]


def test_a_graduate_whose_expected_leaving_date_passed_is_listed_to_close_or_refer_for_the_cell_only(
    make_candidate, make_student, secretary, officer
):
    # Nobody typed a departure: the expected leaving date (31/05/2024) has passed on TODAY (03/06/2024).
    graduate = make_student(given="Tốt", cohort=2021, expected_leaving_on=date(2024, 5, 31))
    make_candidate(Stage.CERTIFIED, person=graduate, certificate_issued_on=date(2019, 9, 1))
    # The day itself is still a school day: on 31/05 she is at school, and her certificate is what matters.
    on_the_day = sections_by_key(secretary, today=date(2024, 5, 31))
    assert "left_school" not in on_the_day and names(on_the_day["certificates"]) == ["Tốt"]

    found = sections_by_key(secretary)
    assert "certificates" not in found and "leaving" not in found
    assert names(found["left_school"]) == ["Tốt"] and found["left_school"]["items"][0].on == date(2024, 5, 31)
    # The committee cannot close a cell's candidacy: a count and a link, not a list to act on.
    for_committee = sections_by_key(officer)["left_school"]
    assert for_committee["items"] == [] and for_committee["others"] == 1 and for_committee["link"]


def test_the_youth_unions_to_do_list_has_none_of_the_cells_deadlines(pipeline_of_deadlines, personas, client_for):
    youth_union = personas.user(Role.YOUTH_UNION_SECRETARY)
    assert todo_sections(youth_union, today=TODAY) == []
    with time_machine.travel(TODAY, tick=False):
        page = client_for(Role.YOUTH_UNION_SECRETARY).get("/").content.decode()
    assert 'data-testid="todo-' not in page
    assert "Lễ" not in page and "Quá" not in page


def test_a_read_only_viewer_has_nothing_to_do(pipeline_of_deadlines, personas):
    assert todo_sections(personas.user(Role.VIEWER), today=TODAY) == []


def test_help_texts_carry_the_time_limits_in_the_settings(pipeline_of_deadlines, officer, secretary, settings):
    settings.UOMMAM_RULES = {"decision_working_days": 45, "ceremony_working_days": 20, "probation_months": 18}
    with translation.override("en"):
        decision = sections_by_key(officer)["decision"]
        found = sections_by_key(secretary, today=date(2024, 12, 3))
    assert decision["help"].startswith("45 working days after the cell's resolution")
    assert "60" not in decision["help"]
    assert found["ceremony"]["help"] == "20 working days after receiving the decision."
    assert "18-month probation" in found["review"]["help"]


def test_a_set_counting_the_ceremony_from_the_decisions_issue_changes_the_help_and_the_dates(
    pipeline_of_deadlines, secretary, settings, tmp_path
):
    path = tmp_path / "sets.toml"
    path.write_text(
        '[[set]]\ncode = "2021"\n[set.values]\nceremony_counted_from = { value = "decision_issued", confidence = "U" }\n',
        encoding="utf-8",
    )
    settings.UOMMAM_REGULATION_SETS_FILE = str(path)
    with translation.override("en"):
        ceremony = sections_by_key(secretary, today=date(2024, 12, 3))["ceremony"]
    assert ceremony["help"] == "30 working days after the decision was issued."
    for item in ceremony["items"]:
        assert item.on == rules.ceremony_due(item.candidate.decision_on, settings=rules_settings())


def test_each_section_has_its_own_action_and_role():
    from uommam.pipeline.todo import KINDS

    assert len({kind.key for kind in KINDS}) == len(KINDS)
    assert all(str(kind.action) for kind in KINDS)
    assert [kind.key for kind in KINDS if Role.COMMITTEE_OFFICER in kind.acts] == ["decision"]


def test_on_a_phone_each_section_starts_closed_behind_its_count(pipeline_of_deadlines, client_for, secretary, settings):
    settings.UOMMAM_TODO_PROVIDERS = ["uommam.pipeline.todo.todo_sections"]
    with time_machine.travel(TODAY, tick=False):
        page = client_for(Role.CELL_SECRETARY).get("/").content.decode()
    # Five of its own, and the committee's decisions as a count.
    assert page.count("data-collapse-on-phone") == len(sections_by_key(secretary)) == 6
    assert 'data-testid="todo-ceremony-count">1<' in page
