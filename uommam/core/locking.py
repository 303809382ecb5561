"""Optimistic locking for forms that create-or-update a record found by its key (upsert forms).

Edit forms of one loaded record carry its `version` (see people.views.person_edit). Forms that record
"the dossier document X" or "the target of unit U for year Y" are not tied to a loaded record; they
carry the time the page was shown instead (`SeenAtField`), and the service refuses the save with
`StaleEdit` when the record was changed by someone else after that moment (`check_unchanged_since`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    # The User model's base: core sits below accounts and does not import it.
    from django.contrib.auth.base_user import AbstractBaseUser

from .errors import StaleEdit


class SeenAtField(forms.DateTimeField):
    """Hidden: when the user opened the form (ISO 8601); missing or garbled values disable the check."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", lambda: timezone.now().isoformat())
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.datetime | None:
        try:
            return super().to_python(value)
        except forms.ValidationError:
            return None


def check_unchanged_since(
    obj: models.Model | None, seen_at: dt.datetime | None, *, actor: AbstractBaseUser | None, fields: list[str]
) -> None:
    """Raise StaleEdit if `obj` (locked by the caller) was saved by someone else after `seen_at`."""
    if obj is None or seen_at is None:
        return
    updated_at = getattr(obj, "updated_at", None)
    updated_by_id = getattr(obj, "updated_by_id", None)
    if updated_at is None or updated_at <= seen_at:
        return
    if updated_by_id is not None and updated_by_id == getattr(actor, "pk", None):
        return  # the user's own earlier save (another tab) is not a conflict
    current = {name: getattr(obj, name) for name in fields}
    raise StaleEdit(obj, {name: [None, value] for name, value in current.items()})
