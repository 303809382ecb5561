"""A cell with three students of the issue's worked cases, two teachers in the school since 2024,
and the class calendar of the political centre, frozen at the start of grade 12 (07/09/2026)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine

from uommam.people.models import MemberStatus, PartyMember, Person
from uommam.pipeline.models import Candidate
from uommam.pipeline.stages import Stage
from uommam.testing.world import World, student
from uommam.training.models import AwarenessClass

TODAY = dt.date(2026, 9, 7)


@dataclass
class Cell:
    world: World
    fits: Candidate  # born 04/02/2009, certificate in 2026
    needs_class: Candidate  # same birth month, no certificate: the February 2027 class
    too_young: Candidate  # born 15/09/2009: referred
    february_class: AwarenessClass


def _member(world: World, given: str, joined: dt.date) -> PartyMember:
    member = PartyMember(
        family_name="Hoàng",
        middle_name="Thị",
        given_name=given,
        cell=world.units["CB-S-A"],
        status=MemberStatus.OFFICIAL,
        admitted_on=dt.date(2012, 5, 19),
        official_on=dt.date(2013, 5, 19),
        joined_unit_on=joined,
    )
    member.save()
    return member


def _pupil(world: World, given: str, dob: dt.date, **extra: Any) -> Person:
    values: dict[str, Any] = {
        "dob": dob,
        "cohort": 2024,
        "class_name": "12A1",
        "expected_leaving_on": dt.date(2027, 5, 31),
        "home_commune": world.units["DU-B"],
    }
    values.update(extra)
    return student(world.units["S-A"], "Lý", "Thị", given, **values)


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 9, 7, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))), tick=False):
        yield TODAY


@pytest.fixture
def cell(world: World, frozen: dt.date) -> Cell:
    # The world's member "a" has been in the unit since 2015; only one of these two arrived in 2024.
    PartyMember.objects.filter(pk=world.members["a"].pk).update(left_unit_on=dt.date(2024, 6, 30))
    teacher = _member(world, "Mai", dt.date(2024, 8, 1))
    _member(world, "Lan", dt.date(2024, 8, 15))
    cell_unit = world.units["CB-S-A"]
    fits = Candidate.objects.create(
        person=_pupil(world, "Xuân", dt.date(2009, 2, 4)),
        cell=cell_unit,
        stage=Stage.CERTIFIED,
        helper=teacher,
        stage_since=dt.date(2026, 4, 20),
        certificate_number="GCN-2026",
        certificate_issued_on=dt.date(2026, 4, 20),
    )
    needs_class = Candidate.objects.create(
        person=_pupil(world, "Hạ", dt.date(2009, 2, 10)),
        cell=cell_unit,
        stage=Stage.IDENTIFIED,
    )
    too_young = Candidate.objects.create(
        person=_pupil(world, "Thu", dt.date(2009, 9, 15)),
        cell=cell_unit,
        stage=Stage.SYMPATHISER,
        helper=teacher,
        stage_since=dt.date(2026, 5, 1),
    )
    february_class = AwarenessClass.objects.create(
        organiser=world.units["TTCT-D"],
        certificate_issuer=world.units["TTCT-D"],
        code="LOP-01-2027",
        number="01/2027",
        name="Lớp 01/2027",
        starts_on=dt.date(2027, 2, 1),
        ends_on=dt.date(2027, 2, 4),
    )
    return Cell(world, fits, needs_class, too_young, february_class)
