"""The window's list dialogs: the import report (labels and formatted figures, bounded by the screen) and
*Show all reports* (every report of a figure, each opening its document at its line)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication

from iijviewer.base.formatting import BILLIONS, MILLIONS
from iijviewer.library.importer import commit_import, prepare_import
from iijviewer.library.store import Library
from iijviewer.models.reports_model import ReportsTableModel
from iijviewer.ui.dialogs import ImportReportDialog
from iijviewer.ui.main_window import MainWindow
from iijviewer.views.import_report import FileSummary, ImportReport, Line, Section, import_report


def _conflicting_release() -> str:
    """A first-half release in the seeds' style whose invented revenue contradicts the bundled 2010 release."""
    return (
        "For Immediate Release\n\nInternet Initiative Japan Inc.\n\n"
        "IIJ Announces First Half Financial Results for the Fiscal Year Ending March 31, 2011\n\n"
        "Tokyo, November 30, 2010 - Internet Initiative Japan Inc. today announced its results.\n\n"
        "Consolidated Statements of Income (Unaudited)\n"
        "(Six Months ended September 30, 2009 and September 30, 2010)\n\n"
        "\tSix Months Ended September 30, 2009\tSix Months Ended September 30, 2010\n"
        "\tThousands of JPY\tThousands of JPY\n"
        "Total revenues\t1,000,000\t98,765,432\n"
    )


@pytest.fixture
def imported(tmp_path):
    """An import of the conflicting release into a fresh library: (outcome, the library after it)."""
    release = tmp_path / "release.txt"
    release.write_text(_conflicting_release(), encoding="utf-8")
    outcome = commit_import(prepare_import([str(release)], tmp_path / "library"))
    return outcome, Library.load(tmp_path / "library")


def test_the_import_report_speaks_in_labels_and_the_display_unit(imported) -> None:
    outcome, library = imported
    report = import_report(outcome, library.occurrences, MILLIONS)
    text = report.text()
    assert report.headline.startswith("1 document added: 2 figures read, 2 new conflicts")
    conflicts = next(s for s in report.files[0].sections if s.title.startswith("New conflicts"))
    line = next(x for x in conflicts.lines if x.text.startswith("Total revenues, 1H FY2010"))
    assert line.text.startswith("Total revenues, 1H FY2010: material difference of up to JPY ")
    assert line.details[0].startswith("JPY 98,765 million: ") and line.details[0].endswith("(used)")
    # every other report is the bundled release's, said as the tables say it, with its document and line
    assert all(", line " in d for d in line.details)
    assert "revenue_total" not in text and "98,765,432,000" not in text and "98765432000" not in text
    assert "JPY 98.8 billion" in import_report(outcome, library.occurrences, BILLIONS).text()


def test_the_import_report_dialog_fits_the_screen_with_its_ok_button_in_view(qtbot) -> None:
    lines = tuple(Line(f"Figure {n}, 1H FY2030: material difference of up to JPY 1 million", ("JPY 2 million: doc, line 3 (used)",)) for n in range(600))
    report = ImportReport("1 document added: 600 figures read, 600 new conflicts.", (FileSummary("a.txt: added as a", (Section("New conflicts with other documents: 600", lines),)),), ())
    dialog = ImportReportDialog(report, MILLIONS)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    free = QGuiApplication.primaryScreen().availableGeometry()
    assert dialog.height() <= free.height() and dialog.width() <= free.width()
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.isVisible() and dialog.rect().contains(ok.geometry().translated(dialog.buttons.pos()))
    assert not dialog.tree.topLevelItem(0).child(0).isExpanded()  # 600 conflicts open on request
    dialog.tree.expandAll()
    qtbot.waitUntil(lambda: dialog.tree.verticalScrollBar().maximum() > 0)  # the list scrolls, the dialog stays
    assert dialog.height() <= free.height() and ok.isVisible()
    assert len(dialog.texts()) == 2 + 2 * 600


def test_an_import_in_the_window_ends_with_the_bounded_report(qtbot, tmp_path, monkeypatch) -> None:
    window = MainWindow(Library.load(tmp_path / "library"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    release = tmp_path / "release.txt"
    release.write_text(_conflicting_release(), encoding="utf-8")
    monkeypatch.setattr(window, "_confirm_import_changes", lambda changes: True)
    with qtbot.waitSignal(window.import_finished, timeout=30000):
        window.run_import([str(release)])
    dialog = window.import_report_dialog
    qtbot.waitUntil(dialog.isVisible)
    texts = dialog.texts()
    assert any(t.startswith("Total revenues, 1H FY2010: material difference") for t in texts)
    assert any(t.startswith("JPY 98,765 million: ") for t in texts)
    assert "JPY millions" in dialog.headline.text()
    dialog.accept()


def test_show_all_reports_lists_every_report_and_opens_one(qtbot, library, tmp_path) -> None:
    window = MainWindow(library, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.set_period("FY2010-H1")
    window.show_view("statements")
    page = window.pages["statements"]
    source = page.model.index_of("revenue_total", page.model.column_of("actual"))
    menu = page.build_context_menu(page.proxy.mapFromSource(source))
    next(a for a in menu.actions() if a.text() == "Show all reports").trigger()
    dialog = window.reports_dialog
    assert dialog.isVisible()
    model = dialog.model
    key = ("revenue_total", "FY2010-H1", "actual")
    expected = {(o.fact.source.document, o.fact.source.line) for o in library.occurrences if o.fact.key == key}
    listed = [(model.data(model.index(r, ReportsTableModel.DOCUMENT)), int(model.data(model.index(r, ReportsTableModel.LINE)))) for r in range(model.rowCount())]
    assert len(expected) > 1 and set(listed) == expected
    assert model.data(model.index(0, ReportsTableModel.STATUS)) == "used"  # the one the statement shows comes first
    chosen = window.index.by_concept["revenue_total"][("FY2010-H1", "actual")]
    assert listed[0] == (chosen.source.document, chosen.source.line)
    # double-clicking another report opens its document at its line on the Sources page
    doc, line = listed[-1]
    dialog._open(model.index(model.rowCount() - 1, 0))
    sources = window.pages["sources"]
    assert window.current_name() == "sources" and sources.document_id == doc
    assert sources.text_view.highlighted_line == line


def test_show_all_reports_of_a_derived_figure_lists_its_inputs_reports(qtbot, library, index, tmp_path) -> None:
    derived = next(f for f in library.facts if f.derived and f.derivation is not None and f.concept == "revenue_total")
    window = MainWindow(library, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show_reports([derived.key])
    dialog = window.reports_dialog
    inputs = {(t.concept, t.period, derived.scenario) for t in derived.derivation.terms}
    model = dialog.model
    assert model.rowCount() > 0
    assert {(model.fact(r).concept, model.fact(r).period, model.fact(r).scenario) for r in range(model.rowCount())} <= inputs | {derived.key}
    assert "Derived by period arithmetic" in dialog.heading.text()
