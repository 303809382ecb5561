"""The world of the access walks (tests/access): the persona world, its records and every persona logged in.

The walks open every URL as every persona. Building their scene for each case cost more than most cases
themselves: `add_records` renders a numbered referral letter, and each request used to log its persona in
anew (a session, the login's journal rows, the second-factor step). `build_walk` does all of it once per
process and is replayed for every later case (uommam/testing/replay.py), so each case still starts from the
same database a fresh build and fresh logins would have left, and its own writes are rolled back as before.

What the replay cannot restore is done by `prepare_walk`, called by the tests' fixture:
- the records' files (a dossier scan, a consent form, the letter) are copied from where the build wrote them
  (a folder of the process) into the case's own media folder, so a case that deletes a file (an erasure)
  cannot affect another case;
- the sessions' "last seen" time is set to now, as a login at the start of the case would have set it
  (otherwise the idle timeout would count from the build, and log the personas out in a long run).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client, override_settings

from uommam.accounts.middleware import LAST_SEEN_KEY
from uommam.testing.replay import replayed
from uommam.testing.world import Records, World, add_records, build_world

# Logged-in sessions per persona: a walk asks each page as a page request and as an HTMX request, each with
# a session of its own (a first request that logs out or changes the session cannot touch the second).
SESSIONS_PER_PERSONA = 2


@dataclass
class Walk:
    world: World
    records: Records
    media: str  # the folder the build wrote the records' files to
    # persona → session keys, each the session of its own `force_login`
    sessions: dict[str, list[str]] = field(default_factory=dict)

    def client(self, persona: str, session: int = 0) -> Client:
        """A test client logged in as `persona` (its `session`-th login), as `force_login` leaves one."""
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[persona][session]
        return client


_build_media: list[Path] = []


def _media_of_the_builds() -> Path:
    """One folder per process for the files the real builds write; a case reads its own copy of them."""
    if not _build_media:
        folder = Path(tempfile.mkdtemp(prefix="uommam-walk-"))
        atexit.register(shutil.rmtree, folder, True)
        _build_media.append(folder)
    return _build_media[0]


@replayed
def build_walk() -> Walk:
    """The persona world, `add_records` and SESSIONS_PER_PERSONA logins of every persona (the admin too)."""
    media = _media_of_the_builds()
    with override_settings(MEDIA_ROOT=str(media)):
        world = build_world()
        records = add_records(world)
    sessions: dict[str, list[str]] = {}
    for persona, user in world.users.items():
        for _ in range(SESSIONS_PER_PERSONA):
            client = Client()
            client.force_login(user)
            sessions.setdefault(persona, []).append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return Walk(world, records, str(media), sessions)


def prepare_walk(walk: Walk, media: Path) -> None:
    """Give a built or replayed walk its own copy of the files in `media` and freshly stamped sessions."""
    shutil.copytree(walk.media, media, dirs_exist_ok=True)
    keys = [key for keys in walk.sessions.values() for key in keys]
    rows = list(Session.objects.filter(session_key__in=keys))
    store = SessionStore()
    now = int(time.time())
    for row in rows:
        data = store.decode(row.session_data)
        data[LAST_SEEN_KEY] = now
        row.session_data = store.encode(data)
    Session.objects.bulk_update(rows, ["session_data"])
