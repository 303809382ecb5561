"""Whole roadmaps of the student of test_roadmap (born 04/02/2009, leaving school on Monday 31/05/2027).

Every field is pinned, the timeline included, so that a date shown to the cell cannot drift unnoticed. The dates
that follow from one another are written through the rules that give them: the last vote that fits is the 60th
working day before she leaves (03/03/2027), its decision within 60 working days (4.3.1), the ceremony within 30
working days of the decision (4.1).
"""

from datetime import date

from uommam.rules import DEFAULT_SETTINGS, add_working_days, ceremony_due, decision_due
from uommam.rules.roadmap import ClassSlot, Milestone, Missed, Progress, Roadmap, StaffPeriod, roadmap
from uommam.rules.tests.test_roadmap import FEBRUARY_CLASS, LEAVES, TEACHERS_SINCE_2024, _student

LATEST_VOTE = date(2027, 3, 3)
OF_AGE = date(2027, 2, 1)  # full 18 counted by month
INTRODUCERS = date(2025, 9, 5)  # 12 months after she arrived with both teachers there
CERTIFICATE = date(2026, 4, 20)
HELPER = date(2025, 6, 1)
DOSSIER_LEAD = 90  # days


def test_latest_vote_is_the_60th_working_day_before_leaving() -> None:
    assert add_working_days(LEAVES, -60) == LATEST_VOTE
    assert decision_due(LATEST_VOTE) == LEAVES


def test_a_student_with_helper_and_certificate_fits_and_is_not_referred() -> None:
    decision = decision_due(OF_AGE)
    ceremony = ceremony_due(decision)
    assert (decision, ceremony) == (date(2027, 5, 6), date(2027, 6, 17))
    dossier = date(2026, 11, 3)  # 90 days before the vote
    assert roadmap(_student(referral_destination="Xã Kim Bình")) == Roadmap(
        verdict="fits",
        eligible_from=OF_AGE,
        earliest_vote_on=OF_AGE,
        latest_vote_on=LATEST_VOTE,
        decision_by=decision,
        ceremony_by=ceremony,
        introducers_ready=INTRODUCERS,
        introducers_needed=2,
        certificate_on=CERTIFICATE,
        class_for_vote=None,
        class_by=None,
        helper_by=None,
        dossier_from=dossier,
        latest_safe_start=date(2026, 12, 3),  # the dossier's latest start: 90 days before 03/03/2027
        regulation_set="2026-07",
        referral_destination=None,  # recorded, but she stays
        missed=(),
        timeline=(
            Milestone("helper", HELPER, True),
            Milestone("introducers", INTRODUCERS, True),
            Milestone("certificate", CERTIFICATE, True),
            Milestone("dossier", dossier, False),
            Milestone("age", OF_AGE, False),
            Milestone("vote", OF_AGE, False),
            Milestone("decision", decision, False),
            Milestone("leaving", LEAVES, False),
            Milestone("ceremony", ceremony, False),
        ),
    )


def test_a_student_without_helper_or_certificate_fits_if_sent_to_the_february_class() -> None:
    vote = FEBRUARY_CLASS.certificate_on
    decision = decision_due(vote)
    ceremony = ceremony_due(decision)
    dossier = date(2026, 11, 20)  # 90 days before the vote
    helper = date(2026, 12, 3)  # 60 days before the class starts
    assert roadmap(_student(progress=Progress(), classes=(FEBRUARY_CLASS,))) == Roadmap(
        verdict="fits_if_started",
        eligible_from=OF_AGE,
        earliest_vote_on=vote,
        latest_vote_on=LATEST_VOTE,
        decision_by=decision,
        ceremony_by=ceremony,
        introducers_ready=INTRODUCERS,
        introducers_needed=2,
        certificate_on=vote,
        class_for_vote=FEBRUARY_CLASS,
        class_by=FEBRUARY_CLASS,
        helper_by=helper,
        dossier_from=dossier,
        latest_safe_start=helper,
        regulation_set="2026-07",
        referral_destination=None,
        missed=(),
        timeline=(
            Milestone("introducers", INTRODUCERS, True),
            Milestone("dossier", dossier, False),
            Milestone("helper", helper, False),
            Milestone("class", FEBRUARY_CLASS.starts_on, False),
            Milestone("age", OF_AGE, False),
            Milestone("certificate", vote, False),
            Milestone("vote", vote, False),
            Milestone("decision", decision, False),
            Milestone("leaving", LEAVES, False),
            Milestone("ceremony", ceremony, False),
        ),
    )


