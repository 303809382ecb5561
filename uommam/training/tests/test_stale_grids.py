"""No lost updates on the class grids: a save after someone else changed the same class's attendance
or results (since the page was opened) is refused, their change is shown, the user's input is kept."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from uommam.core.errors import StaleEdit
from uommam.training import services
from uommam.training.models import Attendance, EnrolmentResult

from .test_views import TODAY, _client


@pytest.fixture
def taught(world):
    """A class of the centre with one student from each school."""
    candidates = [world.sympathiser("Ma", "Văn", "An", school=0), world.sympathiser("Lý", "Thị", "Bình", school=1)]
    awareness_class = world.awareness_class()
    services.enrol_bulk(
        awareness_class=awareness_class, actor=world.users["centre"], candidates=candidates, today=TODAY
    )
    return awareness_class


BEFORE = (timezone.now() - dt.timedelta(minutes=5)).isoformat()


def _cells(awareness_class):
    return [(e.pk, s.pk) for e in awareness_class.enrolments.order_by("pk") for s in awareness_class.sessions.all()]


def test_attendance_save_over_someone_elses_change_is_refused_and_keeps_the_ticks(client, world, taught):
    cells = _cells(taught)
    services.attendance_save(awareness_class=taught, actor=world.users["committee"], present=set(cells[1:]))
    mine = [f"{e}-{s}" for e, s in cells[:-1]]  # I untick the last cell; they unticked the first
    response = _client(client, world, "centre").post(
        reverse("training:class_attendance", args=[taught.pk]), {"present": mine, "seen_at": BEFORE}
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="stale-warning"' in body
    first = f"{cells[0][0]}-{cells[0][1]}"
    assert 'data-conflict="absent"' in body
    assert f'value="{first}" aria-label' in body  # my tick on the cell they changed is kept …
    assert f'name="present" value="{first}"' in body and body.count(" checked") == len(mine)
    assert not Attendance.objects.get(enrolment_id=cells[0][0], session_id=cells[0][1]).present  # … theirs stands
    assert Attendance.objects.get(enrolment_id=cells[-1][0], session_id=cells[-1][1]).present
    # Saving again from the refused page (its fresh "opened at") wins knowingly.
    again = _client(client, world, "centre").post(
        reverse("training:class_attendance", args=[taught.pk]),
        {"present": mine, "seen_at": response.context["seen_at"]},
    )
    assert again.status_code == 302
    assert Attendance.objects.get(enrolment_id=cells[0][0], session_id=cells[0][1]).present


def test_attendance_own_earlier_save_and_missing_seen_at_are_not_conflicts(world, taught):
    cells = set(_cells(taught))
    services.attendance_save(awareness_class=taught, actor=world.users["centre"], present=cells)
    seen = timezone.now() - dt.timedelta(minutes=5)
    assert services.attendance_save(awareness_class=taught, actor=world.users["centre"], present=set(), seen_at=seen)
    services.attendance_save(awareness_class=taught, actor=world.users["committee"], present=cells, seen_at=None)
    with pytest.raises(StaleEdit):
        services.attendance_save(awareness_class=taught, actor=world.users["centre"], present=set(), seen_at=seen)


def test_results_save_over_someone_elses_change_is_refused_and_keeps_the_scores(client, world, taught):
    first, second = taught.enrolments.order_by("pk")
    services.attendance_save(awareness_class=taught, actor=world.users["committee"], present=set(_cells(taught)))
    services.results_save(
        awareness_class=taught,
        actor=world.users["committee"],
        rows={first.pk: services.ResultRow(essay_score=Decimal("6.5"), result=EnrolmentResult.PASSED)},
        today=TODAY,
    )
    data = {
        f"score-{first.pk}": "8,25",
        f"result-{first.pk}": EnrolmentResult.PASSED,
        f"score-{second.pk}": "9",
        f"result-{second.pk}": EnrolmentResult.PASSED,
        "seen_at": BEFORE,
    }
    response = _client(client, world, "centre").post(reverse("training:class_results", args=[taught.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "6,5" in body and 'value="8,25"' in body and 'value="9"' in body  # their score and my input
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.essay_score == Decimal("6.5") and second.essay_score is None  # nothing of mine was saved
    data["seen_at"] = response.context["seen_at"]
    assert (
        _client(client, world, "centre").post(reverse("training:class_results", args=[taught.pk]), data).status_code
        == 302
    )
    first.refresh_from_db()
    assert first.essay_score == Decimal("8.25")
