from typing import Any

from django.contrib import admin
from django.utils import timezone

from uommam.audit.admin_mixins import AuditedModelAdmin

from .models import OrgUnit, RoleAssignment, UnitParentPeriod
from .services import orgunit_create, orgunit_move


class ParentPeriodInline(admin.TabularInline[UnitParentPeriod, OrgUnit]):
    model = UnitParentPeriod
    fk_name = "unit"
    extra = 0
    autocomplete_fields = ["parent"]


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedModelAdmin[OrgUnit]):
    list_display = ("code", "name", "kind", "parent", "active_from", "active_until")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    autocomplete_fields = ["parent", "successor", "superior_committee", "school"]
    readonly_fields = ("path", "depth")
    inlines = [ParentPeriodInline]

    def save_model(self, request: Any, obj: OrgUnit, form: Any, change: bool) -> None:
        # The tree's paths and parent history are kept by the services, never by a bare save.
        if not change:
            fields = {f: form.cleaned_data[f] for f in form.cleaned_data if f != "parent"}
            created = orgunit_create(actor=request.user, parent=form.cleaned_data.get("parent"), **fields)
            obj.pk, obj.path, obj.depth = created.pk, created.path, created.depth
            return
        new_parent = form.cleaned_data.get("parent")
        old = OrgUnit.objects.get(pk=obj.pk)
        obj.parent = old.parent  # moving is orgunit_move's job
        super().save_model(request, obj, form, change)
        if new_parent is not None and new_parent.pk != old.parent_id:
            orgunit_move(unit=obj, new_parent=new_parent, on=timezone.localdate(), actor=request.user)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedModelAdmin[RoleAssignment]):
    list_display = ("user", "role", "unit", "active")
    list_filter = ("role", "active")
    search_fields = ("user__username", "unit__name", "unit__code")
    autocomplete_fields = ["user", "unit"]
