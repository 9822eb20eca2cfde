"""The Compare page: its table model (qtmodeltester, roles), sorting, filtering, the options and copying.

Roles are read through the model's own `data()` from Python (see `FigurePanel.read`).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from iijviewer.base.formatting import THOUSANDS
from iijviewer.models import palette
from iijviewer.models.compare_model import CompareTableModel
from iijviewer.models.roles import KeyRole, ValueRole
from iijviewer.models.statement_model import FIGURE_PAD
from iijviewer.ui.compare import ComparePanel
from iijviewer.views.comparison import CHANGES_YOY, ComparisonView

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


def test_the_table_model_passes_the_model_tester_through_changes_of_columns(qtmodeltester, index):
    model = CompareTableModel(index, ComparisonView(periods=("FY2010-H1", "FY2011-H1")))
    qtmodeltester.check(model)
    model.update(periods=("FY2010-H1", "FY2011-H1", "FY2012-H1"))
    model.update(periods=("FY2011-H1",))
    model.update(statement="balance")
    qtmodeltester.check(model)


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
    assert large.color() == palette.colour("large_change")
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


def sibling_values(panel: ComparePanel, column_key: str) -> dict[str, list]:
    """The values of each parent's rows (in view order), after checking that every row is shown under its parent."""
    column = panel.model.column_of(column_key)
    seen: set[str] = set()
    groups: dict[str, list] = {}
    for r in range(panel.proxy.rowCount()):
        row = panel.model.row_of(panel.proxy.mapToSource(panel.proxy.index(r, 0)))
        parent = row.parent if row.parent in {x.concept_id for x in panel.table.rows} else ""
        assert not parent or parent in seen, f"{row.concept_id} above its parent {parent}"
        seen.add(row.concept_id)
        groups.setdefault(parent, []).append(panel.read(panel.proxy.index(r, column), ValueRole))
    return groups


def test_sorting_by_a_period_orders_rows_by_value_within_each_parent(panel):
    panel.sort_by("FY2010-H1", Qt.SortOrder.DescendingOrder)
    groups = sibling_values(panel, "FY2010-H1")
    assert len(groups) > 2  # top-level rows and the parts of several totals
    for values in groups.values():
        present = [v for v in values if v is not None]
        assert values[: len(present)] == sorted(present, reverse=True)
    assert column_in_view_order(panel, "")[0] == "revenue_total"
    panel.sort_by("FY2010-H1", Qt.SortOrder.AscendingOrder)
    for values in sibling_values(panel, "FY2010-H1").values():
        present = [v for v in values if v is not None]
        assert values[: len(present)] == sorted(present)
    order = column_in_view_order(panel, "")
    # other income (expense), a loss, is the smallest total: first, its own parts right under it
    from iijviewer.base.concepts import catalog

    assert order[0] == "other_income_expense_net" and catalog()[order[1]].parent == "other_income_expense_net"
    assert order.index("revenue_network_services") > order.index("revenue_total")


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_blanks_sort_last_either_way(panel, order):
    panel.set_statement("balance")
    panel.set_periods(["FY2010-H1", "FY2011-H1"])
    panel.sort_by("FY2011-H1:change", order)
    groups = sibling_values(panel, "FY2011-H1:change")
    assert any(None in values and any(v is not None for v in values) for values in groups.values())
    for values in groups.values():
        present = [v for v in values if v is not None]
        assert values[: len(present)] == sorted(present, reverse=order == Qt.SortOrder.DescendingOrder)


def test_clicking_a_header_sorts_and_the_label_header_restores_statement_order(panel, qtbot):
    panel.show()
    key = "FY2011-H1:change_pct"
    statement_order = [v for v in column_in_view_order(panel, key, ValueRole) if v is not None]
    assert statement_order not in (sorted(statement_order), sorted(statement_order, reverse=True))
    header = panel.table_view.horizontalHeader()
    column = panel.model.column_of(key)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(column) + 5, 5))
    groups = [[v for v in values if v is not None] for values in sibling_values(panel, key).values()]
    assert all(values == sorted(values) for values in groups) or all(values == sorted(values, reverse=True) for values in groups)
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


def add_menu(panel: ComparePanel) -> dict[str, dict[str, list]]:
    """The Add period menu as shown: fiscal year -> kind -> the actions under it."""
    panel.add_menu.aboutToShow.emit()
    years: dict[str, dict[str, list]] = {}
    for year in panel.add_menu.actions():
        kinds = years.setdefault(year.text(), {})
        kind = ""
        for action in year.menu().actions():
            if action.isSeparator():
                kind = action.text()
            else:
                kinds.setdefault(kind, []).append(action)
    return years


def add_action(panel: ComparePanel, key: str):
    return next(a for kinds in add_menu(panel).values() for actions in kinds.values() for a in actions if a.data() == key)


def test_add_period_offers_by_year_and_kind_only_periods_of_the_statement(panel, index):
    years = add_menu(panel)
    titles = list(years)
    assert titles == sorted(titles, reverse=True) and titles[0].startswith("FY")  # newest first
    fy2012 = years["FY2012"]
    assert list(fy2012)[:3] == ["Year", "Halves", "Quarters"]
    assert [a.data() for a in fy2012["Halves"]] == ["FY2012-H1", "FY2012-H2"]
    assert fy2012["Halves"][0].text().startswith("1H FY2012\t")  # its label, then what it has
    offered = {a.data() for kinds in years.values() for actions in kinds.values() for a in actions}
    assert "Dates" not in {k for kinds in years.values() for k in kinds}
    assert not any(key[0].isdigit() for key in offered)  # an income statement is never offered a date
    panel.set_statement("balance")
    offered = {a.data() for kinds in add_menu(panel).values() for actions in kinds.values() for a in actions}
    assert offered and all(key[0].isdigit() for key in offered)  # the balance sheet: dates only
    from iijviewer.base.concepts import catalog

    assert all(any(catalog()[f.concept].statement == "balance" for f in index.by_period[k]) for k in offered)
    assert not any(all(catalog()[f.concept].statement == "kpi" for f in index.by_period[k]) for k in offered)


