from django.contrib import admin

from .models import OrgUnit, RoleAssignment, UnitParentPeriod


class ParentPeriodInline(admin.TabularInline):
    model = UnitParentPeriod
    fk_name = "unit"
    extra = 0
    autocomplete_fields = ["parent"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "active_from", "active_until")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    autocomplete_fields = ["parent", "successor", "superior_committee", "school"]
    readonly_fields = ("path", "depth")
    inlines = [ParentPeriodInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "unit", "active")
    list_filter = ("role", "active")
    search_fields = ("user__username", "unit__name", "unit__code")
    autocomplete_fields = ["user", "unit"]
