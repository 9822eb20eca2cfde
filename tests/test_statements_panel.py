"""The Statements page: its tree model (qtmodeltester, roles) and the panel (double-click, copy, menus, empty state).

Roles are read through the models' own `data()` from Python, never through
`QModelIndex.data()` (which leaks references to None in PySide6 6.12.0; see
`FigurePanel.read`).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication

from iijviewer.base.facts import SourceRef
from iijviewer.base.formatting import BILLIONS, MILLIONS, THOUSANDS
from iijviewer.base.vocabulary import CellStatus
from iijviewer.models import palette
from iijviewer.models.roles import FactRole, KeyRole, SourceRole, StatusRole, ValueRole
from iijviewer.models.statement_model import (
    FIGURE_PAD,
    PlainRole,
    StatementTreeModel,
)
from iijviewer.ui.statements import StatementsPanel
from iijviewer.views.comparison import StatementView
from iijviewer.views.viewdata import FactIndex

PRESS_2010 = "2010-11-15_press-release_1H-FY2010-results"
PRESS_2012 = "2012-11-08_press-release_1H-FY2012-results"
D = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def panel(qtbot, library, index) -> StatementsPanel:
    p = StatementsPanel()
    qtbot.addWidget(p)
    p.set_data(library, index)
    p.set_statement("income")
    p.set_period("FY2010-H1")
    p.resize(1100, 700)
    return p


def view_index(panel: StatementsPanel, concept: str, column_key: str = "") -> QModelIndex:
    """The view's (proxy) index of a concept's row, in a column given by its key ("" for the label)."""
    source = panel.model.index_of(concept, panel.model.column_of(column_key) if column_key else 0)
    assert source.isValid(), concept
    return panel.proxy.mapFromSource(source)


def shown(panel: StatementsPanel, concept: str, column_key: str) -> str:
    return panel.read(view_index(panel, concept, column_key), D).rstrip(FIGURE_PAD)


# --- the model ---


@pytest.mark.parametrize(
    "view",
    [
        StatementView("income", "FY2010-H1"),
        StatementView("income", "FY2011-H1"),  # targets
        StatementView("balance", "FY2010-H1"),
        StatementView("revenue_detail", "FY2010-H1", include_empty=True),
        StatementView("income", "FY2014-H1"),  # nothing
    ],
    ids=lambda v: f"{v.statement}-{v.period}",
)
def test_the_tree_model_passes_the_model_tester(qtmodeltester, index, view):
    qtmodeltester.check(StatementTreeModel(index, view))


def test_the_model_without_a_library_is_empty(qtmodeltester):
    model = StatementTreeModel()
    qtmodeltester.check(model)
    assert model.rowCount() == 0 and model.table.message == "No library is loaded."


def test_data_only_looks_up_what_rebuild_prepared(index, monkeypatch):
    model = StatementTreeModel(index, StatementView("income", "FY2010-H1"))
    searched = []
    real_get, real_status = FactIndex.get, FactIndex.status

    def get(*args, **kwargs):
        searched.append("get")
        return real_get(*args, **kwargs)

    def status(*args, **kwargs):
        searched.append("status")
        return real_status(*args, **kwargs)

    monkeypatch.setattr(FactIndex, "get", get)
    monkeypatch.setattr(FactIndex, "status", status)

    def walk(roles, parent=QModelIndex()) -> list:
        found = []
        for r in range(model.rowCount(parent)):
            for c in range(model.columnCount()):
                found += [model.data(model.index(r, c, parent), role) for role in roles]
            found += walk(roles, model.index(r, 0, parent))
        return found

    # what a view paints and what a click reads: prepared by rebuild, no search of the facts
    walk((D, Qt.ItemDataRole.FontRole, ValueRole, FactRole, SourceRole))
    assert searched == []
    # a tooltip is written when first asked for (it names a derived figure's inputs: a search), then kept
    tips = walk((Qt.ItemDataRole.ToolTipRole,))
    assert any("Printed line" in (t or "") for t in tips) and any("Derived" in (t or "") for t in tips)
    searched.clear()
    assert walk((Qt.ItemDataRole.ToolTipRole,)) == tips
    assert searched == []


def test_model_roles_of_a_reported_value(index):
    model = StatementTreeModel(index, StatementView("income", "FY2010-H1"))
    i = model.index_of("revenue_total", model.column_of("actual"))
    assert model.data(i, ValueRole) == 34272080000.0
    assert model.data(i, SourceRole) == SourceRef(PRESS_2010, 375)
    assert model.data(i, StatusRole) == CellStatus.REPORTED
    assert model.data(i, FactRole).key == ("revenue_total", "FY2010-H1", "actual")
    assert model.data(i, KeyRole) == "revenue_total"
    assert model.data(i, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.headerData(1, Qt.Orientation.Horizontal) == "1H FY2010\nJPY millions"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Income statement"


# --- the panel: figures ---


def test_revenue_in_each_display_unit(panel):
    assert shown(panel, "revenue_total", "actual") == "34,272"
    panel.set_display_unit(THOUSANDS)
    assert shown(panel, "revenue_total", "actual") == "34,272,080"
    assert panel.header(1, D) == "1H FY2010\nJPY thousands"
    panel.set_display_unit(BILLIONS)
    assert shown(panel, "revenue_total", "actual") == "34.3"
    panel.set_display_unit(MILLIONS)
    assert [shown(panel, "revenue_total", k) for k in ("prior", "change", "change_pct")] == ["32,275", "+1,997", "6.2%"]


def test_negatives_in_parentheses(panel):
    assert panel.read(view_index(panel, "other_income_expense_net", "actual"), D) == "(195)"


def test_totals_are_bold_and_parts_are_not(panel):
    model = panel.model
    assert model.data(model.index_of("revenue_total"), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index_of("revenue_total", 1), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index_of("revenue_wan_services"), Qt.ItemDataRole.FontRole) is None


def test_rows_nest_under_their_parents(panel):
    wan = view_index(panel, "revenue_wan_services")
    assert panel.read(wan.parent(), PlainRole) == "Network services"
    assert panel.read(wan.parent().parent(), PlainRole) == "Total revenues"
    assert panel.tree.isExpanded(wan.parent())


def test_derived_cell_is_italic_blue_with_its_inputs(panel):
    panel.set_period("FY2010-Q1")
    panel.set_display_unit(THOUSANDS)
    i = view_index(panel, "revenue_total", "actual")
    assert shown(panel, "revenue_total", "actual") == "15,813,263"
    assert panel.read(i, StatusRole) == CellStatus.DERIVED
    assert panel.read(i, Qt.ItemDataRole.FontRole).italic()
    assert panel.read(i, Qt.ItemDataRole.ForegroundRole).color() == palette.colour("derived")
    assert "Derived by period arithmetic: FY2010-H1 - FY2010-Q2" in panel.read(i, Qt.ItemDataRole.ToolTipRole)
    reported = view_index(panel, "revenue_wan_services", "actual")
    assert not (panel.read(reported, Qt.ItemDataRole.FontRole) or panel.tree.font()).italic()


def test_conflict_is_marked_and_names_every_source(panel):
    panel.set_period("FY2011-H1")
    i = view_index(panel, "operating_income", "actual")  # 2,448,207 thousand against 2,488 and 2,400 million
    assert panel.read(i, D).startswith("\u26a0")
    assert panel.read(i, StatusRole) == CellStatus.CONFLICT
    tip = panel.read(i, Qt.ItemDataRole.ToolTipRole)
    assert f"{PRESS_2012}, line 365" in tip and f"{PRESS_2012}, line 739" in tip


def test_a_difference_within_rounding_is_shown_quietly(panel):
    panel.set_period("FY2011-H1")
    i = view_index(panel, "income_tax_expense", "actual")  # 1,055,254 thousand against 1,056 million
    assert not panel.read(i, D).startswith("\u26a0")
    assert panel.read(i, StatusRole) == CellStatus.REPORTED
    assert panel.read(i, Qt.ItemDataRole.ForegroundRole).color() == palette.colour("muted")
    tip = panel.read(i, Qt.ItemDataRole.ToolTipRole)
    assert "differ only by rounding" in tip and f"{PRESS_2012}, line 235" in tip


def test_tooltip_of_a_reported_value_gives_its_provenance(panel):
    tip = panel.read(view_index(panel, "revenue_total", "actual"), Qt.ItemDataRole.ToolTipRole)
    assert PRESS_2010 in tip and "line 375" in tip
    assert "Printed label: Total revenues" in tip
    assert "34,272,080" in tip  # the printed line


@pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")  # the offscreen platform, when the tooltip shows
def test_hovering_a_figure_shows_its_provenance(panel, qtbot):
    # the tooltip as Qt asks for it when the pointer rests on a cell (written then, not when the table was built)
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    panel.show()
    qtbot.waitExposed(panel)
    rect = panel.tree.visualRect(view_index(panel, "revenue_total", "actual"))
    viewport = panel.tree.viewport()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, rect.center(), viewport.mapToGlobal(rect.center())))
    qtbot.waitUntil(QToolTip.isVisible)
    assert PRESS_2010 in QToolTip.text() and "line 375" in QToolTip.text() and "34,272,080" in QToolTip.text()
    QToolTip.hideText()


def test_context_rows_are_muted(panel):
    panel.set_statement("revenue_detail")
    model = panel.model
    assert model.data(model.index_of("revenue_total"), Qt.ItemDataRole.ForegroundRole).color() == palette.colour("muted")
    assert model.data(model.index_of("revenue_ip_service"), Qt.ItemDataRole.ForegroundRole) is None


def test_balance_sheet_for_a_half_year(panel):
    panel.set_statement("balance")
    assert panel.statement == "balance"
    assert panel.header(1, D) == "2010-09-30\nJPY millions"
    assert shown(panel, "total_assets", "actual") == "65,923"


def test_targets_appear_when_announced(panel):
    panel.set_period("FY2011-H1")
    assert [panel.header(c, D).split("\n")[0] for c in (1, 2, 3, 4)] == [
        "1H FY2011", "1H FY2011 target", "1H FY2011 revised", "vs target",
    ]  # fmt: skip
    assert shown(panel, "operating_income", "revised_target") == "2,400"
    assert shown(panel, "operating_income", "variance") == "+48"


# --- the panel: behaviour ---


def test_double_click_opens_the_source(panel, qtbot):
    panel.show()
    i = view_index(panel, "revenue_total", "actual")
    panel.tree.scrollTo(i)
    rect = panel.tree.visualRect(i)
    with qtbot.waitSignal(panel.source_requested, timeout=1000) as blocker:
        # a real double-click starts with a press and release; QTest's double-click event alone has no pressed index
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    report = blocker.args[0]  # the report itself, so that the document view marks its figure
    assert report.source == SourceRef(PRESS_2010, 375) and report.period == "FY2010-H1"


def test_double_click_on_a_derived_value_offers_every_input(panel, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMenu

    shown_at = []
    monkeypatch.setattr(QMenu, "popup", lambda menu, pos, action=None: shown_at.append(pos))  # offscreen cannot pop up
    panel.set_period("FY2010-Q1")
    with qtbot.assertNotEmitted(panel.source_requested):
        panel.tree.doubleClicked.emit(view_index(panel, "revenue_total", "actual"))
    menu = panel.input_choice
    assert menu is not None and len(shown_at) == 1
    choices = [a for a in menu.actions() if a.isEnabled() and not a.isSeparator()]
    assert [a.text().split(",")[1].split("\u2014")[0].strip() for a in choices] == ["1H FY2010", "2Q FY2010"]  # H1 - Q2
    with qtbot.waitSignal(panel.source_requested, timeout=1000) as blocker:
        choices[1].trigger()
    assert blocker.args[0].period == "FY2010-Q2" and blocker.args[0].concept == "revenue_total"


def test_double_click_on_a_change_opens_nothing(panel, qtbot):
    with qtbot.assertNotEmitted(panel.source_requested):
        panel.tree.doubleClicked.emit(view_index(panel, "revenue_total", "change"))


def select(panel: StatementsPanel, concept: str, keys: list[str]) -> None:
    from PySide6.QtCore import QItemSelectionModel

    for k in keys:
        panel.tree.selectionModel().select(view_index(panel, concept, k), QItemSelectionModel.SelectionFlag.Select)


def test_copy_gives_tab_separated_text_with_headers(panel):
    assert panel.copy_text() is None  # nothing selected
    select(panel, "revenue_total", ["", "actual", "prior", "change_pct"])
    select(panel, "other_income_expense_net", ["actual", "prior"])
    lines = panel.copy_text().splitlines()
    assert lines[0] == "Income statement\t1H FY2010 (JPY millions)\t1H FY2009 (JPY millions)\t1H FY2010 vs 1H FY2009 (%)"
    assert lines[1] == "Total revenues\t34272.08\t32275.024\t6.19"
    assert lines[2] == "Other income (expense), net\t-195.127\t-140.47\t"
    assert len(lines) == 3


def test_ctrl_c_puts_the_selection_on_the_clipboard(panel, qtbot):
    panel.show()
    select(panel, "revenue_total", ["actual"])
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == panel.copy_text()
    assert "34272.08" in QGuiApplication.clipboard().text()


def test_context_menu_actions(panel, qtbot):
    i = view_index(panel, "revenue_total", "actual")
    menu = panel.build_context_menu(i)
    actions = {a.text(): a for a in menu.actions()}
    assert {"Copy", "Open source", "Show in trends"} <= set(actions)
    with qtbot.waitSignal(panel.trend_requested) as trend:
        actions["Show in trends"].trigger()
    assert trend.args == [["revenue_total"]]
    with qtbot.waitSignal(panel.source_requested) as source:
        actions["Open source"].trigger()
    assert source.args[0].source == SourceRef(PRESS_2010, 375)
    with qtbot.waitSignal(panel.facts_requested) as facts:
        actions["Show all reports"].trigger()
    assert facts.args == [[("revenue_total", "FY2010-H1", "actual")]]
    no_source = panel.build_context_menu(view_index(panel, "revenue_total", "change"))
    assert not {a.text(): a for a in no_source.actions()}["Open source"].isEnabled()


def test_trends_for_every_selected_row(panel, qtbot):
    select(panel, "revenue_total", ["actual"])
    select(panel, "gross_margin", ["actual", "prior"])
    menu = panel.build_context_menu(view_index(panel, "gross_margin", "actual"))
    with qtbot.waitSignal(panel.trend_requested) as trend:
        next(a for a in menu.actions() if a.text() == "Show in trends").trigger()
    assert trend.args == [["revenue_total", "gross_margin"]]


def test_filter_keeps_the_ancestors_of_matches(panel):
    panel.set_filter("wan")
    wan = view_index(panel, "revenue_wan_services")
    assert wan.isValid()
    assert panel.proxy.rowCount() == 1  # only Total revenues at the top
    assert panel.proxy.rowCount(wan.parent()) == 1  # Network services keeps only WAN services
    assert not panel.proxy.mapFromSource(panel.model.index_of("gross_margin")).isValid()
    panel.set_filter("")
    assert panel.proxy.mapFromSource(panel.model.index_of("gross_margin")).isValid()


def test_empty_state_explains_what_to_do(panel):
    panel.set_period("FY2014-H1")
    assert panel.stack.currentWidget() is panel.empty
    assert panel.empty.text() == (
        "No income statement figures for 1H FY2014 in the library. "
        "Pick another period in the navigator, or import the release that reports it."
    )
    panel.set_period("FY2010-H1")
    assert panel.stack.currentWidget() is panel.tree


def test_status_message_on_the_current_cell(panel, qtbot):
    with qtbot.waitSignal(panel.status_message) as message:
        panel.tree.setCurrentIndex(view_index(panel, "revenue_total", "actual"))
    assert message.args[0].startswith("Total revenues, 1H FY2010 (JPY millions): 34,272")
    assert f"{PRESS_2010}:375" in message.args[0]


def test_unknown_statement_is_refused(panel):
    with pytest.raises(ValueError):
        panel.set_statement("cash")


def test_the_panel_opens_on_the_latest_period(qtbot, library, index):
    p = StatementsPanel()
    qtbot.addWidget(p)
    p.set_data(library, index)
    assert p.period == "FY2013-H1"
    assert p.stack.currentWidget() is p.tree


def test_headers_are_not_truncated(panel):
    panel.show()
    header = panel.tree.header()
    metrics = header.fontMetrics()
    for c in range(1, panel.model.columnCount()):
        widest = max(metrics.horizontalAdvance(line) for line in panel.header(c, D).split("\n"))
        assert header.sectionSize(c) >= widest, panel.header(c, D)


# --- switching periods stays cheap (what bench/bench_scale.py times; no test asserts a time) ---


class _Signals:
    """Counts a model's resets and data changes."""

    def __init__(self, model) -> None:
        self.resets = self.changes = 0
        model.modelReset.connect(self._reset)
        model.dataChanged.connect(self._changed)

    def _reset(self) -> None:
        self.resets += 1

    def _changed(self, *_args) -> None:
        self.changes += 1


