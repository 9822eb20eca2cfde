"""The guidance page: its models pass qtmodeltester, rows show the right figures, a double-click opens a source."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QModelIndex, Qt

from iijviewer.base.facts import SourceRef
from iijviewer.base.formatting import BILLIONS
from iijviewer.models.guidance_model import GuidanceTableModel, TargetHistoryModel
from iijviewer.models.roles import KeyRole, SourceRole, ValueRole
from iijviewer.ui.guidance import EMPTY_TEXT, GuidancePanel
from iijviewer.views.guidance_data import guidance_rows
from iijviewer.views.viewdata import FactIndex

PRESENTATION_2011 = "2011-11-08_presentation_1H-FY2011-results"
PRESS_2012 = "2012-11-08_press-release_1H-FY2012-results"


@pytest.fixture
def panel(qtbot, library, index) -> GuidancePanel:
    p = GuidancePanel()
    qtbot.addWidget(p)
    p.set_data(library, index)
    p.resize(1100, 700)
    p.show()
    qtbot.waitExposed(p)
    return p


def _texts(model, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def double_click(qtbot, view, index) -> None:
    """A real double-click: a view only reports one when the press that starts it hit the same cell."""
    pos = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _row_of(model, key) -> int:
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data(KeyRole) == key)


def test_models_pass_qtmodeltester(qtmodeltester, library, index):
    rows = guidance_rows(index, library.documents)
    qtmodeltester.check(GuidanceTableModel(rows))
    row = next(r for r in rows if r.key == ("operating_income", "FY2011-H1"))
    qtmodeltester.check(TargetHistoryModel(row))
    qtmodeltester.check(TargetHistoryModel(None))
    qtmodeltester.check(GuidanceTableModel([]))


def test_a_target_shows_the_day_it_was_announced_and_the_document_that_says_so(panel):
    row = _row_of(panel.model, ("revenue_total", "FY2010"))
    announced = panel.model.index(row, 3)
    assert panel.model.headerData(3, Qt.Orientation.Horizontal) == "Announced"
    assert announced.data() == "2010-06-01"
    assert announced.data(Qt.ItemDataRole.ToolTipRole) == "2010-11-15_press-release_1H-FY2010-results, published 2010-11-15"


def test_first_half_fy2011_operating_income_row(panel):
    row = _row_of(panel.model, ("operating_income", "FY2011-H1"))
    assert _texts(panel.model, row)[1:] == ["1H FY2011", "2,000", "2011-11-08", "2,400", "2011-11-08", "2,448", "+48", "+2.0%"]
    actual = panel.model.index(row, GuidanceTableModel.COL_ACTUAL)
    assert actual.data(ValueRole) == 2448207000.0
    assert actual.data(SourceRole).document == PRESS_2012
    variance = panel.model.index(row, GuidanceTableModel.COL_VARIANCE)
    assert variance.data(ValueRole) == 48207000.0
    assert variance.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_fy2010_revenue_row_shows_the_shortfall(panel):
    row = _row_of(panel.model, ("revenue_total", "FY2010"))
    texts = _texts(panel.model, row)
    assert texts[1:4] == ["FY2010", "84,500", "2010-06-01"]  # "FY2010 Financial Targets (announced on June 1, 2010)"
    assert texts[6:] == ["82,400", "(2,100)", "(2.5%)"]
    brush = panel.model.index(row, GuidanceTableModel.COL_VARIANCE).data(Qt.ItemDataRole.ForegroundRole)
    assert brush is not None and brush.color().red() > brush.color().green()


def test_fy2011_operating_income_has_no_result_yet(panel):
    row = _row_of(panel.model, ("operating_income", "FY2011"))
    texts = _texts(panel.model, row)
    assert texts[2] == "6,300" and texts[6] == "\u2014" and texts[7:] == ["", ""]


def test_concept_names_head_their_groups(panel):
    first = _row_of(panel.model, ("operating_income", "FY2009-H1"))
    assert panel.model.index(first, 0).data() == "Operating income"
    assert panel.model.index(first + 1, 0).data() == ""
    assert "Operating income" in panel.model.index(first + 1, 0).data(Qt.ItemDataRole.ToolTipRole)


def test_selecting_a_row_shows_its_history_and_double_click_opens_the_source(panel, qtbot):
    assert panel.select_target("operating_income", "FY2011-H1")
    history = panel.history_model
    assert history.rowCount() == 2
    assert _texts(history, 0)[2:5] == ["target (first announced)", "2,000", "chosen"]
    assert _texts(history, 1)[2:4] == ["revised target (revision)", "2,400"]
    assert "1H FY2011" in panel.history_title.text()

    with qtbot.waitSignal(panel.source_requested, timeout=1000) as blocker:
        double_click(qtbot, panel.history_table, history.index(1, 5))
    assert blocker.args == [SourceRef(PRESENTATION_2011, 82)]


def test_double_click_on_an_actual_opens_its_source(panel, qtbot):
    panel.select_target("operating_income", "FY2011-H1")
    proxy_row = panel.table.currentIndex().row()
    cell = panel.proxy.index(proxy_row, GuidanceTableModel.COL_ACTUAL)
    with qtbot.waitSignal(panel.source_requested, timeout=1000) as blocker:
        double_click(qtbot, panel.table, cell)
    assert blocker.args[0].document == PRESS_2012


def test_double_click_on_a_cell_without_a_source_opens_nothing(panel, qtbot):
    panel.select_target("operating_income", "FY2011")
    cell = panel.proxy.index(panel.table.currentIndex().row(), GuidanceTableModel.COL_ACTUAL)
    with qtbot.assertNotEmitted(panel.source_requested):
        double_click(qtbot, panel.table, cell)


def test_concept_selector_filters_rows_and_clears_the_history(panel):
    panel.select_target("operating_income", "FY2011-H1")
    panel.select_concept("eps_basic")
    keys = {panel.proxy.index(r, 0).data(KeyRole)[0] for r in range(panel.proxy.rowCount())}
    assert keys == {"eps_basic"}
    assert panel.table.isColumnHidden(0)
    assert panel.history_model.rowCount() == 0
    panel.select_concept("")
    assert panel.proxy.rowCount() == panel.model.rowCount()


def test_find_text_filters_concepts(panel):
    panel.set_filter("dividend")
    labels = {panel.model.row_at(panel.proxy.mapToSource(panel.proxy.index(r, 0)).row()).concept.id for r in range(panel.proxy.rowCount())}
    assert labels == {"dividend_per_share"}
    panel.set_filter("")


def test_display_unit_changes_the_figures_and_keeps_the_selection(panel):
    panel.select_target("operating_income", "FY2011-H1")
    panel.set_display_unit(BILLIONS)
    row = _row_of(panel.model, ("operating_income", "FY2011-H1"))
    assert _texts(panel.model, row)[2:] == ["2.0", "2011-11-08", "2.4", "2011-11-08", "2.4", "+0.0", "+2.0%"]
    assert panel.history_model.index(1, 3).data() == "2.4"
    assert panel.table.currentIndex().data(KeyRole) == ("operating_income", "FY2011-H1")
    assert "JPY billions" in panel.unit_label.text()


def test_per_share_targets_keep_yen_and_sen(panel):
    row = _row_of(panel.model, ("eps_basic", "FY2012"))
    assert _texts(panel.model, row)[2] == "98.68"


@dataclass
class _EmptyLibrary:
    documents: tuple = ()


def test_empty_state_when_no_target_exists(qtbot):
    p = GuidancePanel()
    qtbot.addWidget(p)
    p.set_data(_EmptyLibrary(), FactIndex([]))
    assert p.stack.currentWidget() is p.empty
    assert p.empty.text() == EMPTY_TEXT
    assert p.model.rowCount() == 0
    assert p.copy_text() is None


def test_copy_text_has_headers_and_the_row(panel):
    panel.select_target("revenue_total", "FY2010")
    text = panel.copy_text()
    header, row = text.split("\n")
    assert header.split("\t")[:3] == ["Concept", "Period", "Initial target"]
    assert row.split("\t")[:3] == ["Total revenues", "FY2010", "84,500"]


def test_no_current_row_no_history(panel):
    panel.table.setCurrentIndex(QModelIndex())
    assert panel.history_model.rowCount() == 0
