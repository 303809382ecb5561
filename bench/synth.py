"""Generate a synthetic province for the report benchmark (issue 7).

    DATABASE_URL=sqlite:////tmp/province.sqlite3 .venv/bin/python bench/synth.py [--scale 1.0] [--seed 7]

At scale 1: 10 districts closed on 30/06/2025 whose 16 schools each (160 schools) moved under
commune committees on 01/07/2025; ≈ 304,000 students in cohorts 2017–2025; ≈ 32,000 candidacies
with transition events over six school years (2019-2020 … 2024-2025). The database is migrated
first; rows are written with bulk_create in large batches, so a full province takes minutes.
Prints one line of JSON with the counts and the seconds it took.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

FAMILY = ["Nguyễn", "Ma", "Hoàng", "Nông", "Lý", "Triệu", "Hà", "Quan", "Bàn", "Đặng", "La", "Phạm", "Trần", "Lê"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quốc", "Thanh", "Hữu", "Thị Thu", "Văn Hải"]
GIVEN = ["Hợi", "Lan", "Anh", "Hường", "Tú", "Mai", "Quyết", "Chiến", "Phương", "Hạnh", "Lâm", "Dũng", "Yến"]
ETHNICITIES = ["01", "01", "01", "02", "02", "03", "04", "05"]
DISTRICTS = 10
SCHOOLS_PER_DISTRICT = 16
STUDENTS_PER_SCHOOL_COHORT = 211  # × 9 cohorts × 160 schools ≈ 304,000
COHORTS = range(2017, 2026)
CANDIDATE_SHARE = 0.16  # of students in cohorts 2018–2023 (≈ 32,000 at scale 1)
CLOSED = date(2025, 6, 30)
REORGANISED = date(2025, 7, 1)
BATCH = 5000


def build(scale: float, seed: int) -> dict[str, object]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")

    from uommam.accounts.models import User
    from uommam.orgs.models import OrgUnit, UnitKind
    from uommam.orgs.services import orgunit_close, orgunit_create, orgunit_move
    from uommam.people.models import Person
    from uommam.pipeline.models import Candidate, CandidateEvent, EventKind
    from uommam.pipeline.stages import Stage
    from uommam.vn.collation import name_sort_key
    from uommam.vn.text import fold

    rng = random.Random(seed)
    started = time.monotonic()
    if not User.objects.filter(username="bench").exists():
        User.objects.create_superuser("bench", "bench@example.vn", "bench-password-2026")
    if OrgUnit.objects.filter(code="TU-SYNTH").exists():
        raise SystemExit("this database already holds a synthetic province")

    n_schools = max(2, round(DISTRICTS * SCHOOLS_PER_DISTRICT * scale))
    schools: list[OrgUnit] = []
    cells: dict[int, OrgUnit] = {}
    with transaction.atomic():
        province = orgunit_create(
            code="TU-SYNTH", name="Tỉnh ủy Tổng hợp", kind=UnitKind.PROVINCIAL_COMMITTEE, document_code="TU"
        )
        districts, communes = [], []
        for d in range(DISTRICTS):
            districts.append(
                orgunit_create(
                    parent=province,
                    code=f"HU-S{d:02d}",
                    name=f"Huyện ủy Tổng hợp {d + 1}",
                    kind=UnitKind.DISTRICT_COMMITTEE,
                    active_until=CLOSED,
                    document_code="HU",
                )  # fmt: skip
            )
            communes.append(
                orgunit_create(
                    parent=province,
                    code=f"DU-S{d:02d}",
                    name=f"Đảng ủy xã Tổng hợp {d + 1}",
                    kind=UnitKind.COMMUNE_COMMITTEE,
                    active_from=REORGANISED,
                    document_code="ĐU",
                )  # fmt: skip
            )
            orgunit_close(unit=districts[-1], last_day=CLOSED, successor=communes[-1])
        for s in range(n_schools):
            district = districts[s % DISTRICTS]
            school = orgunit_create(
                parent=district, code=f"S-{s:03d}", name=f"Trường THPT Tổng hợp {s + 1:03d}", kind=UnitKind.SCHOOL
            )
            cells[school.pk] = orgunit_create(
                parent=school, code=f"CB-S-{s:03d}", name=f"Chi bộ Trường THPT Tổng hợp {s + 1:03d}",
                kind=UnitKind.CELL, school=school, superior_committee=district, document_code="CB",
            )  # fmt: skip
            schools.append(school)
        for s, school in enumerate(schools):
            orgunit_move(unit=school, new_parent=communes[s % DISTRICTS], on=REORGANISED)

    names: dict[tuple[str, str, str], tuple[str, str, str]] = {}

    def derived(family: str, middle: str, given: str) -> tuple[str, str, str]:
        key = (family, middle, given)
        if key not in names:
            full = f"{family} {middle} {given}"
            names[key] = (full, name_sort_key(family, middle, given), fold(full))
        return names[key]

    people: list[Person] = []
    n_people = 0
    for school in schools:
        for cohort in COHORTS:
            for i in range(STUDENTS_PER_SCHOOL_COHORT):
                family, middle, given = rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN)
                full, sort_key, search_key = derived(family, middle, given)
                joined = date(cohort, 3, 26) if rng.random() < 0.9 else None
                people.append(
                    Person(
                        school_id=school.pk,
                        family_name=family,
                        middle_name=middle,
                        given_name=given,
                        full_name=full,
                        sort_key=sort_key,
                        search_key=search_key,
                        dob=date(cohort - 15, 1 + i % 12, 1 + i % 28),
                        sex="MF"[i % 2],
                        ethnicity=rng.choice(ETHNICITIES),
                        cohort=cohort,
                        class_name=f"{10 + min(2, 2025 - cohort)}A{1 + i % 8}",
                        youth_union_joined_on=joined,
                        expected_leaving_on=date(cohort + 3, 5, 31),
                    )  # fmt: skip
                )
                if len(people) >= BATCH:
                    Person.objects.bulk_create(people, batch_size=BATCH)
                    n_people += len(people)
                    people = []
    Person.objects.bulk_create(people, batch_size=BATCH)
    n_people += len(people)

    # Candidacies: a share of the students of cohorts 2018–2023, each with a realistic timeline.
    pool = list(
        Person.objects.filter(school__in=schools, cohort__gte=2018, cohort__lte=2023).values_list(
            "pk", "school_id", "cohort"
        )
    )
    chosen = rng.sample(pool, int(len(pool) * CANDIDATE_SHARE))
    candidates, timelines = [], []
    for person_id, school_id, cohort in chosen:
        start = date(cohort + 1, 10, 1) + timedelta(days=rng.randint(0, 60))
        steps = [("accept_sympathiser", Stage.SYMPATHISER, start)]
        on = start + timedelta(days=rng.randint(20, 120))
        steps.append(("enrol", Stage.IN_CLASS, on))
        roll = rng.random()
        if roll < 0.9:
            on += timedelta(days=5)
            steps.append(("certify", Stage.CERTIFIED, on))
            if roll < 0.30:
                on = max(on + timedelta(days=60), date(cohort + 3, 1, 10))
                steps.append(("open_dossier", Stage.DOSSIER, on))
                if roll < 0.12:
                    on += timedelta(days=rng.randint(30, 90))
                    steps.append(("record_vote", Stage.VOTED, on))
                    on += timedelta(days=rng.randint(20, 60))
                    steps.append(("decide", Stage.DECIDED, on))
                    on += timedelta(days=rng.randint(5, 30))
                    steps.append(("hold_ceremony", Stage.PROBATIONARY, on))
                    if on + timedelta(days=380) <= date(2025, 8, 31):
                        steps.append(("recognise_official", Stage.OFFICIAL, on + timedelta(days=380)))
            elif roll < 0.45:
                steps.append(("refer", Stage.REFERRED, date(cohort + 3, 6, 15)))
            elif roll < 0.50:
                steps.append(("withdraw", Stage.WITHDRAWN, on + timedelta(days=100)))
        else:
            steps.append(("fail_class", Stage.SYMPATHISER, on + timedelta(days=4)))
        steps = [s for s in steps if s[2] <= date(2025, 8, 31)]
        if not steps:
            continue
        candidates.append(
            Candidate(
                person_id=person_id,
                cell_id=cells[school_id].pk,
                stage=steps[-1][1],
                stage_since=steps[-1][2],
                school_year=f"{cohort + 1}-{cohort + 2}",
            )  # fmt: skip
        )
        timelines.append(steps)
    Candidate.objects.bulk_create(candidates, batch_size=BATCH)
    tz = timezone.get_current_timezone()
    events = []
    n_events = 0
    for candidate, steps in zip(candidates, timelines, strict=True):
        stage = Stage.IDENTIFIED
        for name, target, on in steps:
            events.append(
                CandidateEvent(
                    candidate_id=candidate.pk,
                    kind=EventKind.TRANSITION,
                    transition=name,
                    from_stage=stage,
                    to_stage=target,
                    effective_on=on,
                    summary=name,
                )  # fmt: skip
            )
            events[-1]._recorded = datetime.combine(on, dtime(15), tz)  # type: ignore[attr-defined]
            stage = target
        if len(events) >= BATCH:
            n_events += _write_events(CandidateEvent, events)
            events = []
    n_events += _write_events(CandidateEvent, events)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "schools": len(schools),
        "students": n_people,
        "candidates": len(candidates),
        "events": n_events,
        "seconds": round(time.monotonic() - started, 1),
    }


def _write_events(model, events) -> int:  # type: ignore[no-untyped-def]
    # `at` is auto_now_add: bulk_create would stamp "now"; the benchmark wants events recorded on
    # the day they happened, so set it explicitly after pre_save by passing it through.
    for event in events:
        event.at = event._recorded
    field = model._meta.get_field("at")
    field.auto_now_add, saved = False, field.auto_now_add
    try:
        model.objects.bulk_create(events, batch_size=BATCH)
    finally:
        field.auto_now_add = saved
    return len(events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(json.dumps(build(args.scale, args.seed)))


if __name__ == "__main__":
    main()
