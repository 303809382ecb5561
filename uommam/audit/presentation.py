"""Showing journal entries readably: field labels, dd/mm/yyyy dates, choice labels, masked values.

Apps above audit hide values a role must not see (citizen IDs, relatives) by registering a
redactor for their model: `register_redactor("people.Person", fn)` with
`fn(user, entry, field_name, value) -> shown value`; the history component and the audit view apply it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from uommam.vn.dates import format_vn

from .models import AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from uommam.accounts.models import User

Redactor = Callable[[Any, AuditEntry, str, Any], Any]
_redactors: dict[str, list[Redactor]] = {}
# Related records named in the journal by their name rather than their id: not personal data.
NAMED_RELATIONS = {"orgs.OrgUnit", "accounts.User"}
EMPTY = "–"


def _key_labels() -> dict[str, str]:
    """Labels of change keys that are not fields of the model (a move of a unit is journaled with the
    date it takes effect under "from")."""
    return {"from": _("From")}


def register_redactor(model_label: str, redactor: Redactor) -> None:
    _redactors.setdefault(model_label, []).append(redactor)


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    for name in (key, key.removesuffix("_id")):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.Field):
            return field
    return None


def _format(field: models.Field[Any, Any] | None, value: Any) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation and field.related_model is not None:
        label = field.related_model._meta.label
        if not str(value).isdigit():
            return str(value)
        if label in NAMED_RELATIONS:
            related = field.related_model._default_manager.filter(pk=value).first()
            if related is not None:
                return str(related)
        return f"#{value}"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            if len(value) == 10:
                return format_vn(dt.date.fromisoformat(value))
            moment = dt.datetime.fromisoformat(value)
            return f"{format_vn(moment.date())} {moment:%H:%M}"
        except ValueError:
            pass
    return str(value)


def change_rows(entry: AuditEntry, user: User | AnonymousUser | None) -> list[dict[str, str]]:
    """[{field, label, before, after}] for an entry's changes, as `user` may see them."""
    model = _model(entry.model)
    rows = []
    redactors = _redactors.get(entry.model, [])
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    for key, values in changes.items():
        field = _field(model, key)
        if isinstance(values, list | tuple) and len(values) == 2:
            before, after = values
        else:  # a summary value ("created": 12) rather than a before/after pair
            before, after = None, values
        for redactor in redactors:
            before, after = redactor(user, entry, key, before), redactor(user, entry, key, after)
        label = str(field.verbose_name) if field is not None else _key_labels().get(key, str(key))
        rows.append(
            {
                "field": key,
                "label": label[:1].upper() + label[1:],
                "before": _format(field, before),
                "after": _format(field, after),
            }
        )
    return rows


def model_label(label: str) -> str:
    model = _model(label)
    if model is None:
        return label
    name = str(model._meta.verbose_name)
    return name[:1].upper() + name[1:]
