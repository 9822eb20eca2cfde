"""A table whose first column (the row labels) stays in place while the figures scroll sideways.

Qt's "frozen column" arrangement: a second view over the same model and
selection lies on top of the table's first column, shows that column only,
and follows the table's vertical scrolling and its first column's width.  The
table underneath does everything else (sorting, copying, menus); clicks and
double-clicks on the labels reach the same handlers.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyledItemDelegate, QTableView, QWidget


class _Hidden(QStyledItemDelegate):
    """Paints nothing: the table's own first column lies under the labels, which paint it."""

    def paint(self, painter, option, index) -> None:
        pass


class LayoutKept:
    """For an item view: a relayout that no change of rows, columns or look asked for only updates the geometry.

    A view lays its items out again and repaints its whole viewport after any
    change of a header's text; another period changes every header and no row
    (the changed figures repaint themselves through dataChanged).  Listed
    before the Qt view class; `watch(model)` after `setModel`.  (A QTreeView
    does not lay itself out again for a header's text: it needs none of this.)
    """

    _rows_changed = True  # something that moves rows happened since the last full layout

    def watch(self, model) -> None:
        """Note every change of the model that can move rows or columns."""
        for signal in (
            model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved, model.rowsMoved,
            model.columnsInserted, model.columnsRemoved, model.columnsMoved,
        ):
            signal.connect(self._rows_moved)
        self._rows_changed = True

    def _rows_moved(self, *_args) -> None:
        self._rows_changed = True

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.type() in _RELAYOUT_EVENTS:  # row heights and widths follow the font and the style
            self._rows_changed = True
        super().changeEvent(event)  # type: ignore[misc]

    def doItemsLayout(self) -> None:  # noqa: N802 (Qt override)
        if self._rows_changed:
            self._rows_changed = False
            super().doItemsLayout()  # type: ignore[misc]
        else:
            self.updateGeometries()  # type: ignore[attr-defined]


Index = QModelIndex | QPersistentModelIndex  # what Qt may pass as an index

_RELAYOUT_EVENTS = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.LayoutDirectionChange)


class _LabelsView(LayoutKept, QTableView):
    """The view of the labels: repainted only when something in the label column changed.

    A view repaints its whole viewport for a change of several cells, also when
    none of them is in a column it shows: a change of figures alone is ignored.
    """

    def dataChanged(self, top_left: Index, bottom_right: Index, roles=()) -> None:  # noqa: N802 (Qt override)
        if top_left.isValid() and top_left.column() > 0:
            return
        super().dataChanged(top_left, bottom_right, roles)


class FrozenColumnTableView(QTableView):
    """A QTableView with its column 0 frozen; `labels` is the view on top that shows it."""

    label_menu_requested = Signal(QPoint)  # a context menu asked for on the labels, in the table's viewport coordinates
    _built = False  # Qt lays the view out while its constructor runs, before the labels exist

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.labels = _LabelsView(self)
        labels = self.labels
        labels.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard (copy, moves) stays with the table
        labels.verticalHeader().hide()
        labels.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        labels.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        labels.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        labels.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        labels.setFrameShape(QTableView.Shape.NoFrame)
        labels.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        labels.customContextMenuRequested.connect(lambda pos: self.label_menu_requested.emit(self._to_viewport(pos)))
        labels.doubleClicked.connect(self.doubleClicked)
        labels.horizontalHeader().sectionClicked.connect(lambda _s: self.sortByColumn(0, Qt.SortOrder.AscendingOrder))
        # The line between labels and figures: a widget of its own rather than a style sheet on the labels,
        # which would paint every label cell through the (much slower) style-sheet style.
        self._edge = QWidget(self)
        self._edge.setBackgroundRole(QPalette.ColorRole.Mid)
        self._edge.setAutoFillBackground(True)
        self._built = True
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.horizontalHeader().sectionResized.connect(self._column_resized)
        self.verticalHeader().sectionResized.connect(lambda row, _old, size: labels.setRowHeight(row, size))
        labels.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(labels.verticalScrollBar().setValue)
        self.viewport().stackUnder(labels)
        self._hidden = _Hidden(self)
        self.setItemDelegateForColumn(0, self._hidden)  # painted once, by the labels, not twice

    # -- keeping the two views as one ---------------------------------------------------------
    def setModel(self, model) -> None:  # noqa: N802 (Qt override)
        super().setModel(model)
        self.labels.setModel(model)
        self.labels.setSelectionModel(self.selectionModel())
        self.labels.watch(model)
        for signal in (model.modelReset, model.layoutChanged, model.columnsInserted, model.columnsRemoved):
            signal.connect(self._show_first_column_only)
        self._show_first_column_only()

    def _show_first_column_only(self, *_args) -> None:
        labels = self.labels
        model = self.model()
        for c in range(model.columnCount() if model is not None else 0):
            labels.setColumnHidden(c, c != 0)
        labels.setColumnWidth(0, self.columnWidth(0))
        labels.verticalHeader().setDefaultSectionSize(self.verticalHeader().defaultSectionSize())
        labels.setSelectionBehavior(self.selectionBehavior())
        labels.setSelectionMode(self.selectionMode())
        labels.setAlternatingRowColors(self.alternatingRowColors())
        labels.setShowGrid(self.showGrid())
        labels.setWordWrap(self.wordWrap())
        labels.horizontalHeader().setDefaultAlignment(self.horizontalHeader().defaultAlignment())
        self._place_labels()

    def _column_resized(self, column: int, _old: int, size: int) -> None:
        if column == 0:
            self.labels.setColumnWidth(0, size)
            self._place_labels()

    def _place_labels(self) -> None:
        width = self.columnWidth(0) if self.model() is not None and self.model().columnCount() else 0
        frame = self.frameWidth()
        # the labels' header as tall as the table's (whose headers have two lines: period and unit), so each
        # label lies beside its own figures
        header = self.horizontalHeader().height()
        if self.labels.horizontalHeader().height() != header:
            self.labels.horizontalHeader().setFixedHeight(header)
        x, height = self.verticalHeader().width() + frame, self.viewport().height() + self.horizontalHeader().height()
        self.labels.setGeometry(x, frame, width, height)
        self.labels.setVisible(width > 0)
        self._edge.setGeometry(x + width - 1, frame, 1, height)  # over the labels' last pixel column, as a border would be
        self._edge.setVisible(width > 0)

    def _to_viewport(self, pos: QPoint) -> QPoint:
        return self.viewport().mapFromGlobal(self.labels.viewport().mapToGlobal(pos))

    # -- Qt overrides that keep the labels on top and the moves past them -----------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._place_labels()

    def updateGeometries(self) -> None:  # noqa: N802 (Qt override)
        super().updateGeometries()
        if self._built:
            self._place_labels()

    def moveCursor(self, action, modifiers) -> QModelIndex:  # noqa: N802 (Qt override)
        current = super().moveCursor(action, modifiers)
        # a cell moved to by the keyboard must not end up hidden under the labels
        if action == QAbstractItemView.CursorAction.MoveLeft and current.column() > 0:
            hidden = self.visualRect(current).topLeft().x() < self.labels.columnWidth(0)
            if hidden:
                bar = self.horizontalScrollBar()
                bar.setValue(bar.value() + self.visualRect(current).topLeft().x() - self.labels.columnWidth(0))
        return current

    def scrollTo(self, index: Index, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:  # noqa: N802
        if index.column() > 0:
            super().scrollTo(index, hint)
        else:  # the labels are always in view: scroll rows, never columns
            bar = self.horizontalScrollBar()
            x = bar.value()
            super().scrollTo(index, hint)
            bar.setValue(x)
