"""Heavy page figures (the to-do list, the dashboard's funnel) cached until the next write.

Every write of the application is a service that journals itself in the same transaction
(`uommam.audit.services`), so the newest journal entry marks the state of the data: a cached value
is stored under a key that ends with the id of that entry, and any stage change, import, void or
edit – in any worker process – moves the mark and makes every older key unreachable. Reading the mark
is one index lookup, far cheaper than the aggregates it guards. Entries that change nothing
(log-ins, exports, downloads) do not move it.

The rest of the key says whose figures they are: the viewer's scope (each role and the unit it is
held in, or "administrator"), or the unit asked for, and the language of the page. Two officers with
the same roles in the same unit share one entry; nobody can reach another scope's entry.

The backend is Django's cache framework (`CACHES` in settings): process-local memory by default,
shared Redis or the database cache table in production (docs/deployment.md). A value that cannot be
pickled is simply not cached.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import pickle
import secrets
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connections, router, transaction
from django.utils import timezone, translation

T = TypeVar("T")

# Journal actions that record a reading, not a change of the data.
NOT_WRITES = ("login", "login_failed", "export")
# The key also carries the day, and an entry lives at most this long, so that "due today" turns
# into "overdue" at midnight even without a write.
DEFAULT_TIMEOUT = 15 * 60


# The mark already read for the current read-only request (uommam/accounts/sharedpage.py sets it), so that
# the page's cached figures do not read it a second time.
request_mark: contextvars.ContextVar[int | None] = contextvars.ContextVar("uommam_request_mark", default=None)


def data_mark() -> int:
    """The id of the newest journal entry that records a write (0 on an empty journal)."""
    known = request_mark.get()
    if known is not None:
        return known
    entry = apps.get_model("audit", "AuditEntry")
    # Read on every page: plain SQL (the primary key index read backwards), without the ORM's compiling.
    table = connections[router.db_for_read(entry)].ops.quote_name(entry._meta.db_table)
    marks = ", ".join(["%s"] * len(NOT_WRITES))
    with connections[router.db_for_read(entry)].cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE action NOT IN ({marks}) ORDER BY id DESC LIMIT 1", NOT_WRITES)  # noqa: S608 - no user input
        row = cursor.fetchone()
    return int(row[0]) if row else 0


# A second, independent mark: any committed change of a row of the project's own models (uommam.*) gives
# the cache a new random token, so a write that was not journalled (a data fix in the shell, a model saved
# by the admin or a script) cannot leave a stored page stale either. In a shared cache (CACHE_URL) every
# worker sees the new token; in process-local memory only the worker that wrote does, and the journal mark
# above covers the others. Rows that no page shows do not move it: the journal itself (its mark is read
# above, and log-ins write it) and a user's log-in time.
WRITE_TOKEN_KEY = "uommam:write-token"
SILENT_MODELS = frozenset({"audit.auditentry"})
SILENT_FIELDS = frozenset({"last_login"})


def page_cache() -> Any:
    """The cache that holds the page figures and shared pages (settings.UOMMAM_PAGE_CACHE_ALIAS, else "default")."""
    return caches[getattr(settings, "UOMMAM_PAGE_CACHE_ALIAS", "default")]


def write_token() -> str:
    """The token of the last committed change of a project row ("" before any change this cache saw)."""
    if not getattr(settings, "UOMMAM_PAGE_CACHE", True):
        return ""
    return str(page_cache().get(WRITE_TOKEN_KEY) or "")


def _new_write_token() -> None:
    page_cache().set(WRITE_TOKEN_KEY, secrets.token_hex(8), None)


def _project_app(label: str) -> bool:
    # By label: the models of a data migration are historical ones, without an app config of their own.
    try:
        return apps.get_app_config(label).name.startswith("uommam.")
    except LookupError:
        return False


def rows_changed(sender: type[Any], using: str = "default", update_fields: Any = None, **kwargs: Any) -> None:
    """post_save / post_delete / m2m_changed receiver: a project row changed, so stored pages are stale.

    The token moves at once and again when the transaction commits: a page rendered from the old rows
    between the two is stored under the first token and never served after the commit."""
    if not getattr(settings, "UOMMAM_PAGE_CACHE", True):
        return
    meta = getattr(sender, "_meta", None)
    if meta is None or not _project_app(meta.app_label) or meta.label_lower in SILENT_MODELS:
        return
    if update_fields and set(update_fields) <= SILENT_FIELDS:
        return
    _new_write_token()
    transaction.on_commit(_new_write_token, using=using)


# Filling an entry once. When the data mark moves (or the server starts), every officer of a scope who opens
# the same page in the next second misses at once; without care, each of them renders it – on a reporting
# deadline, one write makes a whole unit's officers redo the same work together and the server queues. So a
# miss first claims the entry ("<key>:filling", an atomic `add` in memory, Redis and the database cache;
# near-atomic in the file cache, where a rare double render is harmless): the claimant renders, the others
# wait for its entry and serve it. A waiter renders itself when the claimant ends without storing (the page
# was not storable) or the wait passes FILL_WAIT_SECONDS; a claim left by a killed worker lapses after
# FILL_CLAIM_SECONDS.
FILL_CLAIM_SECONDS = 30
FILL_WAIT_SECONDS = 5.0
_FILL_POLL_FIRST = 0.005
_FILL_POLL_MAX = 0.025


def _claim_key(key: str) -> str:
    return f"{key}:filling"


@contextlib.contextmanager
def filling(cache: Any, key: str) -> Iterator[bool]:
    """True when this request has claimed `key` and must fill it; the claim ends with the block."""
    claimed = bool(cache.add(_claim_key(key), 1, FILL_CLAIM_SECONDS))
    try:
        yield claimed
    finally:
        if claimed:
            cache.delete(_claim_key(key))


def wait_for_fill(cache: Any, key: str, *, limit: float | None = None) -> Any:
    """The entry another request is filling, or None when it ends without storing or takes too long."""
    waited = FILL_WAIT_SECONDS if limit is None else limit
    deadline = time.monotonic() + waited
    pause = _FILL_POLL_FIRST
    while time.monotonic() < deadline:
        time.sleep(pause)  # the GIL is free meanwhile: the claimant's thread renders
        hit = cache.get(key)
        if hit is not None:
            return hit
        if cache.get(_claim_key(key)) is None:
            # The claimant has ended: it stored the entry just now (read again) or the page was not storable.
            return cache.get(key)
        pause = min(pause * 2, _FILL_POLL_MAX)
    return None


def cached(kind: str, parts: tuple[Any, ...], compute: Callable[[], T], *, timeout: int | None = None) -> T:
    """`compute()`, or its value cached under `kind`, `parts`, the language, the day and the data mark."""
    if not getattr(settings, "UOMMAM_PAGE_CACHE", True):
        return compute()
    mark = (translation.get_language() or "", timezone.localdate().isoformat(), data_mark(), write_token())
    raw = "|".join(str(p) for p in (*parts, *mark))
    key = f"uommam:{kind}:" + hashlib.sha256(raw.encode()).hexdigest()
    cache = page_cache()
    hit = cache.get(key)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    with filling(cache, key) as claimed:
        if not claimed:
            hit = wait_for_fill(cache, key)
            if hit is not None:
                return hit  # type: ignore[no-any-return]
        value = compute()
        # A value that cannot be pickled is served uncached, still correct.
        with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError):
            cache.set(key, value, timeout if timeout is not None else DEFAULT_TIMEOUT)
    return value
