"""One writer at a time: a lock on the library folder that other iijviewer processes respect.

Everything that writes into a data folder (an import, a cache entry) holds
`library_lock(folder)`: an OS lock on `<data_dir>/.lock` (fcntl.flock on
POSIX, msvcrt.locking on Windows).  The OS drops it when its process ends,
however it ends, so a killed import never leaves the library locked.  The file
itself stays and holds nothing.

The lock is re-entrant within a thread (an import writes cache entries while
it holds it), and excludes other threads of the same process as it excludes
other processes.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".lock"
POLL_SECONDS = 0.05
# An import of a few documents takes seconds; one that waits longer than this is stuck.
DEFAULT_TIMEOUT = 120.0

_held = threading.local()  # the folders this thread holds, with a count


class LibraryBusy(Exception):
    """Another process (or thread) holds the library's lock."""


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _counts() -> dict[str, int]:
    if not hasattr(_held, "counts"):
        _held.counts = {}
    return _held.counts


@contextmanager
def library_lock(folder: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock of an existing library folder; wait up to `timeout` seconds (0: do not wait; None: the default).

    Raises LibraryBusy when it stays taken, OSError when the lock file cannot be opened.
    """
    key = os.path.normcase(os.path.abspath(folder))
    counts = _counts()
    if counts.get(key):
        counts[key] += 1
        try:
            yield
        finally:
            counts[key] -= 1
        return
    fd = os.open(Path(folder) / LOCK_NAME, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
    try:
        deadline = time.monotonic() + (DEFAULT_TIMEOUT if timeout is None else timeout)
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise LibraryBusy(f"{folder}: another iijviewer is changing this library")
            time.sleep(POLL_SECONDS)
        counts[key] = 1
        try:
            yield
        finally:
            del counts[key]
            _unlock(fd)
    finally:
        os.close(fd)


def held(folder: Path) -> bool:
    """Whether this thread holds the folder's lock."""
    return bool(_counts().get(os.path.normcase(os.path.abspath(folder))))
