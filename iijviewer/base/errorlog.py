"""Unexpected errors: their tracebacks go to a rotating log, the user gets one line and the log's location.

The log is `<data_dir>/logs/iijviewer.log` (a few files of at most 1 MB,
the oldest dropped); where the data folder cannot take it, a folder in the
system's temporary folder.  The command line and the viewer's exception hooks
(`iijviewer.app`) write here; nothing here prints.
"""

from __future__ import annotations

import logging
import os
import tempfile
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from iijviewer.base.paths import data_dir as default_data_dir

LOG_FOLDER = "logs"
LOG_NAME = "iijviewer.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
SUMMARY_CHARS = 300

_logger = logging.getLogger("iijviewer.unexpected")
_logger.propagate = False  # the traceback is for the log file, never for a console
_logger.setLevel(logging.ERROR)
_handler: "_QuietHandler | None" = None


class _QuietHandler(RotatingFileHandler):
    """A log file whose failure to write (a full disk) is remembered, never printed as a second traceback."""

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        self.failed = True


def _folders(data_dir: str | os.PathLike[str] | None) -> list[Path]:
    folders = []
    try:
        folders.append(default_data_dir(data_dir) / LOG_FOLDER)
    except Exception:  # noqa: BLE001 - no data folder at all: the temporary one will do
        pass
    # Windows' temporary folder is the user's own; elsewhere it is shared, so the name says whose
    own = "iijviewer" if os.name == "nt" else f"iijviewer-{os.getuid()}"
    folders.append(Path(tempfile.gettempdir()) / own / LOG_FOLDER)
    return folders


def open_log(data_dir: str | os.PathLike[str] | None = None) -> Path | None:
    """The log file for this data folder (or the temporary fallback), ready to write; None when none can be."""
    global _handler
    for folder in _folders(data_dir):
        path = folder / LOG_NAME
        if _handler is not None and Path(_handler.baseFilename) == path.absolute():
            return path
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handler = _QuietHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
        except OSError:
            continue
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s pid %(process)d: %(message)s"))
        if _handler is not None:
            _logger.removeHandler(_handler)
            _handler.close()
        _logger.addHandler(handler)
        _handler = handler
        return path
    return None


def record(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    data_dir: str | os.PathLike[str] | None = None,
    context: str = "unexpected error",
) -> Path | None:
    """Write an exception with its traceback to the log; the log's path, or None when no log could be written."""
    path = open_log(data_dir)
    if path is not None and _handler is not None:
        _handler.failed = False
        _logger.error("%s: %s", context, summary(exc), exc_info=(exc_type, exc, tb))
        try:
            _handler.flush()
        except OSError:
            _handler.failed = True
        if _handler.failed:
            return None  # not written (a full disk): the user is told no log could be written
    return path


def summary(exc: BaseException) -> str:
    """One line for a person: the kind of error and its message."""
    text = " ".join(str(exc).split())
    line = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return line if len(line) <= SUMMARY_CHARS else line[: SUMMARY_CHARS - 1] + "…"


def where(log: Path | None) -> str:
    """How a message points at the log."""
    return f"details in {log}" if log is not None else "no log could be written"