def test_a_student_of_age_only_after_leaving_is_referred_with_no_plan_on_her_timeline() -> None:
    born_in_september = _student(
        dob=date(2009, 9, 15), referral_destination="Xã Kim Bình", progress=Progress(), classes=(FEBRUARY_CLASS,)
    )
    of_age = date(2027, 9, 1)
    decision = decision_due(of_age)
    assert roadmap(born_in_september) == Roadmap(
        verdict="refer",
        eligible_from=of_age,
        earliest_vote_on=of_age,  # what the commune or university can aim at
        latest_vote_on=None,
        decision_by=decision,
        ceremony_by=ceremony_due(decision),
        introducers_ready=INTRODUCERS,
        introducers_needed=2,
        certificate_on=FEBRUARY_CLASS.certificate_on,
        class_for_vote=FEBRUARY_CLASS,
        class_by=None,
        helper_by=None,
        dossier_from=None,
        latest_safe_start=None,
        regulation_set="2026-07",
        referral_destination="Xã Kim Bình",
        missed=(),
        timeline=(
            Milestone("introducers", INTRODUCERS, True),
            Milestone("leaving", LEAVES, False),
            Milestone("age", of_age, False),
        ),
    )


def test_a_dossier_already_started_sets_the_vote_and_the_helper_date() -> None:
    started = date(2026, 12, 1)  # the vote waits for its 90 days: 01/03/2027
    r = roadmap(_student(progress=Progress(certificate_issued_on=CERTIFICATE, dossier_started_on=started)))
    assert (r.verdict, r.earliest_vote_on, r.dossier_from, r.helper_by) == ("fits", date(2027, 3, 1), started, started)
    assert Milestone("dossier", started, True) in r.timeline


def test_a_dossier_started_long_ago_gives_a_vote_from_today() -> None:
    progress = Progress(helper_since=HELPER, certificate_issued_on=CERTIFICATE, dossier_started_on=date(2026, 9, 1))
    r = roadmap(_student(today=date(2027, 2, 15), progress=progress))
    assert (r.verdict, r.earliest_vote_on, r.dossier_from) == ("fits", date(2027, 2, 15), date(2026, 9, 1))


def test_without_a_class_the_helper_is_needed_by_the_planned_start_of_the_dossier() -> None:
    r = roadmap(_student(progress=Progress(certificate_issued_on=CERTIFICATE)))
    assert (r.helper_by, r.dossier_from, r.latest_safe_start) == (
        date(2026, 11, 3),
        date(2026, 11, 3),
        date(2026, 11, 3),
    )


def test_the_latest_safe_start_is_the_earliest_deadline_of_what_is_not_started() -> None:
    january = ClassSlot("LOP-01-2027", "Lớp 01/2027", date(2027, 1, 11), date(2027, 1, 29))
    november = ClassSlot("LOP-11-2026", "Lớp 04/2026", date(2026, 11, 16), date(2026, 12, 4))
    # Nothing started: the helper, 60 days before the January class (the dossier could wait until 03/12/2026).
    assert roadmap(_student(progress=Progress(), classes=(january,))).latest_safe_start == date(2026, 11, 12)
    # Helper assigned: the November class starts before the dossier's latest start.
    helped = Progress(helper_since=HELPER)
    assert roadmap(_student(progress=helped, classes=(november,))).latest_safe_start == november.starts_on
    # Everything started: nothing left to start.
    done = Progress(helper_since=HELPER, certificate_issued_on=CERTIFICATE, dossier_started_on=date(2026, 6, 1))
    assert roadmap(_student(progress=done)).latest_safe_start is None


