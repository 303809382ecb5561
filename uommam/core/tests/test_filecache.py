"""The shared file cache (uommam/core/filecache.py): a write does not count the directory, the limit still holds
within a few seconds of writes, and it reads and writes like Django's file cache."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.cache.backends.filebased import FileBasedCache

from uommam.core import filecache
from uommam.core.filecache import FileCache


def _cache(tmp_path: Path, max_entries: int = 300) -> FileCache:
    return FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": max_entries, "CULL_FREQUENCY": 3}})


def _files(tmp_path: Path) -> int:
    return sum(1 for name in os.listdir(tmp_path) if name.endswith(FileBasedCache.cache_suffix))


def test_writes_in_a_row_count_the_directory_once(tmp_path: Path, monkeypatch) -> None:
    cache = _cache(tmp_path)
    counted: list[int] = []
    listing = FileBasedCache._list_cache_files
    monkeypatch.setattr(FileBasedCache, "_list_cache_files", lambda self: counted.append(1) or listing(self))

    for i in range(100):
        cache.set(f"page-{i}", b"x" * 100, 60)

    assert len(counted) == 1  # Django's own counts before each of the 100 writes
    assert all(cache.get(f"page-{i}") == b"x" * 100 for i in range(100))


class _Clock:
    """time.monotonic of uommam.core.filecache, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


def test_the_entry_limit_is_restored_at_the_next_count(tmp_path: Path, monkeypatch) -> None:
    clock = _Clock()
    monkeypatch.setattr(filecache, "time", clock)
    cache = _cache(tmp_path, max_entries=30)
    for i in range(90):  # all within one counting interval: the limit is passed for now
        cache.set(f"page-{i}", i, 60)
    assert _files(tmp_path) == 90

    clock.now += filecache.CULL_CHECK_SECONDS + 1
    cache.set("one-more", 1, 60)

    assert _files(tmp_path) <= 90 - 90 // 3 + 1  # a third culled, as Django does
    assert cache.get("one-more") == 1


def test_add_get_delete_and_expiry_behave_as_in_djangos_file_cache(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    assert cache.add("claim", 1, 30) is True
    assert cache.add("claim", 2, 30) is False
    assert cache.get("claim") == 1
    cache.delete("claim")
    assert cache.get("claim") is None
    cache.set("short", "v", -1)  # already expired
    assert cache.get("short") is None