def test_another_period_with_the_same_rows_updates_the_figures_without_a_reset(panel, index):
    # two second quarters: the halves of FY2009 and FY2010 differ by the deferred income tax (the 2011 presentation's quarters)
    panel.set_period("FY2010-Q2")
    assert [r.concept_id for r in StatementView(period="FY2011-Q2").table(index).rows] == [r.concept_id for r in panel.table.rows]
    signals = _Signals(panel.model)
    panel.tree.collapse(view_index(panel, "revenue_total"))  # the user's collapsed row stays collapsed
    panel.set_period("FY2011-Q2")
    assert signals.resets == 0 and signals.changes > 0
    assert not panel.tree.isExpanded(view_index(panel, "revenue_total"))
    # the figures and headers are the new period's, as a model built from scratch has them
    fresh = StatementTreeModel(index, StatementView(period="FY2011-Q2"))
    for row in fresh.table.rows:
        for c in range(fresh.columnCount()):
            mine, theirs = panel.model.index_of(row.concept_id, c), fresh.index_of(row.concept_id, c)
            for role in (D, Qt.ItemDataRole.ToolTipRole, ValueRole, SourceRole, StatusRole, Qt.ItemDataRole.FontRole):
                assert panel.model.data(mine, role) == fresh.data(theirs, role), (row.concept_id, c, role)
    for c in range(fresh.columnCount()):
        assert panel.header(c, D) == fresh.headerData(c, Qt.Orientation.Horizontal)


