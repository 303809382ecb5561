"""What a server process computes once, done before it takes its first request.

Left to itself, a fresh process pays for it in its first requests: importing the modules views import only
when called (the `holidays` package alone is 278 modules, loaded by the first working-day count), reading the
translation catalogues and number formats, building the working-day calendars, compiling each template the
first time a page uses it. Measured in gunicorn on the Chiêm Hóa demo (docs/benchmarks.md, "Load goal",
session 6): a worker's first home page cost 170–230 ms of CPU against ~70 ms for the next ones – and gunicorn
starts four workers at once, so the officers who arrive just after a restart wait behind all of that.

gunicorn calls `warm_up()` (deploy/gunicorn.conf.py): with `preload_app`, once, in the master, after it loaded
the application and before it forks the workers (`when_ready`), so every worker starts warm, shares the compiled
templates with its siblings, and so does a worker that gunicorn starts later to replace one (`max_requests`);
without, in each worker before its first request (`post_worker_init`). `runserver` does not call it: a
developer's restart after each edit stays quick.

Nothing here may leave a database connection open: a connection made before the fork would be shared by
every worker. `warm_up()` reads no row, and closes the connections anyway.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from pathlib import Path

import django
from django.conf import settings
from django.db import connections
from django.forms.renderers import BaseRenderer, get_default_renderer
from django.template import engines
from django.template.autoreload import get_template_directories
from django.template.backends.django import DjangoTemplates
from django.urls import get_resolver
from django.utils import formats, timezone, translation

import uommam
from uommam.rules import working_days

logger = logging.getLogger(__name__)

# Django's own form widget templates, rendered through settings.FORM_RENDERER with its own engine.
FORM_TEMPLATES = Path(django.__file__).parent / "forms" / "templates"
# Not imported by a server: the test suite, the schema history, the command-line tools, the demo loader.
NOT_SERVED_PARTS = frozenset({"tests", "migrations", "management"})
NOT_SERVED_PACKAGES = ("uommam.testing", "uommam.demo")
# Working-day calendars built ahead, around today: the deadlines on the to-do page, the dashboard and the
# record pages count working days from events of the past few school years to the end of probation.
CALENDAR_YEARS_BACK = 6
CALENDAR_YEARS_AHEAD = 2


def template_names(directory: Path) -> list[str]:
    """The names under which the templates of one template directory are asked for."""
    return sorted(str(path.relative_to(directory)) for path in directory.rglob("*.html") if path.is_file())


def served_modules() -> list[str]:
    """The application's modules a server may import while answering a request."""
    names = []
    for module in pkgutil.walk_packages(uommam.__path__, "uommam."):
        parts = module.name.split(".")
        package = ".".join(parts[:2])
        if NOT_SERVED_PARTS.isdisjoint(parts) and package not in NOT_SERVED_PACKAGES:
            names.append(module.name)
    return sorted(names)


def warm_up() -> dict[str, int]:
    """Import the views, read the catalogues, compile the templates; return what was done, for the log."""
    modules = served_modules()
    for name in modules:
        importlib.import_module(name)

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 (imports every view module)
    resolver._populate()  # the reverse() tables, otherwise built by the first request that links anywhere

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("")  # loads and merges the catalogues of every app for the language
        formats.get_format_modules(lang=code)

    this_year = timezone.localdate().year
    for year in range(this_year - CALENDAR_YEARS_BACK, this_year + CALENDAR_YEARS_AHEAD + 1):
        working_days.public_holidays(year)

    compiled = 0
    for engine in engines.all():
        if not isinstance(engine, DjangoTemplates):
            continue
        engine.engine.template_context_processors  # noqa: B018 (imports them)
        for directory in sorted(get_template_directories()):
            for name in template_names(directory):
                engine.get_template(name)  # the cached loader keeps it for the process
                compiled += 1

    renderer: BaseRenderer = get_default_renderer()
    for name in template_names(FORM_TEMPLATES):
        renderer.get_template(name)
        compiled += 1

    connections.close_all()
    logger.info("warm-up: %d modules imported, %d templates compiled", len(modules), compiled)
    return {"modules": len(modules), "templates": compiled}
