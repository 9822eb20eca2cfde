"""The main window: navigator, pages, menus, settings, and the --screenshot option."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings
from PySide6.QtGui import QImage

from iijviewer import cli
from iijviewer.base.vocabulary import CellStatus
from iijviewer.library.store import Library
from iijviewer.ui.main_window import VIEW_NAMES, MainWindow


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, library, settings) -> MainWindow:
    w = MainWindow(library, settings)
    qtbot.addWidget(w)
    return w


def test_opens_on_the_latest_period_with_revenue(window) -> None:
    # the newest revenue figure in the bundled documents is the 1H FY2013 summary (2013 presentation)
    assert window.period == "FY2013-H1"
    assert window.windowTitle() == "iijviewer — 1H FY2013"


def test_status_bar_counts_documents_facts_and_findings(window, library) -> None:
    text = window.summary_label.full_text()
    assert text.startswith("5 documents · ")
    assert f"{len(library.facts):,} facts" in text
    rounding = sum(f.kind == "conflict" and f.severity == "rounding" for f in library.findings)
    material = sum(f.kind == "conflict" for f in library.findings) - rounding  # share-basis notes are not conflicts
    assert f"{len(library.findings) + len(library.report)} findings: {material} material conflicts, {rounding} rounding differences" in text
    assert material and rounding
    window.show_view("findings")
    combo = window.pages["findings"].kind_combo  # the Findings page counts the same
    assert [combo.itemText(i) for i in range(combo.count())][:3] == [
        f"All ({len(library.findings) + len(library.report)})",
        f"Material conflicts ({material})",
        f"Rounding differences ({rounding})",
    ]
    arithmetic = sum(f.kind == "arithmetic" for f in library.findings)
    bases = sum(f.kind == "share_basis" for f in library.findings)  # per-share figures before and after the split: no conflict
    unread = len(library.findings) + len(library.report) - material - rounding - arithmetic - bases
    assert bases and f"{arithmetic} arithmetic, {bases} on two share bases, {unread} not read" in text
    assert f"Arithmetic ({arithmetic})" in combo.itemText(3) and f"Share bases ({bases})" in combo.itemText(4)
    assert f"({unread})" in combo.itemText(5)


def test_the_period_tree_model_passes_qtmodeltester(qtmodeltester, index) -> None:
    from iijviewer.models.period_tree_model import PeriodTreeModel
    from iijviewer.views.viewdata import period_tree

    model = PeriodTreeModel(period_tree(index))
    qtmodeltester.check(model)
    fy2010 = model.index_of("FY2010")
    assert fy2010.isValid() and model.rowCount(fy2010) > 0  # years hold their halves, quarters and dates
    qtmodeltester.check(PeriodTreeModel([]))


def test_the_navigator_tells_balance_sheet_dates_from_dates_of_operating_data_only(window) -> None:
    from PySide6.QtCore import Qt

    model = window.period_model
    balance, counted = model.index_of("2010-09-30"), model.index_of("2010-11-15")
    assert balance.data() == "as of 2010-09-30"  # the 2010 release's balance sheet
    assert "operating data only" not in balance.data(Qt.ItemDataRole.ToolTipRole)
    assert model.data(balance, Qt.ItemDataRole.ForegroundRole) is None
    # "As of November 15, 2010, 148 ATMs are placed": a count, no balance sheet
    assert counted.data() == "as of 2010-11-15"
    assert "operating data only" in counted.data(Qt.ItemDataRole.ToolTipRole)
    assert model.data(counted, Qt.ItemDataRole.ForegroundRole) is not None  # muted


def test_a_page_is_made_when_first_shown_with_the_windows_unit_statement_and_filter(window) -> None:
    from iijviewer.base.formatting import BILLIONS

    # a start makes the page it shows and no other: the rest is work nobody asked for yet
    assert [type(p).__name__ for p in window.pages.made()] == ["StatementsPanel"]
    window.set_unit(BILLIONS.key)
    window.find_edit.setText("revenue")
    window.set_period("FY2010-H1")
    window.show_view("guidance")
    guidance = window.pages["guidance"]
    assert window.current_page() is guidance and window.current_name() == "guidance"
    assert guidance.unit == BILLIONS
    assert len(window.pages.made()) == 2
    # and a page made later follows later changes like the others
    window.set_unit("millions")
    assert guidance.unit.key == "millions" and window.pages["statements"].unit.key == "millions"


def test_selecting_a_period_in_the_navigator_shows_it_everywhere(window, qtbot) -> None:
    index = window.period_model.index_of("FY2010-H1")
    assert index.isValid()
    with qtbot.waitSignal(window.period_changed) as signal:
        window.navigator.selectionModel().select(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
    assert signal.args == ["FY2010-H1"]
    assert window.period == "FY2010-H1"


def test_several_periods_selected_feed_the_comparison(window, monkeypatch) -> None:
    got = []
    monkeypatch.setattr(window.pages["compare"], "set_periods", lambda keys: got.append(keys))
    sel = window.navigator.selectionModel()
    flags = QItemSelectionModel.SelectionFlag
    sel.select(window.period_model.index_of("FY2010-H1"), flags.ClearAndSelect | flags.Rows)
    sel.select(window.period_model.index_of("FY2009-H1"), flags.Select | flags.Rows)
    assert got[-1] == ["FY2009-H1", "FY2010-H1"]  # chronological, whatever the clicking order


def test_unit_and_statement_choices_are_remembered(qtbot, library, settings) -> None:
    first = MainWindow(library, settings)
    qtbot.addWidget(first)
    first.set_unit("billions")
    first.set_statement("balance")
    first.set_period("FY2010-H1")
    first.show_view("trends")
    first.close()  # saves
    second = MainWindow(library, settings)
    qtbot.addWidget(second)
    assert second.unit.key == "billions"
    assert second.statement == "balance"
    assert second.period == "FY2010-H1"
    assert second.current_page() is second.pages["trends"]
    assert second.unit_combo.currentData() == "billions"


def test_menus_offer_the_actions(window) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Help"]
    assert window.copy_action.shortcut().toString() == "Ctrl+C"
    assert window.find_action.shortcut().toString() == "Ctrl+F"


def test_screenshot_option_writes_the_chosen_view(tmp_path: Path, qapp) -> None:
    path = tmp_path / "shot.png"
    status = cli.main(["--screenshot", str(path), "--view", "findings", "--period", "FY2010-H1"])
    assert status == 0
    image = QImage(str(path))
    assert not image.isNull() and image.width() >= 1000


def test_screenshot_of_an_unknown_period_is_refused(tmp_path: Path, capsys, qapp) -> None:
    status = cli.main(["--screenshot", str(tmp_path / "x.png"), "--period", "FY1999-H1"])
    assert status == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "FY1999-H1" in err
    assert not (tmp_path / "x.png").exists()


def test_every_view_name_is_a_page(window) -> None:
    assert set(VIEW_NAMES) == set(window.pages)


def _release_text() -> str:
    """A minimal first-quarter release in the seeds' style, with invented figures."""
    return (
        "For Immediate Release\n\nInternet Initiative Japan Inc.\n\n"
        "IIJ Announces First Quarter Financial Results for the Fiscal Year Ending March 31, 2031\n\n"
        "Tokyo, August 7, 2030 - Internet Initiative Japan Inc. today announced its results.\n\n"
        "Quarterly Consolidated Statements of Income (Unaudited)\n"
        "(Three Months ended June 30, 2029 and June 30, 2030)\n\n"
        "\tThree Months Ended June 30, 2029\tThree Months Ended June 30, 2030\n"
        "\tThousands of JPY\tThousands of JPY\n"
        "Total revenues\t1,000,000\t1,100,000\n"
        "OPERATING INCOME\t100,000\t120,000\n"
    )


