"""docs/access.md is generated from the capability registry and kept current."""

from __future__ import annotations

from uommam.orgs.capabilities import matrix
from uommam.people.access_doc import DOC_PATH, render_document


def test_docs_access_md_matches_the_registry() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render_document(), "run: manage.py access_matrix"


def test_the_matrix_says_a_receiving_officer_reads_only_people_referred_to_its_unit() -> None:
    rows = {(model, cap, role): summary for model, cap, role, summary in matrix()}
    assert "referred" in rows[("people.Person", "read", "receiving_officer")]
    assert ("people.Person", "change", "receiving_officer") not in rows  # reading is not changing
    assert ("people.Person", "change", "viewer") not in rows
    assert ("audit.AuditEntry", "change", "committee_officer") not in rows
