"""The Compare page's model: a flat table of a statement's rows against several periods.

Rows keep the statement's order, with the nesting as indentation in the
label; the settings live in a Qt-free `ComparisonView`.  Cells are role maps
built once in `rebuild()` (see `statement_model.FigureModel`); sorting goes
through `CompareSortProxy` on the raw values.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from iijviewer.comparison import ComparisonView, TableRow
from iijviewer.models.roles import ValueRole
from iijviewer.models.statement_model import FigureModel, FilterRole
from iijviewer.viewdata import FactIndex

Index = QModelIndex | QPersistentModelIndex


class CompareTableModel(FigureModel, QAbstractTableModel):
    INDENT = True

    def __init__(self, index: FactIndex | None = None, view: ComparisonView | None = None, parent=None) -> None:
        QAbstractTableModel.__init__(self, parent)
        self._start(index, view or ComparisonView())

    def update(self, **changes) -> None:
        if "periods" in changes:
            changes["periods"] = tuple(changes["periods"])
        super().update(**changes)

    def _cell_ranges(self) -> list[tuple[QModelIndex, QModelIndex]]:
        rows, columns = len(self._roles.cells), self._roles.column_count
        return [(self.index(0, 0), self.index(rows - 1, columns - 1))] if rows else []

    def row_of(self, index: Index) -> TableRow | None:
        return self.table.rows[index.row()] if index.isValid() else None

    def row_number(self, concept_id: str) -> int:
        for n, row in enumerate(self.table.rows):
            if row.concept_id == concept_id:
                return n
        return -1

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        # hasIndex() without its two calls back into Python: the proxy asks for an index at every cell it paints
        if parent.isValid() or not (0 <= row < len(self._roles.cells) and 0 <= column < self._roles.column_count):
            return QModelIndex()
        return self.createIndex(row, column)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._roles.cells)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._roles.column_count

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        return self._roles.cells[index.row()][index.column()].get(int(role))


class CompareSortProxy(QSortFilterProxyModel):
    """Sorts by the raw value (ValueRole), blank cells last; a filter keeps the matching rows and their ancestors."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(ValueRole)
        self.setFilterRole(FilterRole)
        self.setFilterKeyColumn(0)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def lessThan(self, left: Index, right: Index) -> bool:
        # The source model's own data(): QModelIndex.data() leaks None references in PySide6 6.12.0.
        model = self.sourceModel()
        a, b = model.data(left, ValueRole), model.data(right, ValueRole)
        if a is None or b is None:
            if a is None and b is None:
                return left.row() < right.row()
            # Qt reverses the comparison for a descending sort; keep blanks at the bottom anyway.
            return (a is None) == (self.sortOrder() == Qt.SortOrder.DescendingOrder)
        if a == b:
            return left.row() < right.row()
        return a < b
