from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from uommam.audit.admin_mixins import AuditedModelAdmin
from uommam.orgs.models import RoleAssignment

from .models import User


class RoleAssignmentInline(admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["unit"]
    exclude = ["granted_by"]


@admin.register(User)
class UserAdmin(AuditedModelAdmin[User], BaseUserAdmin[User]):
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("Ươm Mầm", {"fields": ("full_name", "phone", "position")}))
    list_display = ("username", "full_name", "email", "is_active", "last_login")
    search_fields = ("username", "full_name", "email")
    inlines = [RoleAssignmentInline]
