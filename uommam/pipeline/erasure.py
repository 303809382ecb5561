"""Erasing a student from candidacies: free-text notes may name the student or relatives, so they are
blanked; the timeline stays. Registered with `people.erasure.register_copy_eraser` (people sits below
pipeline)."""

from __future__ import annotations

from uommam.people.models import Person

from .models import Candidate


def erase_candidacy_notes(person: Person, replacements: dict[str, str]) -> int:
    return Candidate.objects.filter(person=person).exclude(notes="").update(notes="")
