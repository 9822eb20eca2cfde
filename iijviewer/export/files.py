"""Writing an export whole or not at all, and the one error an export raises (`ExportError`)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

from iijviewer.base.safefile import OutputRefused, output_target
from iijviewer.base.safefile import write_atomic as safe_write


class ExportError(Exception):
    """An export that could not be written; the message names the file and says why, in one line."""



def check_target(path: str | os.PathLike[str]) -> Path:
    """The target as a Path; ExportError now, before any work, when it can plainly not be written."""
    try:
        return output_target(path)
    except OutputRefused as e:
        raise ExportError(str(e)) from None


def write_atomic(path: str | os.PathLike[str], write: Callable[[IO[bytes]], None]) -> Path:
    """Call `write` on a temporary file beside `path`, then move it into place; ExportError on failure.

    The temporary file is removed whatever goes wrong, so a failed export
    leaves an existing target byte for byte as it was and leaves no debris
    (`safefile.write_atomic`).
    """
    target = check_target(path)
    try:
        return safe_write(path, write)
    except OutputRefused as e:
        raise ExportError(str(e)) from None
    except PermissionError:
        raise ExportError(
            f"{target}: cannot replace it: the file is open in another program or is read-only; close it and export again"
        ) from None
    except IsADirectoryError:
        raise ExportError(f"{target}: cannot write: it is a folder") from None
    except OSError as e:
        raise ExportError(f"{target}: cannot write ({e.strerror or e})") from None
