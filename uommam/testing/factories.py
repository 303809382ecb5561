# mypy: disable-error-code="no-untyped-call,attr-defined,type-arg"
# (factory_boy declares its factories untyped; the typed entry points are the make_* functions below.)
"""factory_boy factories for the records every test world is made of: logins with a role, students, Party
members, candidacies.

A test names only what it is about; everything else gets a plain, valid default (a girl born 17/05/2008 in
cohort 2023, an official member, a candidacy just identified). Units are never made up here: they come from a
tree (`uommam.testing.world.build_world()` or one of `uommam.testing.trees`), built through the org services.

    make_person(school=world.units["S-A"], given_name="Bình")
    make_candidate(cell=world.units["CB-S-A"], stage=Stage.CERTIFIED)   # a new student of the cell's school
    persona("cell_x", unit, Role.CELL_SECRETARY)                            # a login with that role
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

import factory
from factory.django import DjangoModelFactory

from uommam.accounts.models import User
from uommam.orgs.models import OrgUnit
from uommam.orgs.services import role_grant
from uommam.people.models import MemberStatus, PartyMember, Person
from uommam.pipeline.models import Candidate
from uommam.pipeline.stages import Stage
from uommam.testing.world import PASSWORD  # the one password of every persona

__all__ = [
    "PASSWORD",
    "CandidateFactory",
    "PartyMemberFactory",
    "PersonFactory",
    "UserFactory",
    "make_candidate",
    "make_member",
    "make_person",
    "persona",
    "superuser",
]


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.LazyAttribute(lambda user: user.username.replace("_", " ").title())
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.vn")
    password = factory.django.Password(PASSWORD)


def persona(username: str, unit: OrgUnit | None, role: str | None, *, password: str = PASSWORD, **fields: Any) -> User:
    """A login holding `role` at `unit` (granted through the org service, so it is audited like a real grant)."""
    user = cast(User, UserFactory.create(username=username, password=password, **fields))
    if unit is not None and role is not None:
        role_grant(user=user, unit=unit, role=role)
    return user


def superuser(username: str = "admin", *, password: str = PASSWORD, **fields: Any) -> User:
    return cast(
        User, UserFactory.create(username=username, password=password, is_superuser=True, is_staff=True, **fields)
    )


class PersonFactory(DjangoModelFactory):
    """A student; `school` is required."""

    class Meta:
        model = Person

    family_name = "Ma"
    middle_name = "Thị"
    given_name = factory.Sequence(lambda n: f"Học{n}")
    dob = date(2008, 5, 17)
    sex = "F"
    ethnicity = "02"
    cohort = 2023
    class_name = "12A1"
    youth_union_joined_on = factory.LazyAttribute(lambda person: date(person.cohort, 3, 26))
    expected_leaving_on = factory.LazyAttribute(lambda person: date(person.cohort + 3, 5, 31))


class PartyMemberFactory(DjangoModelFactory):
    """A Party member of `cell` (required), official since long before any test date."""

    class Meta:
        model = PartyMember

    family_name = "Hoàng"
    middle_name = "Văn"
    given_name = factory.Sequence(lambda n: f"Giúp{n}")
    status = MemberStatus.OFFICIAL


class CandidateFactory(DjangoModelFactory):
    """A candidacy placed directly in `stage` (set-up only: the application moves stages through the workflow).

    `cell` is required; without `person`, a new student of the cell's school is made.
    """

    class Meta:
        model = Candidate

    stage = Stage.IDENTIFIED
    person = factory.SubFactory(PersonFactory, school=factory.SelfAttribute("..cell.school"))


# Typed shortcuts (factory_boy's calls return the factory type to a type checker).
def make_person(**fields: Any) -> Person:
    return cast(Person, PersonFactory.create(**fields))


def make_member(**fields: Any) -> PartyMember:
    return cast(PartyMember, PartyMemberFactory.create(**fields))


def make_candidate(**fields: Any) -> Candidate:
    return cast(Candidate, CandidateFactory.create(**fields))
