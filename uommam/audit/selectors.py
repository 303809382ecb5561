from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from .models import AuditEntry


def history_for(obj: models.Model) -> QuerySet[AuditEntry]:
    """The journal of one record, newest first."""
    return AuditEntry.objects.filter(model=obj._meta.label, object_pk=str(obj.pk)).select_related("actor")
