"""Entering a class's results: the result follows the score and attendance, one submit for a class;
the only possible organiser and certificate issuer are preselected."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from uommam import rules
from uommam.core.rules_config import rules_settings
from uommam.training import services
from uommam.training.models import Enrolment, EnrolmentResult

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)
GIVEN = "An Bình Chi Dung Giang Hà Hương Khánh Lan Linh Mai Minh Nam Nga Ngọc Nhung Oanh Phúc Quân Quỳnh".split()


@pytest.fixture
def class_of_thirty(world):
    candidates = [
        world.sympathiser("Ma", "Văn", f"{GIVEN[i % len(GIVEN)]}{'' if i < len(GIVEN) else ' B'}") for i in range(30)
    ]
    awareness_class = world.awareness_class()
    services.enrol_bulk(
        awareness_class=awareness_class, actor=world.users["centre"], candidates=candidates, today=TODAY
    )
    return awareness_class


def _as(client, world, persona):
    client.force_login(world.users[persona])
    return client


def _page_values(client, awareness_class):
    """What the browser would send untouched: every score and result as shown."""
    response = client.get(reverse("training:class_results", args=[awareness_class.pk]))
    data = {"seen_at": response.context["seen_at"]}
    for e in response.context["enrolments"]:
        value = response.context["values"][e.pk]
        data[f"score-{e.pk}"] = value["score"]
        data[f"result-{e.pk}"] = value["result"]
    return data


def test_thirty_scores_set_thirty_results_in_one_submit(client, world, class_of_thirty):
    c = _as(client, world, "centre")
    data = _page_values(c, class_of_thirty)
    enrolments = list(class_of_thirty.enrolments.order_by("pk"))
    mark = rules.class_pass_mark(rules_settings())
    low = mark - Decimal("1")
    edits = 0
    for index, e in enumerate(enrolments):
        data[f"score-{e.pk}"] = str(low if index < 2 else Decimal("8")).replace(".", ",")
        edits += 1
    assert edits == 30  # one field per student, then one submit
    response = c.post(reverse("training:class_results", args=[class_of_thirty.pk]), data)
    assert response.status_code == 302
    results = [e.result for e in class_of_thirty.enrolments.order_by("pk")]
    assert results == [EnrolmentResult.FAILED] * 2 + [EnrolmentResult.PASSED] * 28


def test_a_new_score_changes_a_result_left_as_it_was(client, world, class_of_thirty):
    c = _as(client, world, "centre")
    first = class_of_thirty.enrolments.order_by("pk").first()
    data = _page_values(c, class_of_thirty)
    data[f"score-{first.pk}"] = "8"
    c.post(reverse("training:class_results", args=[class_of_thirty.pk]), data)
    first.refresh_from_db()
    assert first.result == EnrolmentResult.PASSED
    data = _page_values(c, class_of_thirty)
    assert data[f"result-{first.pk}"] == EnrolmentResult.PASSED
    data[f"score-{first.pk}"] = "3"  # corrected: the result select is not touched
    response = c.post(reverse("training:class_results", args=[class_of_thirty.pk]), data)
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.essay_score, first.result) == (Decimal("3.00"), EnrolmentResult.FAILED)


def test_a_result_chosen_against_the_score_is_still_refused(client, world, class_of_thirty):
    c = _as(client, world, "centre")
    first = class_of_thirty.enrolments.order_by("pk").first()
    data = _page_values(c, class_of_thirty)
    data[f"score-{first.pk}"] = "3"
    data[f"result-{first.pk}"] = EnrolmentResult.PASSED
    response = c.post(reverse("training:class_results", args=[class_of_thirty.pk]), data)
    assert response.status_code == 200 and first.pk in response.context["errors"]
    assert not Enrolment.objects.exclude(result=EnrolmentResult.PENDING).exists()


def test_the_only_organiser_is_preselected_as_organiser_and_certificate_issuer(client, world):
    form = _as(client, world, "centre").get(reverse("training:class_create")).context["form"]
    assert form["organiser"].initial == world.centre.pk
    assert form["certificate_issuer"].initial == world.centre.pk
