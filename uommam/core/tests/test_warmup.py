"""gunicorn warms the application before its first request (uommam/core/warmup.py, deploy/gunicorn.conf.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.template.autoreload import get_template_directories

from uommam.core.warmup import FORM_TEMPLATES, template_names

ROOT = Path(__file__).resolve().parents[3]

# Run in a fresh interpreter, as gunicorn's master does: load the WSGI application, call the configuration's
# hook for the moment before the workers are forked (or, without preloading, a worker's hook after loading
# the application), then report what is warm.
PROBE = """
import json, runpy, sys
import config.wsgi
conf = runpy.run_path("deploy/gunicorn.conf.py")
if sys.argv[1] == "master":
    conf["when_ready"](None)
if sys.argv[1] == "worker":
    conf["post_worker_init"](None)
from django.db import connections
from django.template import engines
from django.forms.renderers import get_default_renderer
from django.urls import get_resolver
from django.utils.translation import trans_real

def cached_names(engine):
    names, loaders = set(), list(engine.template_loaders)
    while loaders:  # template_partials wraps Django's cached loader
        loader = loaders.pop()
        names |= set(getattr(loader, "get_template_cache", {}))
        loaders += getattr(loader, "loaders", [])
    return sorted(names)

print(json.dumps({
    "open_connections": [alias for alias in connections if connections[alias].connection is not None],
    "templates": cached_names(engines["django"].engine),
    "form_templates": cached_names(get_default_renderer().engine.engine),
    "urls_populated": get_resolver()._populated,
    "languages": sorted(trans_real._translations),
}))
"""


def _warm_state(tmp_path: Path, where: str, preload: str) -> dict[str, Any]:
    database = tmp_path / "never-created.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "false",
        "SECRET_KEY": "warm-up-test-" + "k" * 60,
        "ALLOWED_HOSTS": "uommam.example.vn",
        "GUNICORN_PRELOAD": preload,
    }
    out = subprocess.run(
        [sys.executable, "-c", PROBE, where],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    warm: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    # Safe to fork: no connection was left open (nor ever made: SQLite creates its file on connecting).
    warm["database_created"] = database.exists()
    return warm


def test_gunicorn_compiles_every_template_before_forking_without_touching_the_database(tmp_path: Path) -> None:
    warm = _warm_state(tmp_path, "master", preload="true")
    assert warm["open_connections"] == [] and warm["database_created"] is False

    ours = {name for directory in get_template_directories() for name in template_names(directory)}
    assert {"base.html", "pipeline/candidate_detail.html"} <= ours
    assert ours <= set(warm["templates"])
    assert set(template_names(FORM_TEMPLATES)) <= set(warm["form_templates"])
    assert "django/forms/widgets/select.html" in warm["form_templates"]
    assert warm["urls_populated"] is True
    assert {"vi", "en"} <= set(warm["languages"])


def test_without_preloading_each_worker_warms_up_after_loading_the_application(tmp_path: Path) -> None:
    warm = _warm_state(tmp_path, "worker", preload="false")
    assert "pipeline/candidate_detail.html" in warm["templates"]
    assert warm["urls_populated"] is True


def test_loading_the_application_alone_does_not_warm_it_up(tmp_path: Path) -> None:
    """`runserver` loads the WSGI application without gunicorn's hooks: a developer's restart stays quick."""
    warm = _warm_state(tmp_path, "neither", preload="true")
    assert "pipeline/candidate_detail.html" not in warm["templates"]
