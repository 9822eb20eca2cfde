"""The Sources page: the library's documents, the text of one with line numbers, its pages, and the figures read from it.

`show_source(ref)` is how every other page's double-click lands here: the
document is selected, its line centred and highlighted; a document imported
from a PDF opens on the page that prints the figure, its box marked (the
Page tab; the Text tab keeps the line).  The text is searchable (Ctrl+F in the
text, Enter for the next match); the window's find text filters the figures
list and marks its matches in the text.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QFontDatabase,
    QKeySequence,
    QPainter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QWidget,
)

from iijviewer.base.facts import RawFact
from iijviewer.base.formatting import DisplayUnit
from iijviewer.base.safefile import plain_tip
from iijviewer.ingest.formats import PdfLayout, layout_path, read_layout
from iijviewer.models import palette
from iijviewer.models.document_model import DocumentTableModel, kind_text
from iijviewer.models.facts_model import FactsTableModel, RowTableModel, concept_label
from iijviewer.models.roles import SourceRole
from iijviewer.ui.page_view import PageView
from iijviewer.ui.panel import EmptyState, Panel, RemovalRequesting, SourcePage, tool_button, vbox
from iijviewer.views.doctext import figure_spans, readable_lines

MAX_MARKED_MATCHES = 2000  # beyond this, matches are found one at a time but not all painted


def table_view(model, stretch_column: int | None = None) -> QTableView:
    """A read-only, row-selecting table with compact rows, as the pages of this window use."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 6)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setStretchLastSection(stretch_column is None)
    if stretch_column is not None:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return view


def splitter(orientation: Qt.Orientation, *widgets: QWidget, stretch: tuple[int, ...] = ()) -> QSplitter:
    """A splitter whose panes never collapse to nothing, with stretch factors in pane order."""
    split = QSplitter(orientation)
    for w in widgets:
        split.addWidget(w)
    for i, factor in enumerate(stretch):
        split.setStretchFactor(i, factor)
    split.setChildrenCollapsible(False)
    return split


def empty_or(text: str, content: QWidget) -> tuple[QStackedWidget, EmptyState]:
    """A stack that shows an explanation until there is content (`stack.setCurrentIndex(1)`)."""
    empty = EmptyState(text)
    stack = QStackedWidget()
    stack.addWidget(empty)
    stack.addWidget(content)
    return stack, empty


def selected_rows_text(view: QTableView) -> str | None:
    """The selected rows of a RowTableModel view as tab-separated text with headers; None if none."""
    selection = view.selectionModel()
    if selection is None or not selection.hasSelection():
        return None
    rows = sorted({i.row() for i in selection.selectedRows()} or {i.row() for i in selection.selectedIndexes()})
    model = view.model()
    if not isinstance(model, RowTableModel):
        raise TypeError(f"selected_rows_text: {type(model).__name__} is not a RowTableModel")
    return model.rows_text(rows) if rows else None


class _LineNumberArea(QWidget):
    def __init__(self, editor: "LineNumberedTextView") -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event) -> None:
        self.editor.paint_gutter(event)


