"""Personal data of minors (Decree 13/2023/NĐ-CP): who sees citizen IDs and relatives, parental
consent, retention and erasure.

Who sees what
    Citizen IDs and relatives' details (parents' names and birth years – the background check of
    a dossier) are shown in full to the roles that work on the dossier: administrators, the school's
    cell secretary and committee officers above the school. Everyone else who may see the student –
    the Youth Union secretary (product.md: never the background checks), read-only viewers,
    political-centre and receiving officers – sees the ID masked ("008•••••3456") and no relatives.
    `sees_personal_details(user, person)` decides; templates use the `citizen_id_for` and
    `mask_citizen_id` filters (`{% load privacy %}`); forms drop the fields a user may not see
    (`restrict_person_form`), so a save never blanks them; the change history masks them too.

Consent
    `ParentalConsent` records who consented, when, to what, and a scan of the signed paper; a
    student under 18 (`uommam.rules.is_minor`) without an active consent is flagged on their page.
    The form is in `forms.py`, the writes in `services.py`, the pages in `consent_views.py`.

Retention and erasure
    `UOMMAM_RETENTION_YEARS_AFTER_LEAVING` (default 5) years after a student left school,
    `manage.py erase_personal_data` anonymises them with `erasure.person_erase`: name "Đã xóa", IDs
    and contact details blank, date of birth 1 January of the birth year, relatives blank, uploaded
    files deleted, the journal's copies of those values blanked – while school, cohort, class, sex,
    ethnicity, home commune and every candidacy event stay, so reports count the same. Apps above
    `people` blank their own copies through hooks they register (`erasure.register_erasure_hook`,
    `erasure.register_copy_eraser`). The policy values both use (`ERASED_NAME`, `MASK`) are here.
"""

from __future__ import annotations

from typing import Any

from django import forms

from uommam.audit.models import AuditEntry
from uommam.audit.presentation import register_redactor
from uommam.core import pagecache
from uommam.orgs.access import SEE_DETAILS
from uommam.orgs.capabilities import may, permitted
from uommam.orgs.models import OrgUnit, UnitKind
from uommam.orgs.roles import FULL_DETAIL_ROLES
from uommam.orgs.scope import is_admin, scope_key

from .field_rights import ID_FIELDS, RELATIVE_FIELDS, limited_fields
from .models import Person

CONSENT_WRITE_ROLES = FULL_DETAIL_ROLES

ERASED_NAME = "Đã xóa"
MASK = "•"


# --- Who sees what ------------------------------------------------------------------------


def _full_school_ids(user: Any) -> set[int] | None:
    """Schools whose students' details the user sees in full; None: all (administrator)."""
    if is_admin(user):
        return None
    cached = getattr(user, "_uommam_full_schools", None)
    if cached is None:

        def compute() -> set[int]:
            schools = permitted(OrgUnit.objects.filter(kind=UnitKind.SCHOOL), user, SEE_DETAILS)
            return set(schools.values_list("pk", flat=True))

        # The same for every officer of the scope until the next write (uommam/core/pagecache.py): asked on
        # every student's page and list.
        cached = pagecache.cached("full-schools", (scope_key(user),), compute)
        user._uommam_full_schools = cached
    return cached


def sees_personal_details(user: Any, person: Person | None) -> bool:
    """Full citizen ID and relatives of `person` (of anyone, when `person` is None: forms for new students)."""
    if not getattr(user, "is_authenticated", False):
        return False
    schools = _full_school_ids(user)
    if schools is None:
        return True
    if person is None or not person.school_id:
        return bool(schools)
    return person.school_id in schools


def sees_details_at(user: Any, school_id: int | None) -> bool:
    """Full citizen IDs and relatives of the students of one school (imports, whose rows have no person yet)."""
    if not getattr(user, "is_authenticated", False):
        return False
    schools = _full_school_ids(user)
    return schools is None or (school_id is not None and school_id in schools)


def citizen_id_search_schools(user: Any) -> set[int] | None:
    """Schools whose students `user` may find by citizen ID digits (None: all) – those whose IDs
    they see in full. Everyone else searches by national student ID and name only."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return _full_school_ids(user)


def mask_citizen_id(value: Any) -> str:
    """ "008308123456" → "008•••••3456": the province code and last four digits stay recognisable."""
    text = str(value or "")
    if not text:
        return ""
    if len(text) <= 7:
        return MASK * len(text)
    return text[:3] + MASK * (len(text) - 7) + text[-4:]


def restrict_person_form(form: forms.BaseForm, user: Any, person: Person | None) -> None:
    """Drop the fields `user` may not see, so they are neither shown nor blanked on save."""
    if sees_personal_details(user, person):
        return
    for name in limited_fields(existing=person is not None):
        form.fields.pop(name, None)


def _sees_entry(user: Any, entry: AuditEntry) -> bool:
    if is_admin(user):
        return True
    if not entry.unit_path:
        return False
    # One answer per entry and request: a history page asks once per changed field.
    cache: dict[int, bool] = user.__dict__.setdefault("_uommam_sees_entry", {})
    if entry.pk not in cache:
        cache[entry.pk] = may(user, SEE_DETAILS, entry)
    return cache[entry.pk]


def _redact_person_change(user: Any, entry: AuditEntry, field: str, value: Any) -> Any:
    if field not in RELATIVE_FIELDS + ID_FIELDS or value in (None, ""):
        return value
    if _sees_entry(user, entry):
        return value
    return mask_citizen_id(value) if field in ID_FIELDS else MASK * 3


register_redactor("people.Person", _redact_person_change)
register_redactor(
    "people.ParentalConsent",
    lambda user, entry, field, value: value if field != "given_by" or _sees_entry(user, entry) else MASK * 3,
)