def test_import_runs_in_the_background_and_reloads(qtbot, tmp_path, settings, monkeypatch) -> None:
    data = tmp_path / "library"
    window = MainWindow(Library.load(data), settings)
    qtbot.addWidget(window)
    release = tmp_path / "release.txt"
    release.write_text(_release_text(), encoding="utf-8")
    monkeypatch.setattr("iijviewer.ui.main_window.QMessageBox.information", lambda *a, **k: None)
    with qtbot.waitSignal(window.import_finished, timeout=30000) as signal:
        window.run_import([str(release)])
        assert not window.import_action.isEnabled()  # one import at a time, the window stays live
    assert "added to the library" in signal.args[0]
    assert window.index.value("revenue_total", "FY2030-Q1") == 1_100_000_000
    assert window.import_action.isEnabled() and window.progress.isHidden()


def test_a_refused_import_says_why_and_changes_nothing(qtbot, tmp_path, settings, monkeypatch) -> None:
    data = tmp_path / "library"
    window = MainWindow(Library.load(data), settings)
    qtbot.addWidget(window)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    shown = []
    monkeypatch.setattr("iijviewer.ui.main_window.QMessageBox.warning", lambda *a, **k: shown.append(a[2]))
    with qtbot.waitSignal(window.import_finished, timeout=30000):
        window.run_import([str(empty)])
    assert shown and "empty.txt" in shown[0] and "left as it was" in shown[0]
    assert not (data / "documents").exists() or not any((data / "documents").iterdir())


