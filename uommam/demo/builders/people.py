"""About 3,000 students over cohorts 2019–2025 in the five schools, and the teachers of each cell."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from uommam.audit.services import audit_record
from uommam.people.models import Award, AwardLevel, Grade, GradingScale, MemberStatus, PartyMember, Person, SchoolRecord
from uommam.vn.school_year import school_year_label, school_year_start

from .context import DEMO_TODAY, DemoContext
from .names import make_name, pick_ethnicity
from .orgs import OLD_COMMUNES, SCHOOLS

COHORTS = range(2019, 2026)
STUDENTS_PER_SCHOOL_COHORT = 86  # 5 schools × 7 cohorts × 86 = 3,010
MEMBERS_PER_CELL = 16
TUYEN_QUANG_CCCD = "008"


def _class_name(rng_index: int, cohort: int) -> str:
    current_start = school_year_start(DEMO_TODAY)
    grade = min(12, 10 + current_start - cohort)
    return f"{grade}A{rng_index % 6 + 1}"


def _citizen_id(sex: str, dob: date, serial: int) -> str:
    century_sex = ("2" if sex == "M" else "3") if dob.year >= 2000 else ("0" if sex == "M" else "1")
    return f"{TUYEN_QUANG_CCCD}{century_sex}{dob.year % 100:02d}{serial:06d}"


def _grades(rng: random.Random, scale: str) -> tuple[str, str]:
    if scale == GradingScale.NEW:
        result = rng.choices([Grade.TOT, Grade.KHA, Grade.DAT, Grade.CHUA_DAT], weights=[30, 45, 22, 3])[0]
        conduct = rng.choices([Grade.TOT, Grade.KHA, Grade.DAT], weights=[75, 20, 5])[0]
    else:
        result = rng.choices([Grade.GIOI, Grade.KHA, Grade.TRUNG_BINH, Grade.YEU], weights=[25, 45, 27, 3])[0]
        conduct = rng.choices([Grade.TOT, Grade.KHA, Grade.TRUNG_BINH], weights=[75, 20, 5])[0]
    return result, conduct


@transaction.atomic
def build(ctx: DemoContext) -> None:
    if Person.objects.filter(citizen_id__startswith=TUYEN_QUANG_CCCD, notes="demo").exists():
        ctx.say(f"  Students: {Person.objects.count()} (already loaded)")
        return
    rng = ctx.rng
    communes = [ctx.unit(f"XA-{code}") for code, _ in OLD_COMMUNES]
    people: list[Person] = []
    serial = 100000
    for school_code, _name, _short, home_code, _new in SCHOOLS:
        school = ctx.unit(school_code)
        for cohort in COHORTS:
            for index in range(STUDENTS_PER_SCHOOL_COHORT):
                serial += 1
                sex = rng.choice(["M", "F"])
                ethnicity = pick_ethnicity(rng)
                family, middle, given = make_name(rng, ethnicity, sex)
                # Most enter grade 10 in the year they turn 15; some a year older.
                birth_year = cohort - 15 - (1 if rng.random() < 0.12 else 0)
                dob = date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
                home = ctx.unit(f"XA-{home_code}") if rng.random() < 0.4 else rng.choice(communes)
                member = rng.random() < 0.85
                person = Person(
                    family_name=family,
                    middle_name=middle,
                    given_name=given,
                    dob=dob,
                    sex=sex,
                    ethnicity=ethnicity,
                    religion="" if rng.random() < 0.95 else "Phật giáo",
                    citizen_id=_citizen_id(sex, dob, serial),
                    moet_id=f"08{serial:08d}",
                    home_province=TUYEN_QUANG_CCCD,
                    home_commune=home,
                    home_address=f"Thôn {rng.choice(['Nà', 'Bản', 'Khuổi', 'Pác', 'Nặm'])} {rng.randint(1, 9)}",
                    school=school,
                    class_name=_class_name(index, cohort),
                    cohort=cohort,
                    expected_leaving_on=date(cohort + 3, 5, 31),
                    youth_union_joined_on=(date(cohort, 3, 26) - timedelta(days=rng.randint(0, 300)))
                    if member
                    else None,
                    notes="demo",
                )
                person.refresh_derived()
                people.append(person)
    Person.objects.bulk_create(people, batch_size=1000)
    saved = {p.citizen_id: p for p in Person.objects.filter(notes="demo")}

    records: list[SchoolRecord] = []
    awards: list[Award] = []
    current_start = school_year_start(DEMO_TODAY)
    for person in people:
        stored = saved[person.citizen_id]
        for offset in range(3):
            start = person.cohort + offset
            if start >= current_start:
                break
            # Grade 10 from 2022-23 and grade 11 from 2023-24 use the 2018 curriculum's scale.
            scale = GradingScale.NEW if start >= 2021 + offset else GradingScale.OLD
            result, conduct = _grades(rng, scale)
            records.append(
                SchoolRecord(
                    person=stored,
                    school_year=school_year_label(start),
                    grade_level=10 + offset,
                    scale=scale,
                    academic_result=result,
                    conduct=conduct,
                )
            )
        if rng.random() < 0.15:
            awards.append(
                Award(
                    person=stored,
                    school_year=school_year_label(person.cohort),
                    title=rng.choice(
                        [
                            "Học sinh giỏi cấp tỉnh",
                            "Thanh niên tình nguyện",
                            "Đoàn viên xuất sắc",
                            "Tiếng hát học sinh",
                            "Tuổi trẻ sáng tạo",
                            "Mùa hè xanh",
                        ]
                    ),
                    level=rng.choice([AwardLevel.SCHOOL, AwardLevel.DISTRICT, AwardLevel.PROVINCE]),
                )
            )
    SchoolRecord.objects.bulk_create(records, batch_size=2000)
    Award.objects.bulk_create(awards, batch_size=2000)

    members: list[PartyMember] = []
    for school_code, *_ in SCHOOLS:
        cell = ctx.unit(f"CB-{school_code}")
        for index in range(MEMBERS_PER_CELL):
            sex = rng.choice(["M", "F"])
            ethnicity = rng.choice(["01", "02", "02", "09"])
            family, middle, given = make_name(rng, ethnicity, sex)
            admitted = date(rng.randint(1995, 2022), rng.randint(1, 12), rng.randint(1, 28))
            probationary = index == MEMBERS_PER_CELL - 1
            party_member = PartyMember(
                family_name=family,
                middle_name=middle,
                given_name=given,
                sex=sex,
                dob=date(rng.randint(1968, 1995), rng.randint(1, 12), rng.randint(1, 28)),
                cell=cell,
                status=MemberStatus.PROBATIONARY if probationary else MemberStatus.OFFICIAL,
                admitted_on=date(2026, 3, 2) if probationary else admitted,
                official_on=None if probationary else date(admitted.year + 1, admitted.month, admitted.day),
                joined_unit_on=date(rng.randint(2005, 2024), 8, 15),
                position="Giáo viên" if index else "Hiệu trưởng",
            )
            party_member.refresh_derived()
            members.append(party_member)
    PartyMember.objects.bulk_create(members)
    audit_record(
        actor=None,
        action="import",
        model="people.Person",
        object_repr="demo",
        note=f"demo: {len(people)} students, {len(members)} Party members",
    )
    ctx.say(f"  Students: {len(people)}; school records: {len(records)}; Party members: {len(members)}")
