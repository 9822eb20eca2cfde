"""Reading a file of the library: a regular file only, and never more than a cap.

Anything in the library folder may have been replaced by something that is not
a file (a FIFO blocks a read for ever, a symlink to /dev/zero never ends, a
device may be anything).  Every file the library reads goes through
`read_regular`: opened without blocking, checked to be a regular file on the
open descriptor (no race between a check and the open), read to at most
`limit` bytes.  A file that fails raises `NotAFile` or `TooLarge` (both
OSError), which callers already treat as a file they cannot use.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class NotAFile(OSError):
    """Not a regular file (a FIFO, a device, a folder...)."""


class TooLarge(OSError):
    """Larger than the cap for its kind of file."""


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; NotAFile or TooLarge otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotAFile(errno.EINVAL, "not a regular file", os.fspath(path))
        if info.st_size > limit:
            raise TooLarge(errno.EFBIG, f"larger than {limit:,} bytes", os.fspath(path))
        chunks = []
        left = limit + 1  # one byte more than allowed says the file grew past the cap meanwhile
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise TooLarge(errno.EFBIG, f"larger than {limit:,} bytes", os.fspath(path))
        return data
    finally:
        os.close(fd)


def is_regular(path: Path) -> bool:
    """A regular file (after following a symlink); False for anything else or nothing."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False
