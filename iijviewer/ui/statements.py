"""The Statements page: one statement for the chosen period, against the same period a year earlier.

`FigurePanel` holds what the Statements and Compare pages share: the stack
of table and empty state, copying the selection as tab-separated text, the
context menu (copy, open source, show in trends, show all reports) and
double-click to open a figure's source.  The window chooses the statement
(`set_statement`) for every page at once.
"""

from __future__ import annotations

import math
import weakref
from html import escape

from PySide6.QtCore import QEvent, QMimeData, QModelIndex, QObject, QPoint, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QCursor, QFontMetricsF, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QMenu,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QTableView,
    QToolBar,
    QTreeView,
    QWidget,
)

from iijviewer.base.concepts import catalog
from iijviewer.base.formatting import DisplayUnit, plural
from iijviewer.base.vocabulary import CellStatus, Unit
from iijviewer.models import palette
from iijviewer.models.roles import FactRole, KeyRole, SourceRole, StatusRole
from iijviewer.models.statement_model import FIGURE_PAD, NOTE_MARK, PeriodRole, PlainRole, StatementFilterProxy, StatementTreeModel
from iijviewer.ui.panel import Copyable, EmptyState, NotesPage, Panel, StatementPage, TablePage, TrendRequesting, vbox
from iijviewer.views import clipboard
from iijviewer.views.clipboard import ClipCell
from iijviewer.views.comparison import ARITHMETIC_MARK, PERCENT, PRECISION_MARK, WARNING_MARK, Table, input_reports
from iijviewer.views.viewdata import latest_period, period_label, statement_names


def legend_html() -> str:
    """The marks of the figure tables, in the theme's colours (made again when the theme changes)."""

    def c(name: str, text: str) -> str:
        return f"<span style='color:{palette.hex_colour(name)}'>{text}</span>"

    return " &nbsp;·&nbsp; ".join(
        (
            f"{c('derived', '<i>Italic blue</i>')}: derived, not printed (from other periods or other lines)",
            f"{c('conflict', WARNING_MARK)} documents disagree",
            f"{c('arithmetic', ARITHMETIC_MARK)} a sum does not add up",
            f"{c('muted', 'grey')}: differs only by rounding, or a heading from another statement",
            "Change %: of the figure as printed (a growing cost or outflow rises), n/m: not meaningful",
            f"{NOTE_MARK}: your note (right-click a figure to add one)",
            f"hover for the source ({PRECISION_MARK}: printed in billions), double-click to open it",
        )
    )
LABEL_WIDTH = (240, 430)  # the label column's narrowest and widest automatic width, in pixels


def _walk(model, parent: QModelIndex = QModelIndex()):
    """Column-0 indexes of a (proxy) model in display order, parents before children."""
    for r in range(model.rowCount(parent)):
        idx = model.index(r, 0, parent)
        yield idx
        yield from _walk(model, idx)


def _path(index: QModelIndex) -> tuple[int, ...]:
    rows = []
    while index.isValid():
        rows.append(index.row())
        index = index.parent()
    return tuple(reversed(rows))


def selection_grid(view: QAbstractItemView, read, header, cell) -> tuple[list[str], list[list[ClipCell]]] | None:
    """The selected cells: the headers (label column first), then each selected row's label and cells in display order.

    `read(index, role)` and `header(column)` read the view's model from Python (see `FigurePanel.read`);
    `cell(index)` makes the `ClipCell` of a view index.
    """
    selection = view.selectionModel()
    if selection is None or not selection.hasSelection():
        return None
    chosen = {(_path(i), i.column()) for i in selection.selectedIndexes()}
    columns = sorted({c for _, c in chosen} - {0})
    rows = {p for p, _ in chosen}
    grid = []
    for idx in _walk(view.model()):
        path = _path(idx)
        if path not in rows:
            continue
        grid.append([cell(idx)] + [cell(idx.siblingAtColumn(c)) if (path, c) in chosen else ClipCell() for c in columns])
    return [header(c) for c in [0, *columns]], grid


