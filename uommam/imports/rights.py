"""Field rights in imports (uommam.people.field_rights): a role sets by import only what it may set
by hand, and a preview never tells a role that sees citizen IDs masked whose ID a number is."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from uommam.people.field_rights import limited_fields
from uommam.people.models import Person
from uommam.people.privacy import mask_citizen_id, sees_details_at

from .issues import issue
from .validate import Analysis

if TYPE_CHECKING:
    from uommam.accounts.models import User

# A citizen ID (12 digits) inside a message of the preview.
_ID_IN_TEXT = re.compile(r"(?<!\d)\d{12}(?!\d)")


def apply_field_rights(analysis: Analysis, *, actor: User, school_id: int | None) -> None:
    """Drop from the rows what `actor` may not set at the school; refuse matches made by citizen ID alone."""
    if sees_details_at(actor, school_id):
        return
    updates = {row.person_id: row for row in analysis.rows if row.valid and row.action == "update" and row.person_id}
    people = Person.objects.in_bulk(list(updates))
    for person_id, row in updates.items():
        person = people.get(person_id)
        if person is None or not row.data.get("citizen_id"):
            continue
        same_student = (row.data.get("search_key"), row.data.get("dob")) == (person.search_key, person.dob) or (
            row.data.get("moet_id") and row.data["moet_id"] == person.moet_id
        )
        if not same_student:
            # Matched by the citizen ID alone: saying "update" would tell whose ID it is.
            row.person_id, row.action = None, "create"
            row.errors.append(issue(row.row, "", "citizen_id_not_for_role"))
    for row in analysis.rows:
        for name in limited_fields(existing=row.action == "update"):
            row.data.pop(name, None)


def preview_for(user: User, school_id: int | None, report: dict[str, Any]) -> dict[str, Any]:
    """The stored preview as `user` may see it: citizen IDs masked for roles that see them masked."""
    if sees_details_at(user, school_id):
        return report
    masked = dict(report)
    masked["students"] = [{**s, "citizen_id": mask_citizen_id(s.get("citizen_id"))} for s in report.get("students", [])]
    for key in ("errors", "warnings"):
        masked[key] = [_mask_message(m) for m in report.get(key, [])]
    return masked


def _mask_message(message: Any) -> Any:
    if isinstance(message, dict):
        return {k: _mask_message(v) for k, v in message.items()}
    if isinstance(message, str):
        return _ID_IN_TEXT.sub(lambda m: mask_citizen_id(m.group()), message)
    return message
