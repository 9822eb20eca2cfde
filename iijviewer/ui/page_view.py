"""A page of a PDF as IIJ printed it, with a figure's box marked: where the Sources page shows a figure of a PDF.

Pages are rendered by pypdfium2 (PDFium, Apache-2.0/BSD-3) when they are
shown, at the width of the view and the screen's pixel ratio, one at a time;
the PDF stays open while its document is shown.  pypdfium2 is imported only
when a PDF's page is first shown, never at start.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeySequence, QPainter, QPen, QPixmap, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QSpinBox, QStyle, QWidget

from iijviewer.ingest.formats import Box
from iijviewer.models import palette
from iijviewer.ui.panel import EmptyState, tool_button, vbox

PAGE_MARGIN = 12  # pixels of background around the page
ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)  # of the view's width


class PageView(QWidget):
    """One page of a PDF at a time, fitted to the view's width (zoomable), a box of it marked."""

    page_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path: Path | None = None
        self._pdf = None  # pypdfium2.PdfDocument while a PDF is shown
        self._pages = 0
        self.page = 0  # 1-based; 0: none
        self.box: Box | None = None
        self._zoom = ZOOMS.index(1.0)
        self.error = ""

        self.previous_button = tool_button("\u25c0", "Previous page (Page Up)", lambda: self.show_page(self.page - 1))
        self.next_button = tool_button("\u25b6", "Next page (Page Down)", lambda: self.show_page(self.page + 1))
        self.page_box = QSpinBox()
        self.page_box.setMinimum(1)
        self.page_box.setKeyboardTracking(False)
        self.page_box.setPrefix("Page ")
        self.page_box.valueChanged.connect(lambda n: self.show_page(n) if n != self.page else None)
        self.pages_label = QLabel()
        self.zoom_out_button = tool_button("\u2212", "Zoom out (Ctrl+-)", lambda: self.zoom(-1))
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("300%") + 4)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = tool_button("+", "Zoom in (Ctrl++)", lambda: self.zoom(+1))
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 2)
        for w in (self.previous_button, self.page_box, self.pages_label, self.next_button):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.zoom_out_button, self.zoom_label, self.zoom_in_button):
            bar.addWidget(w)

        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.image)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area.setBackgroundRole(self.palette().ColorRole.Dark)
        self.empty = EmptyState("Only a document imported from a PDF has pages to show.")
        layout = vbox(self)
        layout.addLayout(bar)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.empty, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.ZoomIn), self, lambda: self.zoom(+1))
        QShortcut(QKeySequence(QKeySequence.StandardKey.ZoomOut), self, lambda: self.zoom(-1))
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, lambda: self.show_page(self.page + 1))
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, lambda: self.show_page(self.page - 1))
        self._pending = QTimer(self, singleShot=True, interval=0)
        self._pending.timeout.connect(self._render)
        self.set_pdf(None, 0)

    # -- what is shown ----------------------------------------------------------------
    @property
    def pages(self) -> int:
        return self._pages

    def set_pdf(self, path: Path | None, pages: int) -> None:
        """Show this PDF (of `pages` pages, as its layout says), or nothing; the first page until told otherwise."""
        if path == self._path and path is not None:
            return
        self._close()
        self._path, self._pages, self.page, self.box, self.error = path, (pages if path else 0), 0, None, ""
        shown = path is not None
        self.scroll_area.setVisible(shown)
        self.empty.setVisible(not shown)
        for w in (self.previous_button, self.next_button, self.page_box, self.zoom_in_button, self.zoom_out_button):
            w.setEnabled(shown)
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(max(1, self._pages))
        self.page_box.setValue(1)
        self.page_box.blockSignals(False)
        self.pages_label.setText(f"of {self._pages}" if shown else "")
        self.image.clear()
        if shown:
            self.show_page(1)
        self._update_zoom_label()

    def show_page(self, page: int, box: Box | None = None) -> bool:
        """Show a 1-based page, `box` (points from the page's top left) marked and scrolled into view."""
        if self._path is None or not 1 <= page <= self._pages:
            return False
        self.page, self.box = page, box
        self.page_box.blockSignals(True)
        self.page_box.setValue(page)
        self.page_box.blockSignals(False)
        self.previous_button.setEnabled(page > 1)
        self.next_button.setEnabled(page < self._pages)
        self._pending.start()  # once the view has its size
        self.page_changed.emit(page)
        return True

    def zoom(self, step: int) -> None:
        self._zoom = min(max(self._zoom + step, 0), len(ZOOMS) - 1)
        self._update_zoom_label()
        if self.page:
            self._pending.start()

    def _update_zoom_label(self) -> None:
        self.zoom_label.setText(f"{ZOOMS[self._zoom]:.0%}")

    # -- drawing ------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.page and event.size().width() != event.oldSize().width():
            self._pending.start()

    def sizeHint(self) -> QSize:
        return QSize(480, 640)

    def _open(self):
        if self._pdf is None and self._path is not None:
            import pypdfium2

            try:
                self._pdf = pypdfium2.PdfDocument(str(self._path))
            except (pypdfium2.PdfiumError, OSError) as e:
                self.error = f"{self._path.name}: the page cannot be shown ({e})"
                return None
        return self._pdf

    def _close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None

    def _render(self) -> None:
        pdf = self._open()
        if pdf is None or not self.page:
            self.image.setText(self.error)
            return
        import pypdfium2

        page = pdf[self.page - 1]
        width_points = page.get_width()
        ratio = self.devicePixelRatioF()
        # the width the page has with the vertical scroll bar shown (a page is taller than the view)
        bar = self.scroll_area.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self.scroll_area)
        inside = self.scroll_area.width() - 2 * self.scroll_area.frameWidth() - bar - 2
        available = max(inside - 2 * PAGE_MARGIN, 200)
        scale = available / width_points * ZOOMS[self._zoom]  # pixels per point, on the screen
        bitmap = page.render(scale=scale * ratio, force_bitmap_format=pypdfium2.raw.FPDFBitmap_BGRx)
        picture = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32).copy()
        page.close()
        picture.setDevicePixelRatio(ratio)
        pixmap = QPixmap.fromImage(picture)
        if self.box is not None:
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            x0, top, x1, bottom = self.box
            pad = 2.0
            rect = QRectF((x0 - pad) * scale, (top - pad) * scale, (x1 - x0 + 2 * pad) * scale, (bottom - top + 2 * pad) * scale)
            painter.fillRect(rect, palette.colour("page_mark_fill"))  # translucent: the page still readable under it
            painter.setPen(QPen(palette.colour("page_mark_edge"), 2))
            painter.drawRect(rect)
            painter.end()
        self.image.setPixmap(pixmap)
        size = pixmap.deviceIndependentSize().toSize()
        self.image.resize(size.width() + 2 * PAGE_MARGIN, size.height() + 2 * PAGE_MARGIN)
        self.image.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        if self.box is not None:
            x0, top, x1, bottom = self.box
            centre_x = PAGE_MARGIN + (x0 + x1) / 2 * scale
            centre_y = PAGE_MARGIN + (top + bottom) / 2 * scale
            self.scroll_area.ensureVisible(round(centre_x), round(centre_y), self.scroll_area.viewport().width() // 2, self.scroll_area.viewport().height() // 2)
        else:
            self.scroll_area.verticalScrollBar().setValue(0)

    def rendered(self) -> QPixmap | None:
        """The page as drawn (tests)."""
        return self.image.pixmap() if self.image.pixmap() and not self.image.pixmap().isNull() else None

    def closeEvent(self, event) -> None:
        self._close()
        super().closeEvent(event)
