"""Anonymise students kept longer than the retention period (Decree 13/2023/NĐ-CP).

    python manage.py erase_personal_data --dry-run            # who would be erased today
    python manage.py erase_personal_data                      # left school more than N years ago
    python manage.py erase_personal_data --before 2021-06-01  # left school before that date
    python manage.py erase_personal_data --person 1234        # one student, on request

It asks before erasing anyone unless --noinput (--no-input) is given, as Django's flush does.

N is UOMMAM_RETENTION_YEARS_AFTER_LEAVING (default 5). See uommam/people/erasure.py for what is
blanked and what stays for the statistics.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet

from uommam.people.erasure import erasable_people, person_erase, retention_cutoff
from uommam.people.models import Person
from uommam.vn.dates import parse_day_first


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        parsed = parse_day_first(text)
    except Exception as exc:  # noqa: BLE001 – any parse failure is the same user error
        raise CommandError(f"--before: {text!r} is not a date (dd/mm/yyyy or yyyy-mm-dd)") from exc
    if parsed is None:
        raise CommandError(f"--before: {text!r} is not a date (dd/mm/yyyy or yyyy-mm-dd)")
    return parsed


class Command(BaseCommand):
    help = "Anonymise the personal data of students who left school longer ago than the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--before", help="erase students who left school before this date")
        parser.add_argument("--person", type=int, action="append", help="erase this student (id); repeatable")
        parser.add_argument("--dry-run", action="store_true", help="list who would be erased, change nothing")
        parser.add_argument("--reason", default="", help="recorded in the audit journal")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="erase without asking"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        people: QuerySet[Person]
        if options["person"]:
            people = Person.objects.filter(pk__in=options["person"]).order_by("pk")
            missing = set(options["person"]) - set(people.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"no student with id {', '.join(map(str, sorted(missing)))}")
            reason = options["reason"] or "on request"
        else:
            cutoff = _date(options["before"]) if options["before"] else retention_cutoff()
            people = erasable_people(cutoff)
            reason = options["reason"] or f"retention period: left school before {cutoff:%d/%m/%Y}"
        if not options["dry_run"] and options["interactive"]:
            self._confirm(people.count())
        count = 0
        for person in people.select_related("school").iterator():
            count += 1
            left = f"{person.left_school_on:%d/%m/%Y}" if person.left_school_on else "-"
            if options["dry_run"]:
                self.stdout.write(f"would erase #{person.pk} {person.school} cohort {person.cohort} (left {left})")
            else:
                person_erase(person=person, actor=None, reason=reason)
        verb = "would be erased" if options["dry_run"] else "erased"
        self.stdout.write(self.style.SUCCESS(f"{count} student(s) {verb}"))

    def _confirm(self, total: int) -> None:
        if total == 0:
            return
        prompt = (
            f"{total} student(s) will be anonymised; this cannot be undone (--dry-run lists them).\n"
            "Type 'yes' to continue, or anything else to cancel (--noinput skips this question): "
        )
        try:
            answer = input(prompt)
        except (EOFError, OSError):  # no terminal: never erase by default
            answer = ""
        if answer.strip().lower() != "yes":
            raise CommandError("Erasure cancelled. Nothing was changed.")
