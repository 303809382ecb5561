"""Reads for awareness classes. Every query starts from what the user may see."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from uommam import rules
from uommam.core.rules_config import rules_settings
from uommam.orgs.access import ORGANISE_CLASS
from uommam.orgs.capabilities import permitted
from uommam.orgs.models import OrgUnit, UnitKind
from uommam.orgs.scope import NOTHING, scope_q, visible
from uommam.orgs.tree import path_q
from uommam.pipeline.models import Candidate
from uommam.pipeline.stages import Stage

from .models import ORGANISER_KINDS, AwarenessClass, Enrolment, EnrolmentResult
from .scopes import manageable_q

if TYPE_CHECKING:
    from uommam.accounts.models import User


def class_list(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[AwarenessClass]:
    filters = filters or {}
    classes = visible(AwarenessClass.objects.all(), user)
    if filters.get("status"):
        classes = classes.filter(status=filters["status"])
    if filters.get("year"):
        classes = classes.filter(starts_on__year=filters["year"])
    # Counts in subqueries-free form: `visible` may have joined enrolments already (distinct).
    ids = classes.values("pk")
    return (
        AwarenessClass.objects.filter(pk__in=ids)
        .select_related("organiser")
        .annotate(
            enrolled_count=Count("enrolments", distinct=True),
            passed_count=Count("enrolments", filter=Q(enrolments__result=EnrolmentResult.PASSED), distinct=True),
            certified_count=Count("enrolments", filter=~Q(enrolments__certificate_number=""), distinct=True),
        )
        .order_by("-starts_on", "code")
    )


def class_counts(awareness_class: AwarenessClass) -> dict[str, int]:
    enrolments = awareness_class.enrolments
    return {
        "enrolled": enrolments.count(),
        "passed": enrolments.filter(result=EnrolmentResult.PASSED).count(),
        "failed": enrolments.filter(result=EnrolmentResult.FAILED).count(),
        "certified": enrolments.exclude(certificate_number="").count(),
    }


def can_manage(user: User, awareness_class: AwarenessClass) -> bool:
    q = manageable_q(user)
    if q is None:
        return True
    if q is NOTHING:
        return False
    return AwarenessClass.objects.filter(q, pk=awareness_class.pk).exists()


def organisers_for(user: User) -> QuerySet[OrgUnit]:
    """Units the user may open a class for: political centres and committees in their subtree."""
    allowed = permitted(OrgUnit.objects.filter(kind__in=ORGANISER_KINDS), user, ORGANISE_CLASS)
    # As a plain filter (no DISTINCT): callers combine it with other unit querysets.
    return OrgUnit.objects.filter(pk__in=allowed.values("pk")).order_by("path")


def roster(*, awareness_class: AwarenessClass, user: User) -> QuerySet[Enrolment]:
    """The class's enrolments the user may see, in Vietnamese name order."""
    return (
        visible(Enrolment.objects.filter(awareness_class=awareness_class), user)
        .select_related("person", "school", "candidate")
        .order_by("person__sort_key", "pk")
    )


def enrolment_pool(
    *, awareness_class: AwarenessClass, user: User, school: OrgUnit | None = None, q: str = ""
) -> QuerySet[Candidate]:
    """Sympathisers who may be enrolled in the class by a user who manages it.

    A cell proposes the students on its sympathiser list for the class (domain.md §6.1); the
    organiser sees these proposals from the schools of the area it serves — the subtree of its
    parent committee — besides whatever candidacies the user's roles already show.
    """
    pool = Candidate.objects.filter(stage=Stage.SYMPATHISER).exclude(
        person__class_enrolments__awareness_class=awareness_class
    )
    scope = scope_q(Candidate, user)
    organiser = awareness_class.organiser
    if scope is not None:
        area = path_q("cell__path", organiser.parent) if organiser.parent is not None else NOTHING
        pool = pool.filter(scope | area)
    if school is not None:
        pool = pool.filter(person__school=school)
    if q:
        from uommam.people.models import Person
        from uommam.people.privacy import citizen_id_search_schools

        pool = pool.filter(person__in=Person.objects.search(q, citizen_id_schools=citizen_id_search_schools(user)))
    return pool.select_related("person", "person__school", "cell").order_by("person__sort_key", "pk").distinct()


def pool_schools(pool: QuerySet[Candidate]) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(kind=UnitKind.SCHOOL, pk__in=pool.values("person__school")).order_by("sort_key")


def certificate_expiry(issued_on: date | None) -> date | None:
    if issued_on is None:
        return None
    return rules.certificate_expires_on(issued_on, settings=rules_settings())