def test_a_vote_whose_decision_deadline_is_the_day_she_leaves_still_fits() -> None:
    # Her second introducer becomes official on 03/03/2027, the last day a vote fits.
    on_the_last_day = (
        TEACHERS_SINCE_2024[0],
        StaffPeriod(2, in_unit_from=date(2024, 8, 15), official_from=LATEST_VOTE),
    )
    r = roadmap(_student(staff=on_the_last_day))
    assert (r.verdict, r.earliest_vote_on, r.decision_by) == ("fits", LATEST_VOTE, LEAVES)
    one_day_later = (on_the_last_day[0], StaffPeriod(2, in_unit_from=date(2024, 8, 15), official_from=date(2027, 3, 4)))
    assert roadmap(_student(staff=one_day_later)).verdict == "refer"


def test_steps_due_before_today_are_missed_and_a_step_due_today_is_not() -> None:
    # Certificate in hand, no helper, no dossier: both were due by the dossier's latest start, 03/12/2026.
    in_hand = Progress(certificate_issued_on=CERTIFICATE)
    on_the_day = roadmap(_student(today=date(2026, 12, 3), progress=in_hand))
    assert (on_the_day.verdict, on_the_day.earliest_vote_on, on_the_day.missed) == ("fits", LATEST_VOTE, ())
    day_after = roadmap(_student(today=date(2026, 12, 4), progress=in_hand))
    assert day_after.verdict == "refer"
    assert day_after.missed == (Missed("helper", date(2026, 12, 3)), Missed("dossier", date(2026, 12, 3)))


def test_a_student_who_arrives_too_late_for_any_dossier_has_missed_nothing() -> None:
    # Of age since 01/12/2026; introducers after one month together (a deployment's setting). Arriving on
    # 01/09/2026 the cell could have made it; arriving on 04/01/2027 the 90 days of the dossier end after 03/03/2027.
    one_month = DEFAULT_SETTINGS.replace(introducer_months_together=1)
    staff = (
        StaffPeriod(1, date(2020, 1, 1), None, date(2010, 1, 1)),
        StaffPeriod(2, date(2020, 1, 1), None, date(2010, 1, 1)),
    )

    def arriving(on: date) -> Roadmap:
        in_hand = Progress(certificate_issued_on=CERTIFICATE)
        student = _student(
            dob=date(2008, 12, 10), in_school_since=on, today=date(2027, 1, 10), staff=staff, progress=in_hand
        )
        return roadmap(student, settings=one_month)

    assert arriving(date(2026, 9, 1)).missed == (
        Missed("helper", date(2026, 12, 3)),
        Missed("dossier", date(2026, 12, 3)),
    )
    assert arriving(date(2027, 1, 4)).missed == ()


def test_the_class_she_attends_is_done_on_her_timeline() -> None:
    in_class = ClassSlot("LOP-09-2026", "Lớp 03/2026", date(2026, 9, 1), date(2026, 9, 25))
    progress = Progress(helper_since=date(2026, 5, 1), attending=in_class)
    r = roadmap(_student(progress=progress, classes=(in_class, FEBRUARY_CLASS)))
    assert Milestone("class", in_class.starts_on, True) in r.timeline
    assert Milestone("certificate", in_class.certificate_on, False) in r.timeline  # on its way


def test_on_her_18th_birthday_month_the_age_milestone_is_done() -> None:
    r = roadmap(_student(today=OF_AGE))
    assert Milestone("age", OF_AGE, True) in r.timeline


def test_after_she_has_left_the_leaving_milestone_is_done() -> None:
    r = roadmap(_student(today=date(2027, 6, 1)))
    assert Milestone("leaving", LEAVES, True) in r.timeline


def test_with_a_certificate_in_hand_no_class_is_missed() -> None:
    # The autumn class of 2026 would have fitted, but her certificate of 20/04/2026 already does.
    autumn = ClassSlot("LOP-10-2026", "Lớp 03/2026", date(2026, 10, 5), date(2026, 10, 23))
    r = roadmap(
        _student(today=date(2027, 1, 10), progress=Progress(certificate_issued_on=CERTIFICATE), classes=(autumn,))
    )
    assert r.missed == (Missed("helper", date(2026, 12, 3)), Missed("dossier", date(2026, 12, 3)))
