"""Help: the keyboard shortcuts as a list, and a short guide to the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# keys that belong to a widget rather than to a menu command
WIDGET_KEYS = (
    ("Navigator", "Ctrl+click", "Select several periods to compare them"),
    ("Statements", "Double-click", "Open the document at the figure's line (a derived figure: choose an input)"),
    ("Find", "Esc", "Clear the find text (or cancel an import under way)"),
    ("Sources", "Ctrl+F", "Find in the document's text"),
    ("Sources", "Enter / Shift+Enter", "Next / previous match"),
    ("Sources", "Delete", "Remove the selected imported document from the library"),
    ("Page", "Ctrl++ / Ctrl+-", "Zoom the PDF page in / out"),
)

GUIDE = """
<h3>iijviewer in a minute</h3>
<ol>
<li><b>Pick a period</b> in the navigator on the left (Ctrl+click several to compare them).
Its mark says what the library has: ● reported, ◑ partly derived, ◐ derived, ◇ targets only.</li>
<li><b>Pick a statement</b> in the toolbar or with Ctrl+1 … Ctrl+9; the unit (JPY thousands, millions,
billions) beside it.</li>
<li><b>Read a figure</b>: hover it for the document and line it comes from; <i>italic blue</i> figures are
derived (from other periods or other lines), ⚠ marks documents that disagree, ≠ a sum that does not add up.
Double-click a figure to open its document at that line.</li>
<li><b>Compare</b> periods side by side, plot concepts over time on <b>Trends</b>, see targets against
results on <b>Guidance</b>, and what could not be read on <b>Findings</b>.</li>
<li><b>Copy</b> a selection (Ctrl+C) as tab-separated text for Excel, or <b>export</b> the workbook (Ctrl+E).</li>
<li><b>Import</b> newer releases (Ctrl+O): PDF, saved web page or text; Edit &gt; Undo Import takes them out again.</li>
</ol>
<p>View &gt; Theme chooses light or dark, or follows the system.</p>
"""


def plain(text: str) -> str:
    """A menu text without its mnemonic (`&Copy` -> `Copy`, `&&` stays `&`)."""
    return text.replace("&&", "\x00").replace("&", "").replace("\x00", "&").rstrip("…").rstrip(".")


def menu_shortcuts(menus: list[QMenu]) -> list[tuple[str, str, str]]:
    """(menu, keys, command) for every action with a shortcut in these menus and their submenus, in menu order."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, where: str) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, f"{where} > {plain(sub.title())}")
                continue
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty())
            if keys:
                rows.append((where, keys, plain(action.text())))

    for menu in menus:
        walk(menu, plain(menu.title()))
    return rows


def _with_close_button(dialog: QDialog, content: QWidget, width: int, height: int) -> None:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(content)
    layout.addWidget(buttons)
    dialog.resize(width, height)


class ShortcutsDialog(QDialog):
    """Every keyboard shortcut of the window: the menus' commands, then the keys of its widgets."""

    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.rows = rows + list(WIDGET_KEYS)
        self.table = QTableWidget(len(self.rows), 3)
        self.table.setHorizontalHeaderLabels(["Where", "Keys", "Does"])
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.table.setAlternatingRowColors(True)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for r, row in enumerate(self.rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        _with_close_button(self, self.table, 640, 520)


class GuideDialog(QDialog):
    """A short guide: what to click first, how to read a figure, where the rest is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Quick Guide")
        self.text = QLabel(GUIDE)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        _with_close_button(self, self.text, 560, 420)