def test_other_rows_reset_the_model_and_open_the_tree(panel):
    signals = _Signals(panel.model)
    panel.set_period("FY2010-H2")  # fewer rows than 1H FY2010
    assert signals.resets == 1
    assert panel.tree.isExpanded(view_index(panel, "revenue_total"))


@pytest.mark.parametrize("period", ["FY2010-H1", "FY2011-H1", "FY2012"])
def test_columns_are_sized_from_the_texts_as_the_view_would(panel, period, monkeypatch):
    """`content_widths` stands in for `resizeColumnToContents`, which asks the model for every cell on every switch."""
    panel.show()
    panel.set_period(period)
    assert panel.content_widths() == [panel.tree.sizeHintForColumn(c) for c in range(panel.model.columnCount())]
    monkeypatch.setattr(panel.tree, "resizeColumnToContents", lambda c: pytest.fail("columns sized through the view"))
    panel.set_period("FY2009-H1")
    panel.set_display_unit(THOUSANDS)


# --- the Measures statement ---


def test_measures_statement_model_passes_the_model_tester(qtmodeltester, index):
    qtmodeltester.check(StatementTreeModel(index, StatementView("measures", "FY2012-H1")))


def test_measures_statement_shows_in_the_panel(panel, index):
    from iijviewer.base.formatting import format_percent
    from iijviewer.views import metrics

    panel.set_statement("measures")
    panel.set_period("FY2012-H1")
    measures = metrics.measures_of(index)
    margin = measures.get("operating_margin_pct", "FY2012-H1")
    assert shown(panel, "operating_margin_pct", "actual") == format_percent(margin.value, 2)
    assert panel.read(view_index(panel, "operating_margin_pct").parent(), PlainRole) == "Margins"
    assert panel.header(0, D) == "Measures"
    model = panel.model
    gross = model.index_of("gross_margin_pct", model.column_of("actual"))
    assert model.data(gross, StatusRole) == CellStatus.DERIVED  # it reads the derived gross margin
    assert model.data(gross, Qt.ItemDataRole.FontRole).italic()
    assert model.data(gross, Qt.ItemDataRole.ForegroundRole).color() == palette.colour("derived")
    reported = model.index_of("operating_margin_pct", model.column_of("actual"))
    assert model.data(reported, SourceRole) == margin.sources[0]
    assert "operating_income[FY2012-H1] / revenue_total[FY2012-H1]" in model.data(reported, Qt.ItemDataRole.ToolTipRole)


def test_measures_compare_model_passes_the_model_tester(qtmodeltester, index):
    from iijviewer.models.compare_model import CompareTableModel
    from iijviewer.views.comparison import ComparisonView

    model = CompareTableModel(index, ComparisonView("measures", ("FY2011-H1", "FY2012-H1"), common_size=True))
    qtmodeltester.check(model)
    assert model.rowCount() > 10 and not model.table.message


def test_a_measure_row_offers_no_trend_of_itself(panel):
    panel.set_statement("measures")
    panel.set_period("FY2012-H1")
    menu = panel.build_context_menu(view_index(panel, "operating_margin_pct", "actual"))
    trends = next(a for a in menu.actions() if a.text() == "Show in trends")
    assert not trends.isEnabled()
