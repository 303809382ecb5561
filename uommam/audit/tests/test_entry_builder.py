"""`audit_entry` builds the rows bulk writers (imports) journal, the way `audit_record` writes one."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from uommam.audit.models import AuditAction, AuditEntry
from uommam.audit.services import audit_bulk, audit_entry


def test_an_entry_for_a_record_takes_its_type_id_label_unit_and_changes(world):
    school = world.units["S-A"]
    entry = audit_entry(
        actor=AnonymousUser(), action=AuditAction.UPDATE, obj=school, unit=school,
        before={"name": "Cũ"}, after={"name": "Mới"}, note="n" * 300,
    )  # fmt: skip
    assert entry.pk is None and entry.actor is None
    assert (entry.model, entry.object_pk, entry.unit_path) == ("orgs.OrgUnit", str(school.pk), school.path)
    assert entry.changes == {"name": ["Cũ", "Mới"]} and len(entry.note) == 255
    audit_bulk([entry])
    assert AuditEntry.objects.filter(model="orgs.OrgUnit", object_pk=str(school.pk), note=entry.note).count() == 1


def test_an_entry_for_a_record_not_loaded_names_it_and_refuses_unknown_arguments():
    entry = audit_entry(
        actor=None, action=AuditAction.DELETE, model="people.Person", object_pk=7, object_repr="x" * 300
    )
    assert (entry.model, entry.object_pk, len(entry.object_repr), entry.changes) == ("people.Person", "7", 200, {})
    with pytest.raises(TypeError):
        audit_entry(actor=None, action=AuditAction.DELETE, colour="red")
