"""Start the desktop viewer: the one place that creates the QApplication.

iijviewer.cli imports this module only when the program runs without a
subcommand, so the headless commands never load Qt.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

APPLICATION_NAME = "iijviewer"
ORGANIZATION_NAME = "iijviewer"
SCREENSHOT_SIZE = (1440, 880)


# Said by Qt's offscreen platform about itself on every window; nothing a user can act on.
_QUIET_MESSAGES = ("This plugin does not support propagateSizeHints()",)
_previous_handler = None


def _message_handler(mode, context, message: str) -> None:
    if message in _QUIET_MESSAGES:
        return
    if _previous_handler is not None:
        _previous_handler(mode, context, message)
    else:
        sys.stderr.write(message + "\n")


def _application(argv: Sequence[str]) -> QApplication:
    """The process's QApplication, created from argv unless one exists (as in tests)."""
    app = QApplication.instance()
    if app is None:
        global _previous_handler
        _previous_handler = qInstallMessageHandler(_message_handler)
        app = QApplication(list(argv))
    elif not isinstance(app, QApplication):
        raise RuntimeError("a QCoreApplication without widgets is already running")
    # Names key QSettings and the platform's per-application folders.
    QCoreApplication.setApplicationName(APPLICATION_NAME)
    QCoreApplication.setOrganizationName(ORGANIZATION_NAME)
    return app


class _ErrorDialog(QObject):
    """Shows an unexpected error on the GUI thread, whichever thread it happened on."""

    report = Signal(str, str)  # one line about the error, where its details are

    def __init__(self) -> None:
        super().__init__()
        self.report.connect(self._show)  # queued when emitted from another thread

    def _show(self, summary: str, details: str) -> None:
        QMessageBox.critical(
            None,
            "iijviewer: unexpected error",
            f"iijviewer ran into an unexpected error:\n\n{summary}\n\n"
            f"The {details} (please include it when you report the problem).",
        )


_error_dialog: _ErrorDialog | None = None


def install_exception_hooks(data_dir: str | os.PathLike[str] | None = None) -> None:
    """Route every uncaught exception (main thread, Qt slots, worker threads) to the log and a dialog.

    Without this, an exception in a slot prints a traceback to a console the
    user may not have, and one on a worker thread ends the thread silently.
    """
    global _error_dialog
    from iijviewer.base import errorlog

    _error_dialog = _ErrorDialog()
    dialog = _error_dialog

    def excepthook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        try:
            log = errorlog.record(exc_type, exc, tb, data_dir)
            dialog.report.emit(errorlog.summary(exc), errorlog.where(log))
        except Exception:  # noqa: BLE001 - the hook must not raise; say the least that can be said
            sys.stderr.write(f"iijviewer: unexpected error: {exc_type.__name__}\n")

    def thread_excepthook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook


def _main_window(data_dir: str | os.PathLike[str] | None, settings: QSettings | None = None):
    from iijviewer.library.store import Library, many_objects
    from iijviewer.ui.main_window import MainWindow

    # the library and the window live as long as the session: made without the
    # collector, then frozen out of its way (until an import replaces them)
    with many_objects(freeze=True):
        window = MainWindow(Library.load(data_dir), settings)
    window.library.save_snapshot()  # the next start takes the library from it (checked already for the status bar)
    return window


def _make_library_folder(data_dir: str | os.PathLike[str] | None) -> None:
    """The user's library folder, made at the first start, so that what it reads is cached from then on.

    A folder that cannot be made (read-only home, a file in its place) leaves
    the viewer without a cache; imports then say why they are unavailable.
    """
    from iijviewer.base.paths import data_dir as default_data_dir

    try:
        default_data_dir(data_dir).mkdir(parents=True, exist_ok=True)
    except OSError:
        pass


def run_viewer(
    argv: Sequence[str] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> int:
    """Open the viewer's main window and run the event loop; return its exit code.

    argv goes to QApplication (Qt takes its own options, such as -platform,
    from it); data_dir is the library folder, None for the default.
    """
    app = _application(sys.argv if argv is None else argv)
    install_exception_hooks(data_dir)
    _make_library_folder(data_dir)
    window = _main_window(data_dir)
    window.show()
    return app.exec()


@dataclass
class ScreenshotOptions:
    view: str | None = None  # statements, compare, trends, guidance, sources, findings
    statement: str | None = None
    period: str | None = None
    compare: list[str] = field(default_factory=list)
    concepts: list[str] = field(default_factory=list)
    unit: str | None = None
    theme: str | None = None  # system, light or dark
    source: str | None = None  # "DOCUMENT:LINE": open the Sources page there


def render_screenshot(
    path: str | os.PathLike[str],
    options: ScreenshotOptions | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> None:
    """Render the main window offscreen to a PNG file, showing what `options` choose."""
    options = options or ScreenshotOptions()
    # Offscreen unless a QApplication already runs: no window flashes up and no display is needed.
    if QApplication.instance() is None:
        _application([APPLICATION_NAME, "-platform", "offscreen"])
    else:
        _application([])
    with tempfile.TemporaryDirectory() as tmp:
        # a screenshot neither reads nor changes the user's remembered window layout
        settings = QSettings(os.path.join(tmp, "screenshot.ini"), QSettings.Format.IniFormat)
        window = _main_window(data_dir, settings)
        window.resize(*SCREENSHOT_SIZE)
        apply_options(window, options)
        window.show()
        for _ in range(3):
            QApplication.processEvents()
        ok = window.grab().save(os.fspath(path), "PNG")
        window.close()
        window.deleteLater()
    if not ok:
        raise OSError(f"could not write the screenshot to {os.fspath(path)}")


def _unknown_period(key: str, known: list[str]) -> str:
    """No figures for a period: the message names it and the nearest periods the library has."""
    from difflib import get_close_matches

    near = get_close_matches(key, known, n=4, cutoff=0.6)
    hint = f"did you mean {', '.join(near)}?" if near else "periods look like FY2010, FY2010-H1, FY2010-Q2 or 2010-09-30"
    return f"no figures for period {key!r} in the library; {hint}"


def apply_options(window, options: ScreenshotOptions) -> None:
    from iijviewer.ui.main_window import VIEW_NAMES

    if options.theme:
        window.set_theme(options.theme)
    if options.unit:
        window.set_unit(options.unit)
    if options.statement:
        window.set_statement(options.statement)
    for key in ([options.period] if options.period else []) + list(options.compare):
        if key not in window.index.by_period:
            raise ValueError(_unknown_period(key, list(window.index.by_period)))
    if options.period:
        window.set_period(options.period)
    if options.compare:
        window.set_periods(options.compare)
    if options.concepts:
        window.show_in_trends(options.concepts)
    if options.source:
        from iijviewer.base.facts import SourceRef

        document, _, line = options.source.rpartition(":")
        if not document or not line.isdigit():
            raise ValueError(f"a source is DOCUMENT:LINE, not {options.source!r}")
        window.open_source(SourceRef(document, int(line)))
    if options.view:
        if options.view not in VIEW_NAMES:
            raise ValueError(f"unknown view {options.view!r}; one of {', '.join(VIEW_NAMES)}")
        window.show_view(options.view)
