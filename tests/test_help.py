"""Help and the small things a new user meets: the shortcuts list, the guide, Escape in Find, counted nouns, names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from iijviewer.base.formatting import plural
from iijviewer.ui.main_window import MainWindow

PACKAGE = Path(__file__).resolve().parent.parent / "iijviewer"


@pytest.fixture
def window(qtbot, library, tmp_path) -> MainWindow:
    w = MainWindow(library, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    return w


def test_the_shortcuts_list_names_every_menu_shortcut(window, qtbot):
    rows = window.shortcut_rows()
    by_command = {command: (where, keys) for where, keys, command in rows}
    assert by_command["Copy"] == ("Edit", "Ctrl+C")
    assert by_command["Find"] == ("Edit", "Ctrl+F")
    assert by_command["Income statement"] == ("View > Statement", "Ctrl+1")
    assert by_command["Keyboard Shortcuts"][1] == "Ctrl+/"
    assert all("&" not in command for _, _, command in rows)
    window.shortcuts_action.trigger()
    dialog = window.shortcuts_dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Keyboard Shortcuts"
    table = dialog.table
    shown = {table.item(r, 2).text() for r in range(table.rowCount())}
    assert {"Copy", "Find", "Clear the find text (or cancel an import under way)"} <= shown
    dialog.close()


def test_the_guide_says_how_to_start(window):
    window.guide_action.trigger()
    guide = window.guide_dialog
    assert guide.isVisible() and guide.windowTitle() == "Quick Guide"
    text = guide.text.text()
    assert "Pick a period" in text and "double-click" in text.lower() and "Theme" in text
    guide.close()


def test_escape_clears_find(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    window.find_edit.setFocus()
    qtbot.keyClicks(window.find_edit, "revenue")
    statements = window.pages["statements"]
    assert statements.proxy.filterRegularExpression().pattern() == "revenue"
    qtbot.keyClick(window.find_edit, Qt.Key.Key_Escape)
    assert window.find_edit.text() == ""
    assert statements.proxy.filterRegularExpression().pattern() == ""


def test_the_toolbar_has_a_name(window):
    assert window.toolbar.windowTitle() == "Toolbar"
    assert window.toolbar.toggleViewAction().text() == "Toolbar"


def test_counted_nouns_agree():
    assert plural(1, "document") == "1 document"
    assert plural(2, "document") == "2 documents"
    assert plural(1204, "fact") == "1,204 facts"
    assert plural(0, "match", "matches") == "0 matches"


def test_no_message_counts_with_an_s_in_parentheses():
    offenders = [
        f"{path.relative_to(PACKAGE)}:{n}"
        for path in PACKAGE.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"[a-z]\(s\)[\s…\"']", line) and ('f"' in line or "f'" in line)
    ]
    assert offenders == []
