"""`{% load plans %}{% roadmap candidate %}`: the roadmap timeline of one candidacy, for the candidate page.

One tag, so the pipeline's page needs no change to its view: the roadmap is computed here. The page's
timeline (`events` in its context: all of the candidacy's events) gives the day the student was listed.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from uommam import rules
from uommam.core import pagecache
from uommam.core.rules_config import rules_settings

from ..labels import STEPS, VERDICT_STYLES, VERDICTS, milestone_label
from ..roadmaps import roadmap_for

register = template.Library()


@register.inclusion_tag("plans/_roadmap.html", takes_context=True)
def roadmap(context: template.Context, candidate: Any) -> dict[str, Any]:
    today = timezone.localdate()
    events = context.get("events")
    if not isinstance(events, list) or any(getattr(e, "candidate_id", None) != candidate.pk for e in events):
        events = None  # not this candidacy's timeline: roadmap_for reads the listing itself
    # A function of the candidacy, the day and the rules alone, whoever looks: computed once for every
    # officer who opens the candidate until the next write (uommam/core/pagecache.py).
    item = pagecache.cached(
        "roadmap", (candidate.pk, repr(rules_settings())), lambda: roadmap_for(candidate, today=today, events=events)
    )
    if item is None:
        return {"item": None}
    r = item.roadmap
    s = rules_settings()
    milestones = [{"label": milestone_label(m.key, r, s), "on": m.on, "done": m.done, "key": m.key} for m in r.timeline]
    upcoming = r.next_milestone
    return {
        "item": item,
        "r": r,
        "today": today,
        "verdict": VERDICTS[r.verdict],
        "style": VERDICT_STYLES[r.verdict],
        "milestones": milestones,
        "next": {"label": milestone_label(upcoming.key, r, s), "on": upcoming.on} if upcoming else None,
        "missed": [{"label": STEPS[m.step], "was_due": m.was_due} for m in r.missed],
        # The deadlines are those of the regulation set in force on the vote (official titles, in Vietnamese).
        "regulations": rules.regulation_set_for(r.earliest_vote_on, s.regulation_sets).label
        if r.earliest_vote_on
        else "",
    }


@register.inclusion_tag("plans/_roadmaps_link.html")
def roadmaps_link(cell_id: Any = None) -> dict[str, Any]:
    """The pipeline list's button to the cell's students sorted by latest safe start."""
    return {"cell_id": cell_id}


@register.filter
def verdict_label(value: str) -> str:
    return str(VERDICTS.get(value, value))


@register.filter
def verdict_style(value: str) -> str:
    return VERDICT_STYLES.get(value, "secondary")


@register.filter
def step_label(value: str) -> str:
    return str(STEPS.get(value, value))
