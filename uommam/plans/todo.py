"""To-do hook (settings.UOMMAM_TODO_PROVIDERS): students whose latest safe start is within a month.

The latest safe start is the last day on which the first step not yet started (helper, class, dossier)
can begin for the admission still to fall before the student leaves school (`uommam.rules.roadmap`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uommam.core.rules_config import rules_settings
from uommam.pipeline.selectors import candidates_visible_to
from uommam.pipeline.stages import BEFORE_VOTE
from uommam.pipeline.todo import SECTION_TEMPLATE, DeadlineKind, TodoItem, acts_on
from uommam.vn.dates import format_vn

from .roadmaps import roadmaps_for

if TYPE_CHECKING:
    from uommam.accounts.models import User

# Who acts on a latest safe start (the cell's secretary, the default of DeadlineKind), and its button.
SAFE_START = DeadlineKind(
    "safe-start",
    lambda s: _("Latest safe start within a month"),
    gettext_lazy("Start by"),
    gettext_lazy("Plan the next step"),
)


def _note(item: Any) -> str:
    r = item.roadmap
    if r.class_by is not None and r.latest_safe_start == r.class_by.starts_on:
        return _("last class that still fits: %(name)s, from %(date)s") % {
            "name": r.class_by.name,
            "date": format_vn(r.class_by.starts_on),
        }
    if r.dossier_from is not None and r.latest_safe_start is not None and r.latest_safe_start >= r.dossier_from:
        return _("start the dossier (personal history, verification) by this date")
    return _("put on the sympathiser list with a helper by this date")


def todo_sections(user: User, *, today: date | None = None) -> list[dict[str, Any]]:
    if not acts_on(SAFE_START, user):
        return []  # the cell starts the steps: not a line on the lists of those who cannot act on it
    today = today or timezone.localdate()
    horizon = today + timedelta(days=rules_settings().roadmap_warning_days)
    candidates = (
        candidates_visible_to(user)
        .filter(stage__in=BEFORE_VOTE)
        .select_related("person", "person__home_commune", "cell", "helper")
    )
    items = [
        TodoItem(item.candidate, r.latest_safe_start, r.latest_safe_start < today, _note(item))
        for item in roadmaps_for(candidates, today=today)
        if (r := item.roadmap).latest_safe_start is not None and r.latest_safe_start <= horizon
    ]
    if not items:
        return []
    items.sort(key=lambda i: (i.on, i.candidate.person.sort_key))
    return [
        {
            "key": "safe-start",
            "template": SECTION_TEMPLATE,
            "title": _("Latest safe start within a month"),
            "date_label": _("Start by"),
            "help": _("After this date the admission no longer fits before the student leaves school."),
            "items": items,
            "overdue": sum(1 for i in items if i.overdue),
            "acts": SAFE_START.acts,
            "action": str(SAFE_START.action),
        }
    ]