class LineNumberedTextView(QPlainTextEdit):
    """A read-only monospace text with 1-based line numbers in a gutter; no wrapping.

    It shows a document's lines readable (`doctext.readable_lines`: no markup, a
    table's columns lined up), one shown line per document line.
    """

    find_requested = Signal()  # Ctrl+F pressed inside the text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.setFont(font)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        self._gutter = _LineNumberArea(self)
        self.highlighted_line = 0
        self.highlighted_figure: tuple | None = None  # (value, decimals) of the figure marked on that line
        self._matches: list[QTextEdit.ExtraSelection] = []
        palette.notifier().changed.connect(self._recolour)
        self.blockCountChanged.connect(self._update_gutter_width)
        self.updateRequest.connect(self._update_gutter)
        self._update_gutter_width()

    # -- gutter --------------------------------------------------------------------
    def gutter_width(self) -> int:
        digits = max(3, len(str(max(1, self.blockCount()))))
        return 12 + self.fontMetrics().horizontalAdvance("9") * digits

    def _update_gutter_width(self, _count: int = 0) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _update_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        r = self.contentsRect()
        self._gutter.setGeometry(QRect(r.left(), r.top(), self.gutter_width(), r.height()))

    def paint_gutter(self, event) -> None:
        painter = QPainter(self._gutter)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.alternateBase())
        painter.setPen(palette.mid().color())
        painter.drawLine(self._gutter.width() - 1, event.rect().top(), self._gutter.width() - 1, event.rect().bottom())
        block = self.firstVisibleBlock()
        number = block.blockNumber()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        width = self._gutter.width() - 6
        height = self.fontMetrics().height()
        normal = palette.placeholderText().color()
        strong = palette.text().color()
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible() and bottom >= event.rect().top():
                line = number + 1
                painter.setPen(strong if line == self.highlighted_line else normal)
                painter.drawText(0, top, width, height, Qt.AlignmentFlag.AlignRight, str(line))
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
            number += 1
        painter.end()

    # -- content -------------------------------------------------------------------
    def set_lines(self, lines) -> None:
        # Qt would start a new line at these separators too; line numbers must stay the document's.
        text = "\n".join(readable_lines(line.replace("\u2028", " ").replace("\u2029", " ") for line in lines))
        self.highlighted_line = 0
        self.highlighted_figure = None
        self._matches = []
        self.setPlainText(text)
        self._apply_selections()

    def current_line(self) -> int:
        return self.textCursor().blockNumber() + 1

    def go_to_line(self, line: int, highlight: bool = True, figure: tuple | None = None) -> bool:
        """Put the cursor at the start of a 1-based line, centred; False if there is no such line.

        `figure` (value, decimals): the number on the line to mark, not only the line.
        """
        block = self.document().findBlockByNumber(line - 1)
        if not block.isValid():
            return False
        cursor = QTextCursor(block)
        self.setTextCursor(cursor)
        self.centerCursor()
        if highlight:
            self.highlighted_line = line
            self.highlighted_figure = figure
        self._apply_selections()
        self._gutter.update()
        return True

    def line_text(self, line: int) -> str:
        return self.document().findBlockByNumber(line - 1).text()

    # -- find ------------------------------------------------------------------------
    def mark_matches(self, text: str) -> int:
        """Paint every occurrence of `text` (case-insensitive); the number of matches."""
        self._matches = []
        count = 0
        if text:
            fmt = QTextCharFormat()
            fmt.setBackground(palette.colour("find_match"))
            cursor = self.document().find(text, 0)
            while not cursor.isNull():
                count += 1
                if count <= MAX_MARKED_MATCHES:
                    sel = QTextEdit.ExtraSelection()
                    sel.cursor = cursor
                    sel.format = fmt
                    self._matches.append(sel)
                cursor = self.document().find(text, cursor)
        self._apply_selections()
        return count

    def find_next(self, text: str, backward: bool = False) -> bool:
        """Select the next (or previous) match after the cursor, wrapping around; False if none."""
        if not text:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        cursor = self.document().find(text, self.textCursor(), flags)
        if cursor.isNull():
            start = QTextCursor(self.document())
            start.movePosition(QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start)
            cursor = self.document().find(text, start, flags)
        if cursor.isNull():
            return False
        self.setTextCursor(cursor)
        self.centerCursor()
        return True

    def _recolour(self, _scheme: str = "") -> None:
        """The marks in the new theme's colours (the text itself follows the window's palette)."""
        fmt = QTextCharFormat()
        fmt.setBackground(palette.colour("find_match"))
        for sel in self._matches:
            sel.format = fmt
        self._apply_selections()

    def _apply_selections(self) -> None:
        selections = list(self._matches)
        if self.highlighted_line:
            block = self.document().findBlockByNumber(self.highlighted_line - 1)
            if block.isValid():
                sel = QTextEdit.ExtraSelection()
                fmt = QTextCharFormat()
                fmt.setBackground(palette.colour("source_line"))  # a quiet band: the figure itself is marked below
                fmt.setProperty(QTextCharFormat.Property.FullWidthSelection, True)
                sel.format = fmt
                sel.cursor = QTextCursor(block)
                marks = [sel]
                if self.highlighted_figure is not None:
                    figure = QTextCharFormat()
                    figure.setBackground(palette.colour("source_figure"))
                    for start, length in figure_spans(block.text(), *self.highlighted_figure):
                        mark = QTextEdit.ExtraSelection()
                        cursor = QTextCursor(block)
                        cursor.setPosition(block.position() + start)
                        cursor.setPosition(block.position() + start + length, QTextCursor.MoveMode.KeepAnchor)
                        mark.cursor = cursor
                        mark.format = figure
                        marks.append(mark)
                selections[:0] = marks  # under the find matches
        self.setExtraSelections(selections)

    def event(self, event) -> bool:
        # Ctrl+F in the text is the text's own find, not the window's.
        if event.type() == QEvent.Type.ShortcutOverride and event.matches(QKeySequence.StandardKey.Find):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Find):
            self.find_requested.emit()
            return
        super().keyPressEvent(event)


