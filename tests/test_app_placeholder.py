"""The placeholder main window, and the app functions that show and render it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from iijviewer import app
from iijviewer.ui.placeholder import PlaceholderWindow


def test_placeholder_window_shows_title_and_hint(qtbot) -> None:
    window = PlaceholderWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    assert window.windowTitle() == "iijviewer"
    hint = window.hint_label.text()
    assert "being built" in hint
    assert "iijviewer facts" in hint
    assert window.centralWidget() is window.hint_label
    assert window.hint_label.isVisible()


def test_hint_names_the_library_folder_it_was_given(qtbot, tmp_path: Path) -> None:
    library = tmp_path / "my library"
    window = PlaceholderWindow(data_dir=library)
    qtbot.addWidget(window)

    assert f"iijviewer facts --data-dir '{library}'" in window.hint_label.text()


def test_run_viewer_shows_the_window_and_returns_the_exit_code(qapp) -> None:
    shown: list[str] = []

    def look_and_quit() -> None:
        shown.extend(
            w.windowTitle()
            for w in QApplication.topLevelWidgets()
            if isinstance(w, PlaceholderWindow) and w.isVisible()
        )
        QCoreApplication.exit(3)

    QTimer.singleShot(0, look_and_quit)

    assert app.run_viewer([]) == 3
    assert shown == ["iijviewer"]
    assert QCoreApplication.applicationName() == "iijviewer"
    assert QCoreApplication.organizationName() == "iijviewer"


def test_render_screenshot_writes_a_png_of_the_window(qapp, tmp_path: Path) -> None:
    path = tmp_path / "viewer.png"

    app.render_screenshot(path)

    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(path))
    assert image.width() >= 320 and image.height() >= 200
