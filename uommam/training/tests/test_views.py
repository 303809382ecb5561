from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from uommam import rules
from uommam.core.rules_config import rules_settings
from uommam.pipeline.models import Candidate
from uommam.pipeline.stages import Stage
from uommam.training import services
from uommam.training.models import Attendance, AwarenessClass, ClassStatus, Enrolment, EnrolmentResult
from uommam.vn.dates import format_vn

TODAY = date(2026, 11, 20)


@pytest.fixture
def taught(world):
    """A class of the centre with one student from each school."""
    candidates = [world.sympathiser("Ma", "Văn", "An", school=0), world.sympathiser("Lý", "Thị", "Bình", school=1)]
    awareness_class = world.awareness_class()
    services.enrol_bulk(
        awareness_class=awareness_class, actor=world.users["centre"], candidates=candidates, today=TODAY
    )
    return awareness_class


def _client(client, world, persona):
    client.force_login(world.users[persona])
    return client


@pytest.mark.parametrize("name", ["class_detail", "class_enrol", "class_results", "class_roster_print"])
def test_sibling_centre_officer_gets_404(client, world, taught, name):
    response = _client(client, world, "sibling").get(reverse(f"training:{name}", args=[taught.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name", ["class_enrol", "class_attendance", "class_results", "class_certificates", "class_edit"]
)
@pytest.mark.parametrize("persona", ["viewer", "secretary"])
def test_read_only_roles_get_403_on_pages_that_change_a_class(client, world, taught, name, persona):
    response = _client(client, world, persona).get(reverse(f"training:{name}", args=[taught.pk]))
    assert response.status_code == 403


def test_viewer_cannot_open_a_class(client, world):
    assert _client(client, world, "viewer").get(reverse("training:class_create")).status_code == 403


def test_cell_secretary_sees_the_class_but_only_their_own_students(client, world, taught):
    response = _client(client, world, "secretary").get(reverse("training:class_detail", args=[taught.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ma Văn An" in content
    assert "Lý Thị Bình" not in content


def test_centre_officer_lists_classes_with_counts(client, world, taught):
    response = _client(client, world, "centre").get(reverse("training:class_list"))
    assert response.status_code == 200
    row = response.context["page"].object_list[0]
    assert (row.enrolled_count, row.passed_count, row.certified_count) == (2, 0, 0)
    assert not _client(client, world, "sibling").get(reverse("training:class_list")).context["page"].object_list


def test_centre_officer_opens_a_class_with_five_sessions(client, world):
    response = _client(client, world, "centre").post(
        reverse("training:class_create"),
        {
            "organiser": world.centre.pk,
            "number": "02/2026",
            "name": "Lớp 02/2026",
            "code": "L02-2026",
            "starts_on": "2026-12-07",
            "ends_on": "2026-12-11",
            "place": "Hội trường",
            "capacity": "55",
            "status": "planned",
        },
    )
    awareness_class = AwarenessClass.objects.get(code="L02-2026")
    assert response.status_code == 302
    assert awareness_class.certificate_issuer == world.centre
    assert awareness_class.sessions.count() == 5


def test_enrol_page_enrols_the_ticked_students(client, world):
    candidates = [world.sympathiser("Ma", "Văn", "An"), world.sympathiser("Lý", "Thị", "Bình", school=1)]
    awareness_class = world.awareness_class()
    url = reverse("training:class_enrol", args=[awareness_class.pk])
    c = _client(client, world, "centre")
    page = c.get(url, {"school": world.schools[1].pk})
    assert [cand.pk for cand in page.context["pool"]] == [candidates[1].pk]
    response = c.post(url, {"enrolled_on": "2026-11-01", "candidate": [x.pk for x in candidates]})
    assert response.status_code == 302
    assert Enrolment.objects.filter(awareness_class=awareness_class).count() == 2


def test_the_enrol_page_of_a_finished_class_says_so_and_offers_no_list(client, world):
    world.sympathiser("Ma", "Văn", "An")
    awareness_class = world.awareness_class()
    AwarenessClass.objects.filter(pk=awareness_class.pk).update(status=ClassStatus.FINISHED)
    page = _client(client, world, "centre").get(reverse("training:class_enrol", args=[awareness_class.pk]))
    html = page.content.decode()
    assert 'data-testid="class-finished"' in html and "Lớp đã kết thúc" in html
    assert 'name="candidate"' not in html


def test_enrol_ignores_candidacies_outside_the_pool(client, world):
    awareness_class = world.awareness_class(organiser=world.sibling_centre, code="SIB")
    candidate = world.sympathiser("Ma", "Văn", "An")
    other = world.awareness_class()
    # The centre officer manages `other`, not the sibling's class; posting a foreign id to their own
    # class enrols it only if the pool offers it, and the pool is what the cells proposed.
    c = _client(client, world, "centre")
    c.post(reverse("training:class_enrol", args=[other.pk]), {"enrolled_on": "2026-11-01", "candidate": [candidate.pk]})
    assert Enrolment.objects.filter(awareness_class=other).count() == 1
    assert c.post(reverse("training:class_enrol", args=[awareness_class.pk]), {}).status_code == 404


def test_attendance_grid_records_absences(client, world, taught):
    enrolment = taught.enrolments.order_by("pk").first()
    session = taught.sessions.first()
    others = [
        f"{e.pk}-{s.pk}"
        for e in taught.enrolments.all()
        for s in taught.sessions.all()
        if (e, s) != (enrolment, session)
    ]
    response = _client(client, world, "centre").post(
        reverse("training:class_attendance", args=[taught.pk]), {"present": others}
    )
    assert response.status_code == 302
    assert Attendance.objects.filter(present=False).get().enrolment == enrolment
    assert Attendance.objects.count() == 10


def test_results_and_certificates_through_the_pages(client, world, taught):
    c = _client(client, world, "centre")
    ids = list(taught.enrolments.values_list("pk", flat=True))
    present = [f"{pk}-{s.pk}" for pk in ids for s in taught.sessions.all()]
    assert c.post(reverse("training:class_attendance", args=[taught.pk]), {"present": present}).status_code == 302
    data = {f"score-{pk}": "7,5" for pk in ids} | {f"result-{pk}": EnrolmentResult.PASSED for pk in ids}
    assert c.post(reverse("training:class_results", args=[taught.pk]), data).status_code == 302
    issue = {"issued_on": "2026-11-06", "issuer": world.centre.pk, "prefix": "GCN", "start": "1", "action": "issue"}
    issue |= {f"number-{pk}": f"GCN/{i:03d}" for i, pk in enumerate(ids, start=1)}
    assert c.post(reverse("training:class_certificates", args=[taught.pk]), issue).status_code == 302
    assert set(Candidate.objects.values_list("stage", flat=True)) == {Stage.CERTIFIED}
    detail = c.get(reverse("training:class_detail", args=[taught.pk])).content.decode()
    expires = rules.certificate_expires_on(date(2026, 11, 6), settings=rules_settings())
    assert format_vn(expires) in detail
    printed = c.get(reverse("training:class_certificate_list_print", args=[taught.pk])).content.decode()
    assert "GCN/001" in printed and "GCN/002" in printed


def test_bad_score_is_shown_on_its_row_and_nothing_saved(client, world, taught):
    c = _client(client, world, "centre")
    ids = list(taught.enrolments.values_list("pk", flat=True))
    data = {f"score-{ids[0]}": "11", f"result-{ids[0]}": "passed", f"score-{ids[1]}": "8", f"result-{ids[1]}": "passed"}
    response = c.post(reverse("training:class_results", args=[taught.pk]), data)
    assert response.status_code == 200
    assert ids[0] in response.context["errors"]
    assert not Enrolment.objects.filter(result=EnrolmentResult.PASSED).exists()
