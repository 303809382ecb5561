"""Reads for the import pages: batches of the schools a user may write students of."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from uommam.orgs.models import OrgUnit, UnitKind
from uommam.orgs.scope import writable
from uommam.people.scopes import PERSON_WRITE_ROLES

from .models import ImportBatch


def import_schools(user: Any) -> QuerySet[OrgUnit]:
    return writable(OrgUnit.objects.filter(kind=UnitKind.SCHOOL), user, PERSON_WRITE_ROLES).order_by("name")


def batches_for(user: Any) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(school__in=import_schools(user)).select_related("school", "created_by")
