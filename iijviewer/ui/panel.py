"""The interface every page of the main window offers, so the window can drive them alike.

A panel is given the library once (`set_data`), then follows the user's
choices: the period (or periods, for comparison), the display unit and the
find text.  It asks the window to open a source through `source_requested`
and never opens dialogs of its own for that.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from iijviewer.base.formatting import DEFAULT_UNIT, DisplayUnit
from iijviewer.models import palette


class Panel(QWidget):
    """Base class of the main window's pages; the defaults do nothing."""

    source_requested = Signal(object)  # a SourceRef: open this document at this line
    facts_requested = Signal(object)  # a list of fact keys (concept, period, scenario) to show with their sources
    status_message = Signal(str)

    title = "Panel"

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
