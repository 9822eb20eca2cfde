"""A checkable list of concepts: what the trends page lets a user pick to plot.

Only concepts the library has figures for are listed, in catalog order (the
order of the statements).  The check state is the selection; the model says
when it changes (`checked_changed`) so the plot can follow.  A plotted concept
shows its line's colour and marker as its decoration, so that the list is the
key to the plot when there are too many series for a legend.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from iijviewer.base.concepts import STATEMENTS, Concept
from iijviewer.models.roles import KeyRole

Index = QModelIndex | QPersistentModelIndex


class ConceptListModel(QAbstractListModel):
    checked_changed = Signal()

    def __init__(self, concepts: Iterable[Concept] = (), parent=None) -> None:
        super().__init__(parent)
        self._concepts: list[Concept] = []
        self._tips: list[str] = []
        self._checked: set[str] = set()
        self._decorations: dict[str, object] = {}
        self._no_decoration = None
        self.set_concepts(concepts)

    def set_concepts(self, concepts: Iterable[Concept]) -> None:
        """Replace the list; checked concepts that are still listed stay checked."""
        self.beginResetModel()
        self._concepts = sorted(concepts, key=lambda c: c.order)
        self._tips = [f"{c.label}\n{STATEMENTS.get(c.statement, c.statement)} \u00b7 {c.id} \u00b7 {c.unit}" for c in self._concepts]
        listed = {c.id for c in self._concepts}
        self._checked &= listed
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._concepts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        c = self._concepts[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return c.label
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if c.id in self._checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decorations.get(c.id, self._no_decoration)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips[index.row()]
        if role == KeyRole:
            return c.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        cid = self._concepts[index.row()].id
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if isinstance(value, (int, Qt.CheckState)) else bool(value)
        if checked == (cid in self._checked):
            return True
        if checked:
            self._checked.add(cid)
        else:
            self._checked.discard(cid)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit()
        return True

    def checked_ids(self) -> list[str]:
        """The checked concepts in list order."""
        return [c.id for c in self._concepts if c.id in self._checked]

    def set_checked(self, ids: Iterable[str]) -> None:
        """Check exactly these concepts (unknown ids are ignored)."""
        wanted = set(ids) & {c.id for c in self._concepts}
        if wanted == self._checked:
            return
        self._checked = wanted
        if self._concepts:
            self.dataChanged.emit(self.index(0), self.index(len(self._concepts) - 1), [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit()

    def set_decorations(self, decorations: Mapping[str, object], blank=None) -> None:
        """Show these icons (or colours) beside their concepts; `blank` beside the others.

        A blank of the icons' size keeps every label at the same indent and every
        row at the same height whether or not anything is plotted: a swatch column
        that came and went would move the rows under the mouse between two clicks.
        """
        if decorations == self._decorations and blank is self._no_decoration:
            return
        self._decorations = dict(decorations)
        self._no_decoration = blank
        if self._concepts:
            self.dataChanged.emit(self.index(0), self.index(len(self._concepts) - 1), [Qt.ItemDataRole.DecorationRole])


    def row_of(self, concept_id: str) -> int:
        for i, c in enumerate(self._concepts):
            if c.id == concept_id:
                return i
        return -1
