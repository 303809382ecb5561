"""Demo: the plan that would have saved the article's lost students, and this year's plan.

For the cell of THPT Chiêm Hóa, every student who attended the awareness class but left the pipeline
without being admitted is replayed through the roadmap as if the cell had started right after grade 10
(1 June of the cohort's first school year), with the same class calendar and the same teachers. The
school year in which most of them would have been voted on gets the annual plan the cell *could* have issued;
its comparison with what happened shows the admissions that were lost. The current school year's plan
is drafted from today's roadmaps. Idempotent: an existing plan is left as it is.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from uommam.pipeline.models import Candidate
from uommam.pipeline.stages import Stage
from uommam.plans import services
from uommam.plans.models import AnnualPlan, PlanEntry
from uommam.plans.roadmaps import what_if_started
from uommam.vn.school_year import school_year_of

from .context import DEMO_TODAY, DemoContext

CELL = "CB-THPT-CHIEMHOA"
LOST = (Stage.WITHDRAWN, Stage.REFERRED, Stage.MOVED)
NOTE = "Thực tế: không được kết nạp trước khi ra trường"


def _end_of_grade_10(candidate: Candidate) -> date:
    return date(candidate.person.cohort + 1, 6, 1)


def build(ctx: DemoContext) -> None:
    cell = ctx.unit(CELL)
    lost = list(
        Candidate.objects.filter(cell=cell, stage__in=LOST, certificate_issued_on__isnull=False)
        .select_related("person", "person__home_commune", "cell")
        .order_by("person__sort_key", "pk")
    )
    saved = [item for item in what_if_started(lost, on=_end_of_grade_10) if item.roadmap.verdict != "refer"]
    by_year = defaultdict(list)
    for item in saved:
        assert item.roadmap.earliest_vote_on is not None
        by_year[school_year_of(item.roadmap.earliest_vote_on)].append(item)
    if by_year:
        # The school year in which most of them would have been voted on by the cell.
        year, items = max(sorted(by_year.items()), key=lambda pair: len(pair[1]))
        plan, created = AnnualPlan.objects.get_or_create(
            unit=cell,
            school_year=year,
            defaults={"purpose": services.DEFAULT_PURPOSE, "measures": services.DEFAULT_MEASURES},
        )
        if created:
            lines = services.planned_lines(items, year, date(int(year[:4]), 9, 5))
            PlanEntry.objects.bulk_create(
                PlanEntry(plan=plan, person=person, action=action, month=month, note=NOTE)
                for person, action, month, _note in lines
            )
        ctx.say(f"Plans: {len(saved)} of {len(lost)} students lost at {cell.short_name or cell.name} would have fitted")
    current = school_year_of(DEMO_TODAY)
    if not AnnualPlan.objects.filter(unit=cell, school_year=current).exists():
        services.plan_draft(unit=cell, school_year=current, actor=None, today=DEMO_TODAY)
