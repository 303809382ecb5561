"""Class records a department can sign: each refusal through the pages, and the same act done right.

Results follow the essay (pass mark) and attendance (minimum share of sessions); attendance and
results only for sessions held; certificates dated after the class and the enrolment; a class by a
body alive over its dates; moving a class's dates re-plans its sessions after asking."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from uommam.testing.world import build_world
from uommam.training import services
from uommam.training.models import AwarenessClass, ClassStatus, Enrolment, EnrolmentResult

from .test_views import TODAY


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False), translation.override("en"):
        yield


def _client(world, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


@pytest.fixture
def taught(world):
    candidates = [world.sympathiser("Ma", "Văn", "An", school=0), world.sympathiser("Lý", "Thị", "Bình", school=1)]
    awareness_class = world.awareness_class()
    services.enrol_bulk(awareness_class=awareness_class, actor=world.users["centre"], candidates=candidates)
    return awareness_class


def _tick(client, awareness_class, skip: int = 0) -> None:
    """Everyone present, except the first student at the first `skip` sessions."""
    first = awareness_class.enrolments.order_by("pk").first()
    present = [
        f"{e.pk}-{s.pk}"
        for e in awareness_class.enrolments.all()
        for s in awareness_class.sessions.order_by("number")
        if not (e.pk == first.pk and s.number <= skip)
    ]
    response = client.post(reverse("training:class_attendance", args=[awareness_class.pk]), {"present": present})
    assert response.status_code == 302


def test_an_essay_below_the_pass_mark_cannot_pass_and_one_above_does(world, taught):
    client = _client(world, "centre")
    _tick(client, taught)
    first, second = taught.enrolments.order_by("pk")
    url = reverse("training:class_results", args=[taught.pk])
    refused = client.post(url, {f"score-{first.pk}": "4,50", f"result-{first.pk}": EnrolmentResult.PASSED})
    assert refused.status_code == 200
    assert "4,50" in refused.context["errors"][first.pk][0]
    assert Enrolment.objects.get(pk=first.pk).result == EnrolmentResult.PENDING

    done = client.post(url, {f"score-{first.pk}": "8", f"result-{first.pk}": EnrolmentResult.PASSED})
    assert done.status_code == 302
    assert Enrolment.objects.get(pk=first.pk).result == EnrolmentResult.PASSED


def test_too_many_absences_cannot_pass_and_the_page_shows_them(world, taught):
    client = _client(world, "centre")
    _tick(client, taught, skip=2)  # 3 of 5 sessions: below 80 %
    first, second = taught.enrolments.order_by("pk")
    url = reverse("training:class_results", args=[taught.pk])
    page = client.get(url)
    assert page.context["absences"][first.pk] == 2 and first.pk in page.context["short"]
    refused = client.post(url, {f"score-{first.pk}": "9", f"result-{first.pk}": EnrolmentResult.PASSED})
    assert refused.status_code == 200
    assert Enrolment.objects.get(pk=first.pk).result == EnrolmentResult.PENDING
    # The score alone sets the result: 9 with 3 of 5 sessions fails; the other student passes.
    client.post(
        url,
        {
            f"score-{first.pk}": "9",
            f"result-{first.pk}": EnrolmentResult.PENDING,
            f"score-{second.pk}": "9",
            f"result-{second.pk}": EnrolmentResult.PENDING,
        },
    )
    assert Enrolment.objects.get(pk=first.pk).result == EnrolmentResult.FAILED
    assert Enrolment.objects.get(pk=second.pk).result == EnrolmentResult.PASSED


def test_all_who_attended_passed_still_respects_the_pass_mark(world, taught):
    client = _client(world, "centre")
    _tick(client, taught)
    first, second = taught.enrolments.order_by("pk")
    Enrolment.objects.filter(pk=first.pk).update(essay_score=Decimal("4.00"))
    response = client.post(reverse("training:class_results", args=[taught.pk]), {"action": "pass_attended"})
    assert response.status_code == 302
    assert Enrolment.objects.get(pk=first.pk).result == EnrolmentResult.FAILED
    assert Enrolment.objects.get(pk=second.pk).result == EnrolmentResult.PASSED


def test_attendance_of_a_planned_class_is_refused_and_of_a_running_one_is_recorded(world, taught):
    client = _client(world, "centre")
    AwarenessClass.objects.filter(pk=taught.pk).update(status=ClassStatus.PLANNED)
    present = [f"{e.pk}-{s.pk}" for e in taught.enrolments.all() for s in taught.sessions.all()]
    url = reverse("training:class_attendance", args=[taught.pk])
    refused = client.post(url, {"present": present})
    assert refused.status_code == 200
    assert not taught.enrolments.filter(attendance__isnull=False).exists()
    AwarenessClass.objects.filter(pk=taught.pk).update(status=ClassStatus.RUNNING)
    assert client.post(url, {"present": present}).status_code == 302


def test_attendance_for_a_session_not_held_yet_is_refused(world):
    client = _client(world, "centre")
    upcoming = services.class_create(
        actor=None,
        data={
            "organiser": world.centre,
            "code": "L-SAP",
            "number": "02/2026",
            "name": "Lớp 02/2026",
            "starts_on": date(2026, 11, 18),
            "ends_on": date(2026, 11, 24),
            "place": "Hội trường",
            "capacity": 10,
            "status": ClassStatus.RUNNING,
        },
    )
    candidate = world.sympathiser("Ma", "Văn", "Sắp", school=0)
    services.enrol_bulk(awareness_class=upcoming, actor=world.users["centre"], candidates=[candidate])
    enrolment = upcoming.enrolments.get()
    held = [s for s in upcoming.sessions.all() if s.date <= TODAY]
    later = [s for s in upcoming.sessions.all() if s.date > TODAY]
    url = reverse("training:class_attendance", args=[upcoming.pk])
    refused = client.post(url, {"present": [f"{enrolment.pk}-{s.pk}" for s in held + later]})
    assert refused.status_code == 200
    assert not enrolment.attendance.exists()
    assert client.post(url, {"present": [f"{enrolment.pk}-{s.pk}" for s in held]}).status_code == 302
    assert enrolment.attendance.count() == len(held)


def test_a_certificate_dated_before_the_class_ended_is_refused_and_after_it_issued(world, taught):
    client = _client(world, "centre")
    _tick(client, taught)
    ids = list(taught.enrolments.order_by("pk").values_list("pk", flat=True))
    client.post(
        reverse("training:class_results", args=[taught.pk]),
        {f"score-{pk}": "8" for pk in ids} | {f"result-{pk}": EnrolmentResult.PASSED for pk in ids},
    )
    url = reverse("training:class_certificates", args=[taught.pk])
    issue = {"issuer": world.centre.pk, "prefix": "GCN", "start": "1", "action": "issue"}
    issue |= {f"number-{pk}": f"GCN/{i:03d}" for i, pk in enumerate(ids, start=1)}
    refused = client.post(url, {**issue, "issued_on": "03/11/2026"})
    assert refused.status_code == 200
    assert not Enrolment.objects.exclude(certificate_number="").exists()
    assert client.post(url, {**issue, "issued_on": "06/11/2026"}).status_code == 302
    assert Enrolment.objects.exclude(certificate_number="").count() == 2


def test_moving_a_class_asks_before_re_planning_its_sessions(world):
    client = _client(world, "centre")
    planned = services.class_create(
        actor=None,
        data={
            "organiser": world.centre,
            "code": "L-DOI",
            "number": "03/2026",
            "name": "Lớp 03/2026",
            "starts_on": date(2026, 12, 7),
            "ends_on": date(2026, 12, 11),
            "place": "Hội trường",
            "capacity": 10,
            "status": ClassStatus.PLANNED,
        },
    )
    url = reverse("training:class_edit", args=[planned.pk])
    form = {
        "organiser": world.centre.pk,
        "number": "03/2026",
        "name": "Lớp 03/2026",
        "code": "L-DOI",
        "starts_on": "14/12/2026",
        "ends_on": "18/12/2026",
        "place": "Hội trường",
        "capacity": "10",
        "certificate_issuer": world.centre.pk,
        "status": ClassStatus.PLANNED,
        "version": str(planned.version),
    }
    asked = client.post(url, form)
    assert asked.status_code == 200 and asked.context["confirm_replan"]
    assert AwarenessClass.objects.get(pk=planned.pk).starts_on == date(2026, 12, 7)

    assert client.post(url, {**form, "replan_sessions": "1"}).status_code == 302
    moved = AwarenessClass.objects.get(pk=planned.pk)
    assert moved.starts_on == date(2026, 12, 14)
    assert all(date(2026, 12, 14) <= s.date <= date(2026, 12, 18) for s in moved.sessions.all())


@pytest.fixture
def personas(db):
    return build_world()


def test_a_dissolved_centre_cannot_open_a_class_after_its_last_day_but_its_old_classes_can_be_entered(personas):
    client = _client(personas, "centre")
    centre = personas.units["TTCT-D"]
    form = {
        "organiser": centre.pk,
        "number": "09/2026",
        "name": "Lớp 09/2026",
        "code": "TTCT-D-09-2026",
        "starts_on": "16/11/2026",
        "ends_on": "20/11/2026",
        "place": "Hội trường",
        "capacity": "40",
        "certificate_issuer": centre.pk,
        "status": ClassStatus.PLANNED,
    }
    refused = client.post(reverse("training:class_create"), form)
    assert refused.status_code == 200
    assert "30/06/2025" in " ".join(refused.context["form"].non_field_errors())
    assert not AwarenessClass.objects.filter(code="TTCT-D-09-2026").exists()

    late_entry = {**form, "starts_on": "11/11/2024", "ends_on": "15/11/2024", "status": ClassStatus.FINISHED}
    assert client.post(reverse("training:class_create"), late_entry).status_code == 302
    assert AwarenessClass.objects.filter(code="TTCT-D-09-2026").exists()


def test_a_class_without_any_attendance_recorded_takes_results_from_the_essay_alone(world, taught):
    # A roster entered from paper: no grid. The page says so; the pass mark still holds.
    client = _client(world, "centre")
    first, second = taught.enrolments.order_by("pk")
    url = reverse("training:class_results", args=[taught.pk])
    assert client.get(url).context["held"] == 0
    client.post(
        url,
        {
            f"score-{first.pk}": "4,5",
            f"result-{first.pk}": EnrolmentResult.PENDING,
            f"score-{second.pk}": "7",
            f"result-{second.pk}": EnrolmentResult.PENDING,
        },
    )
    assert Enrolment.objects.get(pk=first.pk).result == EnrolmentResult.FAILED
    assert Enrolment.objects.get(pk=second.pk).result == EnrolmentResult.PASSED
