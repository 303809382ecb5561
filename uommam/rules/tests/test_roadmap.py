"""A student's roadmap, planned backwards from the 18th birthday and the day of leaving school."""

from datetime import date

from uommam.rules import DEFAULT_SETTINGS, decision_due
from uommam.rules.roadmap import ClassSlot, Milestone, Progress, RoadmapInput, StaffPeriod, roadmap

LEAVES = date(2027, 5, 31)
START_OF_GRADE_12 = date(2026, 9, 7)
GRADE_10 = date(2024, 9, 5)
TEACHERS_SINCE_2024 = (
    StaffPeriod(1, in_unit_from=date(2024, 8, 1), official_from=date(2010, 1, 1)),
    StaffPeriod(2, in_unit_from=date(2024, 8, 15), official_from=date(2015, 6, 1)),
)
FEBRUARY_CLASS = ClassSlot("LOP-02-2027", "Lớp 01/2027", date(2027, 2, 1), date(2027, 2, 18))
OF_AGE = date(2027, 2, 1)  # born 04/02/2009: full 18 counted by month


def _student(**overrides: object) -> RoadmapInput:
    values: dict[str, object] = {
        "dob": date(2009, 2, 4),
        "leaves_school_on": LEAVES,
        "today": START_OF_GRADE_12,
        "in_school_since": GRADE_10,
        "staff": TEACHERS_SINCE_2024,
        "progress": Progress(helper_since=date(2025, 6, 1), certificate_issued_on=date(2026, 4, 20)),
    }
    values.update(overrides)
    return RoadmapInput(**values)  # type: ignore[arg-type]


def test_born_in_february_with_a_certificate_from_2026_fits_with_a_vote_on_1_february_2027() -> None:
    r = roadmap(_student())
    assert r.verdict == "fits"
    assert r.earliest_vote_on == date(2027, 2, 1)
    lead = DEFAULT_SETTINGS.roadmap_dossier_lead_days
    assert r.earliest_vote_on is not None and r.dossier_from is not None
    assert (r.earliest_vote_on - r.dossier_from).days == lead
    assert r.dossier_from == date(2026, 11, 3)
    assert r.introducers_ready == date(2025, 9, 5)  # 12 months after she arrived with the teachers there
    assert r.decision_by == decision_due(date(2027, 2, 1)) <= LEAVES
    assert r.class_for_vote is None and r.class_by is None
    assert r.latest_safe_start is not None and r.latest_safe_start > r.dossier_from
    assert r.missed == ()
    assert r.next_milestone is not None and r.next_milestone.key == "dossier"


def test_the_dossier_lead_time_is_a_setting() -> None:
    r = roadmap(_student(), settings=DEFAULT_SETTINGS.replace(roadmap_dossier_lead_days=30))
    assert r.dossier_from == date(2027, 1, 2)


def test_the_same_student_without_a_class_before_february_2027_fits_only_if_sent_to_that_class() -> None:
    later_class = ClassSlot("LOP-05-2027", "Lớp 02/2027", date(2027, 5, 10), date(2027, 5, 24))
    r = roadmap(
        _student(progress=Progress(), classes=(FEBRUARY_CLASS, later_class)),
    )
    assert r.verdict == "fits_if_started"
    assert r.class_for_vote == FEBRUARY_CLASS
    assert r.class_by == FEBRUARY_CLASS  # the May class gives its certificate too late
    assert r.earliest_vote_on == date(2027, 2, 18)
    assert r.helper_by == date(2026, 12, 3)  # the helper setting's 60 days before the class
    assert r.latest_safe_start == r.helper_by


def test_born_15_september_2009_and_leaving_31_may_2027_is_referred() -> None:
    r = roadmap(_student(dob=date(2009, 9, 15), referral_destination="Xã Kim Bình"))
    assert r.verdict == "refer"
    assert r.eligible_from == date(2027, 9, 1)
    assert r.referral_destination == "Xã Kim Bình"
    assert r.latest_safe_start is None and r.class_by is None
    assert r.missed == ()  # too young: nothing the cell could have done


