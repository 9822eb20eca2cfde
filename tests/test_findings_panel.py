"""The Findings page on the bundled library: findings with their kind filter and detail, and the coverage grid."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from iijviewer.base.facts import SourceRef
from iijviewer.base.formatting import BILLIONS
from iijviewer.base.vocabulary import CellStatus
from iijviewer.models import palette
from iijviewer.models.coverage_model import STATUS_COLOURS, CoverageTableModel, short_period_label
from iijviewer.models.findings_model import (
    ARITHMETIC,
    CONFLICTS,
    INGEST,
    ROUNDING_DIFFERENCES,
    SHARE_BASES,
    FindingSourcesTableModel,
    FindingsTableModel,
    finding_rows,
    finding_sources,
    format_as_printed,
)
from iijviewer.models.roles import KeyRole, SourceRole, StatusRole, ValueRole
from iijviewer.ui.findings import FindingsPanel
from iijviewer.views.coverage import DURATIONS, INSTANTS, coverage_grid

PR2010 = "2010-11-15_press-release_1H-FY2010-results"
PR2012 = "2012-11-08_press-release_1H-FY2012-results"


@pytest.fixture
def panel(qtbot, library, index) -> FindingsPanel:
    p = FindingsPanel()
    qtbot.addWidget(p)
    p.set_data(library, index)
    p.resize(1100, 700)
    return p


def _row_of(model: FindingsTableModel, kind: str, concept: str = "", period: str = "", source: SourceRef | None = None) -> int:
    for r in range(model.rowCount()):
        f = model.finding_row(r).finding
        if f.kind == kind and f.concept == concept and f.period == period and (source is None or source in f.sources):
            return r
    raise LookupError((kind, concept, period, source))


def _cells(model, r: int) -> list[str]:
    return [model.data(model.index(r, c)) for c in range(model.columnCount())]


def _select(view, row: int) -> None:
    view.setCurrentIndex(view.model().index(row, 0))


def _double_click(qtbot, view, index) -> None:
    """As a user does it: a view only takes a double-click on the item the first click pressed."""
    view.scrollTo(index)
    pos = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


# --- printed values --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "text"),
    [
        ("1055254000", "JPY", -3, "1,055,254 thousand"),
        ("1056000000", "JPY", -6, "1,056 million"),
        ("47200000000", "JPY", -8, "47.2 billion"),
        ("-2657000", "JPY", -3, "(2,657) thousand"),
        ("4241.14", "JPY/share", 2, "4,241.14 yen/share"),
        ("206478", "count", 0, "206,478"),
        ("21.2", "percent", 1, "21.2%"),
    ],
)
def test_values_are_shown_as_printed(value, unit, decimals, text) -> None:
    assert format_as_printed(Decimal(value), unit, decimals) == text


# --- the models ------------------------------------------------------------------------------------------


def test_findings_model_passes_the_model_tester(qtmodeltester, library, index) -> None:
    qtmodeltester.check(FindingsTableModel(finding_rows(library, index)))


def test_sources_model_passes_the_model_tester(qtmodeltester, library, index) -> None:
    conflict = next(f for f in library.findings if f.concept == "income_tax_expense" and f.period == "FY2011-H1")
    qtmodeltester.check(FindingSourcesTableModel(finding_sources(conflict, library, index)))


def test_coverage_model_passes_the_model_tester(qtmodeltester, index) -> None:
    qtmodeltester.check(CoverageTableModel(coverage_grid(index, DURATIONS)))
    qtmodeltester.check(CoverageTableModel(coverage_grid(index, INSTANTS).filtered("assets")))


def test_every_finding_and_every_ingest_problem_is_a_row(panel, library) -> None:
    model = panel.findings_model
    assert model.rowCount() == len(library.findings) + len(library.report)
    shown = [model.finding_row(r).finding for r in range(model.rowCount())]
    assert sorted(map(str, shown)) == sorted(map(str, [*library.findings, *library.report]))


# --- a conflict ---------------------------------------------------------------------------------------------


def test_the_income_tax_conflict_lists_both_sources(panel) -> None:
    model = panel.findings_model
    r = _row_of(model, "conflict", "income_tax_expense", "FY2011-H1")
    finding = model.finding_row(r).finding
    # the statement (375), the sentence's comparative "(JPY1,055 million for 1H11)" (177) and the summary table (235)
    assert finding.sources == (SourceRef(PR2012, 375), SourceRef(PR2012, 177), SourceRef(PR2012, 235))
    cells = _cells(model, r)
    # 1,055,254 thousand against 1,056 million: within the coarser report's last printed digit
    assert cells[:5] == ["Rounding difference", "Income tax expense (benefit)", "1H FY2011", "actual", "0.7 million"]
    assert cells[5].startswith("1,055,254 thousand (used) vs ") and "1,056 million" in cells[5]
    assert cells[6] == f"375, 177, 235 in {PR2012}"
    assert model.data(model.index(r, 0), SourceRole) == SourceRef(PR2012, 375)
    assert "1,055,254,000" in model.data(model.index(r, 0), Qt.ItemDataRole.ToolTipRole)


def test_selecting_the_conflict_shows_both_values(panel) -> None:
    assert panel.detail_stack.currentWidget() is panel.detail_empty
    _select(panel.findings_view, _row_of(panel.findings_model, "conflict", "income_tax_expense", "FY2011-H1"))
    assert panel.detail_stack.currentWidget() is not panel.detail_empty
    assert "Income tax expense (benefit)" in panel.detail_title.text()
    assert "1H FY2011" in panel.detail_title.text()
    model = panel.sources_model
    rows = [
        (
            model.data(model.index(r, FindingSourcesTableModel.ROLE)),
            model.data(model.index(r, FindingSourcesTableModel.PRINTED)),
            model.data(model.index(r, FindingSourcesTableModel.VALUE)),
            model.data(model.index(r, FindingSourcesTableModel.DOCUMENT)),
            model.data(model.index(r, FindingSourcesTableModel.LINE)),
            model.data(model.index(r, FindingSourcesTableModel.LABEL)),
        )
        for r in range(model.rowCount())
    ]
    assert rows == [
        ("used", "1,055,254 thousand", "1,055", PR2012, "375", "INCOME TAX EXPENSE"),
        ("agrees", "1,055 million", "1,055", PR2012, "177", "Income tax expense"),  # "(JPY1,055 million for 1H11)"
        ("conflict", "1,056 million", "1,056", PR2012, "235", "Income Tax Expense"),
    ]
    printed = model.data(model.index(2, FindingSourcesTableModel.TEXT))
    assert printed.startswith("Income Tax Expense \u2502 1,056")
    assert model.headerData(FindingSourcesTableModel.VALUE, Qt.Orientation.Horizontal) == "In JPY millions"
    panel.set_display_unit(BILLIONS)
    assert model.data(model.index(0, FindingSourcesTableModel.VALUE)) == "1.1"


def test_double_clicking_a_source_requests_it(qtbot, panel) -> None:
    panel.show()
    qtbot.waitExposed(panel)
    _select(panel.findings_view, _row_of(panel.findings_model, "conflict", "income_tax_expense", "FY2011-H1"))
    with qtbot.waitSignal(panel.source_requested, timeout=1000) as blocker:
        _double_click(qtbot, panel.sources_view, panel.sources_model.index(2, FindingSourcesTableModel.DOCUMENT))
    assert blocker.args == [SourceRef(PR2012, 235)]


# --- the kind filter -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "kinds"),
    [
        (CONFLICTS, {"Conflict"}),
        (ROUNDING_DIFFERENCES, {"Rounding difference"}),
        (ARITHMETIC, {"Arithmetic"}),
        (SHARE_BASES, {"Share basis"}),
        (INGEST, {"Not read"}),
    ],
)
def test_the_kind_filter_hides_the_other_kinds(panel, library, category, kinds) -> None:
    panel.set_category(category)
    model = panel.findings_model
    shown = {model.data(model.index(r, FindingsTableModel.KIND)) for r in range(model.rowCount())}
    assert shown == kinds
    assert {model.data(model.index(r, 0), KeyRole) for r in range(model.rowCount())} == {category}
    expected = {
        CONFLICTS: sum(f.kind == "conflict" and f.severity != "rounding" for f in library.findings),
        ROUNDING_DIFFERENCES: sum(f.kind == "conflict" and f.severity == "rounding" for f in library.findings),
        ARITHMETIC: sum(f.kind == "arithmetic" for f in library.findings),
        SHARE_BASES: sum(f.kind == "share_basis" for f in library.findings),
        INGEST: len(library.report) + sum(f.kind not in ("conflict", "arithmetic", "share_basis") for f in library.findings),
    }[category]
    assert model.rowCount() == expected > 0
    assert panel.kind_combo.currentText().endswith(f"({expected})")
    panel.set_category("all")
    assert model.rowCount() == len(library.findings) + len(library.report)


def test_an_unreadable_table_shows_its_lines(panel) -> None:
    panel.set_category(INGEST)
    model = panel.findings_model
    r = _row_of(model, "lost_labels", source=SourceRef(PR2012, 41))
    assert model.data(model.index(r, FindingsTableModel.KIND)) == "Not read"
    detail = model.data(model.index(r, FindingsTableModel.DETAIL))
    assert "no readable row label" in detail
    assert "(lines 41-54)" in detail
    assert panel.findings_view.isColumnHidden(FindingsTableModel.CONCEPT)
    _select(panel.findings_view, r)
    sources = panel.sources_model
    lines = [sources.data(sources.index(i, FindingSourcesTableModel.LINE)) for i in range(sources.rowCount())]
    assert lines == [str(n) for n in range(41, 55)]
    assert sources.data(sources.index(0, FindingSourcesTableModel.TEXT)).startswith("47,207")
    assert panel.sources_view.isColumnHidden(FindingSourcesTableModel.PRINTED)
    panel.set_category(CONFLICTS)
    with pytest.raises(LookupError):
        _row_of(panel.findings_model, "lost_labels", source=SourceRef(PR2012, 41))
    assert not panel.findings_view.isColumnHidden(FindingsTableModel.CONCEPT)


def test_an_arithmetic_finding_shows_the_figures_it_adds(panel) -> None:
    panel.set_category(ARITHMETIC)
    _select(panel.findings_view, _row_of(panel.findings_model, "arithmetic", "cost_atm_operation", "FY2011-H1"))
    model = panel.sources_model
    rows = {
        (
            model.data(model.index(r, FindingSourcesTableModel.ROLE)),
            model.data(model.index(r, FindingSourcesTableModel.PERIOD)),
            model.data(model.index(r, FindingSourcesTableModel.PRINTED)),
            model.data(model.index(r, 0), SourceRole),
        )
        for r in range(model.rowCount())
    }
    assert ("reported", "1H FY2011", "652,854 thousand", SourceRef(PR2012, 359)) in rows
    assert ("input", "2Q FY2011", "341,333 thousand", SourceRef(PR2012, 612)) in rows
    assert {role for role, *_ in rows} == {"reported", "input"}


def test_the_find_text_filters_the_findings(panel) -> None:
    panel.set_filter("income tax")
    model = panel.findings_model
    assert model.rowCount() >= 1
    assert all("income tax" in model.finding_row(r).search for r in range(model.rowCount()))
    _row_of(model, "conflict", "income_tax_expense", "FY2011-H1")
    panel.set_filter("")
    assert model.rowCount() == model.counts()["all"]


def test_copy_gives_the_selected_findings(panel) -> None:
    assert panel.copy_text() is None
    _select(panel.findings_view, _row_of(panel.findings_model, "conflict", "income_tax_expense", "FY2011-H1"))
    panel.findings_view.selectRow(panel.findings_view.currentIndex().row())
    lines = panel.copy_text().splitlines()
    assert lines[0] == "Kind\tConcept\tPeriod\tScenario\tDifference\tDetail\tSources"
    assert lines[1].startswith("Rounding difference\tIncome tax expense (benefit)\t1H FY2011\tactual\t0.7 million\t")


# --- coverage ---------------------------------------------------------------------------------------------------


def _cell(model: CoverageTableModel, concept: str, period: str):
    return model.index(model.grid.row_of(concept), model.grid.columns.index(period))


@pytest.mark.parametrize(
    ("period", "status"),
    [("FY2010-Q1", CellStatus.DERIVED), ("FY2010-H1", CellStatus.REPORTED), ("FY2013-Q4", CellStatus.MISSING)],
)
def test_coverage_cells_of_total_revenues(panel, period, status) -> None:
    model = panel.coverage_model
    index = _cell(model, "revenue_total", period)
    assert model.data(index, StatusRole) == status
    assert model.data(index, Qt.ItemDataRole.BackgroundRole).color() == palette.colour(STATUS_COLOURS[status]) or status == CellStatus.MISSING
    assert model.data(index, Qt.ItemDataRole.ToolTipRole).startswith("Total revenues, ")
    assert f": {status}" in model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_coverage_tooltips_give_value_and_source(panel) -> None:
    model = panel.coverage_model
    reported = model.data(_cell(model, "revenue_total", "FY2010-H1"), Qt.ItemDataRole.ToolTipRole)
    assert "34,272 (JPY millions)" in reported
    assert f"{PR2010}:375" in reported
    derived = model.data(_cell(model, "revenue_total", "FY2010-Q1"), Qt.ItemDataRole.ToolTipRole)
    assert "15,813 (JPY millions)" in derived and "FY2010-H1 - FY2010-Q2" in derived
    conflict = _cell(model, "operating_income", "FY2011-H1")  # 2,448,207 thousand against 2,488 and 2,400 million
    assert model.data(conflict, StatusRole) == CellStatus.CONFLICT
    assert model.data(conflict) == "!"
    rounding = _cell(model, "income_tax_expense", "FY2011-H1")  # 1,055,254 thousand against 1,056 million
    assert model.data(rounding, StatusRole) == CellStatus.REPORTED


def test_coverage_headers(panel) -> None:
    model = panel.coverage_model
    column = model.grid.columns.index("FY2010-H1")
    assert model.headerData(column, Qt.Orientation.Horizontal) == "1H\nFY10"
    assert model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "1H FY2010 (FY2010-H1)"
    assert model.headerData(0, Qt.Orientation.Vertical) == "INCOME STATEMENT"
    assert model.headerData(model.grid.row_of("revenue_total"), Qt.Orientation.Vertical) == "Total revenues"
    assert short_period_label("FY2010") == "FY\n10"
    assert short_period_label("2010-09-30") == "09-30\n2010"


def test_double_clicking_a_reported_cell_requests_its_source(qtbot, panel) -> None:
    panel.tabs.setCurrentIndex(1)
    panel.show()
    qtbot.waitExposed(panel)
    model, view = panel.coverage_model, panel.coverage_view
    with qtbot.waitSignal(panel.source_requested, timeout=1000) as blocker:
        _double_click(qtbot, view, _cell(model, "revenue_total", "FY2010-H1"))
    assert blocker.args == [SourceRef(PR2010, 375)]
    with qtbot.waitSignal(panel.facts_requested, timeout=1000) as blocker:
        _double_click(qtbot, view, _cell(model, "revenue_total", "FY2010-Q1"))
    assert blocker.args == [[("revenue_total", "FY2010-Q1", "actual")]]


def test_coverage_switches_to_balance_dates_and_filters(panel) -> None:
    panel.set_coverage_kind(INSTANTS)
    model = panel.coverage_model
    assert model.data(_cell(model, "total_assets", "2010-09-30"), StatusRole) == CellStatus.REPORTED
    panel.set_filter("Total assets")
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())] == ["BALANCE SHEET", "Total assets"]
    counts = model.status_counts()
    assert sum(counts.values()) == len(model.grid.columns)
    assert panel.legend.labels[CellStatus.REPORTED].text() == f"reported {counts[CellStatus.REPORTED]:,}"
    panel.set_coverage_kind(DURATIONS)
    assert model.rowCount() == 0  # no duration concept is called "Total assets"
    panel.set_filter("")
    assert model.data(_cell(model, "revenue_total", "FY2010-H1"), StatusRole) == CellStatus.REPORTED


def test_set_period_brings_its_column_into_view(qtbot, panel) -> None:
    panel.tabs.setCurrentIndex(1)
    panel.show()
    qtbot.waitExposed(panel)
    view, model = panel.coverage_view, panel.coverage_model
    panel.set_period("FY2010-H1")
    column = model.grid.columns.index("FY2010-H1")
    middle = view.viewport().width() // 2
    assert abs(view.columnViewportPosition(column) + view.columnWidth(column) // 2 - middle) <= view.columnWidth(column)
    assert model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.FontRole).bold()
    assert model.headerData(column + 1, Qt.Orientation.Horizontal, Qt.ItemDataRole.FontRole) is None
    assert not view.selectionModel().hasSelection()  # the colours stay visible
    panel.set_period("FY2013")  # the last column: the grid ends at the right edge, no blank beyond
    last = len(model.grid.columns) - 1
    assert view.columnViewportPosition(last) + view.columnWidth(last) <= view.viewport().width() + 1
    assert not model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.FontRole)


def test_copy_gives_the_selected_coverage_cells(panel) -> None:
    panel.tabs.setCurrentIndex(1)
    model = panel.coverage_model
    assert panel.copy_text() is None
    panel.coverage_view.setCurrentIndex(_cell(model, "revenue_total", "FY2010-H1"))
    assert panel.copy_text().splitlines() == ["concept\tFY2010-H1", "revenue_total\treported"]


def test_conflicts_sort_by_their_size(panel) -> None:
    model = panel.findings_model
    panel.set_category(ROUNDING_DIFFERENCES)
    model.sort(FindingsTableModel.DIFFERENCE, Qt.SortOrder.DescendingOrder)
    sizes = [model.data(model.index(r, FindingsTableModel.DIFFERENCE), ValueRole) for r in range(model.rowCount())]
    assert len(sizes) > 5 and sizes == sorted(sizes, reverse=True) and min(sizes) > 0
    panel.set_category(CONFLICTS)
    material = {(model.finding_row(r).finding.concept, model.finding_row(r).finding.period) for r in range(model.rowCount())}
    assert ("operating_income", "FY2011-H1") in material and ("income_tax_expense", "FY2011-H1") not in material
