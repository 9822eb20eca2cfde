"""The Statements page's model: one statement as a tree (parents above their children).

`rebuild()` turns a `comparison.Table` into per-cell role maps once (text,
tooltip, font, colour, raw value, fact, source, status); `data()` only looks
them up.  `FigureModel` (settings, rebuild, headers) and the role maps are
shared with the Compare page's table model.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont

from iijviewer.analysis.normalize import Fact
from iijviewer.base.concepts import STATEMENTS
from iijviewer.base.formatting import unit_caption
from iijviewer.base.safefile import plain_tip
from iijviewer.base.vocabulary import CellStatus
from iijviewer.models import palette
from iijviewer.models.roles import FactRole, KeyRole, SourceRole, StatusRole, ValueRole
from iijviewer.views.comparison import AMOUNT, MARK_ARITHMETIC, Column, StatementView, Table, TableRow
from iijviewer.views.viewdata import FactIndex

PlainRole = Qt.ItemDataRole.UserRole + 20  # the clipboard text of a cell: a plain number in the display unit
ColumnKeyRole = Qt.ItemDataRole.UserRole + 21  # the column's key ("actual", "FY2010-H1:change", ...)
PeriodRole = Qt.ItemDataRole.UserRole + 22  # the period a column is about
# A row label with the labels of all the rows nested under it, so that a plain
# text filter on this role keeps the ancestors of every match (a flat table).
FilterRole = Qt.ItemDataRole.UserRole + 23
NoteRole = Qt.ItemDataRole.UserRole + 40  # the analyst's note on a figure or a column's period ("" or absent: none)

Index = QModelIndex | QPersistentModelIndex
_D = int(Qt.ItemDataRole.DisplayRole)
_TIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_FG = int(Qt.ItemDataRole.ForegroundRole)
_BG = int(Qt.ItemDataRole.BackgroundRole)
CELL_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # every cell's (flags() is asked at every paint)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

# Ends a figure that has no closing parenthesis, so that its last digit lines up
# with those of "(58)" above and below it (as an accounting number format does).
FIGURE_PAD = "\u2008"  # punctuation space: about as wide as ")"


@lru_cache(maxsize=8192)
def _tip(text: str) -> str:
    """A cell's tooltip made safe once per text: the same figures come back at every switch between periods."""
    return plain_tip(text)


class CellStyle:
    """Fonts and brushes, built once per model."""

    def __init__(self) -> None:
        self.fonts: dict[tuple[bool, bool], QFont] = {}
        for bold in (False, True):
            for italic in (False, True):
                f = QFont()
                f.setBold(bold)
                f.setItalic(italic)
                self.fonts[(bold, italic)] = f
        # the palette's shared brushes: a theme switch recolours them in place
        self.derived = palette.brush("derived")
        self.conflict = palette.brush("conflict")
        self.arithmetic = palette.brush("arithmetic")
        self.muted = palette.brush("muted")  # rounding differences; a heading brought in from another statement
        self.large = palette.brush("large_change")  # a subtle background for a change of 20% or more


def label_roles(row: TableRow, order: int, style: CellStyle, indent: bool, family: str) -> dict[int, object]:
    c = row.concept
    tip = f"{c.label}\n{c.id}, {unit_caption(c.unit)}"
    if row.context_only:
        tip += f"\nShown as the heading of its parts; it belongs to the {STATEMENTS.get(c.statement, c.statement).lower()}."
    roles: dict[int, object] = {
        _D: ("    " * row.depth + row.label) if indent else row.label,
        _TIP: tip,
        _ALIGN: _LEFT,
        KeyRole: c.id,
        ValueRole: float(order),  # sorting the label column restores the statement's order
        PlainRole: row.label,
        FilterRole: family,
    }
    if row.emphasis:
        roles[_FONT] = style.fonts[(True, False)]
    if row.context_only:
        roles[_FG] = style.muted
    return roles


class _Tip:
    """A cell's tooltip not written yet: a view asks for a few tooltips, a table has hundreds of cells."""

    __slots__ = ("cell",)

    def __init__(self, cell) -> None:
        self.cell = cell


def role_value(roles: dict[int, object], role: int) -> object:
    """A role of a cell's role map, a tooltip written (and kept in the map) when first asked for."""
    value = roles.get(role)
    if type(value) is _Tip:
        value = roles[role] = _tip(value.cell.tooltip)
    return value