def test_teachers_who_arrived_recently_push_the_vote_past_graduation() -> None:
    newcomers = (
        StaffPeriod(1, in_unit_from=date(2026, 9, 1), official_from=date(2010, 1, 1)),
        StaffPeriod(2, in_unit_from=date(2024, 8, 15), official_from=date(2015, 6, 1)),
    )
    r = roadmap(_student(staff=newcomers))
    assert r.introducers_ready == date(2027, 9, 1)
    assert r.verdict == "refer"


def test_a_probationary_member_is_not_an_introducer_until_official() -> None:
    staff = (TEACHERS_SINCE_2024[0], StaffPeriod(3, in_unit_from=date(2020, 1, 1), official_from=date(2027, 3, 2)))
    r = roadmap(_student(staff=staff))
    assert r.earliest_vote_on == date(2027, 3, 2)


def test_a_class_left_to_grade_12_is_named_as_missed_when_no_later_class_fits() -> None:
    autumn_class = ClassSlot("LOP-10-2026", "Lớp 03/2026", date(2026, 10, 5), date(2026, 10, 23))
    late_class = ClassSlot("LOP-05-2027", "Lớp 02/2027", date(2027, 5, 10), date(2027, 5, 24))
    r = roadmap(_student(progress=Progress(), today=date(2026, 12, 1), classes=(autumn_class, late_class)))
    assert r.verdict == "refer"
    assert [m.step for m in r.missed] == ["helper", "class"]
    assert r.missed[1].was_due == autumn_class.starts_on


def test_a_certificate_that_expires_before_18_needs_a_new_class() -> None:
    old = Progress(helper_since=date(2021, 1, 1), certificate_issued_on=date(2021, 9, 1))  # expires 01/09/2026
    r = roadmap(_student(progress=old, classes=(FEBRUARY_CLASS,)))
    assert r.verdict == "fits_if_started"
    assert r.class_for_vote == FEBRUARY_CLASS


def test_a_student_in_the_class_now_fits_on_its_certificate_without_a_new_class() -> None:
    in_class = ClassSlot("LOP-09-2026", "Lớp 03/2026", date(2026, 9, 1), date(2026, 9, 25))
    progress = Progress(helper_since=date(2026, 5, 1), attending=in_class)
    r = roadmap(_student(progress=progress, classes=(in_class, FEBRUARY_CLASS)))
    assert r.verdict == "fits"
    assert r.class_for_vote == in_class and r.class_by is None
    assert r.earliest_vote_on == date(2027, 2, 1)


OCTOBER_CLASS = ClassSlot("LOP-10-2026", "Lớp 03/2026", date(2026, 10, 5), date(2026, 10, 23))
NOVEMBER_CLASS = ClassSlot("LOP-11-2026", "Lớp 04/2026", date(2026, 11, 2), date(2026, 11, 20))


def test_on_a_tie_the_certificate_in_hand_wins_over_a_new_class() -> None:
    # Both classes give their certificates before her vote of 01/02/2027: nothing new needs to start.
    r = roadmap(_student(classes=(NOVEMBER_CLASS, OCTOBER_CLASS)))
    assert (r.verdict, r.earliest_vote_on, r.class_for_vote) == ("fits", date(2027, 2, 1), None)


def test_on_a_tie_between_classes_the_earlier_class_is_the_one_to_attend() -> None:
    r = roadmap(_student(progress=Progress(helper_since=date(2025, 6, 1)), classes=(NOVEMBER_CLASS, OCTOBER_CLASS)))
    assert (r.verdict, r.earliest_vote_on) == ("fits_if_started", date(2027, 2, 1))
    assert r.class_for_vote == OCTOBER_CLASS
    assert r.class_by == NOVEMBER_CLASS  # the last class that still fits


def test_a_class_that_starts_today_can_still_be_joined() -> None:
    starts_today = ClassSlot("LOP-09-2026", "Lớp 02/2026", START_OF_GRADE_12, date(2026, 9, 25))
    r = roadmap(_student(progress=Progress(helper_since=date(2025, 6, 1)), classes=(starts_today,)))
    assert (r.verdict, r.class_for_vote, r.class_by) == ("fits_if_started", starts_today, starts_today)


