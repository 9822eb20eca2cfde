"""What the user chose for the whole window, in one place: the pages subscribe to it.

The window's menus, toolbar and period navigator set a `ViewerState`; each
page, when it is made, reads it and follows its signals (`Panel.follow`), so
the window never pushes a choice page by page.  A setter emits only when the
value changes.  The theme is not here: it is the palette's (`models/palette`),
which every widget already follows.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, SignalInstance

from iijviewer.base.formatting import DEFAULT_UNIT, DisplayUnit
from iijviewer.base.vocabulary import PerShareBasis


class ViewerState(QObject):
    """The period shown, the display unit (yen or US dollars), the statement, the find text and the per-share basis."""

    period_changed = Signal(str)  # a period key (never emitted empty: a period once chosen stays chosen)
    unit_changed = Signal(object)  # the DisplayUnit chosen (a page that cannot translate shows its yen unit)
    statement_changed = Signal(str)
    filter_changed = Signal(str)
    per_share_changed = Signal(str)  # PerShareBasis.ADJUSTED or REPORTED (`iijviewer.analysis.sharebasis`)

    def __init__(self, statement: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.period: str | None = None
        self.unit: DisplayUnit = DEFAULT_UNIT
        self.statement = statement
        self.filter = ""
        self.per_share = PerShareBasis.ADJUSTED  # per-share figures on today's shares, unless the user chose "as printed"

    def set_period(self, key: str) -> None:
        if key:  # a period once chosen stays chosen
            self._change("period", key, self.period_changed)

    def set_unit(self, unit: DisplayUnit) -> None:
        self._change("unit", unit, self.unit_changed)

    def set_statement(self, key: str) -> None:
        if key:
            self._change("statement", key, self.statement_changed)

    def set_filter(self, text: str) -> None:
        self._change("filter", text, self.filter_changed)

    def set_per_share(self, mode: str) -> None:
        self._change("per_share", mode, self.per_share_changed)

    def _change(self, field: str, value: object, changed: SignalInstance) -> None:
        """Take the value and say so, only if it differs from the one held."""
        if value != getattr(self, field):
            setattr(self, field, value)
            changed.emit(value)
