"""The main window shown while the real viewer is being built.

It says so, and points to the command line, which already gives the
normalized facts.
"""

from __future__ import annotations

import os
import shlex

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

WINDOW_TITLE = "iijviewer"


def facts_command(data_dir: str | os.PathLike[str] | None = None) -> str:
    """The command line that prints the facts of the library the window would show."""
    if data_dir is None:
        return "iijviewer facts"
    return f"iijviewer facts --data-dir {shlex.quote(os.fspath(data_dir))}"


class PlaceholderWindow(QMainWindow):
    """A main window whose only content is a note that the viewer is under way."""

    def __init__(
        self,
        data_dir: str | os.PathLike[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(WINDOW_TITLE)

        self.hint_label = QLabel(
            "The iijviewer window is being built.\n\n"
            "Meanwhile, the normalized facts are on the command line:\n\n"
            f"{facts_command(data_dir)}"
        )
        self.hint_label.setObjectName("placeholderHint")
        self.hint_label.setTextFormat(Qt.TextFormat.PlainText)
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint_label.setWordWrap(True)
        # So that the command can be copied.
        self.hint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint_label.setMargin(24)
        self.setCentralWidget(self.hint_label)
        self.resize(640, 360)
