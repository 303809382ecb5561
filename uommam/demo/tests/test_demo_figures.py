"""The demo holds the article's figures for the district period (issue 4, article_figures.csv)."""

from __future__ import annotations

import csv
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from uommam.orgs.models import OrgUnit
from uommam.orgs.tree import path_q
from uommam.pipeline.models import Candidate, CandidateEvent
from uommam.pipeline.stages import Stage
from uommam.training.models import AwarenessClass, Enrolment

PERIOD = (date(2020, 8, 1), date(2025, 6, 30))
FIGURES = Path(__file__).resolve().parents[4] / "shared" / "data" / "article_figures.csv"


def _article() -> dict[str, str]:
    if not FIGURES.exists():
        return {"awareness_classes_since_2020_08": "10", "students_trained": "371", "students_admitted": "12"}
    with FIGURES.open(encoding="utf-8") as handle:
        return {row["figure"]: row["value"] for row in csv.DictReader(handle)}


@pytest.mark.django_db
def test_raw_records_of_the_district_period_give_the_article_figures(demo):
    article = _article()
    district = OrgUnit.objects.get(code="HU-CHIEMHOA")
    classes = AwarenessClass.objects.filter(path_q("organiser__path", district), ends_on__range=PERIOD)
    certified = CandidateEvent.objects.filter(to_stage=Stage.CERTIFIED, effective_on__range=PERIOD)
    admitted = CandidateEvent.objects.filter(
        transition="decide",
        to_stage=Stage.DECIDED,
        effective_on__range=PERIOD,
        candidate__in=certified.values("candidate"),
    )
    assert classes.count() == int(article["awareness_classes_since_2020_08"])
    assert certified.count() == int(article["students_trained"])
    assert admitted.count() == int(article["students_admitted"])
    assert certified.values("candidate").distinct().count() == certified.count()
    assert Enrolment.objects.filter(awareness_class__in=classes).exclude(certificate_number="").count() == 371


@pytest.mark.django_db
def test_later_classes_are_the_provincial_schools_and_every_stage_is_present(demo):
    later = AwarenessClass.objects.filter(starts_on__gt=PERIOD[1])
    assert later.exists()
    assert set(later.values_list("organiser__code", flat=True)) == {"TCT-TUYENQUANG"}
    stages = set(Candidate.objects.values_list("stage", flat=True))
    missing = set(Stage.values) - stages - {Stage.COMMITTEE_RESOLVED}
    assert not missing, missing


@pytest.mark.django_db
def test_bulk_written_events_look_like_the_workflows_own(demo):
    bulk = CandidateEvent.objects.filter(transition="certify").first()
    performed = CandidateEvent.objects.filter(transition="decide").first()
    assert bulk.summary and performed.summary
    assert set(bulk.data) >= {"certificate_number", "certificate_issued_on", "certificate_issuer", "effective_on"}
    candidate = bulk.candidate
    assert candidate.certificate_issued_on.isoformat() == bulk.data["certificate_issued_on"]


@pytest.mark.django_db
def test_running_the_demo_again_changes_nothing(demo):
    before = (AwarenessClass.objects.count(), Candidate.objects.count(), CandidateEvent.objects.count())
    call_command("demo", stdout=StringIO())
    assert (AwarenessClass.objects.count(), Candidate.objects.count(), CandidateEvent.objects.count()) == before


@pytest.mark.django_db
def test_the_demo_breaks_no_rule_of_authority_or_time_order(demo):
    from uommam.core import integrity

    assert [p.as_dict() for p in integrity.stored_problems(today=date(2026, 11, 30))] == []


@pytest.mark.django_db
def test_the_demo_records_its_history_on_the_days_it_happened(demo):
    from django.utils import timezone

    from uommam.audit.models import AuditEntry

    # Every stage change is stamped on its effective day or within a few weeks after, never before.
    for effective_on, at in CandidateEvent.objects.values_list("effective_on", "at"):
        assert 0 <= (timezone.localdate(at) - effective_on).days <= 40, (effective_on, at)
    steps = AuditEntry.objects.filter(action="transition", model="pipeline.Candidate")
    assert steps.filter(at__lt=timezone.make_aware(timezone.datetime(2021, 1, 1))).exists()
    first = AwarenessClass.objects.order_by("starts_on").first()
    assert first is not None and timezone.localdate(first.created_at) <= first.starts_on
