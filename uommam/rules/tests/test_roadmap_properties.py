"""Properties of the roadmap over random birth and leaving dates, class calendars and staff histories."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from uommam.rules import (
    add_months,
    add_working_days,
    certificate_is_valid,
    decision_due,
    is_of_admission_age,
    is_working_day,
)
from uommam.rules.roadmap import ClassSlot, Progress, RoadmapInput, StaffPeriod, roadmap

days = st.integers(min_value=0, max_value=3 * 365)


@st.composite
def classes(draw: st.DrawFn, around: date) -> ClassSlot:
    starts = around + timedelta(days=draw(days))
    return ClassSlot(f"L{starts:%Y%m%d}", "Lớp", starts, starts + timedelta(days=draw(st.integers(3, 40))))


@st.composite
def staff(draw: st.DrawFn) -> StaffPeriod:
    arrived = date(2020, 1, 1) + timedelta(days=draw(st.integers(0, 7 * 365)))
    until = draw(st.none() | st.none() | st.integers(30, 6 * 365).map(lambda n: arrived + timedelta(days=n)))
    # Mostly long-standing official members, sometimes probationary ones or members never official.
    official = draw(st.just(date(2005, 1, 1)) | st.none() | st.dates(date(2020, 1, 1), date(2028, 12, 31)))
    return StaffPeriod(draw(st.integers(1, 10_000)), arrived, until, official)


@st.composite
def students(draw: st.DrawFn) -> RoadmapInput:
    dob = draw(st.dates(date(2007, 1, 1), date(2010, 12, 31)))
    cohort_start = date(dob.year + 15, 9, 5)
    leaves = draw(st.dates(date(dob.year + 17, 11, 1), date(dob.year + 19, 8, 31)))
    today = draw(st.dates(cohort_start, min(leaves, cohort_start + timedelta(days=2 * 365))))
    held = draw(st.none() | st.dates(cohort_start - timedelta(days=400), today))
    calendar = tuple(draw(st.lists(classes(cohort_start), max_size=8)))
    begun = [c for c in calendar if c.starts_on <= today]
    attending = draw(st.none() | st.sampled_from(begun)) if begun and held is None else None
    progress = Progress(
        helper_since=draw(st.none() | st.just(cohort_start)),
        certificate_issued_on=held,
        dossier_started_on=draw(st.none() | st.dates(cohort_start, today)),
        attending=attending,
    )
    return RoadmapInput(
        dob=dob,
        leaves_school_on=leaves,
        today=today,
        in_school_since=cohort_start,
        classes=calendar,
        staff=tuple(draw(st.lists(staff(), min_size=1, max_size=5))),
        progress=progress,
    )


def _introducers(inp: RoadmapInput, on: date) -> int:
    """Independent count: official on the day, 12 months together with her, still in the unit."""
    return sum(
        1
        for m in inp.staff
        if m.official_from is not None
        and m.official_from <= on
        and add_months(max(m.in_unit_from, inp.in_school_since), 12) <= on
        and (m.in_unit_until is None or on <= m.in_unit_until)
    )


@settings(max_examples=300, deadline=None)
@given(students())
def test_the_earliest_vote_is_lawful_and_fits_exactly_when_the_decision_comes_before_leaving(
    inp: RoadmapInput,
) -> None:
    r = roadmap(inp)
    vote = r.earliest_vote_on
    if vote is not None:
        assert is_of_admission_age(inp.dob, vote)
        assert _introducers(inp, vote) >= 2
        assert is_working_day(vote) and vote >= inp.today
        assert r.certificate_on is not None and certificate_is_valid(r.certificate_on, vote)
        if r.class_for_vote is None:
            assert inp.progress.certificate_issued_on == r.certificate_on
        elif r.class_for_vote != inp.progress.attending:
            assert r.class_for_vote in inp.classes and r.class_for_vote.starts_on >= inp.today
    fits = vote is not None and decision_due(vote) <= inp.leaves_school_on
    assert (r.verdict != "refer") == fits
    new_class = r.class_for_vote is not None and r.class_for_vote != inp.progress.attending
    assert (r.verdict == "fits_if_started") == (fits and new_class)
    if r.verdict == "refer":
        assert r.latest_safe_start is None
    else:
        assert r.latest_vote_on is not None and vote is not None and vote <= r.latest_vote_on
        assert decision_due(r.latest_vote_on) <= inp.leaves_school_on
        assert decision_due(add_working_days(r.latest_vote_on, 1)) > inp.leaves_school_on  # the last one
    assert [m.on for m in r.timeline] == sorted(m.on for m in r.timeline)
    assert all(m.was_due < inp.today for m in r.missed)