def test_export_workbook_of_the_current_view(window, tmp_path) -> None:
    from openpyxl import load_workbook

    window.set_period("FY2010-H1")
    window.set_statement("income")
    path = tmp_path / "view.xlsx"
    summary = window.export_workbook(str(path), current_view=True)
    assert summary is not None and path.exists()
    book = load_workbook(path)
    assert "Balance sheet" not in book.sheetnames  # only the statement on screen
    assert any("Income" in name for name in book.sheetnames)


def test_a_failed_export_says_so_and_leaves_the_old_file(window, tmp_path, monkeypatch) -> None:
    target = tmp_path / "missing folder" / "x.xlsx"
    shown = []
    monkeypatch.setattr("iijviewer.ui.main_window.QMessageBox.warning", lambda *a, **k: shown.append(a[2]))
    assert window.export_workbook(str(target)) is None
    assert shown and "x.xlsx" in shown[0]


def test_export_current_view_as_csv(window, tmp_path) -> None:
    window.set_period("FY2010-H1")
    window.set_statement("income")
    window.show_view("statements")
    path = tmp_path / "view.csv"
    assert window.write_view_csv(str(path)) > 10
    text = path.read_text(encoding="utf-8-sig")
    assert "Total revenues" in text and "34272" in text


# -- a data folder that cannot take documents -------------------------------------


def _window_on(qtbot, settings, data_dir) -> MainWindow:
    window = MainWindow(Library.load(data_dir), settings)
    qtbot.addWidget(window)
    return window


def _assert_bundled_only_and_imports_unavailable(window, library, why: str) -> None:
    assert [d.id for d in window.library.documents] == [d.id for d in library.documents]
    assert window.index.value("revenue_total", "FY2010-H1") is not None
    assert not window.import_action.isEnabled()
    assert window.imports_label.isVisibleTo(window)
    assert window.imports_label.text().startswith("Imports unavailable: ") and why in window.imports_label.text()
    assert why in window.import_action.toolTip()


@pytest.mark.parametrize("where", ["a file", "below a file"])
def test_an_unusable_data_folder_shows_the_bundled_documents_and_says_imports_are_unavailable(
    qtbot, tmp_path, settings, library, monkeypatch, where
) -> None:
    plain = tmp_path / "library"
    plain.write_bytes(b"not a folder")
    window = _window_on(qtbot, settings, plain if where == "a file" else plain / "below")
    _assert_bundled_only_and_imports_unavailable(window, library, f"{plain} is a file, not a folder")
    shown = []
    monkeypatch.setattr("iijviewer.ui.main_window.QMessageBox.warning", lambda *a, **k: shown.append(a[2]))
    window.run_import([str(tmp_path / "release.txt")])  # a shortcut or a drop still lands here
    assert shown and "cannot be imported" in shown[0] and str(plain) in shown[0]
    assert plain.read_bytes() == b"not a folder"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_data_folder_shows_the_bundled_documents_and_says_why(qtbot, tmp_path, settings, library) -> None:
    read_only = tmp_path / "library"
    read_only.mkdir()
    read_only.chmod(0o555)
    try:
        window = _window_on(qtbot, settings, read_only)
        _assert_bundled_only_and_imports_unavailable(window, library, f"{read_only} is read-only")
    finally:
        read_only.chmod(0o755)


def test_a_read_only_data_folder_is_seen_as_read_only(tmp_path, monkeypatch) -> None:
    # whoever runs the tests (root ignores permissions): the folder as the OS reports it
    from iijviewer.library import importer

    monkeypatch.setattr(importer.os, "access", lambda path, mode: Path(path) != tmp_path)
    assert importer.unavailable_reason(tmp_path) == f"the data folder {tmp_path} is read-only"
    assert importer.unavailable_reason(tmp_path / "new") == f"the data folder {tmp_path} is read-only"  # cannot be created
    assert importer.unavailable_reason(tmp_path.parent / "elsewhere") is None  # created by the first import
    assert importer.unavailable_reason(None) == "this library has no data folder"


