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
    student under 18 without an active consent is flagged on their page.

Retention and erasure
    `UOMMAM_RETENTION_YEARS_AFTER_LEAVING` (default 5) years after a student left school,
    `manage.py erase_personal_data` anonymises them with `person_erase`: name "Đã xóa", IDs and
    contact details blank, date of birth 1 January of the birth year, relatives blank, uploaded
    files deleted, the journal's copies of those values blanked – while school, cohort, class, sex,
    ethnicity, home commune and every candidacy event stay, so reports count the same. Apps above
    `people` blank their own copies (referral packages, referral letters) through erasure hooks
    (`register_erasure_hook`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from uommam.audit.downloads import purpose_or_prompt
from uommam.audit.models import AuditEntry
from uommam.audit.presentation import register_redactor
from uommam.audit.services import audit_record, diff, snapshot
from uommam.core.errors import StaleEdit
from uommam.orgs.access import SEE_DETAILS
from uommam.orgs.capabilities import may, permitted
from uommam.orgs.models import OrgUnit, UnitKind
from uommam.orgs.roles import FULL_DETAIL_ROLES
from uommam.orgs.scope import get_visible_or_404, is_admin, writable

from .field_rights import ID_FIELDS, RELATIVE_FIELDS, limited_fields
from .models import ConsentRelation, ParentalConsent, Person

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
        schools = permitted(OrgUnit.objects.filter(kind=UnitKind.SCHOOL), user, SEE_DETAILS)
        cached = set(schools.values_list("pk", flat=True))
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


def is_minor(person: Person, on: dt.date | None = None) -> bool:
    on = on or timezone.localdate()
    dob = person.dob
    age = on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))
    return age < 18


# --- Parental consent -----------------------------------------------------------------------

