"""Prepares a file database for the fault tests – migrated, then the scene set – and prints what the tests
need as JSON.

    python tests/faults/scenario.py      (DATABASE_URL and MEDIA_ROOT in the environment)

Run in its own process so the server under test and this setup share nothing but the database file. It runs
once per test module; each test gets a copy of the database file and the media folder (the session, the
candidate and the import batch are the same rows in every copy).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

from uommam.imports import services as imports  # noqa: E402
from uommam.pipeline.services import candidate_nominate  # noqa: E402
from uommam.pipeline.workflow import perform  # noqa: E402
from uommam.testing.spreadsheets import GOOD_ROWS, NATIONAL_HEADERS, xlsx_bytes  # noqa: E402
from uommam.testing.world import build_world  # noqa: E402


def session_for(user) -> str:  # type: ignore[no-untyped-def]
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key or ""


def main() -> None:
    # Migrating here rather than in a `manage.py migrate` process of its own saves one start of Django.
    call_command("migrate", verbosity=0, interactive=False)
    world = build_world()
    secretary = world.users["cell_a"]
    candidate = candidate_nominate(
        person=world.students["a"],
        cell=world.units["CB-S-A"],
        proposed_by=world.units["DTN-S-A"],
        school_year="2025-2026",
        actor=secretary,
        on=date(2025, 9, 15),
    )
    perform(
        candidate,
        "accept_sympathiser",
        actor=secretary,
        data={"helper": world.members["a"], "effective_on": date(2025, 10, 1)},
    )
    batch = imports.import_preview(
        actor=secretary, school=world.units["S-A"], data=xlsx_bytes([NATIONAL_HEADERS, *GOOD_ROWS]), file_name="ds.xlsx"
    )
    facts = {
        "session": session_for(secretary),
        "candidate": candidate.pk,
        "batch": batch.pk,
        "student": world.students["a"].pk,
        "import_rows": len(GOOD_ROWS),
    }
    # Closed, the WAL journal is written back into the database file: the tests copy that file alone.
    connections.close_all()
    print(json.dumps(facts))


if __name__ == "__main__":
    main()
