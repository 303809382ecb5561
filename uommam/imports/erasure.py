"""Erasing a student from import batches: the stored report and the uploaded file (rewritten without
the person, inside .xlsx/.csv); the rows the batch updated keep their keys, their old values masked.
Registered with `people.erasure.register_copy_eraser` (people sits below imports)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from uommam.people.erasure import contains_q, replace_json, rewrite_file
from uommam.people.models import Person
from uommam.people.privacy import MASK

from .models import ImportBatch


def erase_in_imports(person: Person, replacements: dict[str, str]) -> int:
    batches = ImportBatch.objects.annotate(report_text=Cast("report", TextField())).filter(
        contains_q("report", replacements) | Q(school_id=person.school_id)
    )
    count = 0
    for batch in batches:
        touched = person.pk in (batch.created_ids or []) or any(
            row.get("id") == person.pk for row in batch.updated_rows or []
        )
        if not touched and replace_json(batch.report, replacements) == batch.report:
            continue
        batch.report = replace_json(batch.report, replacements)
        batch.updated_rows = [
            {**row, "before": dict.fromkeys(row.get("before", {}), MASK)} if row.get("id") == person.pk else row
            for row in batch.updated_rows or []
        ]
        batch.save(update_fields=["report", "updated_rows"])
        if batch.stored_file:
            rewrite_file(Path(settings.MEDIA_ROOT) / batch.stored_file, replacements)
        count += 1
    return count
