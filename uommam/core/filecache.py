"""Django's file cache (`CACHE_URL=file:///…`, the one-server set-up), without counting its directory on every write.

`FileBasedCache.set` first calls `_cull`, which lists the whole cache directory to compare the number of files
with MAX_ENTRIES – on every write. A page cache holds thousands of entries, so each write grew with them: 0.4 ms
with 200 files, 3.6 ms with 2,200 and 6.5 ms with 4,200 (measured on this project's 2-core machine,
docs/benchmarks.md, "Load goal"), and the shared pages, the figures, the sessions and the claims of
`pagecache.filling` all write. Here a cache object counts at most once every CULL_CHECK_SECONDS; in between,
writes go straight to their file. The limit becomes approximate: it can be passed by what the workers write
in those seconds, then the usual cull (a third of the files, CULL_FREQUENCY) brings it back.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache.backends.filebased import FileBasedCache

CULL_CHECK_SECONDS = 5.0


class FileCache(FileBasedCache):
    """settings.CACHES for a file:/// CACHE_URL. Django keeps one cache object per thread, so the clock
    below needs no lock."""

    def __init__(self, dir: str, params: dict[str, Any]) -> None:  # noqa: A002 - Django's parameter name
        super().__init__(dir, params)
        self._next_count = 0.0

    def _cull(self) -> None:
        now = time.monotonic()
        if now < self._next_count:
            return
        self._next_count = now + CULL_CHECK_SECONDS
        super()._cull()  # type: ignore[misc]  # private in Django, absent from its stubs