class SourcesPanel(Panel, SourcePage, RemovalRequesting):
    title = "Sources"

    remove_requested = Signal(object)  # the ids of imported documents to take out of the library (the window asks)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document_model = DocumentTableModel(parent=self)
        self.facts_model = FactsTableModel(parent=self)
        self._facts_by_document: dict = {}
        self._statuses: dict = {}
        self._filter = ""
        self.document_id: str | None = None

        self.documents_view = table_view(self.document_model, stretch_column=DocumentTableModel.TITLE)
        self.documents_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # a table that takes focus by Tab makes its first row current, opening a document nobody chose
        self.documents_view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.documents_view.selectionModel().currentRowChanged.connect(self._on_document_changed)
        self.documents_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.remove_action = QAction("&Remove from Library…", self)
        self.remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_action.setStatusTip("Take the selected imported document out of the library")
        self.remove_action.triggered.connect(self.request_removal)
        self.remove_action.setEnabled(False)
        self.documents_view.addAction(self.remove_action)
        self.remove_button = QToolButton()
        self.remove_button.setDefaultAction(self.remove_action)
        self.remove_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

        # the reading area: heading, find bar, text | figures
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setStyleSheet("font-weight: 600;")
        self.heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Find in text (Ctrl+F)")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setMinimumWidth(200)
        self.find_edit.setMaximumWidth(280)
        self.find_edit.textChanged.connect(self._on_find_text)
        self.find_edit.returnPressed.connect(self.find_next)
        self.find_previous_button = tool_button("\u25b2", "Previous match (Shift+Enter)", lambda: self.find_next(backward=True))
        self.find_next_button = tool_button("\u25bc", "Next match (Enter)", lambda: self.find_next())
        self.match_label = QLabel()
        self.match_label.setMinimumWidth(80)
        top = QHBoxLayout()
        top.setContentsMargins(6, 4, 6, 4)
        top.addWidget(self.heading, 1)
        top.addWidget(self.remove_button)
        top.addWidget(self.find_edit)
        top.addWidget(self.find_previous_button)
        top.addWidget(self.find_next_button)
        top.addWidget(self.match_label)

        self.text_view = LineNumberedTextView()
        self.text_view.find_requested.connect(self.focus_find)
        self.facts_view = table_view(self.facts_model, stretch_column=FactsTableModel.CONCEPT)
        self.facts_view.clicked.connect(self._on_fact_clicked)
        self.facts_view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._on_fact_clicked(cur))
        self.facts_caption = QLabel()
        self.facts_caption.setContentsMargins(6, 4, 6, 4)
        facts_box = QWidget()
        fl = vbox(facts_box)
        fl.addWidget(self.facts_caption)
        fl.addWidget(self.facts_view)

        self.page_view = PageView()
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.addTab(self.text_view, "Text")
        self.views.addTab(self.page_view, "Page")
        self._layout: PdfLayout | None = None

        reading = splitter(Qt.Orientation.Horizontal, self.views, facts_box, stretch=(3, 2))
        reading_box = QWidget()
        rl = vbox(reading_box)
        rl.addLayout(top)
        rl.addWidget(reading, 1)

        self.stack, self.empty = empty_or(
            "Select a document above to read it, or double-click a figure on another page to open its source.",
            reading_box,
        )
        self.splitter = splitter(Qt.Orientation.Vertical, self.documents_view, self.stack, stretch=(0, 1))
        vbox(self).addWidget(self.splitter)
        self._show_document(None)

    # -- the Panel interface -----------------------------------------------------------
    def set_data(self, library, index) -> None:
        super().set_data(library, index)
        self._facts_by_document = {}
        for f in library.raw:
            self._facts_by_document.setdefault(f.source.document, []).append(f)
        self._statuses = {o.fact: o.status for o in library.occurrences}
        counts = Counter({d: len(fs) for d, fs in self._facts_by_document.items()})
        previous = self.document_id
        self.document_model.set_documents(library.documents, counts)
        self._fit_documents_view()
        row = self.document_model.row_of(previous) if previous else -1
        if row >= 0:
            self._select_document_row(row)
            self._refresh_facts()  # the same document, but what the new library does with its figures may differ
        else:
            self._show_document(None)

    def set_display_unit(self, unit: DisplayUnit) -> None:
        super().set_display_unit(unit)
        self.facts_model.set_display_unit(unit)

    def set_filter(self, text: str) -> None:
        """Figures whose concept or printed label contains `text`; its matches marked in the text."""
        self._filter = text.strip()
        self._refresh_facts()
        if self.find_edit.text() != self._filter:
            self.find_edit.setText(self._filter)

    def copy_text(self) -> str | None:
        if self.facts_view.hasFocus() or not self.text_view.textCursor().hasSelection():
            text = selected_rows_text(self.facts_view)
            if text:
                return text
        selected = self.text_view.textCursor().selectedText()
        return selected.replace("\u2029", "\n") if selected else selected_rows_text(self.documents_view)

    # -- navigation ----------------------------------------------------------------------
    def show_source(self, ref) -> bool:
        """Open a document at a line, centred and highlighted; False if the library has no such document.

        `ref` is a SourceRef, or a reported figure (a RawFact): then that figure is marked on its line.
        """
        wanted = ref if hasattr(ref, "source") else None
        ref = wanted.source if wanted is not None else ref
        row = self.document_model.row_of(ref.document)
        if row < 0:
            self.status_message.emit(f"{ref}: the document is not in the library")
            return False
        self._select_document_row(row)
        if not self.text_view.go_to_line(ref.line):
            self.status_message.emit(f"{ref}: the document has no line {ref.line}")
            return False
        fact_row = self.facts_model.row_of_line(ref.line)
        fact: RawFact | None
        if fact_row >= 0:
            # every figure printed on the line, the one asked for (else the first) current
            first = fact_row
            last = fact_row
            while last + 1 < self.facts_model.rowCount() and self.facts_model.fact(last + 1).source.line == ref.line:
                last += 1
            if wanted is not None:
                fact_row = next((r for r in range(first, last + 1) if self.facts_model.fact(r) == wanted), fact_row)
            self.facts_view.selectRow(fact_row)
            if last > first:
                rows = QItemSelection(self.facts_model.index(first, 0), self.facts_model.index(last, 0))
                self.facts_view.selectionModel().select(
                    rows, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
                )
            # after a model reset the view lays its rows out later; it must know them to scroll
            self.facts_view.doItemsLayout()
            self._center_current_fact()
            fact = self.facts_model.fact(fact_row)
        else:
            self.facts_view.clearSelection()
            fact = wanted
        if fact is not None:
            self.text_view.go_to_line(ref.line, figure=(fact.value, fact.decimals))
        if self._show_on_page(ref.line, fact):
            self.views.setCurrentWidget(self.page_view)  # the figure where IIJ printed it
        return True

    def _show_on_page(self, line: int, fact=None) -> bool:
        """The page that prints a line of the document (a figure's box marked); False if the document has no pages."""
        place = self._layout.place(line) if self._layout is not None else None
        if place is None:
            return False
        box = place.figure_box(fact.value, fact.decimals) if fact is not None else (place.x0, place.top, place.x1, place.bottom)
        return self.page_view.show_page(place.page, box)

    def show_document(self, doc_id: str) -> bool:
        row = self.document_model.row_of(doc_id)
        if row >= 0:
            self._select_document_row(row)
        return row >= 0

    def focus_find(self) -> None:
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def find_next(self, backward: bool = False) -> bool:
        found = self.text_view.find_next(self.find_edit.text(), backward)
        if not found and self.find_edit.text():
            self.match_label.setText("no match")
        return found

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # show_source() runs while the page is hidden; a hidden view cannot scroll to a row yet
        self._center_current_fact()
        if self.text_view.highlighted_line:
            self.text_view.centerCursor()

    def _center_current_fact(self) -> None:
        current = self.facts_view.currentIndex()
        if current.isValid() and self.facts_view.selectionModel().isRowSelected(current.row(), QModelIndex()):
            self.facts_view.scrollTo(current, QAbstractItemView.ScrollHint.PositionAtCenter)

    def keyPressEvent(self, event) -> None:
        # Shift+Enter in the find field: previous match
        if self.find_edit.hasFocus() and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.find_next(backward=bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
            return
        super().keyPressEvent(event)

    # -- internals -------------------------------------------------------------------------
    def _select_document_row(self, row: int) -> None:
        index = self.document_model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.documents_view.selectionModel().setCurrentIndex(index, flags)
        if self.document_id != self.document_model.document(row).id:
            self._show_document(row)

    def _on_document_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_document(current.row() if current.isValid() else None)

    def _show_document(self, row: int | None) -> None:
        if row is None:
            self.document_id = None
            self.stack.setCurrentWidget(self.empty)
            self.text_view.set_lines(())
            self._set_pages(None)
            self.remove_action.setEnabled(False)
            self.facts_model.set_facts(())
            return
        doc = self.document_model.document(row)
        if doc.id == self.document_id:
            return
        self.document_id = doc.id
        self.text_view.set_lines(doc.lines)
        self._set_pages(doc)
        self.remove_action.setEnabled(not doc.bundled)
        self.remove_button.setVisible(not doc.bundled)
        # the id is how findings and the command line cite the document; the title is in the table above
        self.heading.setText(doc.id if doc.source_kind == "text" else f"{doc.id}  (from {doc.source_kind})")
        read_from = f"\nRead from {doc.original_path}" if doc.original_path else ""
        self.heading.setToolTip(plain_tip(f"{doc.title}\n{kind_text(doc.kind)}, {doc.publication_date}\n{doc.path}{read_from}"))
        self._refresh_facts()
        self._on_find_text(self.find_edit.text())
        self.stack.setCurrentIndex(1)

    def request_removal(self) -> None:
        """Ask the window to take the document shown out of the library (imported documents only)."""
        if self.document_id is None:
            return
        row = self.document_model.row_of(self.document_id)
        if row >= 0 and not self.document_model.document(row).bundled:
            self.remove_requested.emit([self.document_id])

    def _set_pages(self, doc) -> None:
        """The pages of a document imported from a PDF (its layout kept beside it), else none: the Text tab."""
        pdf = doc.original_path if doc is not None and doc.source_kind == "PDF" else None
        self._layout = read_layout(layout_path(doc.path)) if pdf is not None and pdf.is_file() else None
        page_index = self.views.indexOf(self.page_view)
        if self._layout is None or pdf is None:  # (no layout is read without a PDF)
            self.page_view.set_pdf(None, 0)
            self.views.setTabEnabled(page_index, False)
            self.views.setTabToolTip(page_index, "Only a document imported from a PDF has pages to show")
            self.views.setCurrentWidget(self.text_view)
            return
        self.page_view.set_pdf(pdf, len(self._layout.pages))
        self.views.setTabEnabled(page_index, True)
        self.views.setTabToolTip(page_index, f"The pages of {pdf.name}, as IIJ printed them")

    def _refresh_facts(self) -> None:
        facts = self._facts_by_document.get(self.document_id, []) if self.document_id else []
        needle = self._filter.lower()
        if needle:
            facts = [f for f in facts if needle in concept_label(f.concept).lower() or needle in f.label.lower()]
        self.facts_model.set_facts(facts, self._statuses)
        total = len(self._facts_by_document.get(self.document_id, [])) if self.document_id else 0
        shown = f"{len(facts):,} of {total:,}" if needle else f"{total:,}"
        self.facts_caption.setText(f"Figures read from this document: {shown}  \u2014  click one to see its line")
        self.facts_view.resizeColumnsToContents()
        self.facts_view.horizontalHeader().setSectionResizeMode(FactsTableModel.CONCEPT, QHeaderView.ResizeMode.Stretch)

    def _on_fact_clicked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        ref = self.facts_model.data(index, SourceRole)
        if ref is not None:
            fact = self.facts_model.fact(index.row())
            self.text_view.go_to_line(ref.line, figure=(fact.value, fact.decimals))
            self._show_on_page(ref.line, fact)

    def _on_find_text(self, text: str) -> None:
        count = self.text_view.mark_matches(text)
        self.match_label.setText("" if not text else f"{count:,} match{'es' if count != 1 else ''}")

    def _fit_documents_view(self) -> None:
        view = self.documents_view
        view.resizeColumnsToContents()
        view.horizontalHeader().setSectionResizeMode(DocumentTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        rows = min(max(self.document_model.rowCount(), 3), 8)
        height = view.horizontalHeader().sizeHint().height() + rows * view.verticalHeader().defaultSectionSize() + 4
        view.setMinimumHeight(min(height, 120))
        self.splitter.setSizes([height, max(self.splitter.height() - height, 400)])
