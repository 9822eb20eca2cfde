"""The guidance page: IIJ's targets as first announced, their revisions, and the results against them.

The upper table has a row per concept and fiscal year or half with a target;
the lower one shows the selected target's history document by document.  A
double-click on a figure asks the window to open its source.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from iijviewer.base.formatting import DisplayUnit
from iijviewer.base.periods import period_label
from iijviewer.models.guidance_model import GuidanceTableModel, TargetHistoryModel
from iijviewer.models.roles import KeyRole, SourceRole
from iijviewer.ui.panel import EmptyState, Panel, vbox
from iijviewer.views.guidance_data import GuidanceRow, concepts_with_targets, guidance_rows

ALL_CONCEPTS = ""
EMPTY_TEXT = "No document in the library announces a financial target."


class _RowFilter(QSortFilterProxyModel):
    """Rows of one concept (or all), whose concept label contains the find text."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.concept = ALL_CONCEPTS
        self.text = ""

    def set_criteria(self, concept: str, text: str) -> None:
        if not hasattr(self, "beginFilterChange"):  # Qt before 6.9
            self.concept, self.text = concept, text.strip().lower()
            self.invalidateRowsFilter()
            return
        self.beginFilterChange()
        self.concept, self.text = concept, text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        model = self.sourceModel()
        assert isinstance(model, GuidanceTableModel)
        row = model.row_at(source_row)
        if self.concept and row.concept.id != self.concept:
            return False
        return not self.text or self.text in row.concept.label.lower()


def _table(model, stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    view.setWordWrap(False)
    return view


class GuidancePanel(Panel):
    title = "Guidance"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[GuidanceRow] = []
        self.model = GuidanceTableModel(unit=self.unit, parent=self)
        self.proxy = _RowFilter(self)
        self.proxy.setSourceModel(self.model)
        self.history_model = TargetHistoryModel(unit=self.unit, parent=self)

        self.concept_combo = QComboBox()
        self.concept_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.concept_combo.setMinimumContentsLength(16)
        self.concept_combo.currentIndexChanged.connect(self._apply_filter)
        self.unit_label = QLabel()
        self.unit_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # gives way on a narrow window
        self.unit_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Concept:"))
        bar.addWidget(self.concept_combo)
        bar.addWidget(self.unit_label, 1)

        self.table = _table(self.proxy, 0)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.table.doubleClicked.connect(self._open_source)
        self.history_title = QLabel("Select a target to see its history across documents.")
        self.history_title.setStyleSheet("font-weight: bold;")
        self.history_title.setWordWrap(True)  # a long concept name wraps rather than widening the window
        self.history_table = _table(self.history_model, TargetHistoryModel.HEADERS.index("As printed"))
        self.history_table.doubleClicked.connect(self._open_source)
        history = QWidget()
        hl = QVBoxLayout(history)
        hl.setContentsMargins(0, 6, 0, 0)
        hl.addWidget(self.history_title)
        hl.addWidget(self.history_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(history)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        content = QWidget()
        cl = vbox(content, 6)
        cl.addLayout(bar)
        cl.addWidget(splitter)
        self.empty = EmptyState(EMPTY_TEXT)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(content)
        vbox(self).addWidget(self.stack)
        self._update_unit_label()

    # -- the Panel interface --------------------------------------------------
    def set_data(self, library, index) -> None:
        super().set_data(library, index)
        self.rows = guidance_rows(index, library.documents) if index is not None else []
        chosen = self.concept_combo.currentData() or ALL_CONCEPTS
        self.concept_combo.blockSignals(True)
        self.concept_combo.clear()
        self.concept_combo.addItem("All concepts", ALL_CONCEPTS)
        for c in concepts_with_targets(self.rows):
            self.concept_combo.addItem(c.label, c.id)
        self.concept_combo.setCurrentIndex(max(0, self.concept_combo.findData(chosen)))
        self.concept_combo.blockSignals(False)
        self.model.set_rows(self.rows, self.unit)
        self.history_model.set_row(None)
        self._apply_filter()
        self.stack.setCurrentIndex(1 if self.rows else 0)

    def set_display_unit(self, unit: DisplayUnit) -> None:
        super().set_display_unit(unit)
        current = self.table.currentIndex()
        self.model.set_display_unit(unit)
        self.history_model.set_display_unit(unit)
        if current.isValid():
            self.table.selectRow(current.row())
        self._update_unit_label()

    def set_filter(self, text: str) -> None:
        self._filter_text = text
        self._apply_filter()

    def set_period(self, key: str) -> None:
        """Select the first target for this period, if there is one (the window's navigator drives this)."""
        for r in range(self.proxy.rowCount()):
            if self.proxy.index(r, 0).data(KeyRole)[1] == key:
                self.table.selectRow(r)
                return

    def copy_text(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        headers = [self.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(self.proxy.columnCount())]
        cells = [self.proxy.index(index.row(), c).data() or "" for c in range(self.proxy.columnCount())]
        cells[0] = self.model.row_at(self.proxy.mapToSource(index).row()).concept.label  # shown only atop its group
        return "\t".join(headers) + "\n" + "\t".join(cells)

    # -- the rest -------------------------------------------------------------
    _filter_text = ""

    def select_concept(self, concept_id: str) -> None:
        self.concept_combo.setCurrentIndex(max(0, self.concept_combo.findData(concept_id)))

    def select_target(self, concept_id: str, period: str) -> bool:
        for r in range(self.proxy.rowCount()):
            if self.proxy.index(r, 0).data(KeyRole) == (concept_id, period):
                self.table.selectRow(r)
                return True
        return False

    def _apply_filter(self) -> None:
        concept = self.concept_combo.currentData() or ALL_CONCEPTS
        # a filtered-out selection would otherwise move to a neighbouring row the user did not pick
        self.table.setCurrentIndex(QModelIndex())
        self.table.clearSelection()
        self.proxy.set_criteria(concept, self._filter_text)
        self.table.setColumnHidden(0, concept != ALL_CONCEPTS)

    def _update_unit_label(self) -> None:
        self.unit_label.setText(f"Amounts in {self.unit.label}; per-share figures in yen")

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.history_model.set_row(None)
            self.history_title.setText("Select a target to see its history across documents.")
            return
        row = self.model.row_at(self.proxy.mapToSource(current).row())
        self.history_model.set_row(row, self.unit)
        n = len(row.history)
        self.history_title.setText(
            f"History of the {row.concept.label.lower()} target for {period_label(row.period)}: "
            f"{n} report{'s' if n != 1 else ''} (double-click a row to open its source)"
        )

    def _open_source(self, index: QModelIndex) -> None:
        source = index.data(SourceRole)
        if source is not None:
            self.source_requested.emit(source)
