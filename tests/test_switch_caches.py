"""What a period switch keeps from the last views shown, and what makes it forget.

The Statements and Compare pages keep formatted figures, role maps and column
widths so that a switch back to a period costs no formatting or measuring.
Each kept thing is keyed by what it depends on: another unit, another share
basis or an import (a new fact index), new notes or another theme must never
show a text, a width or a colour made for the state before.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from iijviewer.base.formatting import BILLIONS, MILLIONS, THOUSANDS, format_amount
from iijviewer.models import palette
from iijviewer.models.statement_model import FIGURE_PAD
from iijviewer.ui.compare import ComparePanel
from iijviewer.ui.statements import StatementsPanel
from iijviewer.views.viewdata import FactIndex

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from common import paint_counter  # noqa: E402  (the benchmarks' paint counter)

D = Qt.ItemDataRole.DisplayRole
HALVES = ["FY2009-H1", "FY2010-H1", "FY2011-H1"]
OTHER_HALVES = ["FY2008-H1", "FY2009-H1", "FY2010-H1"]


def _shown(panel, qtbot, library, index):
    qtbot.addWidget(panel)
    panel.set_data(library, index)
    return panel


@pytest.fixture
def compare(qtbot, library, index) -> ComparePanel:
    p = _shown(ComparePanel(), qtbot, library, index)
    p.set_periods(HALVES)
    p.resize(1100, 700)
    p.show()
    qtbot.waitExposed(p)
    return p


@pytest.fixture
def statements(qtbot, library, index) -> StatementsPanel:
    p = _shown(StatementsPanel(), qtbot, library, index)
    p.set_period("FY2010-H1")
    p.resize(1100, 700)
    p.show()
    qtbot.waitExposed(p)
    return p


def compare_text(panel: ComparePanel, concept: str, column_key: str) -> str:
    row, column = panel.model.row_number(concept), panel.model.column_of(column_key)
    assert row >= 0 and column >= 0
    return (panel.model.data(panel.model.index(row, column), D) or "").rstrip(FIGURE_PAD)


def statement_text(panel: StatementsPanel, concept: str, column_key: str = "actual") -> str:
    index = panel.model.index_of(concept, panel.model.column_of(column_key))
    assert index.isValid()
    return (panel.model.data(index, D) or "").rstrip(FIGURE_PAD)


def widths_as_the_view_measures(panel) -> list[int]:
    view = panel.view
    return [view.sizeHintForColumn(c) for c in range(panel.model.columnCount())]


# --- formatted text ---


def test_a_kept_amount_text_is_keyed_by_the_display_unit():
    value = Decimal("98765432")
    first = format_amount(value, "JPY", MILLIONS)
    assert first == "99"
    assert format_amount(value, "JPY", THOUSANDS) == "98,765"
    assert format_amount(value, "JPY", BILLIONS) == "0.1"
    assert format_amount(value, "JPY", MILLIONS) == first
    assert format_amount(-value, "JPY", MILLIONS) == "(99)"
    assert format_amount(value, "count") == "98,765,432"  # the same number in another unit: not the yen text


def test_a_unit_change_never_shows_the_text_of_the_unit_before(compare):
    fact = compare.index.get("revenue_total", "FY2010-H1")
    in_millions = compare_text(compare, "revenue_total", "FY2010-H1")
    assert in_millions == format_amount(fact.value, "JPY", MILLIONS)
    compare.set_display_unit(THOUSANDS)
    in_thousands = compare_text(compare, "revenue_total", "FY2010-H1")
    assert in_thousands == format_amount(fact.value, "JPY", THOUSANDS) != in_millions
    assert compare.content_widths() == widths_as_the_view_measures(compare)  # no width kept from the millions
    compare.set_periods(OTHER_HALVES)  # away and back: the thousands' role maps are kept, and still in thousands
    compare.set_periods(HALVES)
    assert compare_text(compare, "revenue_total", "FY2010-H1") == in_thousands
    compare.set_display_unit(MILLIONS)
    assert compare_text(compare, "revenue_total", "FY2010-H1") == in_millions
    assert compare.content_widths() == widths_as_the_view_measures(compare)


def test_a_unit_change_on_the_statements_page(statements):
    fact = statements.index.get("revenue_total", "FY2010-H1")
    before = statement_text(statements, "revenue_total")
    statements.set_display_unit(BILLIONS)
    assert statement_text(statements, "revenue_total") == format_amount(fact.value, "JPY", BILLIONS) != before
    assert statements.content_widths() == widths_as_the_view_measures(statements)
    statements.set_display_unit(MILLIONS)
    assert statement_text(statements, "revenue_total") == before


# --- column widths ---


def test_widths_are_measured_once_per_table_shown(compare, monkeypatch):
    calls = []
    measure = compare.model.display_cells
    monkeypatch.setattr(compare.model, "display_cells", lambda: calls.append(1) or measure())
    compare.set_periods(OTHER_HALVES)
    assert len(calls) == 1  # a table not shown before: measured
    compare.set_periods(HALVES)  # shown (and measured) before the count began
    compare.set_periods(OTHER_HALVES)
    assert len(calls) == 1  # both kept: nothing measured again
    assert compare.content_widths() == widths_as_the_view_measures(compare)
    compare.set_common_size(True)  # another table
    assert len(calls) == 2


def test_an_import_or_another_share_basis_measures_and_formats_again(compare, library, monkeypatch):
    before = compare.model.shown_roles
    compare.content_widths()
    fresh = FactIndex.from_library(library)  # what an import or the per-share switch gives the pages: a new index
    calls = []
    measure = compare.model.display_cells
    monkeypatch.setattr(compare.model, "display_cells", lambda: calls.append(1) or measure())
    compare.set_data(library, fresh)
    assert compare.model.shown_roles is not before
    assert calls  # nothing kept from the index before
    assert compare.content_widths() == widths_as_the_view_measures(compare)


def test_new_notes_measure_again(compare):
    class Note:
        text, modified = "checked against the filing", "2026-01-01T00:00:00"

    fact = compare.index.get("revenue_total", "FY2010-H1")
    plain = compare_text(compare, "revenue_total", "FY2010-H1")
    compare.set_notes({fact.key: Note()})
    marked = compare_text(compare, "revenue_total", "FY2010-H1")
    assert marked.endswith(plain) and marked != plain
    assert compare.content_widths() == widths_as_the_view_measures(compare)


# --- the theme ---


def test_kept_role_maps_take_the_new_theme(compare):
    shown = palette.current()
    try:
        for scheme in (palette.DARK, palette.LIGHT):
            palette.set_theme(scheme)
            compare.set_periods(OTHER_HALVES)
            compare.set_periods(HALVES)  # kept role maps, built under the theme before
            brushes = [
                compare.model.data(compare.model.index(r, c), Qt.ItemDataRole.BackgroundRole)
                for r in range(compare.model.rowCount())
                for c in range(1, compare.model.columnCount())
            ]
            large = [b for b in brushes if b is not None]
            assert large and all(b.color() == palette.colour("large_change") for b in large)
    finally:
        palette.set_theme(shown)


# --- the frozen labels ---


def test_another_period_repaints_the_figures_but_not_the_labels(compare, qtbot):
    from PySide6.QtWidgets import QApplication

    table, labels = compare.table_view, compare.table_view.labels
    compare.set_periods(OTHER_HALVES)
    qtbot.wait(50)
    figures, names = paint_counter(table.viewport()), paint_counter(labels.viewport())
    compare.model.dataChanged.emit(compare.model.index(0, 1), compare.model.index(compare.model.rowCount() - 1, 1))
    qtbot.waitUntil(lambda: figures.count > 0)
    QApplication.processEvents()
    assert names.count == 0
    compare.model.dataChanged.emit(compare.model.index(0, 0), compare.model.index(compare.model.rowCount() - 1, 0))
    qtbot.waitUntil(lambda: names.count > 0)  # a change of the labels themselves is painted


def test_the_line_after_the_labels_is_the_palettes_mid_colour(compare, qtbot):
    table, labels = compare.table_view, compare.table_view.labels
    image = table.grab().toImage()
    right = labels.geometry().right()
    y = labels.geometry().top() + labels.geometry().height() // 2
    assert image.pixelColor(right, y).rgb() == table.palette().color(QPalette.ColorRole.Mid).rgb()


@pytest.mark.parametrize("change", ["sort", "statement", "filter", "another header only"])
def test_the_labels_are_painted_again_when_their_rows_move(compare, qtbot, change):
    labels = compare.table_view.labels
    qtbot.wait(50)  # what the set-up left to lay out and paint
    names = paint_counter(labels.viewport())
    if change == "sort":
        compare.sort_by("FY2010-H1")
    elif change == "statement":
        compare.set_statement("balance")
    elif change == "filter":
        compare.set_filter("revenue")
    else:
        compare.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, compare.model.columnCount() - 1)
    qtbot.wait(50)
    if change == "another header only":
        assert names.count == 0
    else:
        assert names.count > 0
        rows = [labels.model().index(r, 0) for r in range(labels.model().rowCount())]
        assert all(labels.visualRect(i).height() > 0 for i in rows[:5])  # laid out: the rows have their places
