"""The demo district in the test database, built once per test run (per xdist worker) and flushed afterwards.

Building the demo (`manage.py demo`) takes about 30 seconds, so every test that needs it asks for the `demo`
fixture and shares one build:

- `demo_database` (session scope) builds the demo the first time a test asks for it, outside any test's
  transaction, so the rows stay for the next demo test (each test's own writes are still rolled back).
- At collection, tests that ask for `demo` are moved together (transactional tests, which truncate every
  table when they end, last). Under xdist they all go to one worker: such tests live in modules named
  `test_demo*.py` (checked at collection), and the scheduler below keeps those modules in one work unit, so
  one worker builds the demo and runs them one after another. (xdist's own `xdist_group` marker does not
  reach the scheduler with pytest 9, which builds `nodeid` from `item._id`; grouping by module name does.)
  `--dist loadgroup` is the default (set below, not in addopts: `make mutation` runs pytest without xdist,
  where the option does not exist).
- After the last of them on a worker, the database is flushed: every other test starts from an empty
  database, as pytest-django promises.
- Should a test still find the demo gone (a test run in an unusual order), `demo` builds it again rather
  than let the test see an empty district.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

DEMO_FIXTURE = "demo"
DEMO_GROUP = "demo"
# A unit every demo has; its absence means the demo is not (or no longer) in the database.
DEMO_LANDMARK = "HU-CHIEMHOA"
_TRANSACTIONAL = {"transactional_db", "live_server", "django_db_serialized_rollback"}
# Folders whose test modules share a costly module-scoped preparation (tests/faults: a migrated database with
# its scene, ~10 s, copied for each kill): each such module is one work unit under xdist, prepared once.
ONE_WORKER_MODULES_IN = ("tests/faults/",)


class DemoDatabase:
    """Builds the demo when it is missing and remembers what the build printed."""

    # Builds in this process (an xdist worker, or the whole run without xdist); reported at the end of the run.
    builds_in_process = 0

    def __init__(self) -> None:
        self.output = ""
        self.builds = 0

    def present(self) -> bool:
        from uommam.orgs.models import OrgUnit

        return OrgUnit.objects.filter(code=DEMO_LANDMARK).exists()

    def ensure(self) -> str:
        if not self.present():
            out = StringIO()
            call_command("demo", stdout=out)
            self.output = out.getvalue()
            self.builds += 1
            DemoDatabase.builds_in_process += 1
        return self.output


def _in_demo_module(nodeid: str) -> bool:
    """Whether the test (by its node id) lives in a demo module, `test_demo*.py`."""
    return nodeid.split("::", 1)[0].rsplit("/", 1)[-1].startswith("test_demo")


def _uses_demo(item: pytest.Item | None) -> bool:
    return item is not None and DEMO_FIXTURE in getattr(item, "fixturenames", ())


def _is_transactional(item: pytest.Item) -> bool:
    if _TRANSACTIONAL & set(getattr(item, "fixturenames", ())):
        return True
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("serialized_rollback")))


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    # Before xdist's own hook turns "no" into "load" for `-n N`; an explicit --dist is left alone. Only in the
    # controller: a worker runs this hook too, with "no" on purpose, and must stay a plain session.
    if hasattr(config, "workerinput") or not config.pluginmanager.hasplugin("xdist"):
        return
    if config.getoption("numprocesses", None) and config.getoption("dist", "no") == "no":
        config.option.dist = "loadgroup"


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> Iterator[None]:
    """Before every other plugin's hook: the demo's tests get their xdist group (xdist reads the markers in its
    own hook). After them all: the demo's tests go first, the transactional ones (they empty the database when
    they end) right after the others, then the browser tests, then every other test in the order pytest-django
    gave them.

    pytest-django sorts every transactional test after all the others; left there, the browser test of the demo
    ran after a test of a demo module that had found the demo flushed, and built the demo a second time."""
    demo_items = [item for item in items if _uses_demo(item)]
    strays = [item.nodeid for item in demo_items if not _in_demo_module(item.nodeid)]
    if strays:
        # The scheduler groups the demo's tests by module name: elsewhere they would build it again.
        raise pytest.UsageError(f"tests using the demo must live in a test_demo*.py module: {strays}")
    for item in demo_items:
        item.add_marker(pytest.mark.xdist_group(DEMO_GROUP))
    result = yield
    demo_items = [item for item in items if _uses_demo(item)]
    demo_items.sort(key=_is_transactional)
    # Then the browser tests, the longest of the suite (5–35 s each): started early, they run beside the
    # short ones instead of keeping one worker busy after the other has finished (longest first).
    rest = [item for item in items if not _uses_demo(item)]
    browser = [item for item in rest if item.get_closest_marker("browser") is not None]
    items[:] = demo_items + browser + [item for item in rest if item.get_closest_marker("browser") is None]
    return result


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under `--dist loadgroup`: every test of a demo module in one work unit (one worker, one build), each
    module of ONE_WORKER_MODULES_IN in one work unit, every other test scheduled on its own as usual."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class DemoOnOneWorker(LoadGroupScheduling):  # type: ignore[misc]  # xdist ships no type information
        def _split_scope(self, nodeid: str) -> str:
            if _in_demo_module(nodeid):
                return DEMO_GROUP
            if nodeid.startswith(ONE_WORKER_MODULES_IN):
                return nodeid.split("::", 1)[0]
            scope: str = super()._split_scope(nodeid)
            return scope

    return DemoOnOneWorker(config, log)


@pytest.fixture(scope="session")
def demo_database(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoDatabase]:
    database = DemoDatabase()
    with django_db_blocker.unblock():
        database.ensure()
    yield database


@pytest.fixture
def demo(demo_database: DemoDatabase, django_db_blocker: Any) -> str:
    """The demo district in the database; the value is what `manage.py demo` printed."""
    with django_db_blocker.unblock():
        return demo_database.ensure()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    result = yield
    if _uses_demo(item) and not _uses_demo(nextitem):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            call_command("flush", interactive=False, verbosity=0)
    return result


# ── How many times the demo was built in this run: one line at the end of the run ────────────────────────────

_WORKER_BUILDS = pytest.StashKey[int]()


def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker tells the controller
        workeroutput["demo_builds"] = DemoDatabase.builds_in_process


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    config = node.config
    builds = getattr(node, "workeroutput", {}).get("demo_builds", 0)
    config.stash[_WORKER_BUILDS] = config.stash.get(_WORKER_BUILDS, 0) + builds


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):
        return
    builds = DemoDatabase.builds_in_process + config.stash.get(_WORKER_BUILDS, 0)
    if builds:
        terminalreporter.write_line(f"demo database: built {builds} time(s) in this run")
