"""Building candidacies with a recorded event history, without going through the workflow's guards."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from uommam.orgs.models import OrgUnit
from uommam.people.models import Person
from uommam.pipeline.models import Candidate, CandidateEvent, EventKind
from uommam.pipeline.stages import Stage

# transition name → target stage, as in the workflow's table.
TARGETS = {
    "accept_sympathiser": Stage.SYMPATHISER,
    "enrol": Stage.IN_CLASS,
    "fail_class": Stage.SYMPATHISER,
    "certify": Stage.CERTIFIED,
    "open_dossier": Stage.DOSSIER,
    "record_vote": Stage.VOTED,
    "decide": Stage.DECIDED,
    "hold_ceremony": Stage.PROBATIONARY,
    "recognise_official": Stage.OFFICIAL,
    "refer": Stage.REFERRED,
    "withdraw": Stage.WITHDRAWN,
    "move": Stage.MOVED,
}
_counter = [0]


def make_student(school: OrgUnit, given: str = "An", **extra: Any) -> Person:
    _counter[0] += 1
    values: dict[str, Any] = {
        "dob": dt.date(2007, 3, 1),
        "sex": "F",
        "ethnicity": "02",
        "cohort": 2022,
        "class_name": "11A1",
        "youth_union_joined_on": dt.date(2022, 3, 26),
    }
    values.update(extra)
    return Person.objects.create(
        school=school, family_name="Ma", middle_name=f"Thị {_counter[0]:03d}", given_name=given, **values
    )


def candidacy(
    person: Person,
    cell: OrgUnit,
    steps: list[tuple[str, dt.date]],
    *,
    recorded_at: dt.datetime | None = None,
    **fields: Any,
) -> Candidate:
    """A candidacy whose timeline holds `steps` (transition, effective date), each recorded that day or at `recorded_at`."""
    stage = Stage.IDENTIFIED
    candidate = Candidate.objects.create(person=person, cell=cell, stage=stage, **fields)
    for name, on in steps:
        target = TARGETS[name]
        event = CandidateEvent.objects.create(
            candidate=candidate,
            kind=EventKind.TRANSITION,
            transition=name,
            from_stage=stage,
            to_stage=target,
            effective_on=on,
        )
        # Recorded on the day it happened unless the test says otherwise.
        CandidateEvent.objects.filter(pk=event.pk).update(at=recorded_at or aware(on))
        stage = target
    Candidate.objects.filter(pk=candidate.pk).update(stage=stage)
    candidate.refresh_from_db()
    return candidate


def aware(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


FULL = [
    ("accept_sympathiser", dt.date(2023, 10, 1)),
    ("enrol", dt.date(2023, 11, 1)),
    ("certify", dt.date(2023, 11, 10)),
    ("open_dossier", dt.date(2024, 1, 5)),
    ("record_vote", dt.date(2024, 3, 1)),
    ("decide", dt.date(2024, 4, 1)),
    ("hold_ceremony", dt.date(2024, 4, 20)),
]