def value_roles(row: TableRow, column: Column, i: int, style: CellStyle) -> dict[int, object]:
    cell = row.cells[i]
    roles: dict[int, object] = {
        _ALIGN: _RIGHT,
        KeyRole: row.concept.id,
        StatusRole: cell.status,
        ColumnKeyRole: column.key,
        PeriodRole: column.period,
        ValueRole: None if cell.value is None else float(cell.value),
        FactRole: cell.fact,
        SourceRole: cell.source,
        PlainRole: cell.plain,
    }
    if cell.text:
        roles[_D] = cell.text if cell.text.endswith(")") else cell.text + FIGURE_PAD
    if cell.tip:
        roles[_TIP] = _Tip(cell)  # written when first asked for (`role_value`): it quotes the printed line
    # also when its inputs conflict; a measure (no fact of its own) when it reads a derived figure
    derived = cell.fact.derived if cell.fact is not None else cell.status == CellStatus.DERIVED
    if row.emphasis or derived:
        roles[_FONT] = style.fonts[(row.emphasis, derived)]
    if cell.status == CellStatus.CONFLICT:
        roles[_FG] = style.arithmetic if cell.mark == MARK_ARITHMETIC else style.conflict
    elif cell.rounding:
        roles[_FG] = style.muted  # reports that differ only by rounding: quiet, no warning mark
    elif derived:
        roles[_FG] = style.derived
    elif row.context_only:
        roles[_FG] = style.muted
    if cell.large:
        roles[_BG] = style.large
    return roles


class TableRoles:
    """A table's headers and cells as role maps: column 0 is the row label, then the table's columns."""

    def __init__(self, table: Table, style: CellStyle, indent: bool, notes=None) -> None:
        self.table = table
        title = table.label_title
        self.headers: list[dict[int, object]] = [{_D: title, _ALIGN: _LEFT, ColumnKeyRole: "", PeriodRole: "", PlainRole: title}]
        for c in table.columns:
            self.headers.append(
                {_D: c.title, _TIP: c.tooltip or c.title, _ALIGN: _RIGHT, ColumnKeyRole: c.key, PeriodRole: c.period, PlainRole: c.clip_title}
            )
        family = {row.concept_id: row.label for row in table.rows}
        by_id = {row.concept_id: row for row in table.rows}
        for row in table.rows:  # add each label to every ancestor's
            up = row.parent
            while up in by_id:
                family[up] += "\n" + row.label
                up = by_id[up].parent
        self.row_ids = [row.concept_id for row in table.rows]
        self.cells: list[list[dict[int, object]]] = [
            [label_roles(row, n, style, indent, family[row.concept_id])]
            + [value_roles(row, c, i, style) for i, c in enumerate(table.columns)]
            for n, row in enumerate(table.rows)
        ]
        if notes:
            mark_notes(self, notes)

    @property
    def column_count(self) -> int:
        return len(self.headers)

    def header(self, section: int, orientation: Qt.Orientation, role: int):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        return self.headers[section].get(int(role))


NOTE_MARK = "\u270e"  # ✎: a figure or a period with an analyst's note


def _with_note(roles: dict[int, object], note, about: str) -> None:
    text = roles.get(_D) or ""
    roles[_D] = f"{NOTE_MARK} {text}"
    tip = str(role_value(roles, _TIP) or "")
    roles[NoteRole] = note.text
    lines = f"{NOTE_MARK} Note on {about} ({note.modified[:10]}):\n{note.text}"
    roles[_TIP] = plain_tip(f"{_plain_of(tip)}\n\n{lines}" if tip else lines)


def _plain_of(tip: str) -> str:
    """A tooltip's text as written (undoing `plain_tip`'s escaping), so a note can be added below it."""
    if not tip.startswith("<p style='white-space:pre-wrap'>"):
        return tip
    body = tip[len("<p style='white-space:pre-wrap'>") : -len("</p>")]
    return body.replace("<br>", "\n").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def mark_notes(roles: TableRoles, notes) -> None:
    """The cells of figures with a note, and the headers of periods with one: a mark, the note in the tooltip."""
    for cells in roles.cells:
        for cell in cells[1:]:
            fact = cell.get(FactRole)
            note = notes.get(fact.key) if isinstance(fact, Fact) else None
            if note is not None:
                _with_note(cell, note, "this figure")
    for column, header in zip(roles.table.columns, roles.headers[1:]):
        note = notes.get(("", column.period, "")) if column.period and column.kind == AMOUNT else None
        if note is not None:
            _with_note(header, note, f"the period {column.period}")


