"""The Compare page: any number of periods side by side, with changes against a base or a year earlier.

The periods come from the navigator's multi-selection (`set_periods`) and can
be added and removed here; the table sorts on the raw values when a header is
clicked and filters on the row labels.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHeaderView, QLabel, QMenu, QSizePolicy, QToolButton, QWidget

from iijviewer.base.periods import period_label
from iijviewer.models.compare_model import CompareSortProxy, CompareTableModel
from iijviewer.models.statement_model import PeriodRole
from iijviewer.ui.frozen_view import FrozenColumnTableView
from iijviewer.ui.statements import FigurePanel
from iijviewer.views.comparison import CHANGES_NONE, CHANGES_VS_BASE, CHANGES_YOY, LARGE_CHANGE, Table, header_period

CHANGE_CHOICES = (
    (CHANGES_VS_BASE, "against the base period"),
    (CHANGES_YOY, "year on year"),
    (CHANGES_NONE, "none"),
)


class ComparePanel(FigurePanel):
    """A flat table: the statement's rows (indented) against the chosen periods, oldest first.

    The comparison follows `set_periods` (the navigator's multi-selection);
    `set_period`, a single choice, leaves it as it is.
    """

    title = "Compare"
    periods_changed = Signal(list)  # the user added or removed a period here

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base_combo = QComboBox()
        self.base_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.base_combo.setMinimumContentsLength(10)
        self.base_combo.setToolTip("The period every other period is compared with")
        self.base_combo.activated.connect(lambda i: self.set_base(self.base_combo.itemData(i)))
        self.changes_combo = QComboBox()
        for key, text in CHANGE_CHOICES:
            self.changes_combo.addItem(text, key)
        self.changes_combo.activated.connect(lambda i: self._apply(changes=self.changes_combo.itemData(i)))
        self.common_size = QCheckBox("Common size")
        self.common_size.setToolTip("Each flow as a percentage of total revenues; balance items as a percentage of total assets")
        self.common_size.toggled.connect(lambda on: self._apply(common_size=on))
        self.highlight = QCheckBox(f"Highlight \u2265{LARGE_CHANGE}%")
        self.highlight.setToolTip(f"Highlight changes of {LARGE_CHANGE}% or more, up or down")
        self.highlight.setChecked(True)
        self.highlight.toggled.connect(lambda on: self._apply(highlight=on))
        # a menu by fiscal year and kind, of the periods that have figures of the statement shown
        self.add_menu = QMenu(self)
        self.add_menu.aboutToShow.connect(self._fill_add_menu)
        self.add_button = QToolButton()
        self.add_button.setText("Add period")
        self.add_button.setToolTip("Add a period to the comparison: by fiscal year, only periods with figures of this statement")
        self.add_button.setMenu(self.add_menu)
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for w in (QLabel("Base:"), self.base_combo, QLabel("Changes:"), self.changes_combo, self.common_size, self.highlight):
            self.toolbar.addWidget(w)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.toolbar.addWidget(self.add_button)

        self.model = CompareTableModel()
        self.proxy = CompareSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table_view = FrozenColumnTableView()  # the labels stay in view when the periods scroll sideways
        self.table_view.setModel(self.proxy)
        self.table_view.verticalHeader().hide()
        self.table_view.setWordWrap(False)
        self.table_view.setShowGrid(False)
        header = self.table_view.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        # Statement order first; a click on a header then sorts by that column's raw values.
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.setToolTip("Click a period to sort by it: rows are sorted within each total, so every part stays under it")
        header.sortIndicatorChanged.connect(self._sorted)
        self.table_view.setSortingEnabled(True)
        self.table_view.selectionModel().currentChanged.connect(self._current_changed)
        self.table_view.verticalHeader().setDefaultSectionSize(self.table_view.fontMetrics().height() + 4)
        self._install_view(self.table_view)
        self.table_view.label_menu_requested.connect(self._context_menu)
        self.table_view.labels.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table_view.labels.horizontalHeader().customContextMenuRequested.connect(
            lambda pos: self.build_header_menu(0).exec(self.table_view.labels.horizontalHeader().mapToGlobal(pos))
        )
        self.table_view._show_first_column_only()  # the look the table was given above
        self._fill_base_combo()
        self._show()

    @property
    def table(self) -> Table:
        return self.model.table

    @property
    def periods(self) -> list[str]:
        """The periods compared, oldest first."""
        return self.model.view.ordered_periods()

    @property
    def base(self) -> str | None:
        return self.model.view.base_period()

    # --- Panel ---
    def set_data(self, library, index) -> None:
        super().set_data(library, index)
        self.model.set_index(index)
        self._show()

    def set_periods(self, keys: list[str]) -> None:
        base = self.model.view.base
        self._apply(periods=tuple(keys), base=base if base in keys else None)

    def set_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)

    # --- the comparison's own controls ---
    def set_base(self, key: str | None) -> None:
        self._apply(base=key)

    def set_changes(self, mode: str) -> None:
        self.changes_combo.setCurrentIndex(self.changes_combo.findData(mode))
        self._apply(changes=mode)

    def set_common_size(self, on: bool) -> None:
        self.common_size.setChecked(on)  # toggled applies it

    def add_period(self, key: str) -> None:
        if key not in self.model.view.periods:
            self._apply(periods=(*self.model.view.periods, key))
            self.periods_changed.emit(self.periods)

    def remove_period(self, key: str) -> None:
        if key in self.model.view.periods:
            kept = tuple(p for p in self.model.view.periods if p != key)
            self._apply(periods=kept, base=None if self.model.view.base == key else self.model.view.base)
            self.periods_changed.emit(self.periods)

    def sort_by(self, column_key: str, order: Qt.SortOrder = Qt.SortOrder.DescendingOrder) -> None:
        column = self.model.column_of(column_key)
        if column >= 0:
            self.table_view.sortByColumn(column, order)

    def _sorted(self, column: int, order: Qt.SortOrder) -> None:
        if column > 0:
            way = "largest first" if order == Qt.SortOrder.DescendingOrder else "smallest first"
            self.status_message.emit(
                f"Sorted by {self.header(column)}, {way}, within each total: every part stays under the row it adds up to"
                " (click the label header for statement order)"
            )

    def _apply(self, **changes) -> None:
        before = [c.key for c in self.table.columns]
        self.model.update(**changes)
        if [c.key for c in self.table.columns] != before:
            # A sort by a column that moved or went away would read as nonsense: back to statement order.
            self.table_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self._fill_base_combo()
        self._show()

    def _fill_base_combo(self) -> None:
        items = [(period_label(header_period(self.statement, p)), p) for p in self.periods]
        combo = self.base_combo
        # refilled only when its periods change: a refilled combo lays the toolbar out again, and the whole page is repainted
        if items != [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]:
            combo.clear()
            for text, key in items:
                combo.addItem(text, key)
        combo.setCurrentIndex(max(0, combo.findData(self.base)))
        self.base_combo.setEnabled(self.model.view.changes == CHANGES_VS_BASE and len(self.periods) > 1)

    def _fill_add_menu(self) -> None:
        """The menu's periods for the statement shown now: a submenu per fiscal year, its periods by kind."""
        from iijviewer.views.period_choices import period_choices

        menu = self.add_menu
        menu.clear()
        years = period_choices(self.index, self.statement) if self.index is not None else ()
        if not years:
            menu.addAction("No period has figures of this statement").setEnabled(False)
            return
        compared = set(self.model.view.periods)
        for year in years:
            sub = menu.addMenu(year.title)
            for kind, choices in year.groups:
                sub.addSection(kind)
                for choice in choices:
                    action = sub.addAction(f"{choice.label}\t{choice.note}")
                    action.setData(choice.key)
                    action.setCheckable(True)
                    action.setChecked(choice.key in compared)
                    action.setEnabled(choice.key not in compared)
                    action.triggered.connect(lambda _on=False, key=choice.key: self.add_period(key))

    # --- menus ---
    def _period_actions(self, menu: QMenu, period: str) -> None:
        if not period or period not in self.model.view.periods:
            return
        label = period_label(header_period(self.statement, period))
        menu.addSeparator()
        remove = menu.addAction(f"Remove {label} from the comparison")
        remove.triggered.connect(lambda: self.remove_period(period))
        base = menu.addAction(f"Compare against {label}")
        base.setEnabled(period != self.base)
        base.triggered.connect(lambda: self.set_base(period))

    def build_context_menu(self, index: QModelIndex) -> QMenu:
        menu = super().build_context_menu(index)
        if index.isValid():
            self._period_actions(menu, self.read(index, PeriodRole) or "")
        return menu

    def build_header_menu(self, section: int) -> QMenu:
        menu = QMenu(self)
        self._period_actions(menu, self.header(section, PeriodRole))
        restore = menu.addAction("Statement order")
        restore.triggered.connect(lambda: self.table_view.sortByColumn(0, Qt.SortOrder.AscendingOrder))
        return menu

    def _header_menu(self, pos: QPoint) -> None:
        header: QHeaderView = self.table_view.horizontalHeader()
        self.build_header_menu(header.logicalIndexAt(pos)).exec(header.mapToGlobal(pos))