def selection_tsv(view: QAbstractItemView, read, header) -> str | None:
    """The selected cells as tab-separated text: a header row, then each row's label and plain numbers."""

    def cell(index: QModelIndex) -> ClipCell:
        plain = read(index, PlainRole) or ""
        return ClipCell(plain, plain, label=index.column() == 0)

    grid = selection_grid(view, read, header, cell)
    return None if grid is None else clipboard.tsv(*grid)


def _horizontal_header(view: QAbstractItemView) -> QHeaderView:
    """The header above the columns: a tree's only header, a table's horizontal one."""
    if isinstance(view, QTreeView):
        return view.header()
    assert isinstance(view, QTableView), f"no column header on a {type(view).__name__}"
    return view.horizontalHeader()


def _rates_note(table: Table) -> str:
    from iijviewer.views.currency import rates_note

    return rates_note(table) if table.columns else ""


class FigurePanel(Panel, StatementPage, TablePage, Copyable, TrendRequesting, NotesPage):
    """A statement chooser above a table of figures, or an explanation when there is nothing to show."""

    trend_requested = Signal(list)  # concept ids to plot over time
    translates_yen = True  # offers US dollars at each document's rate (`iijviewer.views.currency`)
    note_requested = Signal(object)  # a note key (concept, period, scenario) to add or edit
    proxy: QSortFilterProxyModel  # the view's model: the subclass's proxy over its `model`

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = vbox(self, 6)
        # the statement itself is chosen in the window (set_statement); a narrow window folds what does not
        # fit into the toolbar's extension menu (») rather than widening the window
        self.toolbar = QToolBar()
        self.toolbar.setMovable(False)
        self.toolbar.setFloatable(False)
        layout.addWidget(self.toolbar)
        self.stack = QStackedWidget()
        self.empty = EmptyState("")
        layout.addWidget(self.stack, 1)
        self.legend = QLabel(legend_html())
        self.legend.setStyleSheet(f"color: {palette.hex_colour('legend')}; font-size: 11px;")
        palette.notifier().changed.connect(self._on_theme)
        self.legend.setWordWrap(True)  # on a narrow window it takes two lines, never the window's width
        self.legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        layout.addWidget(self.legend)
        self.view: QAbstractItemView | None = None
        self.notes = None  # the analyst's notes (a NoteBook), given by the window
        self.input_choice: QMenu | None = None  # the inputs of the derived figure last double-clicked
        self._columns_fitted = False
        self._text_widths: dict[tuple[int, str], int] = {}  # (id of the font role, text) -> width in pixels
        self._measured_font = ""  # the view's font those widths are for
        self._header_widths: dict[tuple[str, str, bool], int] = {}  # (font, header text, sorted by) -> its size hint
        # the role maps of a table -> (font and view settings, its columns' content widths); a weak key, so a
        # table the model no longer keeps (another unit, an import, new notes) takes its widths with it
        self._content_widths: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def _on_theme(self, _scheme: str = "") -> None:
        self.legend.setText(legend_html())
        self.legend.setStyleSheet(f"color: {palette.hex_colour('legend')}; font-size: 11px;")
        if self.view is not None:
            self.view.viewport().update()  # the figures' brushes were recoloured in place

    # --- set up by the subclasses ---
    @property
    def item_view(self) -> QAbstractItemView:
        """`view`, never None: every subclass installs its view in its constructor."""
        view = self.view
        assert view is not None, "_install_view has not been called"
        return view

    def _install_view(self, view: QAbstractItemView) -> None:
        self.view = view
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        view.setAlternatingRowColors(True)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)
        view.doubleClicked.connect(self._open_source)
        view.installEventFilter(self)
        self.stack.addWidget(view)
        self.stack.addWidget(self.empty)

    def _apply(self, **changes) -> None:
        """Pass setting changes to the model and show the result."""
        raise NotImplementedError

    def read(self, index: QModelIndex, role: int):
        """A role of a view index, read from the source model in Python.

        Not `index.data(role)`: PySide6 6.12.0 drops a reference to None each
        time it hands an empty QVariant to Python, and enough of those crash
        the interpreter ("deallocating None").
        """
        if not index.isValid():
            return None
        source = self.proxy.mapToSource(index)
        return self.model.data(source, role)

    def header(self, column: int, role: int = PlainRole) -> str:
        """A column's header text (by default as copied: one line, naming its periods)."""
        return self.model.headerData(column, Qt.Orientation.Horizontal, role) or ""

    @property
    def table(self) -> Table:
        raise NotImplementedError

    # --- Panel ---
    @property
    def statement(self) -> str:
        return self.table.statement

    def set_statement(self, name: str) -> None:
        if name not in {n for n, _ in statement_names()}:
            raise ValueError(f"unknown statement {name!r}")
        self._apply(statement=name)

    def set_display_unit(self, unit: DisplayUnit) -> None:
        super().set_display_unit(unit)
        self._apply(unit=unit)

    def copy_text(self) -> str | None:
        return selection_tsv(self.view, self.read, self.header) if self.view is not None else None

    def clip_cell(self, index: QModelIndex) -> ClipCell:
        """A view index as the clipboard carries it: as shown, at full precision, with its row's indentation."""
        shown = (self.read(index, Qt.ItemDataRole.DisplayRole) or "").removeprefix(f"{NOTE_MARK} ").removeprefix(f"{WARNING_MARK} ").rstrip(FIGURE_PAD).strip()
        plain = self.read(index, PlainRole) or ""
        row = self.model.row_of(self.proxy.mapToSource(index))
        if index.column() == 0:
            return ClipCell(plain, plain, depth=row.depth if row else 0, bold=bool(row and row.emphasis), label=True)
        percent = self.table.columns[index.column() - 1].kind == PERCENT
        return ClipCell(shown, plain, percent, bold=bool(row and row.emphasis))

    def copy_mime(self, as_shown: bool = False) -> QMimeData | None:
        """The selection as tab-separated text and as an HTML table (formats, indentation); None when nothing is selected."""
        if self.view is None:
            return None
        grid = selection_grid(self.view, self.read, self.header, self.clip_cell)
        if grid is None:
            return None
        mime = QMimeData()
        mime.setText(clipboard.tsv(*grid, as_shown=as_shown))
        mime.setHtml(clipboard.html(*grid, as_shown=as_shown))
        return mime

    # --- behaviour ---
    def _show(self) -> None:
        """The table, or the explanation of why there is none; columns sized to their contents."""
        table = self.table
        self.legend.setVisible(not table.message)
        legend = legend_html()
        self.legend.setText(legend if self.unit.currency == Unit.JPY else f"{legend}<br>{escape(_rates_note(table))}")
        if table.message:
            self.empty.setText(table.message)
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentWidget(self.item_view)
        # Sizing asks the model for every cell: a hidden page does it when it is shown (once, whatever changed meanwhile).
        self._columns_fitted = self.isVisible()
        if self._columns_fitted:
            self._fit_columns()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if not self._columns_fitted and self.view is not None and self.stack.currentWidget() is self.view:
            self._columns_fitted = True
            self._fit_columns()
        super().showEvent(event)

    def _fit_columns(self) -> None:
        """Each column as wide as its widest text and its header (the label column within LABEL_WIDTH)."""
        header = _horizontal_header(self.item_view)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        widths = self.content_widths()
        for c, width in enumerate(widths):
            if not header.isHidden():
                width = max(width, self._header_width(header, c))
            if c == 0:
                low, high = LABEL_WIDTH
                width = max(low, min(high, width))
            if header.sectionSize(c) != width:
                header.resizeSection(c, width)

    def _header_width(self, header: QHeaderView, column: int) -> int:
        """`header.sectionSizeHint(column)`, measured once per header text (most headers come back at the next switch)."""
        sorted_by = header.isSortIndicatorShown() and header.sortIndicatorSection() == column  # the arrow takes room
        key = (self._measured_font, self.model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole), sorted_by)
        width = self._header_widths.get(key)
        if width is None:
            width = self._header_widths[key] = header.sectionSizeHint(column)
        return width

    def content_widths(self) -> list[int]:
        """What `view.sizeHintForColumn` gives for each column, measured on the model's texts.

        The view would ask the model for a dozen roles of every cell through the
        proxy, a few thousand calls into Python per column, on every period switch.
        Here each distinct text is measured once per font (the same delegate
        arithmetic: the text's advance and a focus margin on either side, and in
        a tree the indentation of the label column). It counts every row, also
        those a filter hides or a collapsed parent holds, so no figure is cut off.
        """
        view = self.item_view
        font = view.font()
        if font.key() != self._measured_font:
            self._measured_font, self._text_widths = font.key(), {}
        measured = self._text_widths
        margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
        tree = isinstance(view, QTreeView)
        indent = view.indentation() if isinstance(view, QTreeView) else 0
        root = 1 if isinstance(view, QTreeView) and view.rootIsDecorated() else 0
        grid = 1 if isinstance(view, QTableView) and view.showGrid() else 0
        # The model keeps the role maps of the views shown last: a switch back to one of them measures nothing.
        shown = self.model.shown_roles
        setting = (font.key(), margin, indent, root, grid)
        kept = self._content_widths.get(shown)
        if kept is not None and kept[0] == setting:
            return list(kept[1])
        widths = [0] * self.model.columnCount()
        for depth, cells in self.model.display_cells():
            for c, (text, role_font) in enumerate(cells):
                if not text:
                    continue
                key = (id(role_font), text)
                width = measured.get(key)
                if width is None:
                    metrics = QFontMetricsF(role_font.resolve(font) if role_font is not None else font)
                    width = measured[key] = math.ceil(metrics.horizontalAdvance(text)) + margin
                if c == 0 and tree:
                    width += indent * (depth + root)
                if width + grid > widths[c]:
                    widths[c] = width + grid
        self._content_widths[shown] = (setting, tuple(widths))
        return widths

    def selected_indexes(self) -> list[QModelIndex]:
        if self.view is None or self.view.selectionModel() is None:
            return []
        return sorted(self.view.selectionModel().selectedIndexes(), key=lambda i: (_path(i), i.column()))

    def selected_concepts(self) -> list[str]:
        return list(dict.fromkeys(k for i in self.selected_indexes() if (k := self.read(i, KeyRole))))

    def build_context_menu(self, index: QModelIndex) -> QMenu:
        """The menu for a cell (the view's index); the tests trigger its actions directly."""
        menu = QMenu(self)
        copy = menu.addAction("Copy")
        copy.triggered.connect(lambda: self.copy_to_clipboard())
        menu.addAction("Copy as Shown").triggered.connect(lambda: self.copy_to_clipboard(as_shown=True))
        source = self.read(index, SourceRole)
        inputs = self.inputs_menu(index)
        if inputs is not None:  # a derived figure: each report it rests on
            inputs.setTitle("Open source")
            menu.addMenu(inputs)
        else:
            open_source = menu.addAction("Open source")
            open_source.setEnabled(source is not None)
            target = self._report_of(index) or source
            open_source.triggered.connect(lambda: self.source_requested.emit(target))
        concepts = self.selected_concepts() or [k for k in [self.read(index, KeyRole)] if k]
        concepts = [c for c in concepts if c in catalog()]  # a measure (Measures statement) is no concept to plot
        trends = menu.addAction("Show in trends")
        trends.setEnabled(bool(concepts))
        trends.triggered.connect(lambda: self.trend_requested.emit(concepts))
        keys = [f.key for i in (self.selected_indexes() or [index]) if (f := self.read(i, FactRole)) is not None]
        reports = menu.addAction("Show all reports")
        reports.setEnabled(bool(keys))
        reports.triggered.connect(lambda: self.facts_requested.emit(keys))
        self._add_note_actions(menu, index)
        return menu

    def _add_note_actions(self, menu: QMenu, index: QModelIndex) -> None:
        """Add or edit the note on the figure, and on the column's period."""
        menu.addSeparator()
        fact = self.read(index, FactRole)
        noted = fact is not None and self.notes is not None and self.notes.get(fact.key) is not None
        figure = menu.addAction("Edit Note…" if noted else "Add Note…")
        figure.setEnabled(fact is not None)
        figure.triggered.connect(lambda: self.note_requested.emit(fact.key))
        period = self.read(index, PeriodRole) if index.isValid() and index.column() > 0 else ""
        on_period = menu.addAction(f"Note on {period_label(period)}…" if period else "Note on the Period…")
        on_period.setEnabled(bool(period))
        on_period.triggered.connect(lambda: self.note_requested.emit(("", period, "")))

    def set_notes(self, notes) -> None:
        self.notes = notes
        self.model.set_notes(notes)
        self._show()

    def copy_to_clipboard(self, as_shown: bool = False) -> None:
        mime = self.copy_mime(as_shown)
        if mime is not None:
            rows = mime.text().count(chr(10)) - 1
            QGuiApplication.clipboard().setMimeData(mime)
            how = "as shown" if as_shown else "at full precision"
            self.status_message.emit(f"Copied {plural(rows, 'row')} {how}, as a table with formats and as tab-separated text")

    def _context_menu(self, pos: QPoint) -> None:
        view = self.item_view
        index = view.indexAt(pos)
        self.build_context_menu(index).exec(view.viewport().mapToGlobal(pos))

    def _report_of(self, index: QModelIndex):
        """The report a reported figure was read from (so that the document view marks that figure), else None."""
        fact = self.read(index, FactRole)
        return fact.reported if fact is not None and not fact.derived else None

    def inputs_menu(self, index: QModelIndex) -> QMenu | None:
        """For a figure derived from several printed reports: a menu opening each one; else None."""
        fact = self.read(index, FactRole)
        if fact is None or not fact.derived or self.index is None:
            return None
        reports = input_reports(self.index, fact)
        if len(reports) < 2:
            return None
        menu = QMenu("Open an input", self)
        heading = menu.addAction(f"Derived: {fact.label}")
        heading.setEnabled(False)
        menu.addSeparator()
        for name, raw in reports:
            action = menu.addAction(f"{name}  —  {raw.source.document}, line {raw.source.line}")
            action.triggered.connect(lambda _checked=False, r=raw: self.source_requested.emit(r))
        return menu

    def _open_source(self, index: QModelIndex) -> None:
        """A reported figure opens its line; a derived one offers every report it rests on."""
        menu = self.inputs_menu(index)
        if menu is not None:
            self.input_choice = menu  # kept, so that it lives while shown (and the tests can reach it)
            menu.popup(QCursor.pos())
            return
        target = self._report_of(index) or self.read(index, SourceRole)
        if target is not None:
            self.source_requested.emit(target)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        fact = self.read(current, FactRole)
        if fact is None:
            return
        if self.read(current, StatusRole) == CellStatus.DERIVED:
            where = f"derived: {fact.label}"
        else:
            where = str(self.read(current, SourceRole) or "")
        label = self.read(current.siblingAtColumn(0), PlainRole)
        self.status_message.emit(f"{label}, {self.header(current.column())}: {self.read(current, Qt.ItemDataRole.DisplayRole)}  ({where})")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Ctrl+C in the table copies the whole selection with headers (the view alone copies one cell).
        if watched is self.view and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            if isinstance(event, QKeyEvent) and event.matches(QKeySequence.StandardKey.Copy):
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    self.copy_to_clipboard()
                return True
        return super().eventFilter(watched, event)