def test_a_missing_data_folder_allows_imports(qtbot, tmp_path, settings) -> None:
    window = _window_on(qtbot, settings, tmp_path / "new" / "library")
    assert window.import_action.isEnabled() and window.imports_label.isHidden()
    assert not (tmp_path / "new").exists()


def test_the_navigator_says_what_a_period_has_for_the_statement_shown(window, index) -> None:
    from PySide6.QtCore import Qt

    from iijviewer.views.viewdata import PARTLY_DERIVED, TARGETS_ONLY, period_tree

    def statuses(statement: str) -> dict[str, str]:
        out: dict[str, str] = {}
        stack = list(period_tree(index, statement))
        while stack:
            node = stack.pop()
            out[node.key] = node.status
            stack.extend(node.children)
        return out

    income, balance = statuses("income"), statuses("balance")
    # FY2011's income statement has its targets only; its balance sheet at March 31, 2012 is reported
    assert (income["FY2011"], balance["FY2011"]) == (TARGETS_ONLY, CellStatus.REPORTED)
    # 1Q FY2011: a few figures reported, revenue and operating income derived (1H minus 2Q)
    assert income["FY2011-Q1"] == PARTLY_DERIVED
    assert income["FY2011-H2"] == CellStatus.MISSING
    model = window.period_model
    window.set_statement("income")
    fy2011 = model.index_of("FY2011")
    assert model.data(model.index(fy2011.row(), 1, fy2011.parent())) == "\u25c7 targets"
    tip = model.data(fy2011, Qt.ItemDataRole.ToolTipRole)
    assert "targets only for the statement shown" in tip and "Income statement: 4 targets" in tip
    assert "Balance sheet at 2012-03-31:" in tip
    window.set_statement("balance")  # the navigator follows the statement shown, its selection kept
    fy2011 = model.index_of("FY2011")
    assert model.data(model.index(fy2011.row(), 1, fy2011.parent())) == "\u25cf reported"


def test_the_measures_statement_is_listed_shown_and_exported(window, tmp_path) -> None:
    from openpyxl import load_workbook

    assert window.statement_combo.findData("measures") >= 0
    window.set_period("FY2012-H1")
    window.set_statement("measures")
    window.show_view("statements")
    page = window.pages.get("statements")
    assert page.statement == "measures" and not page.table.message
    assert "operating_margin_pct" in [r.concept_id for r in page.table.rows]
    path = tmp_path / "measures.csv"
    assert window.write_view_csv(str(path)) > 5
    assert "Operating margin" in path.read_text(encoding="utf-8-sig")
    book = tmp_path / "measures.xlsx"
    assert window.export_workbook(str(book), current_view=True) is not None
    assert "Measures" in load_workbook(book).sheetnames
def test_a_library_reload_keeps_the_navigator_s_expanded_and_collapsed_nodes(window, library) -> None:
    nav, model = window.navigator, window.period_model
    nav.setExpanded(model.index_of("FY2012-H1"), True)
    nav.setExpanded(model.index_of("FY2011"), False)
    window.reload(library)  # what an import or a removal ends with
    assert nav.isExpanded(model.index_of("FY2012-H1"))
    assert not nav.isExpanded(model.index_of("FY2011"))
    assert nav.isExpanded(model.index_of("FY2012"))


def test_the_periods_compared_and_the_concepts_plotted_survive_a_restart(qtbot, library, settings) -> None:
    first = MainWindow(library, settings)
    qtbot.addWidget(first)
    first.pages["compare"].set_periods(["FY2010-H1", "FY2011-H1", "FY2012-H1"])
    first.pages["trends"].set_concepts(["operating_income", "revenue_total"])
    first.close()  # saves the settings
    again = MainWindow(library, settings)
    qtbot.addWidget(again)
    assert again.pages["compare"].periods == ["FY2010-H1", "FY2011-H1", "FY2012-H1"]
    assert again.pages["trends"].concepts() == ["revenue_total", "operating_income"]
    again.close()  # a restart that never showed those pages keeps what was saved
    third = MainWindow(library, settings)
    qtbot.addWidget(third)
    third.close()
    fourth = MainWindow(library, settings)
    qtbot.addWidget(fourth)
    assert fourth.pages["compare"].periods == ["FY2010-H1", "FY2011-H1", "FY2012-H1"]
