from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from uommam import rules
from uommam.audit.models import AuditEntry
from uommam.core.rules_config import rules_settings
from uommam.orgs.scope import visible
from uommam.people.models import Person
from uommam.pipeline.models import Candidate, CandidateEvent
from uommam.pipeline.stages import Stage
from uommam.training import selectors, services
from uommam.training.models import Enrolment, EnrolmentResult

TODAY = date(2026, 11, 20)


def _attended_all(awareness_class, actor):
    present = {(e.pk, s.pk) for e in awareness_class.enrolments.all() for s in awareness_class.sessions.all()}
    services.attendance_save(awareness_class=awareness_class, actor=actor, present=present, today=TODAY)


def _pass_all(awareness_class, actor):
    _attended_all(awareness_class, actor)
    rows = {e.pk: services.ResultRow(Decimal("8"), EnrolmentResult.PASSED) for e in awareness_class.enrolments.all()}
    services.results_save(awareness_class=awareness_class, actor=actor, rows=rows, today=TODAY)


def test_bulk_enrolment_from_two_schools_moves_sympathisers_into_the_class(world):
    officer = world.users["centre"]
    a = world.sympathiser("Ma", "Văn", "An", school=0)
    b = world.sympathiser("Lý", "Thị", "Bình", school=1)
    awareness_class = world.awareness_class()
    pool = selectors.enrolment_pool(awareness_class=awareness_class, user=officer)
    assert set(pool) == {a, b}

    created = services.enrol_bulk(
        awareness_class=awareness_class,
        actor=officer,
        candidates=list(pool),
        enrolled_on=date(2026, 11, 2),
        today=TODAY,
    )

    assert len(created) == 2
    assert {c.stage for c in Candidate.objects.all()} == {Stage.IN_CLASS}
    assert {e.school for e in created} == set(world.schools)
    event = CandidateEvent.objects.get(candidate=a, transition="enrol")
    assert event.effective_on == date(2026, 11, 2) and event.actor == officer
    assert AuditEntry.objects.filter(model="training.Enrolment").count() == 2


def test_capacity_refuses_the_whole_batch_with_a_vietnamese_message(world):
    awareness_class = world.awareness_class(capacity=1)
    candidates = [world.sympathiser("Ma", "Văn", "An"), world.sympathiser("Lý", "Thị", "Bình")]
    with translation.override("vi"), pytest.raises(services.TrainingError) as exc:
        services.enrol_bulk(
            awareness_class=awareness_class, actor=world.users["centre"], candidates=candidates, today=TODAY
        )
    assert "chỉ còn 1 chỗ" in exc.value.reasons[0]
    assert not Enrolment.objects.exists()
    assert set(Candidate.objects.values_list("stage", flat=True)) == {Stage.SYMPATHISER}


def test_centre_officer_sees_only_the_people_enrolled_in_their_classes(world):
    officer = world.users["centre"]
    enrolled = world.sympathiser("Ma", "Văn", "An")
    world.sympathiser("Lý", "Thị", "Bình")
    outsider = world.person("Hà", "Văn", "Cường")
    assert not visible(Person.objects.all(), officer).exists()
    services.enrol_bulk(awareness_class=world.awareness_class(), actor=officer, candidates=[enrolled], today=TODAY)
    assert list(visible(Person.objects.all(), officer)) == [enrolled.person]
    assert list(visible(Candidate.objects.all(), officer)) == [enrolled]
    assert outsider not in visible(Person.objects.all(), officer)
    # The sibling centre sees none of them.
    assert not visible(Person.objects.all(), world.users["sibling"]).exists()


def test_bulk_certificates_certify_every_passed_candidate(world):
    officer = world.users["centre"]
    candidates = [world.sympathiser("Ma", "Văn", "An"), world.sympathiser("Lý", "Thị", "Bình", school=1)]
    awareness_class = world.awareness_class()
    services.enrol_bulk(awareness_class=awareness_class, actor=officer, candidates=candidates, today=TODAY)
    _pass_all(awareness_class, officer)
    numbers = services.proposed_numbers(awareness_class, prefix="GCN-2026", start=7)
    assert sorted(numbers.values()) == ["GCN-2026/007", "GCN-2026/008"]

    services.certificates_issue(
        awareness_class=awareness_class,
        actor=officer,
        issued_on=date(2026, 11, 6),
        issuer=world.centre,
        numbers=numbers,
        today=TODAY,
    )

    for candidate in Candidate.objects.all():
        assert candidate.stage == Stage.CERTIFIED
        assert candidate.certificate_issued_on == date(2026, 11, 6)
        assert candidate.certificate_issuer == world.centre
        assert candidate.certificate_number.startswith("GCN-2026/")
    assert CandidateEvent.objects.filter(to_stage=Stage.CERTIFIED, effective_on=date(2026, 11, 6)).count() == 2