class StatementsPanel(FigurePanel):
    """A statement as a collapsible tree: the period, targets when announced, a year earlier, the change."""

    title = "Statements"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.show_empty = QCheckBox("Show rows without figures")
        self.show_empty.toggled.connect(lambda on: self._apply(include_empty=on))
        self.toolbar.addWidget(self.show_empty)
        self.model = StatementTreeModel()
        self._resets = self._expanded = 0  # model resets so far; the tree was last expanded after this many
        self.model.modelReset.connect(self._count_reset)
        self.proxy = StatementFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.tree.header().setStretchLastSection(False)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self._install_view(self.tree)
        self._show()

    @property
    def table(self) -> Table:
        return self.model.table

    @property
    def period(self) -> str | None:
        return self.model.view.period

    def set_data(self, library, index) -> None:
        super().set_data(library, index)
        self.model.set_index(index)
        if self.period is None and index is not None:
            self.model.update(period=latest_period(index))
        self._show()

    def set_period(self, key: str) -> None:
        self._apply(period=key)

    def set_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.tree.expandAll()

    def _apply(self, **changes) -> None:
        self.model.update(**changes)
        self._show()

    def _show(self) -> None:
        if self._resets != self._expanded:  # new rows: open them all (another period's figures keep the tree as it was)
            self.tree.expandAll()
            self._expanded = self._resets
        super()._show()

    def _count_reset(self) -> None:
        self._resets += 1
