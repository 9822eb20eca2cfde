"""Notes in the viewer: added from a figure's menu, marked and in its tooltip, listed, kept through a restart and an import."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import pytest
from PySide6.QtCore import QSettings, Qt
from synthetic import write_release  # noqa: E402

from iijviewer.library.notes import NOTES_NAME, NoteBook
from iijviewer.library.store import Library
from iijviewer.models.roles import FactRole
from iijviewer.models.statement_model import NOTE_MARK, NoteRole
from iijviewer.ui.main_window import MainWindow

_TIP = Qt.ItemDataRole.ToolTipRole


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("notes-library")


def _window(qtbot, data_dir, tmp_path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Library.load(data_dir), settings)
    qtbot.addWidget(window)
    window.set_statement("income")
    window.set_period("FY2012-H1")
    return window


def _revenue_cell(window):
    page = window.pages["statements"]
    source = page.model.index_of("revenue_total", page.model.column_of("actual"))
    return page, source


def test_a_note_added_from_the_menu_is_marked_shown_and_kept_through_a_restart_and_an_import(
    qtbot, data_dir, tmp_path, monkeypatch
) -> None:
    window = _window(qtbot, data_dir, tmp_path)
    page, source = _revenue_cell(window)
    fact = page.model.data(source, FactRole)
    assert fact.key == ("revenue_total", "FY2012-H1", "actual")
    shown = page.model.data(source, Qt.ItemDataRole.DisplayRole)
    assert NOTE_MARK not in shown
    asked = []
    monkeypatch.setattr(
        "iijviewer.ui.notes.ask_note_text", lambda parent, about, text: asked.append((about, text)) or "Includes <b>one-off</b> & items"
    )
    menu = page.build_context_menu(page.proxy.mapFromSource(source))
    add = next(a for a in menu.actions() if a.text() == "Add Note…")
    add.trigger()
    assert asked == [("Total revenues, 1H FY2012", "")]
    assert page.model.data(source, Qt.ItemDataRole.DisplayRole) == f"{NOTE_MARK} {shown}"
    assert page.model.data(source, NoteRole) == "Includes <b>one-off</b> & items"
    tip = page.model.data(source, _TIP)
    assert "Includes &lt;b&gt;one-off&lt;/b&gt; &amp; items" in tip  # escaped: a note is never markup
    assert "line" in tip  # the figure's own source stays above the note
    assert (data_dir / NOTES_NAME).is_file()
    # the period's note: on the column header
    monkeypatch.setattr("iijviewer.ui.notes.ask_note_text", lambda parent, about, text: "Half with the datacenter move")
    menu = page.build_context_menu(page.proxy.mapFromSource(source))
    next(a for a in menu.actions() if a.text() == "Note on 1H FY2012…").trigger()
    header = page.model.headerData(page.model.column_of("actual"), Qt.Orientation.Horizontal)
    assert header.startswith(NOTE_MARK)
    assert "Half with the datacenter move" in page.model.headerData(page.model.column_of("actual"), Qt.Orientation.Horizontal, _TIP)
    # the Compare page shows the same notes
    window.set_periods(["FY2011-H1", "FY2012-H1"])
    compare = window.pages["compare"]
    row = compare.model.row_number("revenue_total")
    assert compare.model.data(compare.model.index(row, compare.model.column_of("FY2012-H1")), NoteRole).startswith("Includes")
    window.close()

    # a new window on the same folder: the note is still there
    window = _window(qtbot, data_dir, tmp_path)
    page, source = _revenue_cell(window)
    assert page.model.data(source, Qt.ItemDataRole.DisplayRole).startswith(NOTE_MARK)
    # an import reloads the library; the note stays
    release = write_release(tmp_path)
    monkeypatch.setattr("iijviewer.ui.main_window.QMessageBox.information", lambda *a, **k: None)
    with qtbot.waitSignal(window.import_finished, timeout=30000):
        window.run_import([str(release)])
    assert window.index.value("revenue_total", "FY2030-Q1") is not None
    window.set_period("FY2012-H1")
    page, source = _revenue_cell(window)
    assert page.model.data(source, NoteRole) == "Includes <b>one-off</b> & items"


def test_the_notes_list_searches_edits_and_deletes(qtbot, tmp_path, monkeypatch) -> None:
    data = tmp_path / "lib"
    book = NoteBook.load(data)
    book.set(("operating_income", "FY2012-H1", "actual"), "Restructuring charge in July")
    book.set(("", "FY2011-H1", ""), "Earthquake half")
    window = _window(qtbot, data, tmp_path)
    dialog = window.notes.show_dialog()
    assert dialog.table.rowCount() == 2 and dialog.count.text() == "2 notes"
    dialog.search.setText("restructuring")
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "Operating income, 1H FY2012"
    assert dialog.count.text() == "1 of 2 notes"
    dialog.table.selectRow(0)
    monkeypatch.setattr("iijviewer.ui.notes.ask_note_text", lambda parent, about, text: text + " (one-off)")
    dialog._edit()
    assert NoteBook.load(data).text(("operating_income", "FY2012-H1", "actual")) == "Restructuring charge in July (one-off)"
    assert dialog.table.item(0, 2).text().endswith("(one-off)")
    dialog.search.setText("")
    dialog.table.selectRow([dialog.table.item(r, 1).text() for r in range(2)].index("FY2011-H1"))
    window.set_period("FY2012-H1")
    dialog._go()
    assert window.period == "FY2011-H1"
    dialog._delete()
    assert dialog.table.rowCount() == 1 and len(NoteBook.load(data)) == 1
    assert any(a.text() == "&Notes…" for a in window.menuBar().actions()[2].menu().actions())
