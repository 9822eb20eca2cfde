"""Qt models of the guidance page: targets against results, and one target's history.

Both models take rows shaped by `iijviewer.views.guidance_data` and compute every
display string, tooltip and colour when the rows (or the display unit) are
set; `data()` only indexes.  A cell's source goes out under `SourceRole`, so a
double-click can open the document at the line.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from iijviewer.base.facts import SourceRef
from iijviewer.base.formatting import DEFAULT_UNIT, DisplayUnit, format_amount, format_change, shown_precision, shows_zero
from iijviewer.base.periods import period_label
from iijviewer.base.safefile import plain_tip
from iijviewer.base.vocabulary import ReportStatus, Scenario, Unit
from iijviewer.models import palette
from iijviewer.models.roles import KeyRole, SourceRole, StatusRole, ValueRole
from iijviewer.views.comparison import PRECISION_MARK, printed_amount
from iijviewer.views.guidance_data import GuidanceRow, TargetReport, signed_percent

Index = QModelIndex | QPersistentModelIndex

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class _Cell:
    """What a cell shows, decided once."""

    __slots__ = ("text", "tip", "value", "source", "brush", "italic")

    def __init__(self, text: str = "", tip: str = "", value: float | None = None, source: SourceRef | None = None) -> None:
        self.text = text
        self.tip = tip
        self.value = value
        self.source = source
        self.brush: QBrush | None = None
        self.italic = False


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class _PrecomputedTableModel(QAbstractTableModel):
    """A table of precomputed cells; subclasses fill `_cells` and name the columns."""

    HEADERS: tuple[str, ...] = ()
    HEADER_TIPS: tuple[str, ...] = ()
    NUMERIC: frozenset[int] = frozenset()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._cells: list[list[_Cell]] = []
        self._keys: list[object] = []
        self._italic = QFont()
        self._italic.setItalic(True)

    def _reset(self, cells: list[list[_Cell]], keys: list[object]) -> None:
        self.beginResetModel()
        self._cells = cells
        self._keys = keys
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._cells)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section < len(self.HEADER_TIPS):
            return self.HEADER_TIPS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        cell = self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(cell.tip) if cell.tip else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if index.column() in self.NUMERIC else _LEFT
        if role == Qt.ItemDataRole.ForegroundRole:
            return cell.brush
        if role == Qt.ItemDataRole.FontRole:
            return self._italic if cell.italic else None
        if role == ValueRole:
            return cell.value
        if role == SourceRole:
            return cell.source
        if role == KeyRole:
            return self._keys[index.row()]
        return None


class GuidanceTableModel(_PrecomputedTableModel):
    """One row per concept and period with a target: initial target, revision, actual, variance."""

    HEADERS = ("Concept", "Period", "Initial target", "Announced", "Revised target", "Revised", "Actual", "Variance", "Variance %")
    HEADER_TIPS = (
        "",
        "",
        "The target as the earliest document announced it",
        "Publication date of the document that first announced the target",
        "The latest revision: a revised target, or a later document's target with another value",
        "Publication date of the document with the latest revision",
        "The actual result (italic: derived by period arithmetic)",
        "Actual minus the latest target",
        "Variance against the latest target, in percent",
    )
    NUMERIC = frozenset({2, 4, 6, 7, 8})
    COL_INITIAL, COL_REVISED, COL_ACTUAL, COL_VARIANCE, COL_VARIANCE_PERCENT = 2, 4, 6, 7, 8

    def __init__(self, rows: Sequence[GuidanceRow] = (), unit: DisplayUnit = DEFAULT_UNIT, parent=None) -> None:
        super().__init__(parent)
        self._shortfall = palette.brush("shortfall")
        self._muted = palette.brush("muted")
        self.rows: list[GuidanceRow] = []
        self.unit = unit
        self.set_rows(rows, unit)

    def set_rows(self, rows: Sequence[GuidanceRow], unit: DisplayUnit | None = None) -> None:
        self.rows = list(rows)
        if unit is not None:
            self.unit = unit
        cells = [self._row_cells(r) for r in self.rows]
        for i in range(1, len(self.rows)):
            if self.rows[i].concept.id == self.rows[i - 1].concept.id:
                cells[i][0].text = ""  # the concept's name heads its group of rows; the tooltip still names it
        self._reset(cells, [r.key for r in self.rows])

    def set_display_unit(self, unit: DisplayUnit) -> None:
        self.set_rows(self.rows, unit)

    def _amount(self, row: GuidanceRow, value: Decimal | None) -> str:
        return format_amount(value, row.concept.unit, self.unit)

    def _target_cell(self, row: GuidanceRow, report: TargetReport | None) -> _Cell:
        if report is None:
            return _Cell()
        tip = f"{report.label}\n{report.source}"
        if row.concept.unit == Unit.JPY and report.decimals < shown_precision(self.unit):  # printed in billions, shown in millions
            tip = f"{PRECISION_MARK} Printed as {printed_amount(report.value, 'JPY', report.decimals)}\n{tip}"
        return _Cell(self._amount(row, report.value), tip, _float(report.value), report.source)

    def _row_cells(self, row: GuidanceRow) -> list[_Cell]:
        u = row.concept.unit
        initial, latest = row.initial, row.latest
        revised = self._target_cell(row, row.revisions[-1] if row.revisions else None)
        if len(row.revisions) > 1:
            steps = "\n".join(f"{r.announced}: {self._amount(row, r.value)} ({r.source})" for r in row.revisions)
            revised.tip = f"{len(row.revisions)} revisions:\n{steps}"
        actual = _Cell()
        if row.actual is not None:
            f = row.actual
            where = f"derived: {f.label}" if f.derived else str(f.source)
            actual = _Cell(self._amount(row, f.value), where, _float(f.value), f.source)
            actual.italic = f.derived
        base = "" if latest is None else f"against {'the revised' if row.revisions else 'the initial'} target {self._amount(row, latest.value)}"
        variance = _Cell(format_change(row.variance, u, self.unit), base, _float(row.variance))
        percent = _Cell(signed_percent(row.variance_percent), base, _float(row.variance_percent))
        if row.variance is not None and row.variance < 0 and not shows_zero(variance.text):  # "0.0" has no sign to colour
            variance.brush = percent.brush = self._shortfall
        revised_date = _Cell(row.revisions[-1].announced if row.revisions else "")
        announced = _Cell()
        if initial is not None:
            published = "" if initial.announced == initial.date else f", published {initial.date}"
            announced = _Cell(initial.announced, f"{initial.document}{published}")
        if row.actual is None:
            actual.text, actual.tip = "\u2014", "No document in the library reports the result"
            actual.brush = self._muted
        return [
            _Cell(row.concept.label, f"{row.concept.label} ({row.concept.id})"),
            _Cell(period_label(row.period), row.period),
            self._target_cell(row, initial),
            announced,
            revised,
            revised_date,
            actual,
            variance,
            percent,
        ]

    def row_at(self, row: int) -> GuidanceRow:
        return self.rows[row]


_SCENARIO_TEXT: dict[str, str] = {Scenario.REVISED_TARGET: "revised target"}
_STATUS_TEXT = {
    ReportStatus.OLD_CLASSIFICATION: "old classification",
    "agrees": "agrees",
    "conflict": "conflict",
    "chosen": "chosen",
    ReportStatus.UNRELIABLE: "not used (unreliable row)",
}


class TargetHistoryModel(_PrecomputedTableModel):
    """Every document's report of one target and its revisions, oldest first."""

    HEADERS = ("Published", "Document", "Scenario", "Value", "Status", "Source", "As printed")
    HEADER_TIPS = (
        "Publication date of the document",
        "",
        "target, or revised target",
        "",
        "chosen: the value the viewer uses; agrees / conflict: another report within / beyond rounding of it",
        "Document and line; double-click to open",
        "The row label as the document prints it",
    )
    NUMERIC = frozenset({3})

    def __init__(self, row: GuidanceRow | None = None, unit: DisplayUnit = DEFAULT_UNIT, parent=None) -> None:
        super().__init__(parent)
        self.row: GuidanceRow | None = None
        self.unit = unit
        self.set_row(row, unit)

    def set_row(self, row: GuidanceRow | None, unit: DisplayUnit | None = None) -> None:
        self.row = row
        if unit is not None:
            self.unit = unit
        reports = list(row.history) if row is not None else []
        self._reset([self._report_cells(row, r) for r in reports], [r.source for r in reports])

    def set_display_unit(self, unit: DisplayUnit) -> None:
        self.set_row(self.row, unit)

    def _report_cells(self, row: GuidanceRow | None, r: TargetReport) -> list[_Cell]:
        assert row is not None
        scenario = _SCENARIO_TEXT.get(r.scenario, r.scenario)
        if r is row.initial:
            scenario += " (first announced)"
        elif r in row.revisions:
            scenario += " (revision)"
        status = _Cell(_STATUS_TEXT.get(r.status, r.status))
        return [
            _Cell(r.date, "" if r.announced == r.date else f"announced {r.announced}, as the document says"),
            _Cell(r.document, r.title, None, r.source),
            _Cell(scenario),
            _Cell(format_amount(r.value, row.concept.unit, self.unit), "", float(r.value), r.source),
            status,
            _Cell(str(r.source), "Double-click to open the document at this line", None, r.source),
            _Cell(r.label, r.label, None, r.source),
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == StatusRole and index.isValid() and self.row is not None:
            return self.row.history[index.row()].status
        return super().data(index, role)
