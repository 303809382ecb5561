from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import AuditEntry


def history_for(obj: models.Model) -> QuerySet[AuditEntry]:
    """The journal of one record, newest first."""
    return AuditEntry.objects.filter(model=obj._meta.label, object_pk=str(obj.pk)).select_related("actor")


# Who reads which journal entries is decided by the one scope engine, `uommam.orgs`, which sits above
# audit: orgs registers its rule at start-up (`orgs/access.py`), as apps above register redactors
# (`presentation.register_redactor`). The rule gets the entries and the user and returns the entries
# the user may read, or None when the user may not read the journal at all. Nothing registered:
# nobody reads it.
JournalScope = Callable[[QuerySet[AuditEntry], Any], "QuerySet[AuditEntry] | None"]
_journal_scope: list[JournalScope] = []


def register_journal_scope(scope: JournalScope) -> None:
    _journal_scope[:] = [scope]


def audit_visible_to(user: Any) -> QuerySet[AuditEntry]:
    """Administrators see the whole journal; committee officers the entries of their subtree
    (current and former descendants); everyone else is refused (PermissionDenied)."""
    entries = _journal_scope[0](AuditEntry.objects.select_related("actor"), user) if _journal_scope else None
    if entries is None:
        raise PermissionDenied
    return entries


def audit_search(*, user: Any, filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    entries = audit_visible_to(user)
    if filters.get("actor"):
        text = filters["actor"].strip()
        entries = entries.filter(Q(actor__username__icontains=text) | Q(actor__full_name__icontains=text))
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("model"):
        entries = entries.filter(model=filters["model"])
    zone = timezone.get_current_timezone()
    if filters.get("date_from"):
        entries = entries.filter(at__gte=datetime.combine(filters["date_from"], time.min, tzinfo=zone))
    if filters.get("date_to"):
        entries = entries.filter(at__lte=datetime.combine(filters["date_to"], time.max, tzinfo=zone))
    if filters.get("q"):
        text = filters["q"].strip()
        entries = entries.filter(Q(object_repr__icontains=text) | Q(note__icontains=text) | Q(object_pk=text))
    return entries.order_by("-at", "-id")
