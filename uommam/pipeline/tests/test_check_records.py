"""`manage.py check_records` and the committee page "Kiểm tra dữ liệu": every invariant of the
integrity table is found on a stored row that breaks it (and refused by `integrity.refusals`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from uommam.core import integrity
from uommam.pipeline.models import CandidateEvent, EventKind
from uommam.testing.world import Records, World, add_records
from uommam.training.models import Attendance, AwarenessClass, ClassSession, Enrolment

YEAR_ONE = date(1, 1, 1)
FAR = date(9999, 12, 31)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 11, 30), tick=False), translation.override("en"):
        yield


@pytest.fixture
def records(world: World) -> Records:
    return add_records(world)


def _update(obj, **values):
    type(obj).objects.filter(pk=obj.pk).update(**values)
    return type(obj).objects.get(pk=obj.pk)


def _session(r: Records, day: date) -> ClassSession:
    return ClassSession.objects.create(awareness_class=r.class_d, number=9, date=day, topic="x")


def _late_attendance(w: World, r: Records):
    session = _session(r, date(2024, 11, 11))
    enrolment = _update(Enrolment.objects.get(awareness_class=r.class_d), enrolled_on=date(2024, 11, 14))
    return Attendance.objects.create(enrolment=enrolment, session=session, present=True)


def _enrolment(r: Records, **values):
    return _update(Enrolment.objects.get(awareness_class=r.class_d), **values)


def _unsaved_backwards_class(r: Records) -> AwarenessClass:
    # The database refuses this one too (a check constraint): the table gives the sentence first.
    backwards = AwarenessClass.objects.get(pk=r.class_d.pk)
    backwards.starts_on, backwards.ends_on = date(2024, 11, 15), date(2024, 11, 11)
    with pytest.raises(IntegrityError), transaction.atomic():
        backwards.save()
    return backwards


DATABASE_ENFORCED = {"class.order"}


# One way to break each invariant of the table, on the persona world's records.
BREAKERS: dict[str, Callable[[World, Records], object]] = {
    "candidate.admission_order": lambda w, r: _update(
        r.candidate_a, cell_meeting_on=date(2026, 5, 1), decision_on=date(2026, 4, 1)
    ),
    "candidate.theory_course_order": lambda w, r: _update(
        r.candidate_a, ceremony_on=date(2026, 5, 1), theory_course_completed_on=date(2026, 4, 1)
    ),
    "candidate.dates_plausible": lambda w, r: _update(r.candidate_a, stage_since=FAR),
    "candidate.decision_body_alive": lambda w, r: _update(
        r.candidate_a, decision_body=w.units["HU-D"], decision_on=date(2026, 11, 25)
    ),
    "candidate.official_decision_body_alive": lambda w, r: _update(
        r.candidate_a, official_decision_body=w.units["HU-D"], official_decision_on=date(2026, 11, 25)
    ),
    "event.date_plausible": lambda w, r: CandidateEvent.objects.create(
        candidate=r.candidate_a, kind=EventKind.TRANSITION, transition="fail_class", effective_on=YEAR_ONE
    ),
    "dossier.order": lambda w, r: _update(
        r.dossier_item_a, dated_on=date(2026, 11, 20), received_on=date(2026, 11, 10)
    ),
    "dossier.dates_plausible": lambda w, r: _update(r.dossier_item_a, dated_on=date(1985, 10, 1)),
    "dossier.after_birth": lambda w, r: _update(r.dossier_item_a, dated_on=date(2000, 1, 10)),
    "class.order": lambda w, r: _unsaved_backwards_class(r),
    "class.dates_plausible": lambda w, r: _update(r.class_d, ends_on=FAR),
    "class.organiser_alive": lambda w, r: _update(r.class_d, starts_on=date(2026, 11, 16), ends_on=date(2026, 11, 20)),
    "session.inside_class": lambda w, r: _session(r, date(2025, 1, 1)),
    "attendance.held": _late_attendance,
    "enrolment.certificate_order": lambda w, r: _enrolment(r, certificate_issued_on=date(2024, 11, 12)),
    "enrolment.dates_plausible": lambda w, r: _enrolment(r, enrolled_on=YEAR_ONE),
    "enrolment.issuer_alive": lambda w, r: _enrolment(r, certificate_issued_on=date(2026, 11, 20)),
    "referral.order": lambda w, r: _update(r.referral_a, acknowledged_on=None, outcome_on=date(2026, 7, 1)),
    "referral.dates_plausible": lambda w, r: _update(r.referral_a, outcome_on=FAR),
    "person.birth_plausible": lambda w, r: _update(w.students["a"], dob=YEAR_ONE),
    "person.dates_plausible": lambda w, r: _update(w.students["a"], youth_union_joined_on=FAR),
    "person.order": lambda w, r: _update(w.students["a"], youth_union_joined_on=date(2005, 1, 1)),
}


def _check(*args: str) -> dict:
    out = StringIO()
    try:
        call_command("check_records", "--json", *args, stdout=out)
    except SystemExit as exit_:
        assert exit_.code == 1
    return json.loads(out.getvalue())


def test_every_invariant_of_the_table_has_a_way_to_break_it_here():
    assert {inv.code for inv in integrity.TABLE} == set(BREAKERS)


def test_the_persona_world_and_its_records_have_no_problem(world, records):
    assert _check() == {"problems": []}


@pytest.mark.parametrize("code", sorted(BREAKERS))
def test_each_broken_invariant_is_refused_and_reported_with_a_link(world, records, code):
    broken = BREAKERS[code](world, records)
    invariant = next(inv for inv in integrity.TABLE if inv.code == code)
    if code in DATABASE_ENFORCED:
        assert integrity.refusals(broken), code
        return
    stored = apps.get_model(invariant.model).objects.get(pk=broken.pk)

    assert integrity.refusals(stored), code  # what the services would have refused

    problems = [p for p in _check()["problems"] if p["kind"] == code]
    assert problems, code
    assert problems[0]["record"] == f"{invariant.model}#{broken.pk}"
    assert problems[0]["url"].startswith("/") and problems[0]["rule"] and problems[0]["message"]


def test_check_records_for_a_unit_lists_only_its_records(world, records):
    _update(records.candidate_a, decision_body=world.units["HU-D"], decision_on=date(2026, 11, 25))
    assert _check("--unit", "DU-A")["problems"]
    assert _check("--unit", "DU-B")["problems"] == []


def test_the_data_check_page_shows_the_committee_its_problems_only(world, records):
    _update(records.candidate_a, cell_meeting_on=date(2026, 5, 1), decision_on=date(2026, 4, 1))
    url = reverse("pipeline:check_records")

    def client(persona: str) -> Client:
        c = Client()
        c.force_login(world.users[persona])
        return c

    mine = client("commune_a").get(url)
    assert mine.status_code == 200
    assert [p.kind for p in mine.context["problems"]] == ["candidate.admission_order"]
    assert reverse("pipeline:candidate", args=[records.candidate_a.pk]) in mine.content.decode()
    assert client("commune_b").get(url).context["problems"] == []
    assert client("cell_a").get(url).status_code == 403
    # Committees reach it from the member-development page; cells are not offered it.
    assert url in client("commune_a").get(reverse("pipeline:index")).content.decode()
    assert url not in client("cell_a").get(reverse("pipeline:index")).content.decode()
