"""The demo's cell whose plan, followed, would have admitted several of the students the article lost."""

from __future__ import annotations

from io import StringIO

import pytest

from uommam.demo.builders import plans as demo_plans
from uommam.demo.builders.context import DEMO_TODAY, DemoContext
from uommam.plans.models import AnnualPlan, PlanAction
from uommam.plans.selectors import plan_vs_actual


@pytest.mark.django_db
def test_demo_plan_would_have_admitted_several_lost_students(demo: str) -> None:
    assert "would have fitted" in demo
    past = AnnualPlan.objects.filter(unit__code=demo_plans.CELL).exclude(school_year="2026-2027").get()
    admit_lines = past.entries.filter(action=PlanAction.ADMIT).select_related("person")
    assert admit_lines.count() >= 3
    for line in admit_lines:
        # Every one of them attended the class and left without being admitted.
        candidacy = line.person.candidacies.get()
        assert candidacy.certificate_issued_on is not None
        assert candidacy.stage in demo_plans.LOST
    _months, statuses = plan_vs_actual(past, as_of=DEMO_TODAY)
    assert {s.state for s in statuses if s.entry.action == PlanAction.ADMIT} == {"overdue"}


@pytest.mark.django_db
def test_demo_drafts_this_years_plan_and_building_again_adds_nothing(demo: str) -> None:
    current = AnnualPlan.objects.get(unit__code=demo_plans.CELL, school_year="2026-2027")
    assert current.entries.exists()
    counts = (AnnualPlan.objects.count(), sum(p.entries.count() for p in AnnualPlan.objects.all()))
    demo_plans.build(DemoContext(stdout=StringIO()))
    assert (AnnualPlan.objects.count(), sum(p.entries.count() for p in AnnualPlan.objects.all())) == counts
