"""One test per guard: each blocks with a translated reason naming the date and the rule, and lets
the step through when the condition holds."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from uommam.pipeline import workflow
from uommam.pipeline.models import DossierForm, DossierItem, DossierStatus, IntroducerAssignment, Route
from uommam.pipeline.stages import Stage

pytestmark = pytest.mark.django_db
TODAY = date(2024, 6, 3)


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def complete_dossier(candidate, personas, *, on=date(2024, 3, 1)):
    for form in (
        DossierForm.KND1,
        DossierForm.KND2,
        DossierForm.KND20,
        DossierForm.KND5,
        DossierForm.KND4,
        DossierForm.KND3,
    ):
        DossierItem.objects.create(candidate=candidate, form=form, status=DossierStatus.CHECKED, dated_on=on)
    IntroducerAssignment.objects.create(candidate=candidate, member=personas.members["introducer"], assigned_on=on)


def guard(name, candidate, data=None, today=TODAY):
    return getattr(workflow, name)(candidate, data or {}, today)


def test_helper_must_be_assigned(make_candidate, secretary):
    c = make_candidate(Stage.IDENTIFIED)
    with pytest.raises(workflow.TransitionError) as info:
        workflow.perform(c, "accept_sympathiser", actor=secretary, data={}, today=TODAY)
    assert "giúp đỡ" in info.value.reasons[0]


def test_probationary_member_cannot_be_helper(make_candidate, personas):
    c = make_candidate(Stage.IDENTIFIED)
    reason = guard("guard_helper_is_official_member", c, {"helper": personas.members["probationary"]})
    assert "dự bị" in reason


def test_helper_from_another_cell_is_refused(make_candidate, personas):
    c = make_candidate(Stage.IDENTIFIED)
    assert guard("guard_helper_is_official_member", c, {"helper": personas.members["sibling"]})


def test_helper_who_left_the_cell_is_refused(make_candidate, personas):
    helper = personas.members["helper"]
    helper.left_unit_on = date(2024, 1, 1)
    helper.save()
    c = make_candidate(Stage.IDENTIFIED)
    assert "01/01/2024" in guard("guard_helper_is_official_member", c, {"helper": helper})


def test_official_member_of_the_cell_may_help(make_candidate, personas):
    c = make_candidate(Stage.IDENTIFIED)
    assert guard("guard_helper_is_official_member", c, {"helper": personas.members["helper"]}) is None


def test_certificate_date_in_the_future_is_refused_with_that_date(make_candidate):
    c = make_candidate(Stage.IN_CLASS)
    assert "15/07/2024" in guard("guard_certificate_date_known", c, {"certificate_issued_on": date(2024, 7, 15)})
    assert guard("guard_certificate_date_known", c, {"certificate_issued_on": date(2023, 7, 15)}) is None


def test_certificate_date_is_required_to_record_the_certificate():
    certify = workflow.BY_NAME["certify"]
    assert workflow.missing_data(certify, {"certificate_number": "12/GCN"}) == ["Chưa nhập ngày cấp giấy chứng nhận."]
    assert workflow.missing_data(certify, {"certificate_number": "12/GCN", "certificate_issued_on": TODAY}) == []


def test_expired_certificate_blocks_with_expiry_date_and_source(make_candidate):
    c = make_candidate(Stage.CERTIFIED, certificate_issued_on=date(2020, 1, 15))
    reason = guard("guard_certificate_valid_today", c, today=date(2025, 2, 3))
    assert "15/01/2025" in reason and "HD/TW" in reason
    assert guard("guard_certificate_valid_today", c, today=date(2025, 1, 10)) is None


def test_attending_again_is_offered_only_once_the_certificate_expired(make_candidate, personas):
    c = make_candidate(Stage.DOSSIER, certificate_issued_on=date(2020, 1, 15))
    reason = guard("guard_certificate_expired", c, today=date(2025, 1, 15))
    assert "15/01/2025" in reason  # still valid on its last day
    assert guard("guard_certificate_expired", c, today=date(2025, 1, 16)) is None
    from uommam.orgs.models import Role

    moved = workflow.perform(c, "re_enrol", actor=personas.user(Role.ADMIN), today=date(2025, 2, 3))
    assert moved.stage == Stage.SYMPATHISER  # back on the list, so a centre can enrol them in a new class


def test_certificate_is_checked_at_the_meeting_date_not_today(make_candidate):
    c = make_candidate(Stage.DOSSIER, certificate_issued_on=date(2020, 1, 15))
    # The guidance's worked example: a resolution of 03/02/2025 relying on it is invalid.
    assert guard("guard_certificate_valid_at_meeting", c, {"cell_meeting_on": date(2025, 2, 3)}, today=date(2025, 2, 4))
    assert (
        guard("guard_certificate_valid_at_meeting", c, {"cell_meeting_on": date(2025, 1, 10)}, today=date(2025, 2, 4))
        is None
    )


def test_under_18_at_meeting_names_the_date_of_age(make_candidate, make_student):
    c = make_candidate(Stage.DOSSIER, person=make_student(dob=date(2008, 9, 20)))
    reason = guard("guard_of_age_at_meeting", c, {"cell_meeting_on": date(2026, 8, 20)}, today=date(2026, 8, 21))
    assert "01/09/2026" in reason and "20/08/2026" in reason
    assert guard("guard_of_age_at_meeting", c, {"cell_meeting_on": date(2026, 9, 1)}, today=date(2026, 9, 2)) is None


def test_meeting_in_the_future_is_refused(make_candidate):
    c = make_candidate(Stage.DOSSIER)
    assert guard("guard_meeting_not_in_future", c, {"cell_meeting_on": date(2024, 6, 4)})
    assert guard("guard_meeting_not_in_future", c, {"cell_meeting_on": TODAY}) is None


@pytest.mark.parametrize(
    ("votes", "members", "ok"),
    [(10, 15, True), (9, 15, False), (2, 3, True), (1, 2, False), (16, 15, False), (0, 1, False)],
)
def test_two_thirds_of_official_members(make_candidate, votes, members, ok):
    c = make_candidate(Stage.DOSSIER)
    reason = guard("guard_two_thirds_voted", c, {"votes_for": votes, "official_members_count": members})
    assert (reason is None) is ok


def test_incomplete_dossier_lists_missing_forms(make_candidate, personas):
    c = make_candidate(Stage.DOSSIER)
    DossierItem.objects.create(candidate=c, form=DossierForm.KND1, status=DossierStatus.RECEIVED)
    reason = guard("guard_dossier_complete", c)
    assert "2-KNĐ" in reason and "4-KNĐ" in reason and "1-KNĐ" not in reason
    complete_dossier(c, personas)
    assert guard("guard_dossier_complete", c) is None


def test_introducer_needs_twelve_months_in_the_same_unit(make_candidate, personas):
    c = make_candidate(Stage.DOSSIER)
    IntroducerAssignment.objects.create(candidate=c, member=personas.members["newcomer"], assigned_on=date(2026, 9, 1))
    reason = guard("guard_introducers_eligible", c, {"cell_meeting_on": date(2027, 3, 1)}, today=date(2027, 3, 2))
    assert "15/08/2027" in reason
    assert (
        guard("guard_introducers_eligible", c, {"cell_meeting_on": date(2027, 8, 16)}, today=date(2027, 8, 16)) is None
    )


def test_two_introducer_route_needs_two(make_candidate, personas):
    c = make_candidate(Stage.DOSSIER, route=Route.TWO_INTRODUCERS)
    IntroducerAssignment.objects.create(
        candidate=c, member=personas.members["introducer"], assigned_on=date(2024, 1, 1)
    )
    assert "2" in guard("guard_introducers_eligible", c)
    IntroducerAssignment.objects.create(
        candidate=c, member=personas.members["introducer2"], assigned_on=date(2024, 1, 1)
    )
    assert guard("guard_introducers_eligible", c) is None


def test_probationary_introducer_is_refused(make_candidate, personas):
    c = make_candidate(Stage.DOSSIER)
    IntroducerAssignment.objects.create(
        candidate=c, member=personas.members["probationary"], assigned_on=date(2024, 1, 1)
    )
    assert "chính thức" in guard("guard_introducers_eligible", c)


def test_over_sixty_needs_higher_decision(make_candidate, make_student):
    c = make_candidate(Stage.DOSSIER, person=make_student(dob=date(1960, 1, 5)))
    assert guard("guard_not_needing_higher_decision", c)
    young = make_candidate(Stage.DOSSIER, person=make_student(given="Bình"))
    assert guard("guard_not_needing_higher_decision", young) is None


def test_committee_resolution_only_under_a_grassroots_committee(make_candidate, personas):
    direct = make_candidate(Stage.VOTED)
    assert guard("guard_cell_under_grassroots_committee", direct)
    under = make_candidate(Stage.VOTED, cell=personas.grassroots_cell, given="Bình")
    assert guard("guard_cell_under_grassroots_committee", under) is None


def test_decision_waits_for_the_grassroots_resolution(make_candidate, personas):
    under = make_candidate(Stage.VOTED, cell=personas.grassroots_cell)
    assert "8-KNĐ" in guard("guard_committee_resolution_first", under)
    under.stage = Stage.COMMITTEE_RESOLVED
    assert guard("guard_committee_resolution_first", under) is None
    assert guard("guard_committee_resolution_first", make_candidate(Stage.VOTED, given="Cường")) is None


def test_committee_resolution_dates(make_candidate):
    c = make_candidate(Stage.VOTED, cell_meeting_on=date(2024, 5, 10))
    assert guard("guard_committee_resolution_dates", c, {"committee_resolution_on": date(2024, 5, 1)})
    assert guard("guard_committee_resolution_dates", c, {"committee_resolution_on": date(2024, 7, 1)})
    assert guard("guard_committee_resolution_dates", c, {"committee_resolution_on": date(2024, 5, 20)}) is None


def test_decision_dates_follow_the_meeting(make_candidate):
    c = make_candidate(Stage.VOTED, cell_meeting_on=date(2024, 5, 10))
    assert guard("guard_decision_after_meeting", c, {"decision_on": date(2024, 5, 1)})
    assert guard("guard_decision_after_meeting", c, {"decision_on": date(2024, 7, 1)})
    received_before = {"decision_on": date(2024, 5, 20), "decision_received_on": date(2024, 5, 19)}
    assert guard("guard_decision_after_meeting", c, received_before)
    assert guard("guard_decision_after_meeting", c, {"decision_on": date(2024, 5, 20)}) is None


def test_late_ceremony_needs_the_superiors_consent(make_candidate):
    c = make_candidate(Stage.DECIDED, decision_on=date(2024, 3, 1), decision_received_on=date(2024, 3, 4))
    late = {"ceremony_on": date(2024, 5, 20)}
    reason = guard("guard_ceremony_in_time_or_consented", c, late)
    assert "15/04/2024" in reason
    assert guard("guard_ceremony_in_time_or_consented", c, {**late, "late_ceremony_consent": "CV 12-CV/HU"}) is None
    assert guard("guard_ceremony_in_time_or_consented", c, {"ceremony_on": date(2024, 4, 1)}) is None
    assert guard("guard_ceremony_in_time_or_consented", c, {"ceremony_on": date(2024, 3, 1)})


def test_recognition_waits_for_the_end_of_probation(make_candidate):
    c = make_candidate(Stage.PROBATIONARY, ceremony_on=date(2023, 9, 15))
    assert "15/09/2024" in guard(
        "guard_probation_over", c, {"official_meeting_on": date(2024, 9, 1)}, today=date(2024, 9, 2)
    )
    assert guard("guard_probation_over", c, {"official_meeting_on": date(2024, 9, 16)}, today=date(2024, 9, 20)) is None
    no_ceremony = make_candidate(Stage.PROBATIONARY, given="Bình")
    assert guard("guard_probation_over", no_ceremony)


def test_recognition_needs_the_theory_course(make_candidate):
    c = make_candidate(Stage.PROBATIONARY, ceremony_on=date(2023, 9, 15))
    assert guard("guard_theory_course_done", c)
    assert guard("guard_theory_course_done", c, {"theory_course_completed_on": date(2023, 12, 1)}) is None
    assert guard("guard_theory_course_not_in_future", c, {"theory_course_completed_on": date(2024, 12, 1)})


def test_recognition_two_thirds_and_dates(make_candidate):
    c = make_candidate(Stage.PROBATIONARY, ceremony_on=date(2023, 9, 15))
    assert guard("guard_recognition_two_thirds", c, {"official_votes_for": 5, "official_members_at_review": 9})
    assert guard("guard_recognition_two_thirds", c, {"official_votes_for": 6, "official_members_at_review": 9}) is None
    swapped = {"official_meeting_on": date(2024, 5, 20), "official_decision_on": date(2024, 5, 1)}
    assert guard("guard_recognition_dates", c, swapped)
    assert (
        guard(
            "guard_recognition_dates",
            c,
            {"official_meeting_on": date(2024, 5, 1), "official_decision_on": date(2024, 5, 20)},
        )
        is None
    )


def test_exit_needs_a_reason(make_candidate):
    c = make_candidate(Stage.DOSSIER)
    assert guard("guard_reason_given", c, {"exit_reason": "  "})
    assert guard("guard_reason_given", c, {"exit_reason": "Chuyển trường"}) is None
