"""Notes in the viewer: the editor of one note, the list of all of them, and the window's part in both.

`NotesController` holds the window's `NoteBook` (`iijviewer.library.notes`), hands it
to the figure pages (a mark on each noted figure and period, the note in the
tooltip), opens the editor from their context menus and the list from
*View > Notes…*, and gives every page the notes again after each change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from iijviewer.base.concepts import catalog
from iijviewer.base.safefile import plain_tip, printable
from iijviewer.library.notes import Key, Note, NoteBook
from iijviewer.ui.panel import NotesPage
from iijviewer.views.viewdata import period_label

_SCENARIO = {"target": " (target)", "revised_target": " (revised target)"}


def describe(key: Key) -> str:
    """What a note is about, for titles and lists: `Total revenues, 1H FY2010` or `the period 1H FY2010`."""
    concept, period, scenario = key
    try:
        when = period_label(period)
    except ValueError:
        when = period
    if not concept:
        return f"the period {when}"
    c = catalog().get(concept)
    return f"{c.label if c else concept}, {when}{_SCENARIO.get(scenario, '')}"


class NoteDialog(QDialog):
    """One note's text: Save, Delete (when it exists) or Cancel."""

    DELETE = 2  # the dialog's result when the note is to go

    def __init__(self, about: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Note")
        layout = QVBoxLayout(self)
        heading = QLabel(f"Note on {printable(about)}")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(heading)
        self.edit = QPlainTextEdit(text)
        self.edit.setPlaceholderText("What an analyst should know about this figure")
        layout.addWidget(self.edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        if text:
            delete = buttons.addButton("Delete Note", QDialogButtonBox.ButtonRole.DestructiveRole)
            delete.clicked.connect(lambda: self.done(self.DELETE))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 240)


def ask_note_text(parent: QWidget, about: str, text: str) -> str | None:
    """The note's new text ("" to delete it), or None when the user cancels (the tests replace this)."""
    dialog = NoteDialog(about, text, parent)
    result = dialog.exec()
    if result == NoteDialog.DELETE:
        return ""
    return dialog.edit.toPlainText() if result == QDialog.DialogCode.Accepted else None


class NotesDialog(QDialog):
    """Every note, searchable; double-click (or Go To) shows its period, Edit and Delete change it."""

    go_to = Signal(object)  # a note key

    COLUMNS = ("About", "Period", "Note", "Modified")

    def __init__(self, controller: "NotesController", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("Notes")
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search notes…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        layout.addWidget(self.search)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _: self._go())
        layout.addWidget(self.table, 1)
        self.count = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        for text, slot in (("Go To", self._go), ("Edit…", self._edit), ("Delete", self._delete)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(760, 420)
        self.refresh()

    def shown_notes(self) -> list[Note]:
        return self.controller.notes.search(self.search.text())

    def refresh(self) -> None:
        notes = self.shown_notes()
        self.table.setRowCount(len(notes))
        for r, note in enumerate(notes):
            about = describe(note.key)
            texts = (about[:1].upper() + about[1:], note.period, note.text.replace("\n", " "), note.modified[:16].replace("T", " "))
            for c, text in enumerate(texts):
                item = QTableWidgetItem(printable(text))
                item.setToolTip(plain_tip(note.text) if c == 2 else "")
                item.setData(Qt.ItemDataRole.UserRole, note.key)
                self.table.setItem(r, c, item)
        for c in (0, 1, 3):
            self.table.resizeColumnToContents(c)
        total = len(self.controller.notes)
        self.count.setText(f"{len(notes)} of {total} notes" if self.search.text() else f"{total} notes")
        if problem := self.controller.notes.problem:
            self.count.setText(f"{self.count.text()} · {problem}")

    def selected_key(self) -> Key | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _go(self) -> None:
        key = self.selected_key()
        if key is not None:
            self.go_to.emit(key)

    def _edit(self) -> None:
        key = self.selected_key()
        if key is not None:
            self.controller.edit(key)

    def _delete(self) -> None:
        key = self.selected_key()
        if key is not None:
            self.controller.set(key, "")


class NotesController:
    """The window's notes: loaded from its library folder, given to its pages, changed through here."""

    def __init__(self, window) -> None:
        self.window = window
        self.notes = NoteBook.load(window.library.data_dir)
        self.dialog: NotesDialog | None = None

    def attach(self, page) -> None:
        """A page that shows figures gets the notes, and asks here to edit one."""
        if isinstance(page, NotesPage):
            page.set_notes(self.notes)
            page.note_requested.connect(self.edit)

    def reload(self) -> None:
        """Read the notes again (another library folder, or a reloaded library) and show them."""
        self.notes = NoteBook.load(self.window.library.data_dir)
        self._show_everywhere()

    def edit(self, key: Key) -> None:
        text = ask_note_text(self.window, describe(key), self.notes.text(key))
        if text is not None:
            self.set(key, text)

    def set(self, key: Key, text: str) -> bool:
        """Write a note (empty text deletes it); False, after saying why, when it cannot be written."""
        try:
            note = self.notes.set(key, text)
        except OSError as e:
            QMessageBox.warning(self.window, "Note not saved", plain_tip(f"The note could not be written: {e}"))
            return False
        self._show_everywhere()
        what = "deleted" if note is None else "saved"
        self.window.statusBar().showMessage(f"Note on {describe(key)} {what}", 5000)
        return True

    def _show_everywhere(self) -> None:
        for page in self.window.pages.made():
            if isinstance(page, NotesPage):
                page.set_notes(self.notes)
        if self.dialog is not None:
            self.dialog.refresh()

    def show_dialog(self) -> NotesDialog:
        if self.dialog is None:
            self.dialog = NotesDialog(self, self.window)
            self.dialog.go_to.connect(self.go_to)
        self.dialog.refresh()
        self.dialog.show()
        if QGuiApplication.platformName() != "offscreen":  # it cannot raise a window (and warns)
            self.dialog.raise_()
        return self.dialog

    def go_to(self, key: Key) -> None:
        """Show the note's period (and its figure's statement) on the Statements page."""
        concept, period, _ = key
        c = catalog().get(concept)
        if c is not None:
            self.window.set_statement(c.statement)
        self.window.set_period(period)
        self.window.show_view("statements")
