"""The main window: period navigator, the pages (statements, comparison, trends, ...), menus and settings."""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QItemSelectionModel, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from iijviewer import __version__
from iijviewer.base.formatting import DEFAULT_UNIT, VIEW_UNITS, DisplayUnit, plural, view_unit, yen_unit
from iijviewer.base.periods import parse_key, sort_key
from iijviewer.base.safefile import plain_tip, printable
from iijviewer.base.vocabulary import PER_SHARE_BASES, PerShareBasis
from iijviewer.models import palette
from iijviewer.models.period_tree_model import PeriodTreeModel
from iijviewer.models.roles import KeyRole
from iijviewer.ui.panel import (
    ChartPage,
    Copyable,
    ElidedLabel,
    EmptyState,
    ImageCopyable,
    Panel,
    RemovalRequesting,
    SourcePage,
    TablePage,
    TrendRequesting,
    tool_button,
    vbox,
)
from iijviewer.ui.state import ViewerState
from iijviewer.views.viewdata import FactIndex, latest_period, period_label, period_tree, statement_names

if TYPE_CHECKING:
    from iijviewer.ui.import_job import ImportJob, RemoveJob

# (attribute, module, class, tab title): the pages, in tab order; each is a Panel
PAGES = (
    ("statements", "iijviewer.ui.statements", "StatementsPanel", "Statements"),
    ("compare", "iijviewer.ui.compare", "ComparePanel", "Compare"),
    ("trends", "iijviewer.ui.trends", "TrendsPanel", "Trends"),
    ("guidance", "iijviewer.ui.guidance", "GuidancePanel", "Guidance"),
    ("sources", "iijviewer.ui.sources", "SourcesPanel", "Sources"),
    ("findings", "iijviewer.ui.findings", "FindingsPanel", "Findings"),
)
VIEW_NAMES = tuple(p[0] for p in PAGES)
# what IIJ publishes: PDFs on its IR site, web pages on the newswires, and text conversions
IMPORT_FILTERS = "IIJ documents (*.pdf *.html *.htm *.txt);;PDF files (*.pdf);;Web pages (*.html *.htm);;Text files (*.txt);;All files (*)"
DEFAULT_STATEMENT = "income"
# what a page chose itself and a restart keeps: (page, settings key, read it from the page, give it to the page)
PAGE_SETTINGS = (
    ("compare", "compare/periods", lambda page: page.periods, lambda page, keys: page.set_periods(keys)),
    ("trends", "trends/concepts", lambda page: page.concepts(), lambda page, ids: page.set_concepts(ids)),
)


