"""The Compare page's model: a flat table of a statement's rows against several periods.

Rows keep the statement's order, with the nesting as indentation in the
label; the settings live in a Qt-free `ComparisonView`.  Cells are role maps
built once in `rebuild()` (see `statement_model.FigureModel`); sorting goes
through `CompareSortProxy` on the raw values.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from iijviewer.models.roles import ValueRole
from iijviewer.models.statement_model import CELL_FLAGS, FigureModel, FilterRole, fill_roles, role_value
from iijviewer.views.comparison import ComparisonView, TableRow
from iijviewer.views.viewdata import FactIndex

Index = QModelIndex | QPersistentModelIndex


class CompareTableModel(FigureModel, QAbstractTableModel):
    INDENT = True

    def __init__(self, index: FactIndex | None = None, view: ComparisonView | None = None, parent=None) -> None:
        QAbstractTableModel.__init__(self, parent)
        self._paths: list[tuple[int, ...]] = []
        self._start(index, view or ComparisonView())

    def update(self, **changes) -> None:
        if "periods" in changes:
            changes["periods"] = tuple(changes["periods"])
        super().update(**changes)

    def _columns_moved(self, old, new) -> bool:
        # The same rows with more or fewer periods: the views keep their rows, scroll position and
        # selection, and the proxy its row mapping (a reset would lay everything out again).
        before, after = old.column_count, new.column_count
        if after > before:
            self.beginInsertColumns(QModelIndex(), before, after - 1)
            self._roles = new
            self.endInsertColumns()
        else:
            self.beginRemoveColumns(QModelIndex(), after, before - 1)
            self._roles = new
            self.endRemoveColumns()
        return True

    def _shape(self) -> None:
        rows = self.table.rows
        number = {row.concept_id: n for n, row in enumerate(rows)}
        paths: list[tuple[int, ...]] = []
        for n, row in enumerate(rows):  # a parent comes before its children: its path is known
            p = number.get(row.parent, -1)
            paths.append((*paths[p], n) if 0 <= p < n else (n,))
        self._paths = paths

    def path(self, row: int) -> tuple[int, ...]:
        """The row numbers from the row's top-level ancestor down to the row: what keeps a sort within each parent."""
        if len(self._paths) != len(self._roles.cells):
            self._shape()
        return self._paths[row]

    def _cell_ranges(self) -> list[tuple[QModelIndex, QModelIndex]]:
        cells, columns = self._roles.cells, self._roles.column_count
        # Another period keeps the row labels: left out of the change, they spare the proxy
        # sorting every row again by the label column (the statement order).
        first = 1 if self._labels_kept() else 0
        return [(self.index(0, first), self.index(len(cells) - 1, columns - 1))] if cells and columns > first else []

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
        return role_value(self._roles.cells[index.row()][index.column()], int(role))

    def cell_roles(self, row: int, column: int) -> dict[int, object]:
        """Every role of a cell, for `CompareSortProxy.multiData` (read only)."""
        return self._roles.cells[row][column]


class CompareSortProxy(QSortFilterProxyModel):
    """Sorts by the raw value (ValueRole), blank cells last; a filter keeps the matching rows and their ancestors.

    Painting a cell asks the proxy for its flags and seven roles.  The base
    class would map each request to the source (a call of the source's
    `index()` in Python) and ask the source role by role: fifteen calls into
    Python per cell.  Here the flags are the source's constant, and
    `multiData` answers all the roles at once from the source's role map,
    through a cached list of the source rows in view order.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(ValueRole)
        self.setFilterRole(FilterRole)
        self.setFilterKeyColumn(0)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._source_rows: list[int] | None = None  # the source row of each row shown; None until asked again
        for changed in (self.modelReset, self.layoutChanged, self.rowsInserted, self.rowsRemoved, self.rowsMoved):
            changed.connect(self._forget_rows)

    def _forget_rows(self, *_) -> None:
        self._source_rows = None

    def source_row(self, row: int) -> int:
        """The source row shown as `row` (what `mapToSource` gives, without a call of the source's `index()`)."""
        rows = self._source_rows
        if rows is None:
            rows = self._source_rows = [self.mapToSource(self.index(r, 0)).row() for r in range(self.rowCount())]
        return rows[row]

    def flags(self, index: Index) -> Qt.ItemFlag:
        return CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    @property
    def source(self) -> CompareTableModel:
        """The source model (the page sets a CompareTableModel; Qt's `sourceModel()` is typed as any model)."""
        return cast(CompareTableModel, self.sourceModel())

    def multiData(self, index: Index, roleDataSpan) -> None:  # noqa: N802, N803 (Qt override)
        fill_roles(self.source.cell_roles(self.source_row(index.row()), index.column()) if index.isValid() else {}, roleDataSpan)

    def lessThan(self, left: Index, right: Index) -> bool:
        """Within each parent: a row stays under the row it adds up to, siblings ordered by the column's values.

        A flat sort would put a child far from its total while its label stays
        indented, which reads as nonsense.  Two rows are compared through
        their ancestors where their paths part: the ancestor's values decide,
        and an ancestor always comes before its own rows, whichever the order.
        """
        model = self.source
        ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
        pl, pr = model.path(left.row()), model.path(right.row())
        for a, b in zip(pl, pr):
            if a != b:
                column = left.column()
                return self._value_less(model.index(a, column), model.index(b, column))
        # one is the other's ancestor: it comes first, also in a descending sort (Qt then asks lessThan(right, left))
        first = len(pl) < len(pr)
        return first if ascending else not first

    def _value_less(self, left: Index, right: Index) -> bool:
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
