"""The scene of the access walks (uommam/testing/walk.py), replayed, is the scene a fresh build and fresh logins
make: every persona logged in, every file of the records there, in the case's own folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from uommam.documents.models import GeneratedDocument
from uommam.testing import replay
from uommam.testing.walk import SESSIONS_PER_PERSONA, Walk, build_walk, prepare_walk
from uommam.testing.world import PERSONAS

pytestmark = pytest.mark.django_db

WALK = "uommam.testing.walk.build_walk"


def _replayed_walk() -> Walk:
    """A walk that is surely a replay: the first of the process (a real build) is rolled back."""
    savepoint = transaction.savepoint()
    build_walk()
    transaction.savepoint_rollback(savepoint)
    replays = replay.counts[WALK]["replayed"]
    walk = build_walk()
    assert replay.counts[WALK]["replayed"] == replays + 1, "the second walk of a process is a replay"
    return walk


def test_every_persona_of_a_replayed_walk_is_logged_in_with_sessions_of_its_own(settings: Any, tmp_path: Path):
    walk = _replayed_walk()
    prepare_walk(walk, tmp_path)
    settings.MEDIA_ROOT = tmp_path
    assert set(walk.sessions) == {"admin", *PERSONAS}
    keys = [key for keys in walk.sessions.values() for key in keys]
    assert len(set(keys)) == len(keys) == SESSIONS_PER_PERSONA * (len(PERSONAS) + 1)
    for persona in walk.sessions:
        for session in range(SESSIONS_PER_PERSONA):
            response = walk.client(persona, session).get(reverse("people:list"))
            assert response.status_code == 200, (persona, session)
            assert response.wsgi_request.user.username == persona


def test_a_replayed_walk_logs_out_one_session_without_touching_the_other(settings: Any, tmp_path: Path):
    walk = _replayed_walk()
    prepare_walk(walk, tmp_path)
    walk.client("cell_a", 0).post(reverse("logout"))
    assert walk.client("cell_a", 0).get(reverse("people:list")).status_code == 302
    assert walk.client("cell_a", 1).get(reverse("people:list")).status_code == 200


def test_each_case_gets_its_own_copy_of_the_records_files(settings: Any, tmp_path: Path):
    walk = _replayed_walk()
    prepare_walk(walk, tmp_path / "case")
    settings.MEDIA_ROOT = tmp_path / "case"
    files = [walk.records.dossier_item_a.file, walk.records.consent_a.document]
    for file in files:
        assert (tmp_path / "case" / file.name).read_bytes().startswith(b"%PDF")
        file.storage.delete(file.name)  # a case that erases the files...
    assert all((Path(walk.media) / file.name).exists() for file in files)  # ...leaves the next case its own


def test_a_walk_pointing_to_a_changed_content_type_is_built_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # The referral letter (a generated document) points to its referral's content type, a row the build did
    # not write: the snapshot keeps it, and once it differs (a flush may give it another id), the walk is
    # built for real again instead of being replayed with a dangling reference.
    savepoint = transaction.savepoint()
    _replayed_walk()
    transaction.savepoint_rollback(savepoint)
    snapshot = replay._snapshots[(WALK, timezone.localdate())]
    pks, rows = snapshot.outside[ContentType]  # the letter's content type, kept as it was
    monkeypatch.setitem(snapshot.outside, ContentType, (pks, [(pk, "elsewhere", "gone") for pk, *_ in rows]))
    built = replay.counts[WALK]["built"]
    walk = build_walk()
    assert replay.counts[WALK]["built"] == built + 1
    assert GeneratedDocument.objects.exclude(content_type=None).exists()
    assert len(walk.sessions) == len(PERSONAS) + 1
    assert replay._snapshots[(WALK, timezone.localdate())] is not snapshot  # a new snapshot, replayed from now
