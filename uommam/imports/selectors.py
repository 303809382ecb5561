"""Reads for the import pages: batches of the schools a user may write students of, and of the
awareness classes the user manages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from uommam.orgs.capabilities import CHANGE, may_somewhere
from uommam.orgs.models import OrgUnit, UnitKind
from uommam.orgs.scope import NOTHING, writable
from uommam.people.models import Person
from uommam.people.scopes import PERSON_WRITE_ROLES
from uommam.training.models import AwarenessClass
from uommam.training.scopes import MANAGE_CLASS, manageable_q

from .models import ImportBatch

if TYPE_CHECKING:
    from uommam.accounts.models import User


def may_import(user: Any) -> bool:
    """Who reaches the import pages (the capability table): those who may change students somewhere
    (a school's list, its results), and those who manage an awareness class (a class roster)."""
    return may_somewhere(user, CHANGE, Person) or may_somewhere(user, MANAGE_CLASS, AwarenessClass)


def import_schools(user: Any) -> QuerySet[OrgUnit]:
    return writable(OrgUnit.objects.filter(kind=UnitKind.SCHOOL), user, PERSON_WRITE_ROLES).order_by("sort_key")


def import_classes(user: User) -> QuerySet[AwarenessClass]:
    """Awareness classes whose roster the user may import: the ones they manage (training's rule)."""
    q = manageable_q(user)
    classes = AwarenessClass.objects.select_related("organiser", "certificate_issuer")
    if q is None:
        return classes.order_by("-starts_on", "code")
    if q is NOTHING:
        return classes.none()
    return classes.filter(q).order_by("-starts_on", "code")


def batches_for(user: User) -> QuerySet[ImportBatch]:
    by_school = Q(school__in=import_schools(user), awareness_class__isnull=True)
    by_class = Q(awareness_class__in=import_classes(user).values("pk"))
    return ImportBatch.objects.filter(by_school | by_class).select_related(
        "school", "created_by", "awareness_class__organiser"
    )
