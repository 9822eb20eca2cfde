"""The Findings page: what the checks and the reader found, and a coverage grid of the whole library.

The Findings tab lists conflicts between documents, statements that do not
add up and tables the reader could not read, with a kind filter; a selected
finding shows every value and printed line it is about, and a double-click on
one opens the document there.  The Coverage tab shows, for every concept and
period, whether the library reports, derives or misses the figure.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QTabWidget,
    QWidget,
)

from iijviewer.base.formatting import DisplayUnit
from iijviewer.base.vocabulary import CellStatus
from iijviewer.models import palette
from iijviewer.models.coverage_model import STATUS_COLOURS, STATUS_LEGEND, CoverageTableModel
from iijviewer.models.findings_model import (
    CATEGORIES,
    INGEST,
    FindingSourcesTableModel,
    FindingsTableModel,
    finding_rows,
    finding_sources,
)
from iijviewer.models.roles import FactRole, SourceRole, StatusRole
from iijviewer.ui.panel import Panel, vbox
from iijviewer.ui.sources import empty_or, selected_rows_text, splitter, table_view
from iijviewer.views.coverage import DURATIONS, INSTANTS, CoverageGrid, coverage_grid
from iijviewer.views.viewdata import period_label

COVERAGE_KINDS = ((DURATIONS, "Periods (income, cash flows, segments)"), (INSTANTS, "Balance dates (balance sheet, operating data)"))
CELL_WIDTH = 34
INSTANT_CELL_WIDTH = 46
MAX_LABEL_WIDTH = 380  # longer concept labels are elided; the tooltip has them whole  # a date needs more room than "1H"


def _bar() -> QHBoxLayout:
    bar = QHBoxLayout()
    bar.setContentsMargins(8, 6, 8, 6)
    bar.setSpacing(8)
    return bar


class _Legend(QWidget):
    """A swatch and a word per status, with how many cells have it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.labels: dict[str, QLabel] = {}
        heading = QLabel("Figures:")  # the counts are of the grid's figures, not of findings
        heading.setToolTip("How many figures of the grid have each status")
        layout.addWidget(heading)
        self.swatches: dict[str, QLabel] = {}
        for status in STATUS_COLOURS:
            swatch = self.swatches[status] = QLabel()
            swatch.setFixedSize(14, 14)
            label = QLabel(status)
            label.setToolTip(STATUS_LEGEND[status])
            swatch.setToolTip(STATUS_LEGEND[status])
            layout.addWidget(swatch)
            layout.addWidget(label)
            layout.addSpacing(8)
            self.labels[status] = label
        self.paint_swatches()
        palette.notifier().changed.connect(self.paint_swatches)

    def paint_swatches(self, *_theme) -> None:
        for status, swatch in self.swatches.items():
            swatch.setStyleSheet(f"background: {palette.hex_colour(STATUS_COLOURS[status])}; border: 1px solid palette(mid);")

    def set_counts(self, counts: dict[str, int]) -> None:
        for status, label in self.labels.items():
            label.setText(f"{status} {counts.get(status, 0):,}")


