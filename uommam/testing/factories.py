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
from typing import Any

# Imported from the submodules: factory_boy ships `py.typed`, and its package root re-exports these names
# implicitly, which strict mypy does not accept (`no_implicit_reexport`). The declarations' constructors
# (`Sequence`, `LazyAttribute`, ...) are unannotated: pyproject.toml exempts calls into `factory` alone from
# `disallow_untyped_calls` (`untyped_calls_exclude`), narrower than switching checks off for this module.
from factory.declarations import LazyAttribute, SelfAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory, Password

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


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User

    username = Sequence(lambda n: f"user{n}")
    full_name = LazyAttribute(lambda user: user.username.replace("_", " ").title())
    email = LazyAttribute(lambda user: f"{user.username}@example.vn")
    password = Password(PASSWORD)


def persona(username: str, unit: OrgUnit | None, role: str | None, *, password: str = PASSWORD, **fields: Any) -> User:
    """A login holding `role` at `unit` (granted through the org service, so it is audited like a real grant)."""
    user = UserFactory.create(username=username, password=password, **fields)
    if unit is not None and role is not None:
        role_grant(user=user, unit=unit, role=role)
    return user


def superuser(username: str = "admin", *, password: str = PASSWORD, **fields: Any) -> User:
    return UserFactory.create(username=username, password=password, is_superuser=True, is_staff=True, **fields)


class PersonFactory(DjangoModelFactory[Person]):
    """A student; `school` is required."""

    class Meta:
        model = Person

    family_name = "Ma"
    middle_name = "Thị"
    given_name = Sequence(lambda n: f"Học{n}")
    dob = date(2008, 5, 17)
    sex = "F"
    ethnicity = "02"
    cohort = 2023
    class_name = "12A1"
    youth_union_joined_on = LazyAttribute(lambda person: date(person.cohort, 3, 26))
    expected_leaving_on = LazyAttribute(lambda person: date(person.cohort + 3, 5, 31))


class PartyMemberFactory(DjangoModelFactory[PartyMember]):
    """A Party member of `cell` (required), official since long before any test date."""

    class Meta:
        model = PartyMember

    family_name = "Hoàng"
    middle_name = "Văn"
    given_name = Sequence(lambda n: f"Giúp{n}")
    status = MemberStatus.OFFICIAL


class CandidateFactory(DjangoModelFactory[Candidate]):
    """A candidacy placed directly in `stage` (set-up only: the application moves stages through the workflow).

    `cell` is required; without `person`, a new student of the cell's school is made.
    """

    class Meta:
        model = Candidate

    stage = Stage.IDENTIFIED
    person = SubFactory(PersonFactory, school=SelfAttribute("..cell.school"))


# Typed shortcuts for typed code (the trees): `XFactory.create()` returns the model (each factory is
# `DjangoModelFactory[Model]`), while `XFactory(...)`, what tests write, goes through factory_boy's unannotated
# metaclass `__call__` and reads as the factory class to a type checker.
def make_person(**fields: Any) -> Person:
    return PersonFactory.create(**fields)


def make_member(**fields: Any) -> PartyMember:
    return PartyMemberFactory.create(**fields)


def make_candidate(**fields: Any) -> Candidate:
    return CandidateFactory.create(**fields)
