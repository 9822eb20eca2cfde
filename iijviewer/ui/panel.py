"""The interface every page of the main window offers, so the window can drive them alike.

A panel is given the library once (`set_data`), then follows the user's
choices held in the window's `ViewerState` (`follow`): the period (or periods,
for comparison), the display unit, the statement and the find text.  It asks
the window to open a source through `source_requested` and never opens dialogs
of its own for that.

What only some pages do is a capability, declared here as a small base class
the page lists (`class TrendsPanel(Panel, ChartPage, ImageCopyable)`), and
asked for with `isinstance`: the window never probes a page with `hasattr`.
A capability's signals are declared by the page itself (a Qt signal belongs
to a QObject class); the capability names them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, Signal, SignalInstance
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractItemView, QLabel, QToolButton, QVBoxLayout, QWidget

from iijviewer.base.formatting import DEFAULT_UNIT, DisplayUnit, yen_unit
from iijviewer.models import palette

if TYPE_CHECKING:
    from iijviewer.ui.state import ViewerState
    from iijviewer.views.comparison import Table


class Panel(QWidget):
    """Base class of the main window's pages; the defaults do nothing."""

    source_requested = Signal(object)  # a SourceRef: open this document at this line
    facts_requested = Signal(object)  # a list of fact keys (concept, period, scenario) to show with their sources
    status_message = Signal(str)

    title = "Panel"
    translates_yen = False  # True: shows US dollars figure by figure at each document's rate; else yen for US dollars

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = None
        self.index = None
        self.unit: DisplayUnit = DEFAULT_UNIT

    def set_data(self, library, index) -> None:
        self.library = library
        self.index = index

    def set_period(self, key: str) -> None:
        """Show this period (a contract key)."""

    def set_periods(self, keys: list[str]) -> None:
        """Several periods chosen in the navigator (comparison); by default the first."""
        if keys:
            self.set_period(keys[0])

    def set_display_unit(self, unit: DisplayUnit) -> None:
        self.unit = unit

    def set_filter(self, text: str) -> None:
        """Show only concepts whose label contains `text` (case-insensitive)."""

    def copy_text(self) -> str | None:
        """The selection as tab-separated text with headers, or None when nothing is selected."""
        return None

    # -- the window's choices ------------------------------------------------
    def follow(self, state: ViewerState) -> None:
        """Show the window's choices now, and each one again whenever it changes (the page is made when first shown)."""
        state.unit_changed.connect(self._show_unit)
        if isinstance(self, StatementPage):
            state.statement_changed.connect(self.set_statement)
        state.period_changed.connect(self.set_period)
        state.filter_changed.connect(self.set_filter)
        self.show_state(state)

    def show_state(self, state: ViewerState) -> None:
        """Every choice of `state` at once: on creation, and after the library is given again (`set_data`)."""
        self._show_unit(state.unit)
        if isinstance(self, StatementPage):
            self.set_statement(state.statement)
        if state.period:
            self.set_period(state.period)
        if state.filter:
            self.set_filter(state.filter)

    def _show_unit(self, unit: DisplayUnit) -> None:
        self.set_display_unit(unit if self.translates_yen else yen_unit(unit))


# -- capabilities: what some pages offer beyond Panel ---------------------------------------------


class StatementPage:
    """Shows one statement at a time, the one chosen in the window."""

    def set_statement(self, name: str) -> None:
        raise NotImplementedError


class TablePage:
    """Figures in a table view of `TableRow`s: exported as CSV and printed as a table."""

    view: QAbstractItemView | None
    # the page's own table model (a statement's tree, the comparison's table), with `row_of(index)` and the
    # view of the figures it shows; each page knows its model's type, the capability only that there is one
    model: Any

    @property
    def table(self) -> Table:
        """The table of figures shown."""
        raise NotImplementedError


class Copyable:
    """Copies its selection with formats (an HTML table) beside the tab-separated text."""

    def copy_mime(self, as_shown: bool = False) -> QMimeData | None:
        """The selection as tab-separated text and an HTML table; None when nothing is selected."""
        raise NotImplementedError


class ImageCopyable:
    """Copies as a picture (a chart)."""

    def copy_image(self) -> QImage | None:
        """The picture, or None when there is nothing to copy."""
        raise NotImplementedError


class ChartPage:
    """Plots concepts over time: the window sends it concepts to plot; printed as a picture of its plot."""

    chart: object | None  # None while nothing is plotted

    def set_concepts(self, ids: list[str]) -> None:
        raise NotImplementedError

    def concepts(self) -> list[str]:
        raise NotImplementedError

    def save_plot(self, path) -> object:
        raise NotImplementedError


class SourcePage:
    """Shows a document at a line (what `source_requested` asks for)."""

    def show_source(self, ref) -> bool:
        raise NotImplementedError


class TrendRequesting:
    """Asks the window to plot concepts over time: `trend_requested(list of concept ids)`."""

    trend_requested: SignalInstance


class RemovalRequesting:
    """Asks the window to take documents out of the library: `remove_requested(list of document ids)`."""

    remove_requested: SignalInstance


class NotesPage:
    """Shows the analyst's notes on its figures and asks to edit one: `note_requested(note key)`."""

    note_requested: SignalInstance

    def set_notes(self, notes) -> None:
        raise NotImplementedError


class EmptyState(QLabel):
    """A centred explanation shown where there is nothing to show yet."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setMargin(24)
        from PySide6.QtCore import Qt

        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._restyle()
        palette.notifier().changed.connect(self._restyle)

    def _restyle(self, _scheme: str = "") -> None:
        self.setStyleSheet(f"color: {palette.hex_colour('hint')}; font-size: 13px;")  # quiet, readable in either theme


def tool_button(text: str, tooltip: str, clicked: Callable[[], object]) -> QToolButton:
    """A small button of a bar: its text, what it does (tooltip), and the call it makes."""
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tooltip)
    button.clicked.connect(clicked)
    return button


def vbox(widget: QWidget, margins: int = 0) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(margins, margins, margins, margins)
    return layout


class ElidedLabel(QLabel):
    """A one-line label that ends with … where its text does not fit (the whole text in its tooltip)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QSizePolicy

        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        from PySide6.QtCore import Qt

        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(self.width(), 40)))
