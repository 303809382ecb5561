"""Which people a report may name: exactly those the user may read (uommam.orgs.capabilities).

Report figures roll up a unit's subtree; a list of names must not. A receiving officer of a commune
reports on the commune, whose subtree holds a school, but reads only the students referred to the
commune – so every named row of a report passes through `readable_rows` before it is shown or
exported. Aggregated counts are not filtered here (they name nobody).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from uommam.orgs.capabilities import READ, permitted
from uommam.people.models import Person

if TYPE_CHECKING:
    from uommam.accounts.models import User

Row = TypeVar("Row")


def readable_person_ids(user: User, among: Iterable[int]) -> set[int] | None:
    """Which of the people `among` `user` may read; None: everyone (administrator). Asked only about
    the people of the rows, so a province-wide user does not load the whole province."""
    from uommam.orgs.scope import is_admin

    if is_admin(user):
        return None
    wanted = Person.objects.filter(pk__in=set(among))
    return set(permitted(wanted, user, READ).values_list("pk", flat=True))


def _person_id(row: Any) -> int:
    # Name-list rows and review events both lead to a candidacy; a candidacy to its person.
    candidate = getattr(row, "candidate", row)
    return int(candidate.person_id)


def readable_rows(rows: Iterable[Row], user: User) -> list[Row]:
    """The rows about people `user` may read, in their order."""
    rows = list(rows)
    ids = readable_person_ids(user, (_person_id(row) for row in rows))
    return [row for row in rows if ids is None or _person_id(row) in ids]


def readable_review(review: Any, user: User) -> Any:
    """The monthly review with only the events of people `user` may read."""
    for name in ("added", "moved_on", "returned", "left"):
        setattr(review, name, readable_rows(getattr(review, name), user))
    return review
