"""Reads of the student registry. Every query starts from what the user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from uommam.orgs.models import OrgUnit, UnitKind
from uommam.orgs.scope import visible

from .models import PartyMember, Person
from .privacy import citizen_id_search_schools

if TYPE_CHECKING:
    from uommam.accounts.models import User


def person_list(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Person]:
    filters = filters or {}
    people = visible(Person.objects.all(), user)
    if not filters.get("archived"):
        people = people.active()
    # "current": still at school today; "left": alumni today (a recorded departure, or an expected
    # leaving date that has passed: models.left_school_q); absent or "all": everyone.
    today = timezone.localdate()
    if filters.get("status") == "current":
        people = people.at_school_on(today)
    elif filters.get("status") == "left":
        people = people.left_school_by(today)
    if filters.get("school"):
        people = people.filter(school=filters["school"])
    if filters.get("class_name"):
        people = people.filter(class_name__iexact=filters["class_name"].strip())
    if filters.get("cohort"):
        people = people.filter(cohort=filters["cohort"])
    if filters.get("youth_union") == "yes":
        people = people.filter(youth_union_joined_on__isnull=False)
    elif filters.get("youth_union") == "no":
        people = people.filter(youth_union_joined_on__isnull=True)
    if filters.get("ethnicity"):
        people = people.filter(ethnicity=filters["ethnicity"])
    if filters.get("q"):
        people = people.search(filters["q"], citizen_id_schools=citizen_id_search_schools(user))
    return people.select_related("school").vn_ordered()


def schools_visible_to(user: User) -> QuerySet[OrgUnit]:
    return visible(OrgUnit.objects.filter(kind=UnitKind.SCHOOL), user).order_by("sort_key")


def party_members_visible_to(user: User) -> QuerySet[PartyMember]:
    return visible(PartyMember.objects.all(), user).select_related("cell").order_by("sort_key")