if TYPE_CHECKING:
    _QtModel = QAbstractItemModel  # the Qt model class a FigureModel is mixed into (its signals, its resets)
else:
    _QtModel = object  # at run time a plain mixin: the subclass lists the Qt class after it


class FigureModel(_QtModel):
    """Settings, rebuild and lookups shared by the figure models; listed before the Qt base class.

    The settings live in a Qt-free view (`StatementView`, `ComparisonView`);
    every change goes through `update()`, which rebuilds the cached role maps.
    """

    INDENT = False  # nesting shown as indentation in the label (a flat table)

    CACHED_VIEWS = 24  # role maps kept for the views shown last: switching back to a period builds nothing

    def _start(self, index: FactIndex | None, view) -> None:
        self._index = index
        self._view = view
        self._style = CellStyle()
        self._roles = TableRoles(Table(view.statement), self._style, self.INDENT)
        self._before = self._roles  # the role maps before the last rebuild (what `_cell_ranges` compares labels with)
        self._cache: OrderedDict[object, TableRoles] = OrderedDict()
        self.rebuild()

    _notes = None  # the analyst's notes (a NoteBook), shown as a mark and in tooltips

    def set_notes(self, notes) -> None:
        self._notes = notes
        self._cache.clear()  # the kept role maps carry the notes' marks
        self.rebuild()

    @property
    def view(self):
        return self._view

    @property
    def table(self) -> Table:
        return self._roles.table

    @property
    def shown_roles(self) -> TableRoles:
        """The role maps shown now: the same object while the same view is shown again (a key for what is measured on them)."""
        return self._roles

    def set_index(self, index: FactIndex | None) -> None:
        self._index = index
        self._cache.clear()
        self.rebuild()

    def update(self, **changes) -> None:
        """Change settings of the view (statement, period(s), unit, ...) and rebuild when they differ."""
        new = dataclasses.replace(self._view, **changes)
        if new != self._view:
            self._view = new
            self.rebuild()

    def rebuild(self) -> None:
        """The new table's role maps; a model reset only when its rows or its number of columns differ.

        Another period of the same statement usually has the same rows: then the
        views keep their rows, expansion, selection and scroll position, and only
        repaint the figures and headers (dataChanged, headerDataChanged).
        """
        roles = self._roles_for(self._view)
        old = self._before = self._roles
        if roles.row_ids == old.row_ids and (roles.column_count == old.column_count or self._columns_moved(old, roles)):
            self._roles = roles
            for top_left, bottom_right in self._cell_ranges():
                self.dataChanged.emit(top_left, bottom_right)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, roles.column_count - 1)
            return
        self.beginResetModel()
        self._roles = roles
        self._shape()
        self.endResetModel()

    def _columns_moved(self, old: TableRoles, new: TableRoles) -> bool:
        """Take the new role maps with columns added or taken away at the end, not a reset; False where it cannot."""
        return False

    def _roles_for(self, view) -> TableRoles:
        """The role maps of a view: built once, then kept for the last views shown (the index is the same)."""
        roles = self._cache.get(view)
        if roles is None:
            roles = self._cache[view] = TableRoles(view.table(self._index), self._style, self.INDENT, self._notes)
            while len(self._cache) > self.CACHED_VIEWS:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(view)
        return roles

    def _labels_kept(self) -> bool:
        """Whether the new role maps have the row labels of those before (then a change leaves column 0 out).

        A proxy re-filters and re-sorts the rows of every change that reaches
        its filter or sort column; another period keeps the labels, so the
        change starts after them.
        """
        new, old = self._roles.cells, self._before.cells
        return len(new) == len(old) and all(a[0] == b[0] for a, b in zip(new, old))

    def _shape(self) -> None:
        """Derive the row structure from the new table (inside the model reset)."""

    def _cell_ranges(self) -> list[tuple[QModelIndex, QModelIndex]]:
        """Every cell as (top left, bottom right) ranges, each under one parent (for dataChanged)."""
        raise NotImplementedError

    def display_cells(self) -> list[tuple[int, list[tuple[str, QFont | None]]]]:
        """Each row's nesting depth and its cells' (shown text, font role): what a column's width depends on."""
        return [
            (row.depth, [(roles.get(_D) or "", roles.get(_FONT)) for roles in cells])  # type: ignore[misc]
            for row, cells in zip(self.table.rows, self._roles.cells)
        ]

    def column_of(self, key: str) -> int:
        """The model column of a table column key ("actual", "FY2010-H1:change", ...), -1 when absent."""
        for i, c in enumerate(self.table.columns):
            if c.key == key:
                return i + 1
        return -1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        return self._roles.header(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags


class StatementTreeModel(FigureModel, QAbstractItemModel):
    """The rows of one statement, nested, for one period against the same period a year earlier."""

    def __init__(self, index: FactIndex | None = None, view: StatementView | None = None, parent=None) -> None:
        QAbstractItemModel.__init__(self, parent)
        self._parents: list[int] = []  # row number of each row's parent in the table, -1 at the top
        self._children: dict[int, list[int]] = {}  # parent row number (-1: root) -> its children's row numbers
        self._position: list[int] = []  # each row's position among its siblings
        self._start(index, view or StatementView())

    def _shape(self) -> None:
        number = {row.concept_id: n for n, row in enumerate(self.table.rows)}
        self._parents = [number.get(row.parent, -1) for row in self.table.rows]
        self._children = {}
        self._position = []
        for n, p in enumerate(self._parents):
            siblings = self._children.setdefault(p, [])
            self._position.append(len(siblings))
            siblings.append(n)

    def _cell_ranges(self) -> list[tuple[QModelIndex, QModelIndex]]:
        last = self._roles.column_count - 1
        first = 1 if self._labels_kept() and last >= 1 else 0
        return [
            (self.createIndex(0, first, rows[0]), self.createIndex(len(rows) - 1, last, rows[-1]))
            for rows in self._children.values()
            if rows
        ]

    def cell_roles(self, index: Index) -> dict[int, object]:
        """Every role of a cell, for `RolesProxy.multiData` (read only)."""
        return self._roles.cells[index.internalId()][index.column()]

    # --- lookups for the view ---
    def row_of(self, index: Index) -> TableRow | None:
        return self.table.rows[index.internalId()] if index.isValid() else None

    def index_of(self, concept_id: str, column: int = 0) -> QModelIndex:
        for n, row in enumerate(self.table.rows):
            if row.concept_id == concept_id:
                return self.createIndex(self._position[n], column, n)
        return QModelIndex()

    # --- QAbstractItemModel ---
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        # hasIndex() without its calls back into rowCount() and columnCount(): views call this for every cell they paint
        if parent.isValid():
            if parent.column() != 0:
                return QModelIndex()
            p = parent.internalId()
        else:
            p = -1
        children = self._children.get(p, ())
        if not (0 <= row < len(children) and 0 <= column < self._roles.column_count):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        p = self._parents[index.internalId()]
        if p < 0:
            return QModelIndex()
        return self.createIndex(self._position[p], 0, p)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid():
            if parent.column() != 0:
                return 0
            return len(self._children.get(parent.internalId(), ()))
        return len(self._children.get(-1, ()))

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return self._roles.column_count

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        return role_value(self._roles.cells[index.internalId()][index.column()], int(role))



def fill_roles(roles: dict[int, object], role_data_span) -> None:
    """Answer a view's request for several roles of a cell from its role map, in one call from C++."""
    # Every item is written, an absent role as None: the delegate hands the same span from cell to cell.
    for item in role_data_span:
        role = item.role()
        value = roles.get(role)
        if type(value) is _Tip:
            value = role_value(roles, role)
        # An alignment as a plain int: converting the flag enum takes ten times as long.
        item.setData(int(cast(Qt.AlignmentFlag, value)) if role == _ALIGN and value is not None else value)


class StatementFilterProxy(QSortFilterProxyModel):
    """The Statements page's filter (a match keeps its ancestors); a painted cell costs one call into Python.

    The base class asks the source role by role (a dozen calls into Python per
    cell, each mapping the index again) and for its flags; here the flags are
    the source's constant and `multiData` answers every role from the cell's
    role map at once.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)  # a match keeps its ancestors
        self.setFilterKeyColumn(0)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    @property
    def source(self) -> StatementTreeModel:
        """The source model (the page sets a StatementTreeModel; Qt's `sourceModel()` is typed as any model)."""
        return cast(StatementTreeModel, self.sourceModel())

    def multiData(self, index: Index, roleDataSpan) -> None:  # noqa: N802, N803 (Qt override)
        fill_roles(self.source.cell_roles(self.mapToSource(index)) if index.isValid() else {}, roleDataSpan)
