"""The period navigator's tree: fiscal years, their halves and quarters, and balance-sheet dates."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from iijviewer.base.vocabulary import CellStatus
from iijviewer.models import palette
from iijviewer.models.roles import KeyRole, StatusRole
from iijviewer.views.viewdata import BALANCE_SHEET_ONLY, OPERATING_DATA, OTHER_STATEMENTS, PARTLY_DERIVED, TARGETS_ONLY, PeriodNode

STATUS_TEXT = {
    CellStatus.REPORTED: "reported",
    PARTLY_DERIVED: "partly derived",
    CellStatus.DERIVED: "derived",
    TARGETS_ONLY: "targets",
    BALANCE_SHEET_ONLY: "balance sheet",
    OPERATING_DATA: "operating data",
    OTHER_STATEMENTS: "other statements",
    CellStatus.MISSING: "nothing",
}
# ● reported, ◑ partly derived, ◐ derived, ◇ targets, ▫ figures of another statement only, ○ nothing
_STATUS_MARK = {
    CellStatus.REPORTED: "\u25cf",
    PARTLY_DERIVED: "\u25d1",
    CellStatus.DERIVED: "\u25d0",
    TARGETS_ONLY: "\u25c7",
    BALANCE_SHEET_ONLY: "\u25ab",
    OPERATING_DATA: "\u25ab",
    OTHER_STATEMENTS: "\u25ab",
    CellStatus.MISSING: "\u25cb",
}
_STATUS_TIP = {
    CellStatus.REPORTED: "every figure of the statement shown is reported by the documents",
    PARTLY_DERIVED: "some figures of the statement shown are reported, others derived by period arithmetic",
    CellStatus.DERIVED: "the figures of the statement shown are derived by period arithmetic (no document reports them)",
    TARGETS_ONLY: "targets only for the statement shown: no actual figures",
    BALANCE_SHEET_ONLY: "a balance sheet only: nothing for the statement shown",
    OPERATING_DATA: "operating data only (counts such as ATMs placed): nothing for the statement shown",
    OTHER_STATEMENTS: "figures of other statements only: nothing for the statement shown",
    CellStatus.MISSING: "no figures in the library",
}
_QUIET = {CellStatus.MISSING, TARGETS_ONLY, OPERATING_DATA, OTHER_STATEMENTS}  # a balance-sheet date is one to open

Index = QModelIndex | QPersistentModelIndex


class _Item:
    __slots__ = ("node", "parent", "row", "children")

    def __init__(self, node: PeriodNode | None, parent: "_Item | None", row: int):
        self.node = node
        self.parent = parent
        self.row = row
        self.children: list[_Item] = []


class PeriodTreeModel(QAbstractItemModel):
    """Two columns: the period, and what the library has for it in the statement shown (`viewdata.period_tree`)."""

    HEADERS = ("Period", "Figures")

    def __init__(self, nodes: list[PeriodNode] | None = None, parent=None) -> None:
        super().__init__(parent)
        self._root = _Item(None, None, 0)
        self._by_key: dict[str, _Item] = {}
        self._muted = palette.brush("muted")
        self._bold = QFont()
        self._bold.setBold(True)
        self.set_nodes(nodes or [])

    def set_nodes(self, nodes: list[PeriodNode]) -> None:
        self.beginResetModel()
        self._root = _Item(None, None, 0)
        self._by_key = {}

        def add(parent: _Item, node: PeriodNode) -> None:
            item = _Item(node, parent, len(parent.children))
            parent.children.append(item)
            self._by_key.setdefault(node.key, item)
            for child in node.children:
                add(item, child)

        for n in nodes:
            add(self._root, n)
        self.endResetModel()

    def _item(self, index: Index) -> _Item:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        item = self._item(parent)
        return self.createIndex(row, column, item.children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # Qt's tree-model parent(index); QObject's parent() is not offered
        if not index.isValid():
            return QModelIndex()
        item: _Item = index.internalPointer()
        up = item.parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._item(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node = self._item(index).node
        assert node is not None
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return node.label
            return f"{_STATUS_MARK[node.status]} {STATUS_TEXT[node.status]}"
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{node.label}: {_STATUS_TIP[node.status]}"
            if node.note:
                tip += f"; {node.note}"
            return f"{tip}\n\n{node.statements}" if node.statements else tip
        if role == Qt.ItemDataRole.ForegroundRole and (node.status in _QUIET or node.note):
            return self._muted
        if role == Qt.ItemDataRole.FontRole and index.column() == 0 and index.parent().isValid() is False:
            return self._bold
        if role == KeyRole:
            return node.key
        if role == StatusRole:
            return node.status
        return None

    def keys(self) -> list[str]:
        return list(self._by_key)

    def index_of(self, key: str) -> QModelIndex:
        item = self._by_key.get(key)
        if item is None:
            return QModelIndex()
        return self.createIndex(item.row, 0, item)
