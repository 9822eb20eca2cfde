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
import re
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


# -- writing what leaves the program ------------------------------------------------------------------


class OutputRefused(OSError):
    """An output that cannot be written where it was asked (a folder, a device, a FIFO, no such folder...)."""

    def __init__(self, target: Path, reason: str) -> None:
        super().__init__(errno.EINVAL, reason, os.fspath(target))
        self.target = target
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.target}: cannot write: {self.reason}"


_TEMPORARY = ".{name}.{pid}.{token}.tmp"


def output_target(path: str | os.PathLike[str]) -> Path:
    """Where an output goes: the file a symlink points to (the link stays), checked before any work.

    Only a regular file is ever replaced: a folder, a device, a FIFO or a
    socket (also behind a symlink: /dev/null, /proc/self/fd/1) is refused, as
    is a folder that does not exist.
    """
    target = Path(path)
    if target.is_symlink():
        target = target.resolve()
    if target.exists() and not is_regular(target):
        what = "it is a folder" if target.is_dir() else "it is not a regular file (a device, a FIFO or a socket): choose a file"
        raise OutputRefused(Path(path), what)
    folder = target.parent
    if not folder.exists():
        raise OutputRefused(Path(path), f"the folder {folder} does not exist")
    if not folder.is_dir():
        raise OutputRefused(Path(path), f"{folder} is not a folder")
    return target


def write_atomic(path: str | os.PathLike[str], write, *, sync: bool = True) -> Path:
    """Call `write(file)` on a temporary file beside the target, then move it into place; the target written.

    The whole file or nothing: the temporary file is removed whatever goes
    wrong (an existing target stays byte for byte), its name is new each time
    (nothing planted at a name stops it), and the temporaries of writers
    killed before are removed first.  OutputRefused (an OSError) when the
    target cannot be written; other OSErrors as they come.
    """

    def fill(fd: int, _tmp: Path) -> None:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            if sync:
                os.fsync(f.fileno())

    return _replace(path, fill)


def write_atomic_by_name(path: str | os.PathLike[str], write_to) -> Path:
    """`write_atomic` for a writer that wants a file name rather than a file (Qt's PDF printer): `write_to(name)`
    writes the temporary file beside the target, which is then moved into place; the whole file or nothing."""

    def fill(fd: int, tmp: Path) -> None:
        os.close(fd)
        write_to(tmp)

    return _replace(path, fill)


def _replace(path: str | os.PathLike[str], fill) -> Path:
    """The one place a file of the program's is replaced: a new temporary beside the target, filled, moved into place."""
    import secrets

    target = output_target(path)
    folder = target.parent
    _remove_stale_temporaries(folder, target.name)
    tmp = folder / _TEMPORARY.format(name=target.name, pid=os.getpid(), token=secrets.token_hex(4))
    try:
        fd = _create(tmp)
    except PermissionError:
        raise OutputRefused(Path(path), f"the folder {folder} is not writable") from None
    try:
        fill(fd, tmp)
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise
    return target


def _create(path: Path) -> int:
    """A new file, for writing; never an existing one."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)


def _remove_stale_temporaries(folder: Path, name: str) -> None:
    """The temporary files of writers of this target that died before they finished."""
    for tmp in folder.glob(f".{name}.*.tmp"):
        pid = tmp.name[len(name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            try:
                tmp.unlink()
            except OSError:
                pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # another user's, or a platform that cannot tell: leave it
    return True


# -- text that leaves the program ------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 (but tab and newline), DEL, C1: terminal escapes among them
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d[\d,]*)(\.\d+)?%?$")


def printable(text: str) -> str:
    """Text for a terminal or a dialog: control characters (escape sequences) left out, tabs and newlines kept."""
    return _CONTROL.sub("", text)


def table_cell(text: str) -> str:
    """A cell of tab-separated text for a spreadsheet: printable, on one line, formula-like text neutralised ('=...)."""
    text = printable(text).replace("\t", " ").replace("\n", " ")
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def plain_tip(text: str) -> str:
    """A tooltip that shows its text as written: what Qt would take for rich text (a tag, an image) is escaped."""
    text = printable(text)
    if "<" not in text and "&" not in text:
        return text
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
    return f"<p style='white-space:pre-wrap'>{escaped}</p>"