class _MissingPanel(Panel):
    """Stands in for a page whose module is not there (a partial build)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        vbox(self).addWidget(EmptyState(f"The {title.lower()} page is not available in this build."))


def _load_page(module: str, cls: str, name: str) -> Panel:
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as e:
        if e.name != module:
            raise
        return _MissingPanel(name.capitalize())
    return getattr(mod, cls)()


class _Pages(Mapping[str, Panel]):
    """The pages by name, each made the first time it is shown or asked for.

    A start shows one page: making the five others (their modules, models and
    widgets) would cost a fifth of the start.  Iterating gives every name;
    `made()` the pages that exist (a page made later reads the window's
    `ViewerState` when it is made, then follows it like the others).
    """

    def __init__(self, make: Callable[[str], Panel]) -> None:
        self._make = make
        self._made: dict[str, Panel] = {}

    def __getitem__(self, name: str) -> Panel:
        page = self._made.get(name)
        if page is None:
            if name not in VIEW_NAMES:
                raise KeyError(name)
            page = self._made[name] = self._make(name)
        return page

    def __contains__(self, name: object) -> bool:  # a name, made or not: asking makes nothing
        return name in VIEW_NAMES

    def __iter__(self) -> Iterator[str]:
        return iter(VIEW_NAMES)

    def __len__(self) -> int:
        return len(VIEW_NAMES)

    def made(self) -> list[Panel]:
        return list(self._made.values())

    def made_page(self, name: str) -> Panel | None:
        """The page if it was made, else None (asking makes nothing)."""
        return self._made.get(name)


def _settle_collector() -> None:
    gc.collect()
    gc.freeze()


class MainWindow(QMainWindow):
    period_changed = Signal(str)
    import_finished = Signal(str)  # the summary shown to the user (tests wait for it)
    removal_finished = Signal(str)  # likewise for a removal (and an undone import)

    def __init__(self, library, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("iijviewer")
        self.settings = settings if settings is not None else QSettings()
        # the user's choices, which the menus, toolbar and navigator set and the pages follow
        self.state = ViewerState(DEFAULT_STATEMENT, self)
        self.library = library = library.with_per_share(self.per_share)
        self.index = FactIndex.from_library(library)
        self.theme = palette.SYSTEM  # the user's choice (View > Theme); palette.current() is the theme shown
        self.last_import: list[str] = []  # the documents the last import in this window added: Undo takes them out
        self._library_job: ImportJob | RemoveJob | None = None  # the import or removal running (one at a time)
        from iijviewer.ui.notes import NotesController

        self.notes = NotesController(self)  # the analyst's notes, in the library folder

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.pages = _Pages(self._make_page)
        self._slots: dict[str, QWidget] = {}  # each tab's widget, which holds its page once made
        self._slot_layouts: dict[str, QVBoxLayout] = {}
        for name, _, _, title in PAGES:
            slot = QWidget()
            self._slot_layouts[name] = vbox(slot)
            self._slots[name] = slot
            self.tabs.addTab(slot, title)
        self.tabs.currentChanged.connect(lambda i: self.pages[VIEW_NAMES[i]] if 0 <= i < len(VIEW_NAMES) else None)
        self.setCentralWidget(self.tabs)

        self._build_navigator()
        self._build_actions()
        self._build_toolbar()
        self._build_menus()
        self._build_status_bar()
        self._show_unit(self.unit)  # the controls show the state's first values; later changes arrive by signal
        self._show_statement(self.statement)
        self.state.unit_changed.connect(self._show_unit)
        self.state.statement_changed.connect(self._show_statement)
        self.state.period_changed.connect(self._show_period)
        self.state.filter_changed.connect(self._show_filter)
        self.state.per_share_changed.connect(self._show_per_share)
        self.restore_settings()

    # the state's values, read where the window always read them
    @property
    def period(self) -> str | None:
        return self.state.period

    @property
    def unit(self) -> DisplayUnit:
        return self.state.unit

    @property
    def statement(self) -> str:
        return self.state.statement

    @property
    def per_share(self) -> str:
        return self.state.per_share

    # -- construction --------------------------------------------------------
    def _make_page(self, name: str) -> Panel:
        """A page, made when first wanted, with the window's library and state."""
        _, module, cls, _ = PAGES[VIEW_NAMES.index(name)]
        page = _load_page(module, cls, name)
        page.set_data(self.library, self.index)
        page.source_requested.connect(self.open_source)
        page.status_message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        page.facts_requested.connect(self.show_reports)
        if isinstance(page, TrendRequesting):
            page.trend_requested.connect(self.show_in_trends)
        if isinstance(page, RemovalRequesting):
            page.remove_requested.connect(self.remove_documents)
        self._slot_layouts[name].addWidget(page)
        self.notes.attach(page)
        page.follow(self.state)
        self._restore_page_settings(name, page)
        return page

    def _restore_page_settings(self, name: str, page: Panel) -> None:
        """The periods compared and the concepts plotted when the window was last closed (those the library still has)."""
        for page_name, key, _read, give in PAGE_SETTINGS:
            saved = self.settings.value(key) if page_name == name else None
            if isinstance(saved, str) and saved:
                known = self.index.by_period if page_name == "compare" else self.index.by_concept
                chosen = [k for k in saved.split(",") if k in known]
                if chosen:
                    give(page, chosen)

    def _build_navigator(self) -> None:
        self.period_model = PeriodTreeModel(period_tree(self.index, self.statement), self)
        self.navigator = QTreeView()
        self.navigator.setModel(self.period_model)
        self.navigator.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.navigator.setUniformRowHeights(True)
        self.navigator.setAlternatingRowColors(True)
        self.navigator.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.navigator.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.navigator.header().setStretchLastSection(False)
        self.navigator.selectionModel().selectionChanged.connect(self._on_navigator_selection)
        self.navigator.setToolTip("Select a period; Ctrl+click several to compare them")
        self.navigator_dock = QDockWidget("Periods", self)
        self.navigator_dock.setObjectName("periods_dock")
        self.navigator_dock.setWidget(self.navigator)
        self.navigator_dock.setMinimumWidth(220)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.navigator_dock)

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.import_action = self._action(
            "&Import Documents…", self.import_documents, QKeySequence.StandardKey.Open, "Add IIJ releases to your library"
        )
        self.export_csv_action = self._action(
            "Export Facts as &CSV…", self.export_facts_csv, "Ctrl+Shift+E", "Write the normalized facts to a CSV file"
        )
        self.export_xlsx_action = self._action(
            "Export &Workbook…", self.export_workbook_dialog, "Ctrl+E", "Write an Excel workbook for finance"
        )
        self.export_view_action = self._action(
            "Export Current &View as CSV…", self.export_view_csv, None, "Write the table on screen to a CSV file"
        )
        self.print_action = self._action(
            "&Print…", lambda: self._report("print_page"), QKeySequence.StandardKey.Print, "Print the current page as a report"
        )
        self.preview_action = self._action("Print Pre&view…", lambda: self._report("preview_page"), None, "See the printed report")
        self.pdf_action = self._action(
            "Export as &PDF…", lambda: self._report("export_page_pdf"), "Ctrl+Shift+P", "Write the current page as a PDF report"
        )
        self.undo_import_action = self._action(
            "&Undo Import", self.undo_import, QKeySequence.StandardKey.Undo, "Take the documents of the last import out of the library"
        )
        self.undo_import_action.setEnabled(False)
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.copy_action = self._action(
            "&Copy", self.copy_selection, QKeySequence.StandardKey.Copy,
            "Copy the selection at full precision, as a table with formats and as tab-separated text",
        )
        self.copy_shown_action = self._action(
            "Copy as &Shown", lambda: self.copy_selection(as_shown=True), "Ctrl+Shift+C",
            "Copy the selection rounded as on screen, as a table with formats and as tab-separated text",
        )
        self.copy_full_action = self._action(
            "Copy &Full Precision", lambda: self.copy_selection(), None,
            "Copy the selection with every digit, in the unit shown",
        )
        self.find_action = self._action("&Find…", self.focus_find, QKeySequence.StandardKey.Find, "Filter concepts by label")
        self.about_action = self._action("&About iijviewer", self.show_about)
        self.shortcuts_action = self._action(
            "&Keyboard Shortcuts", self.show_shortcuts, "Ctrl+/", "Every keyboard shortcut of the window"
        )
        self.guide_action = self._action("Quick &Guide", self.show_guide, QKeySequence.StandardKey.HelpContents, "How to read the window")
        self.documents_action = self._action("&Documents in the Library", self.show_documents)
        self.notes_action = self._action(
            "&Notes…", lambda: self.notes.show_dialog(), "Ctrl+Shift+N", "List, search and edit your notes on figures and periods"
        )

    def _build_toolbar(self) -> None:
        bar = QToolBar("Toolbar", self)  # its name in View and in the toolbar's context menu
        bar.setObjectName("main_toolbar")  # the key of the saved window state: unchanged, so layouts restore
        bar.setMovable(False)
        bar.addAction(self.import_action)
        bar.addAction(self.export_xlsx_action)
        bar.addSeparator()
        bar.addWidget(QLabel(" Statement "))
        self.statement_combo = QComboBox()
        for key, name in statement_names():
            self.statement_combo.addItem(name, key)
        self.statement_combo.currentIndexChanged.connect(
            lambda i: self.set_statement(self.statement_combo.itemData(i))
        )
        bar.addWidget(self.statement_combo)
        bar.addWidget(QLabel("  Unit "))
        self.unit_combo = QComboBox()
        for u in VIEW_UNITS:
            self.unit_combo.addItem(u.label, u.key)
        self.unit_combo.currentIndexChanged.connect(lambda i: self.set_unit(self.unit_combo.itemData(i)))
        bar.addWidget(self.unit_combo)
        bar.addSeparator()
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Find concept…")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setMaximumWidth(240)
        self.find_edit.textChanged.connect(self.set_filter)
        bar.addWidget(self.find_edit)
        bar.addAction(self.copy_action)
        self.addToolBar(bar)
        self.toolbar = bar

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_xlsx_action)
        file_menu.addAction(self.export_csv_action)
        file_menu.addAction(self.export_view_action)
        file_menu.addAction(self.pdf_action)
        file_menu.addSeparator()
        file_menu.addAction(self.preview_action)
        file_menu.addAction(self.print_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit = menu.addMenu("&Edit")
        edit.addAction(self.undo_import_action)
        edit.addSeparator()
        edit.addAction(self.copy_action)
        edit.addAction(self.copy_shown_action)
        edit.addAction(self.copy_full_action)
        edit.addAction(self.find_action)
        view = menu.addMenu("&View")
        unit_menu = view.addMenu("&Unit")
        self.unit_actions = QActionGroup(self)
        for u in VIEW_UNITS:
            a = QAction(u.label, self, checkable=True)
            a.setData(u.key)
            a.triggered.connect(lambda checked, key=u.key: self.set_unit(key))
            self.unit_actions.addAction(a)
            unit_menu.addAction(a)
        basis_menu = view.addMenu("&Per-Share Figures")
        self.per_share_actions = QActionGroup(self)
        for mode, title in ((PerShareBasis.ADJUSTED, "&Adjusted to Today's Shares"), (PerShareBasis.REPORTED, "As &Printed")):
            a = QAction(title, self, checkable=True)
            a.setData(mode)
            a.setChecked(mode == self.per_share)
            a.triggered.connect(lambda checked, m=mode: self.set_per_share(m))
            self.per_share_actions.addAction(a)
            basis_menu.addAction(a)
        statement_menu = view.addMenu("&Statement")
        self.statement_actions = QActionGroup(self)
        for i, (key, name) in enumerate(statement_names(), start=1):
            a = QAction(name, self, checkable=True)
            a.setData(key)
            if i <= 9:
                a.setShortcut(QKeySequence(f"Ctrl+{i}"))
            a.triggered.connect(lambda checked, k=key: self.set_statement(k))
            self.statement_actions.addAction(a)
            statement_menu.addAction(a)
        pages = view.addMenu("&Pages")
        for i, (name, _, _, title) in enumerate(PAGES, start=1):
            a = QAction(title, self)
            a.setShortcut(QKeySequence(f"Alt+{i}"))
            a.triggered.connect(lambda checked, n=name: self.show_view(n))
            pages.addAction(a)
        view.addAction(self.notes_action)
        theme_menu = view.addMenu("&Theme")
        self.theme_actions = QActionGroup(self)
        for key in palette.THEMES:
            a = QAction(palette.THEME_LABELS[key], self, checkable=True)
            a.setData(key)
            a.triggered.connect(lambda checked, k=key: self.set_theme(k))
            self.theme_actions.addAction(a)
            theme_menu.addAction(a)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)
        view.addSeparator()
        view.addAction(self.navigator_dock.toggleViewAction())
        view.addAction(self.toolbar.toggleViewAction())
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        help_menu.addAction(self.documents_action)
        help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)
        self.cancel_button = tool_button("Cancel", "Stop the import: the files read so far are not added (Esc)", self.cancel_import)
        self.cancel_button.hide()
        self.statusBar().addPermanentWidget(self.cancel_button)
        self.imports_label = QLabel()
        self.imports_label.hide()
        self.statusBar().addPermanentWidget(self.imports_label)
        # on a narrow window the summary ends with … (its tooltip keeps it whole), never widening the window
        self.summary_label = ElidedLabel()
        self.summary_label.setMinimumWidth(120)
        self.statusBar().addPermanentWidget(self.summary_label, 1)
        self.update_summary()
        self.update_import_availability()

    def update_import_availability(self) -> None:
        """Import only where the data folder can take documents; say why not, where it cannot."""
        from iijviewer.library.store import unavailable_reason  # not the importer: it brings the reader, which a start does not need

        self.imports_unavailable = unavailable_reason(self.library.data_dir)
        tip = "Add IIJ releases to your library"
        if self.imports_unavailable:
            tip = f"Imports are unavailable: {self.imports_unavailable}"
            self.imports_label.setText(f"Imports unavailable: {self.imports_unavailable}")
        self.imports_label.setToolTip(tip)
        self.imports_label.setVisible(bool(self.imports_unavailable))
        self.import_action.setEnabled(not self.imports_unavailable)
        self.import_action.setToolTip(tip)
        self.import_action.setStatusTip(tip)

    def update_summary(self) -> None:
        lib = self.library
        derived = sum(1 for f in lib.facts if f.derived)
        # the same counts as the Findings page's categories
        from iijviewer.models.findings_model import ARITHMETIC, CONFLICTS, ROUNDING_DIFFERENCES, SHARE_BASES, category_of

        categories = [category_of(f) for f in lib.findings]
        rounding, material, arithmetic, bases = (categories.count(c) for c in (ROUNDING_DIFFERENCES, CONFLICTS, ARITHMETIC, SHARE_BASES))
        text = (
            f"{plural(len(lib.documents), 'document')} · {plural(len(lib.facts), 'fact')} ({derived:,} derived) · "
            f"{plural(len(lib.findings) + len(lib.report), 'finding')}: {plural(material, 'material conflict')}, "
            f"{plural(rounding, 'rounding difference')}, {arithmetic} arithmetic, "
            + (f"{bases} on two share bases, " if bases else "")
            + f"{len(lib.findings) + len(lib.report) - material - rounding - arithmetic - bases:,} not read · per share "
            f"{'adjusted to today' + chr(39) + 's shares' if self.per_share == PerShareBasis.ADJUSTED else 'as printed'}"
        )
        self.summary_label.set_full_text(text)
        self.summary_label.setToolTip(f"{text}\n{lib.on_basis.note}")
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    # -- state -----------------------------------------------------------------
    # The menus, toolbar and navigator set `self.state`; the pages follow it (Panel.follow) and so
    # does the window's own chrome, through the `_show_*` slots below.
    def set_period(self, key: str | None, *, select: bool = True) -> None:
        if not key:
            return
        self.state.set_period(key)
        if select:
            index = self.period_model.index_of(key)
            if index.isValid():
                self.navigator.selectionModel().select(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.navigator.scrollTo(index)

    def _show_period(self, key: str) -> None:
        self.setWindowTitle(f"iijviewer — {period_label(key)}")
        self.period_changed.emit(key)

    def set_periods(self, keys: list[str]) -> None:
        """Several periods chosen: the comparison takes them all, the other pages the first."""
        if not keys:
            return
        keys = sorted(dict.fromkeys(keys), key=sort_key)
        self.pages["compare"].set_periods(keys)
        if len(keys) == 1:
            self.set_period(keys[0], select=False)

    def _on_navigator_selection(self, *args) -> None:
        rows = self.navigator.selectionModel().selectedRows(0)
        keys = [r.data(KeyRole) for r in rows]
        if len(keys) == 1:
            self.set_period(keys[0], select=False)
        elif len(keys) > 1:
            self.set_periods(keys)

    def set_statement(self, key: str) -> None:
        self.state.set_statement(key)

    def _show_statement(self, key: str) -> None:
        i = self.statement_combo.findData(key)
        if i >= 0 and i != self.statement_combo.currentIndex():
            self.statement_combo.setCurrentIndex(i)
        self._refresh_navigator()
        for a in self.statement_actions.actions():
            a.setChecked(a.data() == key)

    def _refresh_navigator(self) -> None:
        """The periods, each saying what it has for the statement shown; the selection and expansion kept."""
        selected = [self.period_model.data(i, KeyRole) for i in self.navigator.selectionModel().selectedRows()]
        expanded = [key for key in self.period_model.keys() if self.navigator.isExpanded(self.period_model.index_of(key))]
        self.period_model.set_nodes(period_tree(self.index, self.statement))
        for key in expanded:
            self.navigator.setExpanded(self.period_model.index_of(key), True)
        if not expanded:
            self.navigator.expandToDepth(0)
        selection = self.navigator.selectionModel()
        selection.blockSignals(True)
        for n, key in enumerate(selected):
            flag = QItemSelectionModel.SelectionFlag.ClearAndSelect if n == 0 else QItemSelectionModel.SelectionFlag.Select
            selection.select(self.period_model.index_of(key), flag | QItemSelectionModel.SelectionFlag.Rows)
        selection.blockSignals(False)

    def set_unit(self, key: str) -> None:
        self.state.set_unit(view_unit(key))

    def _show_unit(self, unit: DisplayUnit) -> None:
        i = self.unit_combo.findData(unit.key)
        if i >= 0 and i != self.unit_combo.currentIndex():
            self.unit_combo.setCurrentIndex(i)
        for a in self.unit_actions.actions():
            a.setChecked(a.data() == unit.key)

    def set_per_share(self, mode: str) -> None:
        """Show per-share figures adjusted to today's shares, or as printed; no change is computed across two bases."""
        self.state.set_per_share(mode)

    def _show_per_share(self, mode: str) -> None:
        for a in self.per_share_actions.actions():
            a.setChecked(a.data() == mode)
        self.reload(self.library)
        self.statusBar().showMessage(self.library.on_basis.note, 8000)

    def set_theme(self, choice: str) -> None:
        """Light, dark, or the system's colour scheme (SYSTEM); every page repaints in the palette's colours."""
        self.theme = choice if choice in palette.THEMES else palette.SYSTEM
        palette.set_theme(self.theme)
        for a in self.theme_actions.actions():
            a.setChecked(a.data() == self.theme)
        self.update()

    def _system_scheme_changed(self, _scheme) -> None:
        if self.theme == palette.SYSTEM:
            palette.set_theme(palette.SYSTEM)

    def set_filter(self, text: str) -> None:
        self.state.set_filter(text)

    def _show_filter(self, text: str) -> None:
        if self.find_edit.text() != text:
            self.find_edit.setText(text)

    def show_view(self, name: str) -> None:
        self.pages[name]  # made now, if it was not: the tab shows it at once
        self.tabs.setCurrentWidget(self._slots[name])

    def current_name(self) -> str:
        return VIEW_NAMES[self.tabs.currentIndex()] if 0 <= self.tabs.currentIndex() < len(VIEW_NAMES) else VIEW_NAMES[0]

    def current_page(self) -> Panel:
        return self.pages[self.current_name()]

    # -- actions ---------------------------------------------------------------
    def open_source(self, ref) -> None:
        sources = self.pages["sources"]
        if isinstance(sources, SourcePage):  # else the page is missing from this build
            sources.show_source(ref)
            self.show_view("sources")

    def show_reports(self, keys) -> None:
        """Every report of these figures (Show all reports): document, line, value, status; double-click opens one."""
        from iijviewer.ui.dialogs import ReportsDialog

        if not keys:
            return
        self.reports_dialog = ReportsDialog(keys, self.library, self.index, self.unit, self)
        self.reports_dialog.source_requested.connect(self.open_source)
        self.reports_dialog.show()

    def show_in_trends(self, concepts: list[str]) -> None:
        trends = self.pages["trends"]
        if isinstance(trends, ChartPage):
            trends.set_concepts(list(concepts))
            self.show_view("trends")

    def copy_selection(self, as_shown: bool = False) -> None:
        page = self.current_page()
        image = page.copy_image() if isinstance(page, ImageCopyable) else None  # a chart copies as a picture
        if image is not None:
            QGuiApplication.clipboard().setImage(image)
            self.statusBar().showMessage("Copied the chart as a picture", 3000)
            return
        mime = page.copy_mime(as_shown) if isinstance(page, Copyable) else None
        if mime is not None:
            QGuiApplication.clipboard().setMimeData(mime)
            how = "as shown" if as_shown else "at full precision"
            self.statusBar().showMessage(f"Copied {how}: a table with formats and tab-separated text", 3000)
            return
        text = page.copy_text()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.statusBar().showMessage("Copied as tab-separated text", 3000)
        else:
            self.statusBar().showMessage("Nothing selected to copy", 3000)

    def _report(self, command: str, *args):
        """Print, preview or PDF of the current page (iijviewer/ui/report.py, loaded when first asked for)."""
        from iijviewer.ui import report

        return getattr(report, command)(self, *args)

    def focus_find(self) -> None:
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def import_documents(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Import IIJ Documents", "", IMPORT_FILTERS)
        if files:
            self.run_import(files)

    def run_import(self, files: list[str]) -> None:
        """Import in the background; the window stays responsive (see ui/import_job.py)."""
        from iijviewer.ui.import_job import ImportJob

        self.update_import_availability()
        if self.imports_unavailable:
            QMessageBox.warning(
                self,
                "Import unavailable",
                f"Documents cannot be imported: {self.imports_unavailable}.\n\n"
                "The documents already in the library can still be viewed and exported.",
            )
            return
        if self._library_job is not None:
            self.statusBar().showMessage("The library is being changed; try again when that is done", 5000)
            return
        self._import_job = self._library_job = ImportJob(
            files, self.library.data_dir, self, library=self.library, confirm=self._confirm_import_changes
        )
        self._import_job.finished_ok.connect(self._import_done)
        self._import_job.failed.connect(self._import_failed)
        self._import_job.cancelled.connect(self._import_cancelled)
        self._import_job.progress.connect(self._import_progress)
        self.import_action.setEnabled(False)
        self.undo_import_action.setEnabled(False)
        self.progress.setRange(0, 0)  # busy: reading and checking the files
        self.progress.show()
        self.cancel_button.show()
        self._import_job.start()
        self.statusBar().showMessage(f"Importing {plural(len(files), 'document')}…")

    def _import_progress(self, share: float, what: str) -> None:
        self.progress.setRange(0, 1000)
        self.progress.setValue(round(share * 1000))
        self.statusBar().showMessage(what)

    def cancel_import(self) -> None:
        """Stop an import while its files are read; nothing is written."""
        from iijviewer.ui.import_job import ImportJob  # loaded already, if a job runs

        job = self._library_job
        if isinstance(job, ImportJob):  # a removal, once confirmed, runs to its end
            job.cancel()
            self.statusBar().showMessage("Cancelling the import…")

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape and self.cancel_button.isVisible():
            self.cancel_import()
            return
        if event.key() == Qt.Key.Key_Escape and self.find_edit.text():
            self.find_edit.clear()  # every page shows all its rows again
            return
        super().keyPressEvent(event)

    def _import_ended(self) -> None:
        self._library_job = None
        self.cancel_button.hide()
        self.progress.hide()
        self.statusBar().clearMessage()
        self.update_import_availability()
        self.undo_import_action.setEnabled(bool(self.last_import))

    def _confirm_import_changes(self, changes) -> bool:
        """Before an import that changes figures already chosen: say how many, list them, let the user cancel."""
        count = len(changes.changed)
        return self.ask(
            "Import Changes Figures",
            f"This import would change {count} figure{'s' if count != 1 else ''} the library has already chosen.",
            "Its documents report other values for them (Show Details lists each one). Import them anyway, "
            "or cancel and the library stays as it is. An import can be undone with Edit > Undo Import.",
            "\n".join(str(c) for c in changes.changed),
            "Import",
        )

    def ask(self, title: str, text: str, informative: str, details: str, action: str) -> bool:
        """A question with its details; True when the user chooses `action` (Cancel is the default)."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        box.setTextFormat(Qt.TextFormat.PlainText)  # document titles and file names are never markup
        box.setText(printable(text))
        box.setInformativeText(printable(informative))
        if details:
            box.setDetailedText(details)
        go = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is go

    def _import_done(self, library, summary: str) -> None:
        self.last_import = list(self._import_job.added)
        if self.last_import:
            self.undo_import_action.setText(f"&Undo Import of {len(self.last_import)} Document{'s' if len(self.last_import) != 1 else ''}")
        self._import_ended()
        self.reload(library)
        # once, while the user reads the summary: collect the old library's cycles and freeze the
        # new one out of the collector's way, as the start did (else every full collection walks it)
        QTimer.singleShot(0, _settle_collector)
        self.import_finished.emit(summary)
        self.show_import_report(self._import_job.outcome, library, summary)

    def show_import_report(self, outcome, library, summary: str) -> None:
        """What the import added, in labels and the display unit, in a dialog that fits the screen (not modal: it is read)."""
        if outcome is None:  # written, but what it added could not be worked out: the summary says so
            QMessageBox.information(self, "Import finished", plain_tip(summary))
            return
        from iijviewer.ui.dialogs import ImportReportDialog
        from iijviewer.views.import_report import import_report

        self.import_report_dialog = ImportReportDialog(import_report(outcome, library.occurrences, self.unit), self.unit, self)
        self.import_report_dialog.open()

    def _job_stopped(self, finished, message: str, warning: str = "") -> None:
        """A job that changed nothing (cancelled: the status bar says so) or failed (a warning with `warning` as title)."""
        self._import_ended()
        finished.emit(message)
        if warning:
            QMessageBox.warning(self, warning, plain_tip(message))  # it says whether the library changed
        else:
            self.statusBar().showMessage(message, 5000)

    def _import_cancelled(self, message: str) -> None:
        self._job_stopped(self.import_finished, message)

    def _import_failed(self, message: str) -> None:
        self._job_stopped(self.import_finished, message, "Import refused")

    # -- removing documents ----------------------------------------------------
    def undo_import(self) -> None:
        if self.last_import:
            self.remove_documents(list(self.last_import), undo=True)

    def remove_documents(self, doc_ids: list[str], undo: bool = False) -> None:
        """Take imported documents out of the library, after saying what changes (in the background)."""
        from iijviewer.ui.import_job import RemoveJob

        if self._library_job is not None:
            self.statusBar().showMessage("The library is being changed; try again when that is done", 5000)
            return
        imported = [d for d in doc_ids if not self._is_bundled(d)]
        if not imported:
            self.statusBar().showMessage("Only imported documents can be removed; the bundled ones are always there", 5000)
            return
        self._undoing = undo
        self._remove_job = self._library_job = RemoveJob(imported, self.library.data_dir, self.library, self._confirm_removal, self)
        self._remove_job.finished_ok.connect(self._removal_done)
        self._remove_job.failed.connect(self._removal_failed)
        self._remove_job.cancelled.connect(self._removal_cancelled)
        self.import_action.setEnabled(False)
        self.undo_import_action.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.statusBar().showMessage(f"Working out what removing {plural(len(imported), 'document')} changes…")
        self._remove_job.start()

    def _is_bundled(self, doc_id: str) -> bool:
        return any(d.id == doc_id and d.bundled for d in self.library.documents)

    def _confirm_removal(self, doc_ids: list[str], changes) -> str | None:
        """Ask, naming the documents and what changes; the summary to show when done, or None to cancel."""
        titles = {d.id: d.title for d in self.library.documents}
        named = "\n".join(f"{d} ({titles.get(d, '')})" for d in doc_ids)
        gone, changed = len(changes.removed), len(changes.changed)
        effect = (
            f"{gone} figure{'s' if gone != 1 else ''} no longer in the library; "
            f"{changed} figure{'s' if changed != 1 else ''} whose chosen value changes to what other documents report."
        )
        details = "\n".join(str(c) for c in (*changes.changed, *changes.removed))
        verb = "Undo the import of" if self._undoing else "Remove"
        if not self.ask(
            "Undo Import" if self._undoing else "Remove from Library",
            f"{verb} {len(doc_ids)} document{'s' if len(doc_ids) != 1 else ''}?\n\n{named}",
            f"{effect} The library will be as it was before their import; the files you imported them from are not touched.",
            details,
            "Undo Import" if self._undoing else "Remove",
        ):
            return None
        return f"Removed from the library:\n{named}\n\n{effect}"

    def _removal_done(self, library, summary: str) -> None:
        removed = set(self._remove_job.doc_ids)
        self.last_import = [d for d in self.last_import if d not in removed]
        if not self.last_import:
            self.undo_import_action.setText("&Undo Import")
        self._import_ended()
        self.reload(library)
        QTimer.singleShot(0, _settle_collector)
        self.removal_finished.emit(summary)
        self.statusBar().showMessage(summary.splitlines()[-1], 8000)

    def _removal_failed(self, message: str) -> None:
        self._job_stopped(self.removal_finished, message, "Removal failed")

    def _removal_cancelled(self, message: str) -> None:
        self._job_stopped(self.removal_finished, message)

    def reload(self, library) -> None:
        # what the start froze out of the collector's way (`many_objects`) may
        # hold cycles that die with the old library: let the collector see them
        gc.unfreeze()
        self.library = library = library.with_per_share(self.per_share)
        self.index = FactIndex.from_library(library)
        for page in self.pages.made():
            page.set_data(library, self.index)
            page.show_state(self.state)  # the same choices, on the new library
        self.notes.reload()
        self._refresh_navigator()  # keeps the nodes the user opened and closed
        self.set_period(self.period or latest_period(self.index))
        self.update_summary()
        self.update_import_availability()

    def export_facts_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export Facts as CSV", "iijviewer-facts.csv", "CSV files (*.csv)")
        if not path:
            return
        from iijviewer.export.workbook import ExportError, export_facts_csv  # the command line's writer: formulas neutralised

        try:
            export_facts_csv(self.library, path)
        except ExportError as e:
            QMessageBox.warning(self, "Export failed", plain_tip(f"{e} Nothing was written."))
            return
        except OSError as e:
            QMessageBox.warning(self, "Export failed", plain_tip(f"{path}: cannot write ({e.strerror or e}). Nothing was written."))
            return
        self.statusBar().showMessage(f"Wrote {plural(len(self.library.facts), 'fact')} to {path}", 5000)

    def export_options(self, current_view: bool):
        """Everything, or what the window shows: this statement, this period's year and the one before."""
        from iijviewer.export.workbook import ExportOptions

        unit = yen_unit(self.unit)  # the workbook's figures are facts: in yen
        if not current_view:
            return ExportOptions(unit=unit)
        periods = None
        if self.period:
            fy = parse_key(self.period).fiscal_year
            periods = (f"FY{fy - 1}", f"FY{fy}")
        return ExportOptions(unit=unit, statements=(self.statement,), periods=periods)

    def export_workbook_dialog(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("Export Workbook")
        box.setText("Export everything in the library, or only the current view?")
        box.setInformativeText(
            f"Current view: {dict(statement_names())[self.statement]}, "
            f"{period_label(self.period) if self.period else 'all periods'} and the year before, in {yen_unit(self.unit).label}."
        )
        everything = box.addButton("Everything", QMessageBox.ButtonRole.AcceptRole)
        view = box.addButton("Current View", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() not in (everything, view):
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export Workbook", "iijviewer.xlsx", "Excel workbooks (*.xlsx)")
        if path:
            self.export_workbook(path, current_view=box.clickedButton() is view)

    def export_workbook(self, path: str, current_view: bool = False):
        from iijviewer.export.workbook import ExportError, export_workbook

        try:
            summary = export_workbook(self.library, path, self.export_options(current_view))
        except (ExportError, OSError, ValueError) as e:
            QMessageBox.warning(self, "Export failed", plain_tip(f"{e}\n\nAn existing file of that name was left untouched."))
            return None
        self.statusBar().showMessage(
            f"Wrote {path}: {plural(len(summary.sheets), 'sheet')}, {plural(summary.formulas, 'formula')}, "
            f"{plural(summary.conflicts, 'conflict')} marked",
            8000,
        )
        return summary

    def export_view_csv(self) -> None:
        page = self.current_page()
        if not (isinstance(page, TablePage) and page.view is not None):
            QMessageBox.information(self, "Export Current View", "This page has no table to export.")
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export Current View as CSV", "iijviewer-view.csv", "CSV files (*.csv)")
        if path:
            self.write_view_csv(path)

    def write_view_csv(self, path: str) -> int:
        """The current page's whole table (what copying everything would give) as CSV."""
        import csv
        import io

        from iijviewer.export.workbook import ExportError, export_view_csv

        page = self.current_page()
        if not (isinstance(page, TablePage) and page.view is not None):  # export_view_csv asks only of such a page
            raise TypeError(f"the {self.current_name()} page has no table to write")
        page.view.selectAll()
        text = page.copy_text() or ""
        rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
        if not rows:
            return 0
        try:
            return export_view_csv(rows[1:], rows[0], path)
        except (ExportError, OSError) as e:
            QMessageBox.warning(self, "Export failed", plain_tip(str(e)))
            return 0

    ABOUT_LISTED = 12  # documents named in the About box itself; all of them are in its details

    def about_text(self) -> tuple[str, str]:
        """The About box: the version and the newest documents (rich text), and every document (plain text)."""
        from html import escape

        documents = sorted(self.library.documents, key=lambda d: (d.sort_date, d.id), reverse=True)
        listed = "".join(f"<li>{escape(d.publication_date)} — {escape(d.title)}</li>" for d in documents[: self.ABOUT_LISTED])
        more = len(documents) - self.ABOUT_LISTED
        rest = f"<p>… and {more} older (<i>Show Details</i>, or the Sources page).</p>" if more > 0 else ""
        summary = (
            f"<h3>iijviewer {__version__}</h3><p>IIJ's investor-relations documents as normalized "
            f"financial statements.</p><p>{plural(len(documents), 'document')} loaded, newest first:</p><ul>{listed}</ul>{rest}"
        )
        details = "\n".join(f"{d.publication_date}  {d.title}  ({'bundled' if d.bundled else 'imported'})" for d in documents)
        if self.library.data_dir is not None:
            details += f"\n\nLibrary folder: {self.library.data_dir}"
        return summary, details

    def show_about(self) -> None:
        summary, details = self.about_text()
        box = QMessageBox(self)
        box.setWindowTitle("About iijviewer")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(summary)
        box.setDetailedText(details)  # a scrolling list: a library of decades does not fit in the box
        box.exec()

    def shortcut_rows(self) -> list[tuple[str, str, str]]:
        """(menu, keys, command) for every menu command that has a shortcut."""
        from iijviewer.ui.help import menu_shortcuts

        return menu_shortcuts([menu for a in self.menuBar().actions() if isinstance(menu := a.menu(), QMenu)])

    def show_shortcuts(self) -> None:
        from iijviewer.ui.help import ShortcutsDialog

        self.shortcuts_dialog = ShortcutsDialog(self.shortcut_rows(), self)
        self.shortcuts_dialog.show()

    def show_guide(self) -> None:
        from iijviewer.ui.help import GuideDialog

        self.guide_dialog = GuideDialog(self)
        self.guide_dialog.show()

    def show_documents(self) -> None:
        self.show_view("sources")

    # -- settings --------------------------------------------------------------
    def restore_settings(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        state = s.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        self.set_theme(str(s.value(palette.SETTINGS_KEY, palette.SYSTEM)))
        unit = s.value("view/unit", DEFAULT_UNIT.key)
        self.set_unit(unit if unit in {u.key for u in VIEW_UNITS} else DEFAULT_UNIT.key)
        basis = s.value("view/per_share", PerShareBasis.ADJUSTED)
        self.set_per_share(basis if isinstance(basis, str) and basis in PER_SHARE_BASES else PerShareBasis.ADJUSTED)
        statement = s.value("view/statement", DEFAULT_STATEMENT)
        self.set_statement(statement if statement in dict(statement_names()) else DEFAULT_STATEMENT)
        self.navigator.expandToDepth(0)
        period = s.value("view/period")
        if not (isinstance(period, str) and period in self.index.by_period):
            period = latest_period(self.index)
        self.set_period(period)
        tab = s.value("view/page", "statements")
        self.show_view(tab if isinstance(tab, str) and tab in self.pages else "statements")

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("view/unit", self.unit.key)
        s.setValue(palette.SETTINGS_KEY, self.theme)
        s.setValue("view/statement", self.statement)
        s.setValue("view/per_share", self.per_share)
        if self.period:
            s.setValue("view/period", self.period)
        s.setValue("view/page", self.current_name())
        for name, key, read, _give in PAGE_SETTINGS:
            page = self.pages.made_page(name)
            if page is not None:  # a page not made this time keeps what was saved before
                s.setValue(key, ",".join(read(page)))
        s.sync()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.save_settings()
        job = self._library_job
        if job is not None and job.running:  # an import still reading stops; a commit under way finishes
            from iijviewer.ui.import_job import ImportJob

            if isinstance(job, ImportJob):
                job.cancel()
            job.wait(60000)
        super().closeEvent(event)

