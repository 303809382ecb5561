"""Writes to the student registry: each checks, saves and journals in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from uommam.audit.services import audit_record, diff, refuse_stale, snapshot
from uommam.core import integrity
from uommam.core.integrity import RecordRefused

from .models import ParentalConsent, Person

if TYPE_CHECKING:
    from uommam.accounts.models import User


def _refuse_implausible(person: Person) -> None:
    """Birth, Youth Union joining and leaving school: plausible and in order (the integrity table),
    whatever path the data came by."""
    reasons = integrity.refusals(person)
    if reasons:
        raise RecordRefused(reasons)


@transaction.atomic
def person_create(*, actor: User, data: dict[str, Any]) -> Person:
    person = Person(**data, created_by=actor, updated_by=actor)
    _refuse_implausible(person)
    person.save()
    audit_record(actor=actor, action="create", obj=person, unit=person.school, after=snapshot(person))
    return person


@transaction.atomic
def person_update(*, person: Person, data: dict[str, Any], actor: User, expected_version: int | None = None) -> Person:
    """Apply `data` to `person`. With `expected_version`, refuse (StaleEdit) if someone saved since."""
    current = Person.objects.select_for_update().get(pk=person.pk)
    refuse_stale(person, current, expected_version)
    before = snapshot(current)
    for field, value in data.items():
        setattr(current, field, value)
    _refuse_implausible(current)
    current.updated_by = actor
    current.version += 1
    current.save()
    changes = diff(before, snapshot(current))
    if changes:
        audit_record(actor=actor, action="update", obj=current, unit=current.school, changes=changes)
    return current


@transaction.atomic
def person_archive(*, person: Person, actor: User, reason: str = "") -> Person:
    """Records are never deleted from the UI: archiving hides them from lists and keeps history."""
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.archived_at is None:
        current.archived_at = timezone.now()
        current.updated_by = actor
        current.version += 1
        current.save()
        audit_record(actor=actor, action="archive", obj=current, unit=current.school, note=reason)
    return current


@transaction.atomic
def person_restore(*, person: Person, actor: User) -> Person:
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.archived_at is not None:
        current.archived_at = None
        current.updated_by = actor
        current.version += 1
        current.save()
        audit_record(actor=actor, action="restore", obj=current, unit=current.school)
    return current


# --- Parental consent ------------------------------------------------------------------------


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
    refuse_stale(consent, current, expected_version)
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
