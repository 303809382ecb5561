"""The persona world replayed (uommam/testing/replay.py) is the world a fresh build makes."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from uommam.audit.models import AuditEntry
from uommam.orgs.models import OrgUnit, RoleAssignment, UnitKind
from uommam.orgs.services import orgunit_create
from uommam.people.models import PartyMember, Person
from uommam.testing import replay
from uommam.testing.world import World, build_world

pytestmark = pytest.mark.django_db


def _picture() -> dict[str, Any]:
    """What a build leaves in the database, without ids and clock times."""
    return {
        # The path is made of ids (which differ between builds on PostgreSQL): its depth only.
        "units": sorted(
            (*unit[:-1], unit[-1].count("/"))
            for unit in OrgUnit.objects.values_list(
                "code", "parent__code", "kind", "active_from", "active_until", "path"
            )
        ),
        "roles": sorted(RoleAssignment.objects.values_list("user__username", "unit__code", "role", "active")),
        "people": sorted(Person.objects.values_list("family_name", "given_name", "school__code", "citizen_id")),
        "members": sorted(PartyMember.objects.values_list("given_name", "cell__code", "status")),
        "journal": sorted(AuditEntry.objects.values_list("action", "object_repr")),
    }


def _same_objects(world: World) -> None:
    """The objects handed to the test are the rows in the database."""
    for code, unit in world.units.items():
        assert OrgUnit.objects.get(pk=unit.pk).code == code
    for name, user in world.users.items():
        assert type(user).objects.get(pk=user.pk).username == name
    for person in world.students.values():
        assert Person.objects.get(pk=person.pk).full_name == person.full_name


def test_replay_and_fresh_build_leave_the_same_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    savepoint = transaction.savepoint()
    world = build_world()
    build_world_counts = replay.counts["uommam.testing.world.build_world"]
    replayed = _picture()
    _same_objects(world)
    transaction.savepoint_rollback(savepoint)

    savepoint = transaction.savepoint()
    replays = build_world_counts["replayed"]
    world = build_world()
    assert build_world_counts["replayed"] == replays + 1, "the second world of a process is a replay"
    assert _picture() == replayed
    _same_objects(world)
    transaction.savepoint_rollback(savepoint)

    monkeypatch.setattr(replay, "ENABLED", False)
    fresh_world = build_world()
    assert _picture() == replayed
    _same_objects(fresh_world)


def test_the_world_is_built_for_real_when_its_tables_are_not_empty(world: World) -> None:
    # A second world in one test: no replay into tables that hold rows; the build itself refuses the codes.
    counts = replay.counts["uommam.testing.world.build_world"]
    built = counts["built"]
    with pytest.raises(IntegrityError), transaction.atomic():
        build_world()
    assert counts["built"] == built + 1


def test_a_test_changes_only_its_own_copy_of_the_world(world: World) -> None:
    world.units["S-A"].name = "Changed in memory"
    snapshot = replay._snapshots[("uommam.testing.world.build_world", timezone.localdate())]
    assert pickle.loads(snapshot.value).units["S-A"].name == "Trường THPT A"


def test_clock_times_of_a_replayed_world_are_the_time_of_the_replay() -> None:
    savepoint = transaction.savepoint()
    build_world()  # the next one is a replay
    transaction.savepoint_rollback(savepoint)
    later = timezone.now() + dt.timedelta(minutes=7)
    if timezone.localtime(later).date() != timezone.localdate():
        pytest.skip("too close to midnight: the world of another day is built, not replayed")
    with time_machine.travel(later, tick=False):
        world = build_world()
    window = (later - dt.timedelta(minutes=1), later)
    assert all(window[0] <= at <= window[1] for at in RoleAssignment.objects.values_list("granted_at", flat=True))
    admin = world.users["admin"]
    assert window[0] <= admin.date_joined <= window[1]
    assert type(admin).objects.get(pk=admin.pk).date_joined == admin.date_joined


def test_an_unrelated_unit_makes_the_world_build_for_real() -> None:
    orgunit_create(code="ZZ-OTHER", name="Khác", kind=UnitKind.PROVINCIAL_COMMITTEE)
    counts = replay.counts.setdefault("uommam.testing.world.build_world", {"built": 0, "replayed": 0})
    built = counts["built"]
    world = build_world()
    assert counts["built"] == built + 1
    _same_objects(world)
