"""Exceptions that services raise and views turn into clear messages."""

from __future__ import annotations

from typing import Any


class StaleEdit(Exception):
    """Someone else saved the record after this user opened the form (optimistic locking)."""

    def __init__(self, current: Any, changed_fields: dict[str, list[Any]]) -> None:
        super().__init__("stale edit")
        self.current = current
        self.changed_fields = changed_fields