# A certificate of 01/06/2021 is valid through 01/06/2026 (60 months), a Monday.
LAST_VALID_DAY = date(2026, 6, 1)
LONG_STANDING = (
    StaffPeriod(1, in_unit_from=date(2020, 8, 1), official_from=date(2010, 1, 1)),
    StaffPeriod(2, in_unit_from=date(2020, 8, 1), official_from=date(2012, 1, 1)),
)


def _on_the_last_valid_day(**overrides: object) -> RoadmapInput:
    values: dict[str, object] = {
        "dob": date(2008, 1, 15),
        "leaves_school_on": date(2026, 12, 31),
        "today": date(2026, 1, 5),
        "in_school_since": date(2023, 9, 5),
        "staff": LONG_STANDING,
        "progress": Progress(
            helper_since=date(2024, 1, 1), certificate_issued_on=date(2021, 6, 1), dossier_started_on=date(2025, 9, 1)
        ),
    }
    values.update(overrides)
    return RoadmapInput(**values)  # type: ignore[arg-type]


def test_a_vote_on_the_certificates_last_valid_day_is_lawful_when_she_comes_of_age_that_day() -> None:
    r = roadmap(_on_the_last_valid_day(dob=date(2008, 6, 15)))  # of age from 01/06/2026
    assert (r.verdict, r.eligible_from, r.earliest_vote_on) == ("fits", LAST_VALID_DAY, LAST_VALID_DAY)


def test_an_introducer_who_becomes_official_on_the_certificates_last_valid_day_still_counts() -> None:
    staff = (LONG_STANDING[0], StaffPeriod(2, in_unit_from=date(2020, 8, 1), official_from=LAST_VALID_DAY))
    r = roadmap(_on_the_last_valid_day(staff=staff))  # of age since 01/01/2026, one introducer until then
    assert (r.verdict, r.introducers_ready, r.earliest_vote_on) == ("fits", LAST_VALID_DAY, LAST_VALID_DAY)


def test_an_introducer_ready_on_his_last_day_in_the_unit_counts_on_that_day() -> None:
    # Official from 01/02/2027, transferred after that day: the vote on her 18th birthday month still has two.
    leaving_teacher = StaffPeriod(2, in_unit_from=date(2024, 8, 15), in_unit_until=OF_AGE, official_from=OF_AGE)
    r = roadmap(_student(staff=(TEACHERS_SINCE_2024[0], leaving_teacher)))
    assert (r.verdict, r.earliest_vote_on) == ("fits", OF_AGE)


def test_milestones_reached_today_are_done_but_leaving_today_is_not() -> None:
    introducers = roadmap(_student(today=date(2025, 9, 5))).timeline  # 12 months together today
    assert Milestone("introducers", date(2025, 9, 5), True) in introducers
    on_the_last_day = roadmap(_student(today=LEAVES)).timeline  # she is still at school today
    assert Milestone("leaving", LEAVES, False) in on_the_last_day


# One teacher since 2024, a second only from 01/04/2026: 12 months together on 01/04/2027, after the last vote
# whose decision can come before she leaves on 31/05/2027.
ONE_EARLY_TEACHER = (
    TEACHERS_SINCE_2024[0],
    StaffPeriod(2, in_unit_from=date(2026, 4, 1), official_from=date(2015, 6, 1)),
)


def test_a_youth_union_member_needs_one_official_introducer_beside_the_youth_unions_resolution() -> None:
    r = roadmap(_student(staff=ONE_EARLY_TEACHER, route="youth_union"))
    assert (r.verdict, r.earliest_vote_on, r.introducers_needed) == ("fits", OF_AGE, 1)
    assert r.introducers_ready == date(2025, 9, 5)  # 12 months with the first teacher


def test_two_official_introducers_are_needed_off_the_youth_union_route_and_when_the_route_is_not_given() -> None:
    two = roadmap(_student(staff=ONE_EARLY_TEACHER, route="two_introducers"))
    assert (two.verdict, two.introducers_needed, two.introducers_ready) == ("refer", 2, date(2027, 4, 1))
    assert roadmap(_student(staff=ONE_EARLY_TEACHER)) == two