class FindingsPanel(Panel):
    title = "Findings"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.findings_model = FindingsTableModel(parent=self)
        self.sources_model = FindingSourcesTableModel(parent=self)
        self.coverage_model = CoverageTableModel(parent=self)
        self._grids: dict[str, CoverageGrid] = {}
        self._filter = ""
        self._period = ""

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_findings_tab(), "Findings")
        self.tabs.addTab(self._build_coverage_tab(), "Coverage")
        vbox(self).addWidget(self.tabs)

    # -- construction ----------------------------------------------------------------
    def _build_findings_tab(self) -> QWidget:
        self.kind_combo = QComboBox()
        for key, text in CATEGORIES:
            self.kind_combo.addItem(text, key)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.count_label = QLabel()
        bar = _bar()
        bar.addWidget(QLabel("Show:"))
        bar.addWidget(self.kind_combo)
        bar.addWidget(self.count_label, 1)

        self.findings_view = table_view(self.findings_model, stretch_column=FindingsTableModel.DETAIL)
        self.findings_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.findings_view.selectionModel().currentRowChanged.connect(self._on_finding_changed)
        # click a header to sort (Difference by size); until then, the checks' order
        self.findings_view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.findings_view.setSortingEnabled(True)
        self.findings_view.doubleClicked.connect(self._on_finding_double_clicked)

        self.detail_title = QLabel()
        self.detail_title.setStyleSheet("font-weight: 600;")
        self.detail_title.setWordWrap(True)
        self.detail_message = QLabel()
        self.detail_message.setWordWrap(True)
        self.detail_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.detail_title, self.detail_message):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setContentsMargins(8, 2, 8, 2)
        self.sources_view = table_view(self.sources_model, stretch_column=FindingSourcesTableModel.TEXT)
        self.sources_view.doubleClicked.connect(self._on_source_double_clicked)
        hint = QLabel("Double-click a row to open the document at that line.")
        hint.setContentsMargins(8, 2, 8, 4)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        detail = QWidget()
        dl = vbox(detail)
        dl.setSpacing(2)
        dl.addWidget(self.detail_title)
        dl.addWidget(self.detail_message)
        dl.addWidget(self.sources_view, 1)
        dl.addWidget(hint)
        self.detail_stack, self.detail_empty = empty_or(
            "Select a finding to see the values and the printed lines it is about.", detail
        )
        split = splitter(Qt.Orientation.Vertical, self.findings_view, self.detail_stack, stretch=(3, 2))
        page = QWidget()
        layout = vbox(page)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        return page

    def _build_coverage_tab(self) -> QWidget:
        self.coverage_kind_combo = QComboBox()
        for key, text in COVERAGE_KINDS:
            self.coverage_kind_combo.addItem(text, key)
        self.coverage_kind_combo.currentIndexChanged.connect(self._show_grid)
        self.legend = _Legend()
        bar = _bar()
        bar.addWidget(QLabel("Columns:"))
        bar.addWidget(self.coverage_kind_combo)
        bar.addStretch(1)
        legend_bar = _bar()  # a line of its own: a narrow window keeps it whole
        legend_bar.addWidget(self.legend)
        legend_bar.addStretch(1)

        view = QTableView()
        view.setModel(self.coverage_model)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        view.setShowGrid(True)
        view.setWordWrap(False)
        view.setCornerButtonEnabled(False)
        # by pixel, so that the last fiscal year scrolls no further than the right edge
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        h = view.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        h.setDefaultSectionSize(CELL_WIDTH)
        h.setMinimumSectionSize(CELL_WIDTH)
        h.setHighlightSections(True)
        h.setFixedHeight(view.fontMetrics().height() * 2 + 10)
        v = view.verticalHeader()
        v.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        v.setDefaultSectionSize(view.fontMetrics().height() + 4)
        v.setHighlightSections(True)
        view.doubleClicked.connect(self._on_cell_double_clicked)
        self.coverage_view = view
        self.coverage_hint = QLabel(
            "Actual figures; missing cells are shaded by fiscal year. Hover a cell for its value; double-click "
            "a reported cell to open its source. The window's find box filters the concepts."
        )
        self.coverage_hint.setWordWrap(True)
        self.coverage_hint.setContentsMargins(8, 2, 8, 4)
        self.coverage_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        page = QWidget()
        layout = vbox(page)
        layout.addLayout(bar)
        layout.addLayout(legend_bar)
        layout.addWidget(view, 1)
        layout.addWidget(self.coverage_hint)
        return page

    # -- the Panel interface ------------------------------------------------------------
    def set_data(self, library, index) -> None:
        super().set_data(library, index)
        self.findings_model.set_findings(finding_rows(library, index))
        self.findings_view.resizeColumnsToContents()
        header = self.findings_view.horizontalHeader()
        for column, widest in ((FindingsTableModel.CONCEPT, 220), (FindingsTableModel.SOURCES, 240)):
            header.resizeSection(column, min(header.sectionSize(column), widest))
        header.setSectionResizeMode(FindingsTableModel.DETAIL, QHeaderView.ResizeMode.Stretch)
        self._update_kind_counts()
        self._show_finding(None)
        self._grids = {kind: coverage_grid(index, kind) for kind, _ in COVERAGE_KINDS}
        # as wide as the longest label of either grid (within reason), so columns do not jump when filtering
        plain = QFontMetrics(self.coverage_view.font())
        bold_font = self.coverage_view.font()
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        widest = max(
            (
                (bold if r.is_heading else plain).horizontalAdvance(self.coverage_model.row_label(r))
                for g in self._grids.values()
                for r in g.rows
            ),
            default=0,
        )
        self.coverage_view.verticalHeader().setFixedWidth(min(widest + 16, MAX_LABEL_WIDTH))
        self._show_grid()

    def set_display_unit(self, unit: DisplayUnit) -> None:
        super().set_display_unit(unit)
        self.sources_model.set_display_unit(unit)
        self.coverage_model.set_display_unit(unit)

    def set_filter(self, text: str) -> None:
        """Findings that mention `text`; coverage rows whose concept label contains it."""
        self._filter = text
        self.findings_model.set_text(text)
        self._after_refilter()
        self._show_grid()

    def set_period(self, key: str) -> None:
        """Centre the period's column of the coverage grid and mark its header; the selection stays."""
        self._period = key
        grid = self.coverage_model.grid
        column = grid.columns.index(key) if key in grid.columns else -1
        self.coverage_model.set_marked_column(column)
        if column >= 0:
            header = self.coverage_view.horizontalHeader()
            width = self.coverage_view.viewport().width()
            self.coverage_view.horizontalScrollBar().setValue(
                header.sectionPosition(column) - (width - header.sectionSize(column)) // 2
            )

    def copy_text(self) -> str | None:
        if self.tabs.currentIndex() == 1:
            return self._coverage_selection_text()
        if self.sources_view.hasFocus():
            return selected_rows_text(self.sources_view)
        return selected_rows_text(self.findings_view)

    # -- findings -------------------------------------------------------------------------
    def set_category(self, category: str) -> None:
        i = self.kind_combo.findData(category)
        if i < 0:
            raise ValueError(f"unknown category: {category!r}")
        self.kind_combo.setCurrentIndex(i)

    def _on_kind_changed(self, _i: int) -> None:
        category = self.kind_combo.currentData()
        self.findings_model.set_category(category)
        # a reader's findings have no concept, period or scenario: no empty columns for them
        for column in (FindingsTableModel.CONCEPT, FindingsTableModel.PERIOD, FindingsTableModel.SCENARIO):
            self.findings_view.setColumnHidden(column, category == INGEST)
        self._after_refilter()

    def _after_refilter(self) -> None:
        shown, total = self.findings_model.rowCount(), self.findings_model.counts()[self.findings_model.category]
        self.count_label.setText(f"{shown:,} shown" if shown == total else f"{shown:,} of {total:,} match the find text")
        self._show_finding(None)

    def _update_kind_counts(self) -> None:
        counts = self.findings_model.counts()
        for i, (key, text) in enumerate(CATEGORIES):
            self.kind_combo.setItemText(i, f"{text} ({counts[key]})")
        self._after_refilter()

    def _on_finding_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_finding(current.row() if current.isValid() else None)

    def _show_finding(self, row: int | None) -> None:
        if row is None or self.library is None:
            self.sources_model.set_entries(())
            self.detail_stack.setCurrentWidget(self.detail_empty)
            return
        record = self.findings_model.finding_row(row)
        f = record.finding
        title = [record.kind]
        if f.concept:
            title.append(f"{record.concept} ({f.concept})")
        if f.period:
            title.append(f"{period_label(f.period)} ({f.period}), {record.scenario}")
        self.detail_title.setText(" \u00b7 ".join(title))
        self.detail_message.setText(f.message)
        self.sources_model.set_entries(finding_sources(f, self.library, self.index))
        self.sources_view.resizeColumnsToContents()
        h = self.sources_view.horizontalHeader()
        h.resizeSection(FindingSourcesTableModel.DOCUMENT, min(h.sectionSize(FindingSourcesTableModel.DOCUMENT), 320))
        h.setSectionResizeMode(FindingSourcesTableModel.TEXT, QHeaderView.ResizeMode.Stretch)
        # only printed lines (a reader's finding): no empty value columns
        has_values = any(self.sources_model.entry(r).fact is not None for r in range(self.sources_model.rowCount()))
        for column in FindingSourcesTableModel.VALUE_COLUMNS:
            self.sources_view.setColumnHidden(column, not has_values)
        self.detail_stack.setCurrentIndex(1)

    def _on_finding_double_clicked(self, index: QModelIndex) -> None:
        ref = self.findings_model.data(index, SourceRole)
        if ref is not None:
            self.source_requested.emit(ref)

    def _on_source_double_clicked(self, index: QModelIndex) -> None:
        ref = self.sources_model.data(index, SourceRole)
        if ref is not None:
            self.source_requested.emit(ref)

    # -- coverage -------------------------------------------------------------------------
    def coverage_kind(self) -> str:
        return self.coverage_kind_combo.currentData()

    def set_coverage_kind(self, kind: str) -> None:
        self.coverage_kind_combo.setCurrentIndex(self.coverage_kind_combo.findData(kind))

    def _show_grid(self, _i: int = 0) -> None:
        grid = self._grids.get(self.coverage_kind())
        if grid is None:
            return
        self.coverage_model.set_grid(grid.filtered(self._filter))
        width = CELL_WIDTH if self.coverage_kind() == DURATIONS else INSTANT_CELL_WIDTH
        self.coverage_view.horizontalHeader().setDefaultSectionSize(width)
        self.legend.set_counts(self.coverage_model.status_counts())
        if self._period in self.coverage_model.grid.columns:
            self.coverage_model.set_marked_column(self.coverage_model.grid.columns.index(self._period))
        view = self.coverage_view
        view.clearSpans()
        for r, row in enumerate(self.coverage_model.grid.rows):
            if row.is_heading:
                view.setSpan(r, 0, 1, max(1, len(grid.columns)))

    def _on_cell_double_clicked(self, index: QModelIndex) -> None:
        status = self.coverage_model.data(index, StatusRole)
        ref = self.coverage_model.data(index, SourceRole)
        if ref is not None:
            self.source_requested.emit(ref)
            return
        fact = self.coverage_model.data(index, FactRole)
        if status == CellStatus.DERIVED and fact is not None:
            self.facts_requested.emit([fact.key])
            self.status_message.emit(f"{fact.concept} {fact.period} is derived: {fact.label}")
        elif status == CellStatus.MISSING:
            self.status_message.emit("No document reports this figure, and it cannot be derived")

    def _coverage_selection_text(self) -> str | None:
        selection = self.coverage_view.selectionModel()
        if selection is None or not selection.hasSelection():
            return None
        indexes = selection.selectedIndexes()
        rows = sorted({i.row() for i in indexes})
        columns = sorted({i.column() for i in indexes})
        grid = self.coverage_model.grid
        lines = ["\t".join(["concept", *(grid.columns[c] for c in columns)])]
        for r in rows:
            concept = grid.rows[r].concept
            if concept is None:  # a statement's heading
                continue
            lines.append("\t".join([concept.id, *(grid.statuses[r][c] for c in columns)]))
        return "\n".join(lines)
