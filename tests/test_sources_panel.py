"""The Sources page on the bundled library: the documents table, the text at a source line, the figures of a document."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QTextFormat
from PySide6.QtWidgets import QApplication

from iijviewer.base.facts import SourceRef
from iijviewer.base.formatting import THOUSANDS
from iijviewer.models import palette
from iijviewer.models.document_model import DocumentTableModel
from iijviewer.models.facts_model import FactsTableModel
from iijviewer.models.roles import KeyRole, SourceRole
from iijviewer.ui.sources import SourcesPanel

PR2010 = "2010-11-15_press-release_1H-FY2010-results"
PR2012 = "2012-11-08_press-release_1H-FY2012-results"
# line 375 of the 2010 release: "Total revenues  32,275,024  100.0  410,297  34,272,080  100.0"
REVENUE_LINE = SourceRef(PR2010, 375)


@pytest.fixture
def panel(qtbot, library, index) -> SourcesPanel:
    p = SourcesPanel()
    qtbot.addWidget(p)
    p.set_data(library, index)
    p.resize(1100, 700)
    return p


def _column(model, column: int) -> list[str]:
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def _fact_rows(model: FactsTableModel) -> list[tuple[str, str, str, int]]:
    return [
        (model.fact(r).concept, model.fact(r).period, model.fact(r).scenario, model.fact(r).source.line)
        for r in range(model.rowCount())
    ]


# --- the models -----------------------------------------------------------------------------------


def test_document_model_passes_the_model_tester(qtmodeltester, library) -> None:
    qtmodeltester.check(DocumentTableModel(library.documents, {d.id: 1 for d in library.documents}))


def test_facts_model_passes_the_model_tester(qtmodeltester, library) -> None:
    facts = [f for f in library.raw if f.source.document == PR2010]
    statuses = {o.fact: o.status for o in library.occurrences}
    qtmodeltester.check(FactsTableModel(facts, statuses))


def test_documents_table_lists_the_bundled_documents(panel) -> None:
    model = panel.document_model
    assert _column(model, DocumentTableModel.PUBLISHED) == ["2009-07-08", "2010-11-15", "2011-11-08", "2012-11-08", "2013-12"]
    assert _column(model, DocumentTableModel.KIND) == [
        "Presentation",
        "Press release",
        "Presentation",
        "Press release",
        "Presentation",
    ]
    assert set(_column(model, DocumentTableModel.ORIGIN)) == {"bundled"}
    release = model.row_of(PR2010)
    assert model.data(model.index(release, DocumentTableModel.RATE)) == "83.53"
    assert model.data(model.index(release, DocumentTableModel.PERIOD)) == "1H FY2010"
    assert model.data(model.index(release, DocumentTableModel.TITLE)).startswith("IIJ Announces First Six Months")
    assert model.data(model.index(model.row_of(PR2012), DocumentTableModel.RATE)) == "77.92"
    assert model.data(model.index(0, DocumentTableModel.RATE)) == ""  # a presentation states no rate
    assert model.data(model.index(release, 0), KeyRole) == PR2010


def test_figures_column_counts_each_document_s_raw_facts(panel, library) -> None:
    model = panel.document_model
    for r in range(model.rowCount()):
        doc = model.document(r)
        expected = sum(1 for f in library.raw if f.source.document == doc.id)
        assert model.data(model.index(r, DocumentTableModel.FIGURES)) == f"{expected:,}"
        assert expected > 0


# --- show_source -------------------------------------------------------------------------------------


def test_nothing_selected_shows_the_empty_state(qtbot, panel) -> None:
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.stack.currentWidget() is panel.empty
    # Tab into the table would make its first row current and open a document nobody chose
    assert not panel.documents_view.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert panel.facts_model.rowCount() == 0
    assert panel.copy_text() is None


def test_show_source_opens_the_line_and_highlights_it(panel) -> None:
    assert panel.show_source(REVENUE_LINE)
    assert panel.stack.currentWidget() is not panel.empty
    assert panel.document_id == PR2010
    assert panel.documents_view.currentIndex().row() == panel.document_model.row_of(PR2010)
    view = panel.text_view
    assert view.current_line() == 375
    # the table's cells lined up (no tabs), in the order printed
    shown = view.textCursor().block().text()
    assert "\t" not in shown and shown.split() == panel.library.source_line(REVENUE_LINE).split()
    highlighted = [
        s
        for s in view.extraSelections()
        if s.format.property(QTextFormat.Property.FullWidthSelection) and s.format.background().color() == palette.colour("source_line")
    ]
    assert [s.cursor.blockNumber() + 1 for s in highlighted] == [375]
    # the figures printed on that line are selected in the list beside the text
    current = panel.facts_view.currentIndex()
    assert panel.facts_model.data(current, SourceRole) == REVENUE_LINE
    selected = {panel.facts_model.fact(i.row()).period for i in panel.facts_view.selectionModel().selectedRows()}
    assert selected == {"FY2009-H1", "FY2010-H1"}


def test_show_source_centres_the_line(qtbot, panel) -> None:
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_source(SourceRef(PR2010, 600))
    view = panel.text_view
    first = view.firstVisibleBlock().blockNumber() + 1
    visible = view.viewport().height() // view.fontMetrics().height()
    assert first < 600 < first + visible
    assert abs((600 - first) - visible / 2) <= 3


def test_show_source_moves_between_documents(panel) -> None:
    panel.show_source(REVENUE_LINE)
    panel.show_source(SourceRef(PR2012, 235))
    assert panel.document_id == PR2012
    assert panel.text_view.current_line() == 235
    assert panel.text_view.textCursor().block().text().startswith("Income Tax Expense")
    assert panel.text_view.highlighted_line == 235


def test_show_source_refuses_what_the_library_lacks(qtbot, panel) -> None:
    with qtbot.waitSignal(panel.status_message) as blocker:
        assert not panel.show_source(SourceRef("no-such-document", 1))
    assert "not in the library" in blocker.args[0]
    with qtbot.waitSignal(panel.status_message):
        assert not panel.show_source(SourceRef(PR2010, 100_000))


# --- the figures of a document -------------------------------------------------------------------------


def test_facts_table_lists_the_document_s_figures(panel) -> None:
    panel.show_source(REVENUE_LINE)
    model = panel.facts_model
    rows = _fact_rows(model)
    assert ("revenue_total", "FY2010-H1", "actual", 375) in rows
    assert ("revenue_total", "FY2009-H1", "actual", 375) in rows
    assert {line for *_k, line in rows} <= set(range(1, 749))
    assert [line for *_k, line in rows] == sorted(line for *_k, line in rows)
    r = rows.index(("revenue_total", "FY2010-H1", "actual", 375))
    assert model.data(model.index(r, FactsTableModel.CONCEPT)) == "Total revenues"
    assert model.data(model.index(r, FactsTableModel.PERIOD)) == "1H FY2010"
    assert model.data(model.index(r, FactsTableModel.LINE)) == "375"
    assert model.data(model.index(r, FactsTableModel.VALUE)) == "34,272"  # JPY millions
    assert model.data(model.index(r, FactsTableModel.STATUS)) == "used"
    assert model.headerData(FactsTableModel.VALUE, Qt.Orientation.Horizontal) == "Value (JPY millions)"


def test_the_slipped_rows_figures_say_they_are_not_used(panel) -> None:
    # the 2011 slide's "Equity in net income" row, line 247: its FY2010-Q1 54 million is not the quarter's figure
    panel.show_source(SourceRef("2011-11-08_presentation_1H-FY2011-results", 247))
    model = panel.facts_model
    rows = _fact_rows(model)
    r = rows.index(("equity_method_income", "FY2010-Q1", "actual", 247))
    assert model.data(model.index(r, FactsTableModel.STATUS)) == "not used (unreliable row)"
    assert model.data(model.index(r, FactsTableModel.STATUS), Qt.ItemDataRole.ForegroundRole) is not None


def test_targets_and_yoy_percentages_are_told_apart(panel) -> None:
    panel.show_source(REVENUE_LINE)
    model = panel.facts_model
    texts = {
        (model.fact(r).concept, model.fact(r).period, model.fact(r).scenario, model.fact(r).unit): (
            model.data(model.index(r, FactsTableModel.PERIOD)),
            model.data(model.index(r, FactsTableModel.VALUE)),
            model.data(model.index(r, FactsTableModel.STATUS)),
        )
        for r in range(model.rowCount())
    }
    assert texts[("revenue_total", "FY2010-H1", "target", "JPY")][0] == "1H FY2010 target"
    assert texts[("revenue_total", "FY2010-H1", "actual", "percent")] == ("1H FY2010", "6.2%", "YoY, checked")


def test_display_unit_changes_the_values(panel) -> None:
    panel.show_source(REVENUE_LINE)
    panel.set_display_unit(THOUSANDS)
    model = panel.facts_model
    r = _fact_rows(model).index(("revenue_total", "FY2010-H1", "actual", 375))
    assert model.data(model.index(r, FactsTableModel.VALUE)) == "34,272,080"
    assert model.headerData(FactsTableModel.VALUE, Qt.Orientation.Horizontal) == "Value (JPY thousands)"


def test_clicking_a_figure_goes_to_its_line(qtbot, panel) -> None:
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_source(SourceRef(PR2010, 1))
    model = panel.facts_model
    r = _fact_rows(model).index(("revenue_total", "FY2010-H1", "actual", 375))
    panel.facts_view.scrollTo(model.index(r, 0))
    rect = panel.facts_view.visualRect(model.index(r, FactsTableModel.CONCEPT))
    qtbot.mouseClick(panel.facts_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.text_view.current_line() == 375
    assert panel.text_view.highlighted_line == 375


def test_filter_keeps_matching_figures_and_marks_the_text(panel) -> None:
    panel.show_source(REVENUE_LINE)
    everything = panel.facts_model.rowCount()
    panel.set_filter("Total revenues")
    labels = set(_column(panel.facts_model, FactsTableModel.CONCEPT))
    assert labels == {"Total revenues"}
    assert 0 < panel.facts_model.rowCount() < everything
    assert panel.find_edit.text() == "Total revenues"
    assert panel.match_label.text().endswith("matches")
    assert int(panel.match_label.text().split()[0]) >= 2
    panel.set_filter("")
    assert panel.facts_model.rowCount() == everything


def test_find_next_walks_the_matches(panel) -> None:
    panel.show_source(SourceRef(PR2010, 1))
    panel.find_edit.setText("Total revenues")
    lines = []
    for _ in range(3):
        assert panel.find_next()
        lines.append(panel.text_view.current_line())
    assert lines == sorted(lines) and len(set(lines)) == 3
    assert 375 in lines or all(line < 375 for line in lines)
    assert all("total revenues" in panel.text_view.line_text(n).lower() for n in lines)
    assert panel.find_next(backward=True)
    assert panel.text_view.current_line() == lines[1]
    panel.find_edit.setText("no such words anywhere")
    assert not panel.find_next()
    assert panel.match_label.text() == "no match"


def test_ctrl_f_in_the_text_opens_its_find_field(qtbot, panel) -> None:
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_source(REVENUE_LINE)
    panel.find_edit.setText("Total revenues")
    panel.find_edit.deselect()
    with qtbot.waitSignal(panel.text_view.find_requested, timeout=1000):
        qtbot.keyClick(panel.text_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert panel.find_edit.selectedText() == "Total revenues"  # ready to be typed over
    # and the window's own Ctrl+F shortcut does not take the key from the text
    override = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    QApplication.sendEvent(panel.text_view, override)
    assert override.isAccepted()


def test_copy_gives_the_selected_figures_with_headers(panel) -> None:
    panel.show_source(REVENUE_LINE)
    text = panel.copy_text()
    lines = text.splitlines()
    assert lines[0] == "Line\tConcept\tPeriod\tValue (JPY millions)\tStatus"
    assert lines[1].split("\t")[:2] == ["375", "Total revenues"]


def test_reloading_the_library_keeps_the_open_document(panel, library, index) -> None:
    panel.show_source(REVENUE_LINE)
    panel.set_data(library, index)
    assert panel.document_id == PR2010
    assert panel.stack.currentWidget() is not panel.empty


def test_a_new_library_refreshes_the_open_document_s_statuses(panel, library, index) -> None:
    """After an import the figures of the document shown say what the new library does with them, unselected or not."""
    from types import SimpleNamespace

    panel.show_source(REVENUE_LINE)
    model = panel.facts_model
    r = _fact_rows(model).index(("revenue_total", "FY2010-H1", "actual", 375))
    assert model.data(model.index(r, FactsTableModel.STATUS)) == "used"
    revenue = model.fact(r)
    # the library as an import that contradicts the figure leaves it: the same documents, the figure now in conflict
    occurrences = [SimpleNamespace(fact=o.fact, status="conflict" if o.fact is revenue else o.status) for o in library.occurrences]
    changed = SimpleNamespace(raw=library.raw, documents=library.documents, occurrences=occurrences)
    panel.set_data(changed, index)
    assert panel.document_id == PR2010
    r = _fact_rows(panel.facts_model).index(("revenue_total", "FY2010-H1", "actual", 375))
    assert panel.facts_model.data(panel.facts_model.index(r, FactsTableModel.STATUS)) == "conflict"
