"""One writer at a time: a lock on the library folder that other iijviewer processes respect.

Everything that writes into a data folder (an import, a cache entry) holds
`library_lock(folder)`: an OS lock on `<data_dir>/.lock`, taken through
`filelock` (flock on POSIX, msvcrt on Windows, both tested by that project).
The OS drops it when its process ends, however it ends, so a killed import
never leaves the library locked.  The file itself stays and holds nothing.

The lock is re-entrant within a thread (an import writes cache entries while
it holds it), and excludes other threads of the same process as it excludes
other processes: `filelock` keeps one lock object per path (`is_singleton`)
whose state is per thread, and each thread locks its own descriptor.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_NAME = ".lock"
POLL_SECONDS = 0.05
# An import of a few documents takes seconds; one that waits longer than this is stuck.
DEFAULT_TIMEOUT = 120.0


class LibraryBusy(Exception):
    """Another process (or thread) holds the library's lock."""


def _lock(folder: Path) -> FileLock:
    return FileLock(os.path.join(os.path.abspath(folder), LOCK_NAME), is_singleton=True, mode=0o666)


@contextmanager
def library_lock(folder: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock of an existing library folder; wait up to `timeout` seconds (0: do not wait; None: the default).

    Raises LibraryBusy when it stays taken, OSError when the lock file cannot be opened.
    """
    lock = _lock(folder)
    try:
        lock.acquire(timeout=DEFAULT_TIMEOUT if timeout is None else timeout, poll_interval=POLL_SECONDS)
    except Timeout:
        raise LibraryBusy(f"{folder}: another iijviewer is changing this library") from None
    try:
        yield
    finally:
        lock.release()


def held(folder: Path) -> bool:
    """Whether this thread holds the folder's lock."""
    return _lock(folder).is_locked
