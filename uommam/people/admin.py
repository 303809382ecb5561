from typing import Any

from django.contrib import admin

from uommam.audit.admin_mixins import AuditedModelAdmin
from uommam.core.forms import ascii_numbers

from .models import Award, PartyMember, Person, SchoolRecord


class SchoolRecordInline(admin.TabularInline[SchoolRecord, Person]):
    model = SchoolRecord
    extra = 0


class AwardInline(admin.TabularInline[Award, Person]):
    model = Award
    extra = 0


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin[Person]):
    list_display = ("full_name", "dob", "school", "class_name", "cohort", "archived_at")
    list_filter = ("cohort", "sex", "ethnicity")
    search_fields = ("search_key", "citizen_id", "moet_id")
    autocomplete_fields = ["school", "home_commune"]
    readonly_fields = ("full_name", "sort_key", "search_key", "created_at", "updated_at", "version")
    inlines = [SchoolRecordInline, AwardInline]
    ordering = ("sort_key",)

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        # Names are checked by the model's validator; numbers take ASCII digits only, as on the pages.
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class AsciiNumbersForm(form_class):  # type: ignore[valid-type,misc]  # a class built at run time by the admin
            def __init__(self, *args: Any, **kw: Any) -> None:
                super().__init__(*args, **kw)
                ascii_numbers(self)

        return AsciiNumbersForm


@admin.register(PartyMember)
class PartyMemberAdmin(AuditedModelAdmin[PartyMember]):
    list_display = ("full_name", "cell", "status", "joined_unit_on", "left_unit_on")
    list_filter = ("status",)
    search_fields = ("search_key",)
    autocomplete_fields = ["cell", "person"]
    readonly_fields = ("full_name", "sort_key", "search_key")
    ordering = ("sort_key",)
