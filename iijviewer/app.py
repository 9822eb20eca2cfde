"""Start the desktop viewer: the one place that creates the QApplication.

iijviewer.cli imports this module only when the program runs with no
subcommand, so the headless commands never load Qt.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from iijviewer.ui.placeholder import PlaceholderWindow

APPLICATION_NAME = "iijviewer"
ORGANIZATION_NAME = "iijviewer"


def _application(argv: Sequence[str]) -> QApplication:
    """The process's QApplication, created from argv unless one exists (as in tests)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv))
    elif not isinstance(app, QApplication):
        raise RuntimeError("a QCoreApplication without widgets is already running")
    # Names key QSettings and the platform's per-application folders.
    QCoreApplication.setApplicationName(APPLICATION_NAME)
    QCoreApplication.setOrganizationName(ORGANIZATION_NAME)
    return app


def _main_window(data_dir: str | os.PathLike[str] | None) -> PlaceholderWindow:
    return PlaceholderWindow(data_dir=data_dir)


def run_viewer(
    argv: Sequence[str] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> int:
    """Open the viewer's main window and run the event loop; return its exit code.

    argv goes to QApplication (Qt takes its own options, such as -platform,
    from it); data_dir is the library folder, None for the default.
    """
    app = _application(sys.argv if argv is None else argv)
    window = _main_window(data_dir)
    window.show()
    return app.exec()


def render_screenshot(path: str | os.PathLike[str]) -> None:
    """Render the viewer's main window, without showing it, to a PNG file at path."""
    # Offscreen unless a QApplication already runs: no window flashes up and no
    # display is needed.
    if QApplication.instance() is None:
        _application([APPLICATION_NAME, "-platform", "offscreen"])
    else:
        _application([])
    window = _main_window(None)
    if not window.grab().save(os.fspath(path), "PNG"):
        raise OSError(f"could not write the screenshot to {os.fspath(path)}")