def test_add_and_remove_periods(panel, qtbot):
    with qtbot.waitSignal(panel.periods_changed) as added:
        add_action(panel, "FY2012-H1").trigger()
    assert added.args == [[*HALVES, "FY2012-H1"]]
    assert not add_action(panel, "FY2012-H1").isEnabled()  # compared already
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


def _same_cells(model, fresh) -> None:
    assert (model.rowCount(), model.columnCount()) == (fresh.rowCount(), fresh.columnCount())
    for r in range(fresh.rowCount()):
        for c in range(fresh.columnCount()):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ValueRole, KeyRole):
                assert model.data(model.index(r, c), role) == fresh.data(fresh.index(r, c), role)


def test_other_periods_of_the_same_rows_update_the_figures_without_a_reset(panel, index):
    # (FY2012-H1 has more rows: the current income tax of its quarters, from the 2013 presentation)
    panel.set_periods(["FY2009-H1", "FY2010-H1"])
    resets, changes, added, taken = [], [], [], []
    panel.model.modelReset.connect(lambda: resets.append(1))
    panel.model.dataChanged.connect(lambda *a: changes.append(a))
    panel.model.columnsInserted.connect(lambda _p, first, last: added.append((first, last)))
    panel.model.columnsRemoved.connect(lambda _p, first, last: taken.append((first, last)))
    panel.set_periods(["FY2010-H1", "FY2011-H1"])
    assert not resets and changes
    _same_cells(panel.model, CompareTableModel(index, ComparisonView(periods=("FY2010-H1", "FY2011-H1"))))
    # more periods, or fewer: columns added or taken away at the end, the rows (and their order) kept
    three = ("FY2009-H1", "FY2010-H1", "FY2011-H1")
    panel.set_periods(list(three))
    assert not resets and added
    _same_cells(panel.model, CompareTableModel(index, ComparisonView(periods=three)))
    panel.set_periods(["FY2010-H1", "FY2011-H1"])
    assert not resets and taken
    _same_cells(panel.model, CompareTableModel(index, ComparisonView(periods=("FY2010-H1", "FY2011-H1"))))
    assert panel.proxy.columnCount() == panel.model.columnCount() and panel.proxy.rowCount() == panel.model.rowCount()


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


def test_a_sort_says_it_keeps_each_part_under_its_total(panel, qtbot):
    with qtbot.waitSignal(panel.status_message) as said:
        panel.sort_by("FY2010-H1")
    assert "within each total" in said.args[0] and "1H FY2010" in said.args[0]


def test_the_labels_stay_in_view_when_the_periods_scroll_sideways(panel, qtbot):
    panel.set_periods(["FY2009-H1", "FY2010-H1", "FY2011-H1", "FY2012-H1", "FY2013-H1"])
    panel.resize(700, 500)
    panel.show()
    qtbot.waitExposed(panel)
    table, labels = panel.table_view, panel.table_view.labels
    bar = table.horizontalScrollBar()
    assert bar.maximum() > 0  # too wide for the page: it scrolls
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: table.columnViewportPosition(0) < 0)  # the table's own label column has scrolled away
    assert labels.isVisible() and labels.geometry().left() <= table.viewport().geometry().left()
    assert labels.columnWidth(0) == table.columnWidth(0) > 0
    assert [labels.isColumnHidden(c) for c in range(panel.proxy.columnCount())] == [False] + [True] * (panel.proxy.columnCount() - 1)
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum())
    assert labels.verticalScrollBar().value() == table.verticalScrollBar().value()
    # the labels' cells are the table's: one selection, one model
    assert labels.model() is table.model() and labels.selectionModel() is table.selectionModel()
    panel.set_periods(["FY2010-H1", "FY2011-H1", "FY2012-H1", "FY2013-H1", "FY2009-H1", "FY2008-H1"])  # a column more
    assert all(labels.isColumnHidden(c) for c in range(1, panel.proxy.columnCount()))


@pytest.mark.parametrize("scrolled", [False, True])
def test_each_label_lies_beside_its_own_figures(panel, qtbot, scrolled):
    """The labels' header is as tall as the figures' (two lines: period and unit), so row r of the labels is row r of the
    table on screen; a label one row off would put every figure beside another line's name."""
    panel.show()
    qtbot.waitExposed(panel)
    table, labels = panel.table_view, panel.table_view.labels
    if scrolled:
        table.verticalScrollBar().setValue(table.verticalScrollBar().maximum() // 2)
    assert labels.horizontalHeader().height() == table.horizontalHeader().height() > 0
    column = panel.model.column_of("FY2010-H1")
    for row in range(0, min(panel.proxy.rowCount(), 12)):
        label_rect = labels.visualRect(panel.proxy.index(row, 0))
        figure_rect = table.visualRect(panel.proxy.index(row, column))
        label_top = labels.viewport().mapTo(panel, label_rect.topLeft()).y()
        figure_top = table.viewport().mapTo(panel, figure_rect.topLeft()).y()
        assert label_top == figure_top, (row, label_top, figure_top)
