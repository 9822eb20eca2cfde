"""The figures one document contributed, as a table: concept, period, scenario, value, line.

`RowTableModel` is the small base the flat tables of the sources and findings
pages share: rows are pre-shaped records, `data()` only looks one up and
formats it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from iijviewer.base.concepts import catalog
from iijviewer.base.facts import YOY, RawFact
from iijviewer.base.formatting import DEFAULT_UNIT, DisplayUnit, format_amount, format_percent
from iijviewer.base.safefile import plain_tip, table_cell
from iijviewer.base.vocabulary import ReportStatus, Scenario, Unit
from iijviewer.models import palette
from iijviewer.models.roles import KeyRole, SourceRole, ValueRole
from iijviewer.views.viewdata import period_label

Index = QModelIndex | QPersistentModelIndex

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

# report statuses (analysis/normalize.py) as a reader says them
OCCURRENCE_TEXT: dict[str, str] = {
    ReportStatus.CHOSEN: "used",
    ReportStatus.AGREES: "agrees",
    ReportStatus.CONFLICT: "conflict",
    ReportStatus.OLD_CLASSIFICATION: "old classification",
    ReportStatus.UNRELIABLE: "not used (unreliable row)",
}
# what a value's unit adds after a figure shown outside yen columns
UNIT_SUFFIX = {"JPY/share": " yen/share", "Gbps": " Gbps"}


def concept_label(concept_id: str) -> str:
    c = catalog().get(concept_id)
    return c.label if c is not None else concept_id


def printed_line(text: str) -> str:
    """A document line for a table cell: its tab-separated cells shown apart."""
    return " \u2502 ".join(part.strip() for part in text.split("\t") if part.strip())


def value_text(value, unit: str, display: DisplayUnit) -> str:
    """A figure in the display unit, with its unit when that is not yen; a percentage as one."""
    if unit == Unit.PERCENT:
        return format_percent(value)
    return format_amount(value, unit, display) + UNIT_SUFFIX.get(unit, "")


def period_text(period: str, scenario: str) -> str:
    """`1H FY2010` for actual figures, `1H FY2010 target` for the others."""
    label = period_label(period)
    return label if scenario == Scenario.ACTUAL else f"{label} {scenario.replace('_', ' ')}"


def occurrence_text(fact: RawFact, statuses: Mapping[RawFact, str]) -> str:
    """Whether a reported figure is the one used; a reported YoY percentage is only checked."""
    if fact.classification == YOY:
        return "YoY, checked"
    return OCCURRENCE_TEXT.get(statuses.get(fact, ""), "")


class RowTableModel(QAbstractTableModel):
    """A flat, read-only table over a list of records; subclasses say what a cell shows."""

    HEADERS: tuple[str, ...] = ()
    VALUE = -1  # the column whose figures (and header) follow the display unit, if any

    def __init__(self, rows: Sequence = (), parent=None, unit: DisplayUnit = DEFAULT_UNIT) -> None:
        super().__init__(parent)
        self._rows = list(rows)
        self.unit = unit

    def set_display_unit(self, unit: DisplayUnit) -> None:
        self.unit = unit
        if self.VALUE < 0:
            return
        if self._rows:
            self.dataChanged.emit(self.index(0, self.VALUE), self.index(len(self._rows) - 1, self.VALUE))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, self.VALUE, self.VALUE)

    def set_rows(self, rows: Sequence) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headers(self) -> tuple[str, ...]:
        return self.HEADERS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            names = self.headers()
            return names[section] if 0 <= section < len(names) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)

    def cell(self, record, column: int, role: int):
        raise NotImplementedError

    def rows_text(self, rows: Sequence[int]) -> str:
        """Rows as tab-separated text under a header line (what Copy puts on the clipboard)."""
        lines = ["\t".join(self.headers())]
        for r in rows:
            cells = (self.data(self.index(r, c)) for c in range(self.columnCount()))
            lines.append("\t".join("" if v is None else table_cell(str(v)) for v in cells))  # text from documents: never a formula
        return "\n".join(lines)


class FactsTableModel(RowTableModel):
    """Raw facts in document order; a row's SourceRole is where its figure is printed."""

    # the scenario shares the period's column ("1H FY2010 target"): most figures are actual, and the
    # figures list sits beside the document text, where width is scarce
    HEADERS: tuple[str, ...] = ("Line", "Concept", "Period", "Value", "Status")
    LINE, CONCEPT, PERIOD, VALUE, STATUS = range(5)

    def __init__(
        self,
        facts: Sequence[RawFact] = (),
        statuses: Mapping[RawFact, str] | None = None,
        unit: DisplayUnit = DEFAULT_UNIT,
        parent=None,
    ) -> None:
        super().__init__((), parent, unit)
        self._muted = palette.brush("muted")
        self._alarm = palette.brush("alarm")  # a figure that disagrees with the one used
        self.set_facts(facts, statuses)

    def set_facts(self, facts: Sequence[RawFact], statuses: Mapping[RawFact, str] | None = None) -> None:
        statuses = statuses or {}
        # (fact, concept label, period label, status text) once, so data() only indexes
        rows = [
            (f, concept_label(f.concept), period_text(f.period, f.scenario), occurrence_text(f, statuses))
            for f in sorted(facts, key=lambda f: (f.source.line, f.table_line))
        ]
        self.set_rows(rows)

    def headers(self) -> tuple[str, ...]:
        return (*self.HEADERS[: self.VALUE], f"Value ({self.unit.label})", *self.HEADERS[self.VALUE + 1 :])

    def fact(self, row: int) -> RawFact:
        return self._rows[row][0]

    def row_of_line(self, line: int) -> int:
        """The first row printed on `line`, or -1."""
        for i, (f, *_rest) in enumerate(self._rows):
            if f.source.line == line:
                return i
        return -1

    def cell(self, record, column: int, role: int):
        fact, label, period, status = record
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.LINE:
                return str(fact.source.line)
            if column == self.CONCEPT:
                return label
            if column == self.PERIOD:
                return period
            if column == self.VALUE:
                return value_text(fact.value, fact.unit, self.unit)
            return status
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in (self.LINE, self.VALUE) else LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{label} ({fact.concept}), {fact.period}\nprinted as \u201c{fact.label}\u201d on line {fact.source.line}"
            if fact.classification == "old":
                tip += "\na table marked as an old classification: history, not used"
            elif fact.classification == YOY:
                tip += "\na reported year-on-year change: not a fact, checked against the figures"
            return plain_tip(tip)
        if role == Qt.ItemDataRole.ForegroundRole:
            if fact.classification in ("old", YOY):
                return self._muted
            if status in (OCCURRENCE_TEXT["conflict"], OCCURRENCE_TEXT["unreliable_row"]):
                return self._alarm
            return None
        if role == SourceRole:
            return fact.source
        if role == ValueRole:
            return float(fact.value)
        if role == KeyRole:
            return fact.concept
        return None
