"""The Compare page: its table model (qtmodeltester, roles), sorting, filtering, the options and copying.

Roles are read through the model's own `data()` from Python (see `FigurePanel.read`).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from iijviewer.comparison import CHANGES_YOY, ComparisonView
from iijviewer.formatting import THOUSANDS
from iijviewer.models.compare_model import CompareTableModel
from iijviewer.models.roles import KeyRole, ValueRole
from iijviewer.models.statement_model import FIGURE_PAD, LARGE_CHANGE_COLOUR
from iijviewer.ui.compare import ComparePanel

D = Qt.ItemDataRole.DisplayRole
HALVES = ["FY2009-H1", "FY2010-H1", "FY2011-H1"]


@pytest.fixture
def panel(qtbot, library, index) -> ComparePanel:
    p = ComparePanel()
    qtbot.addWidget(p)
    p.set_data(library, index)
    p.set_statement("income")
    p.set_periods(HALVES)
    p.resize(1100, 700)
    return p


def view_index(panel: ComparePanel, concept: str, column_key: str = "") -> QModelIndex:
    row = panel.model.row_number(concept)
    assert row >= 0, concept
    column = panel.model.column_of(column_key) if column_key else 0
    assert column >= 0, column_key
    return panel.proxy.mapFromSource(panel.model.index(row, column))


def shown(panel: ComparePanel, concept: str, column_key: str) -> str:
    return panel.read(view_index(panel, concept, column_key), D).rstrip(FIGURE_PAD)


def column_in_view_order(panel: ComparePanel, column_key: str, role=KeyRole) -> list:
    column = panel.model.column_of(column_key) if column_key else 0
    return [panel.read(panel.proxy.index(r, column), role) for r in range(panel.proxy.rowCount())]


# --- the model ---


@pytest.mark.parametrize(
    "view",
    [
        ComparisonView("income", tuple(HALVES)),
        ComparisonView("income", tuple(HALVES), common_size=True, changes=CHANGES_YOY),
        ComparisonView("balance", ("FY2010-H1", "FY2011-H1"), common_size=True),
        ComparisonView("income", ()),
    ],
    ids=["base", "yoy-common-size", "balance", "no-periods"],
)
def test_the_table_model_passes_the_model_tester(qtmodeltester, index, view):
    qtmodeltester.check(CompareTableModel(index, view))


def test_rows_keep_statement_order_with_indentation(index):
    model = CompareTableModel(index, ComparisonView("income", tuple(HALVES)))
    labels = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert labels[0] == "Total revenues"
    assert labels[1] == "    Network services"
    assert labels[labels.index("    Network services") + 3] == "        WAN services"


# --- the figures ---


def test_changes_against_the_base(panel):
    assert panel.periods == HALVES and panel.base == "FY2009-H1"
    assert [shown(panel, "revenue_total", p) for p in HALVES] == ["32,275", "34,272", "47,207"]
    assert shown(panel, "revenue_total", "FY2010-H1:change") == "+1,997"
    assert shown(panel, "revenue_total", "FY2011-H1:change") == "+14,931"
    assert shown(panel, "revenue_total", "FY2010-H1:change_pct") == "6.2%"
    assert shown(panel, "revenue_total", "FY2011-H1:change_pct") == "46.3%"
    assert panel.model.column_of("FY2009-H1:change") == -1


def test_choosing_another_base(panel):
    panel.set_base("FY2011-H1")
    assert panel.base_combo.currentData() == "FY2011-H1"
    assert shown(panel, "revenue_total", "FY2009-H1:change") == "(14,931)"
    assert panel.model.column_of("FY2011-H1:change") == -1


def test_common_size_gross_margin(panel):
    panel.set_common_size(True)
    assert shown(panel, "gross_margin", "FY2010-H1:share") == "20.0%"
    assert shown(panel, "gross_margin", "FY2009-H1:share") == "19.3%"
    assert panel.header(panel.model.column_of("FY2010-H1:share"), D) == "1H FY2010\n% of revenues"


def test_year_on_year(panel):
    panel.set_changes(CHANGES_YOY)
    assert not panel.base_combo.isEnabled()
    assert shown(panel, "revenue_total", "FY2010-H1:yoy") == "+1,997"
    assert shown(panel, "revenue_total", "FY2011-H1:yoy_pct") == "37.7%"


def test_large_changes_have_a_subtle_background(panel):
    large = panel.read(view_index(panel, "revenue_wan_services", "FY2010-H1:change_pct"), Qt.ItemDataRole.BackgroundRole)
    assert large.color() == LARGE_CHANGE_COLOUR
    assert panel.read(view_index(panel, "revenue_total", "FY2010-H1:change_pct"), Qt.ItemDataRole.BackgroundRole) is None
    panel.highlight.setChecked(False)
    assert panel.read(view_index(panel, "revenue_wan_services", "FY2010-H1:change_pct"), Qt.ItemDataRole.BackgroundRole) is None


def test_display_unit(panel):
    panel.set_display_unit(THOUSANDS)
    assert shown(panel, "revenue_total", "FY2010-H1") == "34,272,080"
    assert panel.header(panel.model.column_of("FY2010-H1"), D) == "1H FY2010\nJPY thousands"


def test_balance_sheet_columns_are_dates(panel):
    panel.set_statement("balance")
    assert [panel.header(c, D).split("\n")[0] for c in (1, 2)] == ["2009-09-30", "2010-09-30"]
    assert shown(panel, "total_assets", "FY2010-H1") == "65,923"


# --- sorting and filtering ---


def test_sorting_by_a_period_orders_rows_by_value(panel):
    panel.sort_by("FY2010-H1", Qt.SortOrder.DescendingOrder)
    values = column_in_view_order(panel, "FY2010-H1", ValueRole)
    present = [v for v in values if v is not None]
    assert present == values == sorted(present, reverse=True)
    assert column_in_view_order(panel, "")[0] == "revenue_total"
    panel.sort_by("FY2010-H1", Qt.SortOrder.AscendingOrder)
    ascending = [v for v in column_in_view_order(panel, "FY2010-H1", ValueRole) if v is not None]
    assert ascending == sorted(present)
    assert column_in_view_order(panel, "")[0] == "other_income_expense_net"  # (195) million, the smallest


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_blanks_sort_last_either_way(panel, order):
    panel.set_statement("balance")
    panel.set_periods(["FY2010-H1", "FY2011-H1"])
    panel.sort_by("FY2011-H1:change", order)
    values = column_in_view_order(panel, "FY2011-H1:change", ValueRole)
    present = [v for v in values if v is not None]
    assert 0 < len(present) < len(values)
    assert values[: len(present)] == sorted(present, reverse=order == Qt.SortOrder.DescendingOrder)


def test_clicking_a_header_sorts_and_the_label_header_restores_statement_order(panel, qtbot):
    panel.show()
    key = "FY2011-H1:change_pct"
    statement_order = [v for v in column_in_view_order(panel, key, ValueRole) if v is not None]
    assert statement_order not in (sorted(statement_order), sorted(statement_order, reverse=True))
    header = panel.table_view.horizontalHeader()
    column = panel.model.column_of(key)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(column) + 5, 5))
    values = [v for v in column_in_view_order(panel, key, ValueRole) if v is not None]
    assert values in (sorted(statement_order), sorted(statement_order, reverse=True))
    panel.table_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert column_in_view_order(panel, "")[:2] == ["revenue_total", "revenue_network_services"]


def test_changing_the_periods_returns_to_statement_order(panel):
    panel.sort_by("FY2010-H1")
    panel.set_periods(["FY2010-H1", "FY2012-H1"])
    assert column_in_view_order(panel, "")[0] == "revenue_total"


def test_filter_keeps_parents_of_matches(panel):
    panel.set_filter("interest")
    assert column_in_view_order(panel, "") == [
        "other_income_expense_net", "interest_income", "interest_expense",
        "net_income_noncontrolling",  # "... attributable to noncontrolling interests"
    ]  # fmt: skip
    panel.set_filter("")
    assert panel.proxy.rowCount() == panel.model.rowCount()


# --- periods ---


def test_empty_state_without_periods(panel):
    panel.set_periods([])
    assert panel.stack.currentWidget() is panel.empty
    assert panel.empty.text() == "Select two or more periods in the navigator (Ctrl+click) to compare them."


def test_add_and_remove_periods(panel, qtbot):
    with qtbot.waitSignal(panel.periods_changed) as added:
        panel.add_combo.activated.emit(panel.add_combo.findData("FY2012-H1"))
    assert added.args == [[*HALVES, "FY2012-H1"]]
    assert panel.add_combo.currentIndex() == 0
    assert shown(panel, "revenue_total", "FY2012-H1") != ""
    menu = panel.build_header_menu(panel.model.column_of("FY2009-H1"))
    remove = next(a for a in menu.actions() if a.text() == "Remove 1H FY2009 from the comparison")
    with qtbot.waitSignal(panel.periods_changed) as removed:
        remove.trigger()
    assert removed.args == [["FY2010-H1", "FY2011-H1", "FY2012-H1"]]
    assert panel.base == "FY2010-H1"  # the base went with it: the earliest is the base


def test_cell_menu_can_make_a_period_the_base(panel):
    menu = panel.build_context_menu(view_index(panel, "revenue_total", "FY2011-H1"))
    texts = [a.text() for a in menu.actions()]
    assert {"Copy", "Open source", "Show in trends", "Remove 1H FY2011 from the comparison"} <= set(texts)
    next(a for a in menu.actions() if a.text() == "Compare against 1H FY2011").trigger()
    assert panel.base == "FY2011-H1"


def test_set_period_leaves_the_comparison_alone(panel):
    panel.set_period("FY2012-H1")
    assert panel.periods == HALVES


# --- copying ---


def test_copy_gives_tab_separated_text_with_headers(panel):
    selection = panel.table_view.selectionModel()
    for key in ("", "FY2009-H1", "FY2010-H1", "FY2010-H1:change", "FY2010-H1:change_pct"):
        selection.select(view_index(panel, "revenue_total", key), QItemSelectionModel.SelectionFlag.Select)
    lines = panel.copy_text().splitlines()
    assert lines == [
        "Income statement\t1H FY2009 (JPY millions)\t1H FY2010 (JPY millions)"
        "\t1H FY2010 vs 1H FY2009 (JPY millions)\t1H FY2010 vs 1H FY2009 (%)",
        "Total revenues\t32275.024\t34272.08\t1997.056\t6.19",
    ]


def test_other_periods_of_the_same_shape_update_the_figures_without_a_reset(panel, index):
    # FY2012-H1 also has the current income tax (its quarters in the 2013 presentation): another shape
    panel.set_periods(["FY2009-H1", "FY2010-H1"])
    resets, changes = [], []
    panel.model.modelReset.connect(lambda: resets.append(1))
    panel.model.dataChanged.connect(lambda *a: changes.append(a))
    panel.set_periods(["FY2010-H1", "FY2011-H1"])
    assert not resets and changes
    fresh = CompareTableModel(index, ComparisonView(periods=("FY2010-H1", "FY2011-H1")))
    for r in range(fresh.rowCount()):
        for c in range(fresh.columnCount()):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ValueRole, KeyRole):
                assert panel.model.data(panel.model.index(r, c), role) == fresh.data(fresh.index(r, c), role)
    panel.set_periods(["FY2010-H1", "FY2011-H1", "FY2012-H1"])  # more columns: a reset
    assert resets


def test_columns_are_sized_from_the_texts_as_the_view_would(panel):
    panel.show()
    panel.set_common_size(True)
    view = panel.table_view
    assert panel.content_widths() == [view.sizeHintForColumn(c) for c in range(panel.model.columnCount())]


# --- the cost of a period switch (counted, not timed) ---


def test_another_period_neither_sorts_nor_filters_the_rows_again(panel, monkeypatch):
    panel.set_periods(["FY2009-H1", "FY2010-H1"])  # FY2012-H1 has another shape (test above)
    panel.set_filter("revenue")
    read, changed, moved = [], [], []
    data = panel.model.data
    monkeypatch.setattr(panel.model, "data", lambda index, role=D: (read.append(role), data(index, role))[1])
    panel.model.dataChanged.connect(lambda top_left, bottom_right, roles: changed.append(top_left.column()))
    for signal in (panel.proxy.modelReset, panel.proxy.layoutChanged, panel.proxy.rowsInserted, panel.proxy.rowsRemoved):
        signal.connect(lambda *a: moved.append(a))
    panel.set_periods(["FY2010-H1", "FY2011-H1"])
    # The labels stay: the change starts after them, so the proxy neither compares nor matches a row.
    assert changed == [1] and not moved
    assert ValueRole not in read
    assert shown(panel, "revenue_total", "FY2011-H1") != ""


def test_painting_reads_each_cell_at_once_not_role_by_role(qtbot, library, index):
    asked = []

    class CountingModel(CompareTableModel):
        def data(self, index, role=D):
            asked.append(role)
            return super().data(index, role)

    panel = ComparePanel()
    qtbot.addWidget(panel)
    panel.model = CountingModel()
    panel.proxy.setSourceModel(panel.model)
    panel.set_data(library, index)
    panel.set_periods(HALVES)
    panel.resize(1100, 700)
    panel.show()
    qtbot.waitExposed(panel)
    asked.clear()
    panel.table_view.viewport().grab()
    assert panel.proxy._source_rows is not None  # cells were painted through multiData
    assert asked == []  # and none was asked for a role through data()


def painted(panel: ComparePanel, delegate: QStyledItemDelegate, row: int, column: int) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    option.font = panel.table_view.font()
    delegate.initStyleOption(option, panel.proxy.index(row, column))
    return option


@pytest.mark.parametrize("arrange", ["statement order", "sorted", "filtered"])
def test_painted_cells_show_the_roles_of_their_source_cells(panel, arrange):
    if arrange == "sorted":
        panel.sort_by("FY2010-H1:change_pct")
    elif arrange == "filtered":
        panel.set_filter("services")
    proxy, model = panel.proxy, panel.model
    delegate = QStyledItemDelegate()  # one for all cells, as in the view: what a cell does not set must not stay from the last
    large = 0
    for r in range(proxy.rowCount()):
        for c in range(proxy.columnCount()):
            option = painted(panel, delegate, r, c)
            source = proxy.mapToSource(proxy.index(r, c))
            role = lambda role: model.data(source, role)  # noqa: E731
            assert option.text == (role(D) or "")
            assert option.displayAlignment == role(Qt.ItemDataRole.TextAlignmentRole)
            font = role(Qt.ItemDataRole.FontRole)
            assert (option.font.bold(), option.font.italic()) == ((font.bold(), font.italic()) if font else (False, False))
            foreground = role(Qt.ItemDataRole.ForegroundRole)
            if foreground is not None:
                assert option.palette.text().color() == foreground.color()
            background = role(Qt.ItemDataRole.BackgroundRole)
            assert option.backgroundBrush == (background if background is not None else QBrush())
            large += background is not None
    assert arrange == "filtered" or large  # a highlighted change was among them
