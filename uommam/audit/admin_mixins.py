"""Django admin writes go to the journal too, with before/after values, like every service write."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db import models

from .services import audit_record, snapshot


def _unit_of(obj: models.Model) -> Any:
    """The organisation unit a record belongs to, for scoping the journal (the unit itself for units)."""
    if obj._meta.label == "orgs.OrgUnit":
        return obj
    for name in ("unit", "school", "cell", "person__school"):
        target: Any = obj
        for part in name.split("__"):
            target = getattr(target, part, None)
        if target is not None and hasattr(target, "path"):
            return target
    return None


TRACKING_FIELDS = ("version", "created_by", "updated_by")


_M = TypeVar("_M", bound=models.Model)


class AuditedModelAdmin(admin.ModelAdmin[_M]):
    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        tracked = [f for f in TRACKING_FIELDS if f in {field.name for field in self.model._meta.fields}]
        return (*super().get_readonly_fields(request, obj), *tracked)

    def save_model(self, request: Any, obj: _M, form: Any, change: bool) -> None:
        before = snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change and obj.pk else None
        if hasattr(obj, "version") and hasattr(obj, "updated_by_id"):
            # An admin edit is an edit: open forms elsewhere must see it as newer (optimistic locking).
            obj.updated_by = request.user  # type: ignore[attr-defined]  # present: checked by hasattr above
            if change:
                obj.version += 1
            else:
                obj.created_by = request.user  # type: ignore[attr-defined]  # present: checked by hasattr above
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="update" if change else "create",
            obj=obj,
            unit=_unit_of(obj),
            before=before or {},
            after=snapshot(obj),
            note="admin",
        )

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        befores = {
            inline.instance.pk: snapshot(type(inline.instance)._default_manager.get(pk=inline.instance.pk))
            for inline in formset.forms
            if inline.instance.pk and inline.has_changed()
        }
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects + [changed for changed, _fields in formset.changed_objects]:
            audit_record(
                actor=request.user,
                action="update" if obj.pk in befores else "create",
                obj=obj,
                unit=_unit_of(obj),
                before=befores.get(obj.pk, {}),
                after=snapshot(obj),
                note="admin",
            )
        for obj in formset.deleted_objects:
            audit_record(actor=request.user, action="delete", obj=obj, unit=_unit_of(obj), note="admin")

    def delete_model(self, request: Any, obj: _M) -> None:
        audit_record(
            actor=request.user,
            action="delete",
            obj=obj,
            unit=_unit_of(obj),
            before=snapshot(obj),
            after={},
            note="admin",
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for obj in queryset:
            audit_record(
                actor=request.user,
                action="delete",
                obj=obj,
                unit=_unit_of(obj),
                before=snapshot(obj),
                after={},
                note="admin",
            )
        super().delete_queryset(request, queryset)