def test_bulk_certificates_are_all_or_nothing_with_the_failing_rows(world):
    officer = world.users["centre"]
    good, bad = world.sympathiser("Ma", "Văn", "An"), world.sympathiser("Lý", "Thị", "Bình")
    awareness_class = world.awareness_class()
    services.enrol_bulk(awareness_class=awareness_class, actor=officer, candidates=[good, bad], today=TODAY)
    _pass_all(awareness_class, officer)
    # Meanwhile the cell withdrew one candidacy: "certify" is no longer possible for it.
    Candidate.objects.filter(pk=bad.pk).update(stage=Stage.WITHDRAWN)
    numbers = services.proposed_numbers(awareness_class, prefix="X", start=1)

    with pytest.raises(services.TrainingError) as exc:
        services.certificates_issue(
            awareness_class=awareness_class,
            actor=officer,
            issued_on=date(2026, 11, 6),
            issuer=world.centre,
            numbers=numbers,
            today=TODAY,
        )

    bad_enrolment = Enrolment.objects.get(candidate=bad)
    assert list(exc.value.rows) == [bad_enrolment.pk]
    assert not Enrolment.objects.exclude(certificate_number="").exists()
    assert Candidate.objects.get(pk=good.pk).stage == Stage.IN_CLASS
    assert not CandidateEvent.objects.filter(to_stage=Stage.CERTIFIED).exists()


def test_duplicate_or_missing_numbers_are_refused_per_row(world):
    officer = world.users["centre"]
    candidates = [world.sympathiser("Ma", "Văn", "An"), world.sympathiser("Lý", "Thị", "Bình")]
    awareness_class = world.awareness_class()
    services.enrol_bulk(awareness_class=awareness_class, actor=officer, candidates=candidates, today=TODAY)
    _pass_all(awareness_class, officer)
    ids = [e.pk for e in services.awaiting_certificate(awareness_class)]
    with pytest.raises(services.TrainingError) as exc:
        services.certificates_issue(
            awareness_class=awareness_class,
            actor=officer,
            issued_on=date(2026, 11, 6),
            issuer=world.centre,
            numbers={ids[0]: "A/1", ids[1]: "A/1"},
            today=TODAY,
        )
    assert list(exc.value.rows) == [ids[1]]


def test_failed_student_goes_back_to_the_sympathiser_list(world):
    officer = world.users["centre"]
    candidate = world.sympathiser("Ma", "Văn", "An")
    awareness_class = world.awareness_class()
    services.enrol_bulk(awareness_class=awareness_class, actor=officer, candidates=[candidate], today=TODAY)
    enrolment = awareness_class.enrolments.get()
    services.results_save(
        awareness_class=awareness_class,
        actor=officer,
        rows={enrolment.pk: services.ResultRow(Decimal("3.5"), EnrolmentResult.FAILED)},
        today=TODAY,
    )
    candidate.refresh_from_db()
    assert candidate.stage == Stage.SYMPATHISER
    assert CandidateEvent.objects.filter(candidate=candidate, transition="fail_class").exists()


def test_certificate_expiry_comes_from_the_rules():
    issued = date(2020, 1, 15)
    assert selectors.certificate_expiry(issued) == rules.certificate_expires_on(issued, settings=rules_settings())
    assert selectors.certificate_expiry(issued) == date(2025, 1, 15)  # the guidance's own example
    assert selectors.certificate_expiry(None) is None


def test_roster_is_sorted_the_vietnamese_way(world):
    officer = world.users["centre"]
    names = [("Nguyễn", "Văn", "Bình"), ("Lê", "Thị", "Ân"), ("Trần", "Thị", "Ánh"), ("Đỗ", "Văn", "Ánh")]
    candidates = [world.sympathiser(*n) for n in names]
    awareness_class = world.awareness_class()
    services.enrol_bulk(awareness_class=awareness_class, actor=officer, candidates=candidates, today=TODAY)
    roster = [e.person.full_name for e in selectors.roster(awareness_class=awareness_class, user=officer)]
    # Given name first (a < ă < â < b; a toneless letter before its toned forms), then the family name.
    assert roster == ["Đỗ Văn Ánh", "Trần Thị Ánh", "Lê Thị Ân", "Nguyễn Văn Bình"]
