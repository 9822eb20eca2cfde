"""The window's dialogs with lists in them: what an import did, and every report of a figure.

Both are bounded by the screen they open on (a list of hundreds of conflicts
scrolls inside the dialog, its buttons always in view), and both speak the
tables' language: concept labels, period names, figures in the display unit.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from iijviewer.base.formatting import DisplayUnit
from iijviewer.base.safefile import printable
from iijviewer.models.reports_model import ReportsTableModel, reports_of, with_inputs
from iijviewer.models.roles import SourceRole
from iijviewer.views.import_report import ImportReport

SCREEN_SHARE = 0.8  # the most of the screen's free area a dialog takes


def fit_to_screen(dialog: QDialog, wanted: QSize) -> None:
    """Size a dialog to `wanted`, but never beyond a share of the free area of the screen it opens on."""
    parent = dialog.parentWidget()
    screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
    free = screen.availableGeometry()
    most = QSize(int(free.width() * SCREEN_SHARE), int(free.height() * SCREEN_SHARE))
    dialog.setMaximumSize(free.size())
    dialog.resize(wanted.boundedTo(most).expandedTo(QSize(360, 240)))


def _heading(text: str) -> QLabel:
    label = QLabel(printable(text))
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ImportReportDialog(QDialog):
    """What an import added: a headline, then each file's figures, new periods, conflicts and unread tables in a tree."""

    def __init__(self, report: ImportReport, unit: DisplayUnit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Finished")
        self.report = report
        self.headline = _heading(f"{report.headline}  Figures in {unit.label}.")
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        for f in report.files:
            item = QTreeWidgetItem(self.tree, [printable(f.title)])
            for section in f.sections:
                child = QTreeWidgetItem(item, [printable(section.title)])
                for line in section.lines:
                    leaf = QTreeWidgetItem(child, [printable(line.text)])
                    for detail in line.details:
                        QTreeWidgetItem(leaf, [printable(detail)])
                child.setExpanded(len(section.lines) <= 20)  # a long list opens on request
            item.setExpanded(True)
        if report.refused:
            refused = QTreeWidgetItem(self.tree, [f"Refused: {len(report.refused)}"])
            for r in report.refused:
                QTreeWidgetItem(refused, [printable(r)])
            refused.setExpanded(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        copy = self.buttons.addButton("Copy Report", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(report.text()))
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.buttons)
        rows = sum(1 for _ in self._items())
        wanted = QSize(760, self.tree.sizeHintForRow(0) * (rows + 2) + 120 if rows else 240)
        fit_to_screen(self, wanted)

    def _items(self) -> Iterator[QTreeWidgetItem]:
        stack = _top_items(self.tree)
        while stack:
            item = stack.pop()
            yield item
            if item.isExpanded():
                stack.extend(_child_items(item))

    def texts(self) -> list[str]:
        """Every line of the tree, depth first (for tests and for the reader's eye)."""
        out = []

        def walk(item: QTreeWidgetItem) -> None:
            out.append(item.text(0))
            for child in _child_items(item):
                walk(child)

        for item in _top_items(self.tree):
            walk(item)
        return out


def _top_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    """The tree's top-level items, in order (Qt gives None only for an index out of range)."""
    return [item for i in range(tree.topLevelItemCount()) if (item := tree.topLevelItem(i)) is not None]


def _child_items(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    """An item's children, in order."""
    return [child for i in range(item.childCount()) if (child := item.child(i)) is not None]


class ReportsDialog(QDialog):
    """Every report of some figures: document, line, value and whether it is the one used; double-click opens it."""

    source_requested = Signal(object)  # a SourceRef

    def __init__(self, keys, library, index, unit: DisplayUnit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from iijviewer.ui.sources import table_view
        from iijviewer.views.import_report import figure_name

        self.setWindowTitle("All Reports")
        keys = [tuple(k) for k in dict.fromkeys(tuple(k) for k in keys)]

        def fact_of(key):
            return index.by_concept.get(key[0], {}).get((key[1], key[2])) if index is not None else None

        derived = [fact_of(k) for k in keys if (f := fact_of(k)) is not None and f.derived]
        facts, statuses = reports_of(with_inputs(keys, fact_of), library.occurrences)
        self.model = ReportsTableModel(facts, statuses, unit, self)
        names = ", ".join(figure_name(*k) for k in keys[:3]) + (f" and {len(keys) - 3} more" if len(keys) > 3 else "")
        text = f"{names}: {len(facts):,} report{'s' if len(facts) != 1 else ''} in the library."
        if derived:
            inputs = "; ".join(f"{figure_name(*f.key)} = {f.label}" for f in derived[:3])
            text += f" Derived by period arithmetic ({inputs}): the reports of its inputs are listed."
        if facts:
            text += " Double-click a report to open its document at that line."
        self.heading = _heading(text)
        self.view = table_view(self.model, stretch_column=None)
        self.view.resizeColumnsToContents()
        self.view.doubleClicked.connect(self._open)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = self.buttons.addButton("Open Source", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(lambda: self._open(self.view.currentIndex()))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        width = sum(self.view.columnWidth(c) for c in range(self.model.columnCount())) + 60
        height = self.view.verticalHeader().defaultSectionSize() * (self.model.rowCount() + 2) + 140
        fit_to_screen(self, QSize(max(width, 640), height))
        if self.model.rowCount():
            self.view.selectRow(0)

    def _open(self, index) -> None:
        ref = self.model.data(index, SourceRole) if index.isValid() else None
        if ref is not None:
            self.source_requested.emit(ref)
