"""The coverage grid as a Qt table: concepts by periods, each cell coloured by its status.

The grid is shaped by `iijviewer.views.coverage`; this model only indexes it.  The
vertical header carries the concept labels (statement headings in bold), the
horizontal header a two-line period label.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from iijviewer.base.formatting import DEFAULT_UNIT, DisplayUnit, unit_caption
from iijviewer.base.periods import parse_key
from iijviewer.base.safefile import plain_tip
from iijviewer.base.vocabulary import CellStatus
from iijviewer.models import palette
from iijviewer.models.facts_model import Index, value_text
from iijviewer.models.roles import FactRole, KeyRole, SourceRole, StatusRole, ValueRole
from iijviewer.views.coverage import CoverageGrid, CoverageRow
from iijviewer.views.viewdata import period_label

# Light fills, so a selected cell and the text of a tooltip stay readable; hue tells the status.
STATUS_COLOURS: dict[str, str] = {  # palette names, by CellStatus
    CellStatus.REPORTED: "coverage_reported",
    CellStatus.DERIVED: "coverage_derived",
    CellStatus.CONFLICT: "coverage_conflict",
    CellStatus.MISSING: "coverage_missing",
}
STATUS_LEGEND: dict[str, str] = {
    CellStatus.REPORTED: "reported by a document",
    CellStatus.DERIVED: "derived by period arithmetic",
    CellStatus.CONFLICT: "reported, with a material conflict or a check finding (a difference within rounding is not one)",
    CellStatus.MISSING: "not in the library",
}
# a mark in the cell too, so the grid reads without colour (and when printed in grey)
STATUS_MARK: dict[str, str] = {CellStatus.REPORTED: "", CellStatus.DERIVED: "d", CellStatus.CONFLICT: "!", CellStatus.MISSING: ""}


def short_period_label(key: str) -> str:
    """Two lines for a narrow column: `1H` over `FY10`; a date as `09-30` over `2010`."""
    p = parse_key(key)
    if p.is_instant:
        return f"{key[5:]}\n{key[:4]}"
    label = period_label(key)
    if " " not in label:
        return f"FY\n{key[4:6]}"
    part, fy = label.split(" ", 1)
    return f"{part}\n{fy[:2]}{fy[4:]}"


class CoverageTableModel(QAbstractTableModel):
    """Rows and columns of a CoverageGrid; StatusRole, FactRole and SourceRole per cell."""

    def __init__(self, grid: CoverageGrid | None = None, unit: DisplayUnit = DEFAULT_UNIT, parent=None) -> None:
        super().__init__(parent)
        self.unit = unit
        self._fills = {s: palette.brush(c) for s, c in STATUS_COLOURS.items()}
        self._heading_fill = palette.brush("coverage_heading")
        self._missing_band = palette.brush("coverage_missing_band")  # missing, in every other fiscal year
        self._bold = QFont()
        self._bold.setBold(True)
        self._center = Qt.AlignmentFlag.AlignCenter
        self._left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        self.grid = CoverageGrid((), (), (), ())
        self.marked_column = -1
        self._row_labels: list[str] = []
        self._column_labels: list[str] = []
        self._column_tips: list[str] = []
        self._missing_fills: list[QBrush] = []
        self.set_grid(grid or self.grid)

    def set_grid(self, grid: CoverageGrid) -> None:
        self.beginResetModel()
        self.grid = grid
        self.marked_column = -1
        self._row_labels = [self.row_label(r) for r in grid.rows]
        self._column_labels = [short_period_label(k) for k in grid.columns]
        self._column_tips = [f"{period_label(k)} ({k})" for k in grid.columns]
        # missing cells alternate in shade by fiscal year, so a year's columns read as one band
        self._missing_fills = [self._fills[CellStatus.MISSING] if parse_key(k).fiscal_year % 2 else self._missing_band for k in grid.columns]
        self.endResetModel()

    @staticmethod
    def row_label(row: CoverageRow) -> str:
        """A concept indented by its depth; a statement heading in capitals."""
        return "    " * row.depth + row.label if row.concept else row.label.upper()

    def set_marked_column(self, column: int) -> None:
        """The column of the window's period: its header in bold (-1: none)."""
        previous, self.marked_column = self.marked_column, column
        for c in {previous, column}:
            if 0 <= c < len(self._column_labels):
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, c, c)

    def set_display_unit(self, unit: DisplayUnit) -> None:
        self.unit = unit  # only tooltips show values

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.grid.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.grid.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal
        count = len(self._column_labels) if horizontal else len(self._row_labels)
        if not 0 <= section < count:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._column_labels[section] if horizontal else self._row_labels[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            if horizontal:
                return self._column_tips[section]
            row = self.grid.rows[section]
            return f"{row.label} ({row.concept.id})" if row.concept else row.label
        if role == Qt.ItemDataRole.TextAlignmentRole and not horizontal:
            return self._left
        if role == Qt.ItemDataRole.FontRole:
            marked = section == self.marked_column if horizontal else self.grid.rows[section].is_heading
            return self._bold if marked else None
        if role == KeyRole:
            if horizontal:
                return self.grid.columns[section]
            row = self.grid.rows[section]
            return row.concept.id if row.concept else row.statement
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid() or self.grid.rows[index.row()].is_heading:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if not (0 <= r < len(self.grid.rows) and 0 <= c < len(self.grid.columns)):
            return None
        status = self.grid.statuses[r][c]
        if role == Qt.ItemDataRole.BackgroundRole:
            if status == CellStatus.MISSING:
                return self._missing_fills[c]
            return self._fills[status] if status else self._heading_fill
        if not status:  # a statement heading's row
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return STATUS_MARK[status]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._center
        if role == StatusRole:
            return status
        fact = self.grid.facts[r][c]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(self._tooltip(r, c, status, fact))  # it quotes the printed label
        if role == FactRole:
            return fact
        if role == SourceRole:
            return fact.reported.source if fact is not None and fact.reported is not None else None
        if role == ValueRole:
            return None if fact is None else float(fact.value)
        if role == KeyRole:
            return self.grid.columns[c]
        return None

    def _tooltip(self, r: int, c: int, status: str, fact) -> str:
        row = self.grid.rows[r]
        head = f"{row.label}, {period_label(self.grid.columns[c])}: {status}"
        if fact is None:
            return head
        unit = unit_caption(fact.unit, self.unit)
        lines = [head, f"{value_text(fact.value, fact.unit, self.unit)} ({unit})"]
        if fact.reported is not None:
            lines.append(f"from {fact.reported.source} \u201c{fact.reported.label}\u201d")
        elif fact.derived:
            lines.append(f"= {fact.label}")
        if status == CellStatus.CONFLICT:
            lines.append("documents disagree, or a check does not add up: see Findings")
        if status in (CellStatus.REPORTED, CellStatus.CONFLICT):
            lines.append("Double-click to open the source")
        return "\n".join(lines)

    def status_counts(self) -> dict[str, int]:
        counts = self.grid.counts()
        return {s: counts.get(s, 0) for s in (CellStatus.REPORTED, CellStatus.DERIVED, CellStatus.CONFLICT, CellStatus.MISSING)}
