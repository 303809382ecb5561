from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from uommam.core.errors import StaleEdit
from uommam.core.locking import SeenAtField, check_unchanged_since

NOW = dt.datetime(2025, 10, 1, 8, 0, tzinfo=dt.UTC)


def test_a_record_saved_by_someone_else_after_the_page_was_shown_is_stale() -> None:
    record = SimpleNamespace(updated_at=NOW + dt.timedelta(seconds=5), updated_by_id=2, status="checked")
    with pytest.raises(StaleEdit) as caught:
        check_unchanged_since(record, NOW, actor=SimpleNamespace(pk=1), fields=["status"])  # type: ignore[arg-type]
    assert caught.value.changed_fields == {"status": [None, "checked"]}


@pytest.mark.parametrize(
    ("updated_at", "updated_by", "seen_at"),
    [(NOW - dt.timedelta(seconds=1), 2, NOW), (NOW + dt.timedelta(seconds=5), 1, NOW), (NOW, 2, None)],
)
def test_older_own_or_unchecked_saves_pass(updated_at, updated_by, seen_at) -> None:  # type: ignore[no-untyped-def]
    record = SimpleNamespace(updated_at=updated_at, updated_by_id=updated_by)
    # Passing means returning without raising StaleEdit.
    assert check_unchanged_since(record, seen_at, actor=SimpleNamespace(pk=1), fields=[]) is None  # type: ignore[arg-type]


def test_garbled_seen_at_disables_the_check_instead_of_failing_the_form() -> None:
    assert SeenAtField().clean("not a date") is None
    assert SeenAtField().clean(NOW.isoformat()) == NOW