ALLOWED_DOCUMENTS = {b"%PDF": ".pdf", b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png"}
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class ConsentForm(forms.ModelForm):
    class Meta:
        model = ParentalConsent
        fields = ["given_by", "relation", "given_on", "scope", "document"]
        widgets = {
            "given_on": forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
            "scope": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_on"].input_formats = DATE_FORMATS
        self.fields["given_on"].error_messages["invalid"] = gettext_lazy(
            "Enter the date as dd/mm/yyyy, e.g. 05/09/2025."
        )
        self.fields["relation"].choices = ConsentRelation.choices
        self.fields["scope"].initial = gettext_lazy(
            "Processing of the student's personal data for the Party member development process at the school."
        )

    def clean_given_on(self) -> dt.date:
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError(gettext_lazy("The date cannot be in the future."))
        return given_on

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if not document:
            return document
        if document.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(gettext_lazy("The file is larger than 5 MB."))
        head = document.read(8)
        document.seek(0)
        suffix = next((ext for magic, ext in ALLOWED_DOCUMENTS.items() if head.startswith(magic)), None)
        if suffix is None:
            raise forms.ValidationError(gettext_lazy("Upload a scan as PDF, JPEG or PNG."))
        document.name = f"consent{suffix}"
        return document


@transaction.atomic
def consent_record(*, person: Person, actor: Any, data: dict[str, Any]) -> ParentalConsent:
    consent = ParentalConsent(person=person, created_by=actor, updated_by=actor, **data)
    consent.full_clean(exclude=["person"])
    consent.save()
    audit_record(actor=actor, action="create", obj=consent, unit=person.school, after=snapshot(consent))
    return consent


@transaction.atomic
def consent_withdraw(
    *, consent: ParentalConsent, actor: Any, on: dt.date, expected_version: int | None = None
) -> ParentalConsent:
    current = (
        ParentalConsent.objects.select_for_update(of=("self",)).select_related("person__school").get(pk=consent.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit(current, diff(snapshot(consent), snapshot(current)))
    if current.withdrawn_on is None:
        before = snapshot(current)
        current.withdrawn_on = max(on, current.given_on)
        current.updated_by = actor
        current.version += 1
        current.save()
        audit_record(
            actor=actor,
            action="update",
            obj=current,
            unit=current.person.school,
            before=before,
            after=snapshot(current),
        )
    return current


def consent_context(user: Any, person: Person) -> dict[str, Any]:
    """What the person page shows about consent (nothing for roles without full details)."""
    if not sees_personal_details(user, person):
        return {"show_consent": False}
    consents = list(person.consents.all())
    can_write = writable(Person.objects.filter(pk=person.pk), user, CONSENT_WRITE_ROLES).exists()
    return {
        "show_consent": True,
        "consents": consents,
        "consent_missing": is_minor(person) and not any(c.is_active for c in consents),
        "consent_form": ConsentForm() if can_write else None,
        "can_write_consent": can_write,
    }


def _person_for_consent(request: HttpRequest, pk: int) -> Person:
    person = get_visible_or_404(
        Person.objects.select_related("school"), request.user, pk, write_roles=CONSENT_WRITE_ROLES
    )
    if not sees_personal_details(request.user, person):
        raise PermissionDenied
    return person


@login_required
@require_POST
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for_consent(request, pk)
    form = ConsentForm(request.POST, request.FILES)
    if form.is_valid():
        consent_record(person=person, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("The parental consent was recorded."))
    else:
        errors = "; ".join(
            f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}" for f, e in form.errors.items()
        )
        messages.error(request, _("The consent was not recorded. %(errors)s") % {"errors": errors})
    return redirect("people:detail", pk=person.pk)


@login_required
@require_POST
def consent_withdraw_view(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    person = _person_for_consent(request, pk)
    consent = person.consents.filter(pk=consent_pk).first()
    if consent is None:
        raise Http404
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        consent_withdraw(consent=consent, actor=request.user, on=timezone.localdate(), expected_version=version)
    except StaleEdit:
        messages.warning(request, _("Someone else changed this consent meanwhile; check it and try again."))
    else:
        messages.success(request, _("The withdrawal of the consent was recorded."))
    return redirect("people:detail", pk=person.pk)


@login_required
def consent_document(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    person = get_visible_or_404(Person.objects.select_related("school"), request.user, pk)
    if not sees_personal_details(request.user, person):
        raise PermissionDenied
    consent = person.consents.filter(pk=consent_pk).first()
    if consent is None or not consent.document:
        raise Http404
    prompt = purpose_or_prompt(request, label=str(consent), unit=person.school, obj=consent)
    if prompt is not None:
        return prompt
    try:
        handle = consent.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=f"dong-y-{consent.pk}{consent.document.name[-4:]}")


# --- Retention and erasure -------------------------------------------------------------------

# Person fields blanked by erasure; what is not listed (school, cohort, class, sex, ethnicity,
# home province and commune, leaving dates, Youth Union date) stays for the statistics.
BLANKED = (
    "middle_name", "given_name", "citizen_id", "old_id_number", "moet_id", "religion", "home_address", "phone",
    "parent_phone", "email", "father_name", "mother_name", "notes",
)  # fmt: skip
NULLED = ("father_birth_year", "mother_birth_year")


def retention_cutoff(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    years = settings.UOMMAM_RETENTION_YEARS_AFTER_LEAVING
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def erasable_people(before: dt.date) -> models.QuerySet[Person]:
    """Students who left school before `before`, not yet erased, and not Party members (whose
    record the Party keeps under its own rules)."""
    return (
        Person.objects.filter(left_school_on__lt=before)
        .exclude(family_name=ERASED_NAME, given_name="")
        .filter(party_member__isnull=True)
        .order_by("pk")
    )


def _files_of(person: Person) -> list[tuple[models.Model, str]]:
    """(row, file field name) for every uploaded file attached to the person or to a record of theirs
    (consent scans, dossier scans of their candidacy …), found through foreign keys up to two steps."""
    found: list[tuple[models.Model, str]] = []
    for model in apps.get_models():
        file_fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        if not file_fields:
            continue
        for path in _paths_to_person(model):
            for row in model._default_manager.filter(**{path: person}):
                found.extend((row, name) for name in file_fields if getattr(row, name))
    return found


def _paths_to_person(model: type[models.Model]) -> list[str]:
    paths = []
    for field in model._meta.concrete_fields:
        if not (field.is_relation and field.related_model):
            continue
        if field.related_model is Person:
            paths.append(field.name)
            continue
        for inner in field.related_model._meta.concrete_fields:
            if inner.is_relation and inner.related_model is Person:
                paths.append(f"{field.name}__{inner.name}")
    return paths


# Copies of a student's personal data kept by apps above `people` (referral packages, issued
# letters …) are erased by hooks those apps register in their AppConfig.ready: `people` must not
# import them. A hook is called inside the erasure's transaction, after the person row is locked,
# as `hook(person=..., actor=...)`; it blanks its copies (deleting files only on commit) and
# returns {what: how many} for the erasure's journal entry.
ErasureHook = Callable[..., Mapping[str, int]]
_erasure_hooks: list[ErasureHook] = []


def register_erasure_hook(hook: ErasureHook) -> None:
    if hook not in _erasure_hooks:
        _erasure_hooks.append(hook)


def delete_file_on_commit(stored: Any) -> None:
    """Delete a stored file once the transaction commits: a rolled-back erasure must not lose it."""
    if stored:
        transaction.on_commit(lambda storage=stored.storage, path=stored.name: storage.delete(path))


def _erase_name_in_journal_labels(person: Person, old_name: str) -> None:
    """Journal entries of records tied to the person (candidacies, enrolments, referrals …) are
    labelled with the student's name ("Ma Thị Hoa (Đã giới thiệu)"): the name is replaced there."""
    if not old_name or old_name == ERASED_NAME:
        return
    for model in apps.get_models():
        if model is Person:
            continue
        for path in _paths_to_person(model):
            pks = [str(pk) for pk in model._default_manager.filter(**{path: person}).values_list("pk", flat=True)]
            entries = AuditEntry.objects.filter(
                model=model._meta.label, object_pk__in=pks, object_repr__contains=old_name
            )
            for entry in entries:
                entry.object_repr = entry.object_repr.replace(old_name, ERASED_NAME)
                entry.save(update_fields=["object_repr"])


@transaction.atomic
def person_erase(*, person: Person, actor: Any, reason: str) -> Person:
    """Anonymise one student (see the module docstring); journalled without the erased values."""
    current = Person.objects.select_for_update(of=("self",)).select_related("school").get(pk=person.pk)
    erased_fields = [f for f in (*BLANKED, *NULLED) if getattr(current, f) not in ("", None)]
    old_name = current.full_name
    current.family_name = ERASED_NAME
    for name in BLANKED:
        setattr(current, name, "")
    for name in NULLED:
        setattr(current, name, None)
    if current.dob.month != 1 or current.dob.day != 1:
        current.dob = current.dob.replace(month=1, day=1)
        erased_fields.append("dob")
    if current.archived_at is None:
        current.archived_at = timezone.now()
    current.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    current.version += 1
    current.save()
    for consent in current.consents.all():
        consent.given_by = ERASED_NAME
        consent.save(update_fields=["given_by"])
    deleted_files = 0
    for row, name in _files_of(current):
        delete_file_on_commit(getattr(row, name))
        setattr(row, name, "")
        row.save(update_fields=[name])
        deleted_files += 1
    elsewhere: dict[str, int] = {}
    for hook in _erasure_hooks:
        for what, count in hook(person=current, actor=actor).items():
            elsewhere[what] = elsewhere.get(what, 0) + count
    _erase_name_in_journal_labels(current, old_name)
    # The journal kept the old values of these fields; an erasure removes them there too.
    personal = set(BLANKED) | set(NULLED) | {"family_name", "full_name", "dob", "given_by"}
    for entry in AuditEntry.objects.filter(
        model__in=["people.Person", "people.ParentalConsent"], object_pk=str(current.pk)
    ):
        entry.object_repr = ERASED_NAME
        if isinstance(entry.changes, dict):
            entry.changes = {k: ([MASK, MASK] if k in personal else v) for k, v in entry.changes.items()}
        entry.save(update_fields=["object_repr", "changes"])
    AuditEntry.objects.filter(
        model="people.ParentalConsent", object_pk__in=[str(c.pk) for c in current.consents.all()]
    ).update(object_repr=ERASED_NAME, changes={})
    audit_record(
        actor=actor,
        action="update",
        obj=current,
        unit=current.school,
        changes={name: [MASK, ""] for name in erased_fields}
        | {"files": [deleted_files, 0]}
        | {what: [count, 0] for what, count in elsewhere.items()},
        note=f"erase_personal_data: {reason}"[:255],
    )
    return current
