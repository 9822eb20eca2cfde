"""Print, print preview and PDF of the current page, as a report finance can file.

The report is the page's table as an HTML document (`QTextDocument`), or the
chart as a picture, laid out on the printer's pages: a header on every page
(the company, what the page shows, its periods, its unit, the share basis
where per-share figures are shown, the date printed), the column headers
repeated at the top of each page (the table's `<thead>`), and a footer naming
the sources with the page number; the last page lists every source document
in full.  Every text from a document is escaped: nothing prints as markup.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from PySide6.QtCore import QMarginsF, QModelIndex, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from iijviewer.base.formatting import plural
from iijviewer.base.periods import period_label
from iijviewer.base.safefile import printable, write_atomic_by_name
from iijviewer.base.vocabulary import Unit
from iijviewer.models.roles import FactRole
from iijviewer.models.statement_model import FIGURE_PAD, NOTE_MARK
from iijviewer.ui.panel import ChartPage, Panel, TablePage
from iijviewer.ui.statements import StatementsPanel
from iijviewer.views.comparison import WARNING_MARK

COMPANY = "Internet Initiative Japan Inc. (IIJ)"
BODY_POINTS = 8.0
HEADER_POINTS = 8.0
WIDE_TABLE = 7  # more figure columns than this print landscape
MARKS = (
    "<i style='color:#1f5ea0'>Italic blue</i>: derived by period arithmetic (a first quarter is the half year minus "
    "the second quarter). \u26a0: reports of the figure disagree beyond rounding. Every figure's document and line: "
    "iijviewer's tooltips, the Facts sheet of its workbook, or <tt>iijviewer facts</tt>."
)


@dataclass
class Report:
    title: str  # what the page shows: "Income statement", "Income statement: comparison"
    lines: list[str]  # period, unit, share basis, date printed: under the title on every page
    body: str  # HTML: the table (thead repeats on each page) or the chart's picture
    sources: list[tuple[str, str, str]] = field(default_factory=list)  # (document id, date, title)
    landscape: bool = False
    images: dict[str, QImage] = field(default_factory=dict)  # resource name -> picture, for a chart

    @property
    def footer(self) -> str:
        if not self.sources:
            return "Sources: none"
        return "Sources: " + "; ".join(doc for doc, _, _ in self.sources)


# -- what the current page shows ------------------------------------------------------------------


def _walk(model, parent: QModelIndex = QModelIndex(), depth: int = 0):
    for r in range(model.rowCount(parent)):
        idx = model.index(r, 0, parent)
        yield idx
        yield from _walk(model, idx, depth + 1)


def _clean(text: str) -> str:
    return printable(text).removeprefix(f"{NOTE_MARK} ").rstrip(FIGURE_PAD).strip()


def table_html(page) -> tuple[str, set[str], int]:
    """A figure page's whole table (every row the filter keeps, expanded), its documents, and its column count."""
    view_model = page.view.model()
    model = page.model
    columns = model.columnCount()
    documents: set[str] = set()
    head = "".join(
        f"<th align='{'left' if c == 0 else 'right'}'>{'<br>'.join(escape(printable(part)) for part in _clean(page.header(c, Qt.ItemDataRole.DisplayRole)).split(chr(10)))}</th>"
        for c in range(columns)
    )
    rows = []
    for idx in _walk(view_model):
        source = view_model.mapToSource(idx)
        row = model.row_of(source)
        if row is None:
            continue
        bold = row.emphasis
        cells = [
            f"<td style='padding-left:{4 + 10 * row.depth}px;{'font-weight:bold;' if bold else ''}"
            f"{'color:#808080;' if row.context_only else ''}'>{escape(printable(row.label))}</td>"
        ]
        for c in range(1, columns):
            cell_index = idx.siblingAtColumn(c)
            text = _clean(page.read(cell_index, Qt.ItemDataRole.DisplayRole) or "")
            fact = page.read(cell_index, FactRole)
            style = "font-weight:bold;" if bold else ""
            if fact is not None:
                documents.update(_documents(page.index, fact))
                if fact.derived:
                    style += "font-style:italic;color:#1f5ea0;"
            if text.startswith(WARNING_MARK):
                style += "color:#a64d00;"
            cells.append(f"<td align='right' style='{style}'>{escape(text)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    body = (
        "<table width='100%' cellspacing='0' cellpadding='2' style='border-collapse:collapse'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<p style='color:#555555'>{MARKS}</p>"
    )
    return body, documents, columns - 1


def _documents(index, fact, depth: int = 0) -> set[str]:
    """The documents a figure comes from (a derived figure: its inputs')."""
    if not fact.derived:
        return {fact.source.document} if fact.source is not None else set()
    found: set[str] = set()
    if index is None or fact.derivation is None or depth > 8:
        return found
    for t in fact.derivation.terms:
        term = index.get(t.concept, t.period, fact.scenario)
        if term is not None:
            found |= _documents(index, term, depth + 1)
    return found


def _sources(library, documents: set[str]) -> list[tuple[str, str, str]]:
    known = {d.id: d for d in library.documents}
    chosen = [known[d] for d in documents if d in known]
    return [(d.id, d.publication_date, d.title) for d in sorted(chosen, key=lambda d: (d.sort_date, d.id))]


def _share_basis(library, table) -> str:
    """The share basis line, where the table shows per-share figures: the basis the window shows them on."""
    if not any(row.concept.unit == Unit.JPY_PER_SHARE for row in table.rows):
        return ""
    return f"Share basis: {library.on_basis.note}"


def _unit_line(page, table) -> str:
    """The unit the table's figures are in, as its headers say (per share, counts), or the unit chosen."""
    if page.unit.currency != Unit.JPY or not table.columns:
        return page.unit.label
    _, _, unit = table.columns[0].title.partition("\n")
    return unit or page.unit.label


def report_for(window) -> Report:
    """The report of the window's current page."""
    page = window.current_page()
    name = window.current_name()
    printed = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()
    if isinstance(page, Panel) and isinstance(page, TablePage) and page.view is not None:
        table = page.table
        documents: set[str] = set()
        if table.message:
            body, figures = f"<p>{escape(table.message)}</p>", 0
        else:
            body, documents, figures = table_html(page)
        statement = table.label_title
        if isinstance(page, StatementsPanel):
            title = statement
            period = page.period
            when = f"Period: {period_label(period)}, against the same period a year earlier" if period else ""
        else:  # the comparison
            periods = ", ".join(period_label(p) for p in page.model.view.ordered_periods())
            title, when = f"{statement}: comparison", f"Periods: {periods}"
        rates = ""
        if page.unit.currency != Unit.JPY and table.columns:
            from iijviewer.views.currency import rates_note

            rates = rates_note(table)
        lines = [when, f"Unit: {_unit_line(page, table)}", rates, _share_basis(window.library, table), f"Printed {printed}"]
        return Report(title, [x for x in lines if x], body, _sources(window.library, documents), landscape=figures > WIDE_TABLE)
    return _picture_report(window, page, name, printed)


def _picture_report(window, page, name: str, printed: str) -> Report:
    """A page without a table (a chart): its picture, and the documents of what it plots."""
    image = None
    documents: set[str] = set()
    title = name.capitalize()
    if isinstance(page, ChartPage) and page.chart is not None:
        with tempfile.TemporaryDirectory(prefix="iijviewer-print-") as tmp:
            path = Path(tmp) / "chart.png"
            page.save_plot(path)
            image = QImage(str(path))
        concepts = page.concepts()
        for concept in concepts:
            for fact in window.index.by_concept.get(concept, {}).values():
                documents |= _documents(window.index, fact)
        from iijviewer.base.concepts import catalog

        title = "Trends: " + ", ".join(catalog()[c].label if c in catalog() else c for c in concepts)
    if image is None or image.isNull():
        image = page.grab().toImage()
    body = "<p align='center'><img src='page-image' width='{width}' height='{height}'></p>"
    lines = [f"Unit: {page.unit.label}", f"Printed {printed}"]
    return Report(title, lines, body, _sources(window.library, documents), landscape=True, images={"page-image": image})


# -- laying it out on pages ------------------------------------------------------------------------


def _document(report: Report, width: float, height: float, device) -> QTextDocument:
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    font = QFont()
    font.setPointSizeF(BODY_POINTS)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setDefaultStyleSheet(
        "th { font-weight: bold; border-bottom: 1px solid black; padding: 2px; }"
        "td { padding: 1px 3px; } h3 { margin-top: 12px; }"
    )
    body = report.body
    for name, image in report.images.items():
        doc.addResource(QTextDocument.ResourceType.ImageResource, name, image)
        # the document's sizes are in pixels of 96 dpi, scaled to the device: fit the page, with room for a line
        pixel = device.logicalDpiX() / 96 if device.logicalDpiX() > 0 else 1
        scale = min(width / max(1, image.width()), 0.8 * height / max(1, image.height())) / pixel
        body = body.replace("{width}", str(int(image.width() * scale))).replace("{height}", str(int(image.height() * scale)))
    listing = "".join(
        f"<tr><td>{escape(printable(date))}</td><td>{escape(printable(title))}</td><td>{escape(printable(doc_id))}</td></tr>"
        for doc_id, date, title in report.sources
    )
    sources = (
        f"<h3>Sources</h3><table cellspacing='0' cellpadding='2'><tbody>{listing}</tbody></table>"
        if report.sources
        else "<h3>Sources</h3><p>No document: nothing on this page comes from one.</p>"
    )
    doc.setHtml(f"<html><body>{body}{sources}</body></html>")
    return doc


def render(report: Report, printer: QPrinter) -> int:
    """Paint the report on the printer's pages; the number of pages."""
    layout = printer.pageLayout()
    layout.setOrientation(QPageLayout.Orientation.Landscape if report.landscape else QPageLayout.Orientation.Portrait)
    layout.setMargins(QMarginsF(12, 12, 12, 12))
    layout.setUnits(QPageLayout.Unit.Millimeter)
    printer.setPageLayout(layout)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    try:
        area = printer.pageRect(QPrinter.Unit.DevicePixel)
        header_font = QFont()
        header_font.setPointSizeF(HEADER_POINTS)
        title_font = QFont(header_font)
        title_font.setPointSizeF(HEADER_POINTS + 3)
        title_font.setBold(True)
        painter.setFont(header_font)
        line_h = QFontMetricsF(header_font, printer).lineSpacing()
        title_h = QFontMetricsF(title_font, printer).lineSpacing()
        header_h = title_h + line_h * (len(report.lines) + 1) + line_h * 0.6
        footer_h = line_h * 2.4
        width = area.width()
        body_h = area.height() - header_h - footer_h
        doc = _document(report, width, body_h, printer)
        doc.setPageSize(QSizeF(width, body_h))
        pages = max(1, doc.pageCount())
        for n in range(pages):
            if n:
                printer.newPage()
            _header(painter, report, width, title_font, header_font, title_h, line_h, n, pages)
            painter.save()
            painter.translate(0, header_h - n * body_h)
            clip = QRectF(0, n * body_h, width, body_h)
            doc.drawContents(painter, clip)
            painter.restore()
            _footer(painter, report, width, area.height() - footer_h, header_font, line_h, n, pages)
    finally:
        painter.end()
    return pages


def _header(painter, report: Report, width, title_font, font, title_h, line_h, n: int, pages: int) -> None:
    painter.setFont(title_font)
    painter.drawText(QRectF(0, 0, width, title_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{COMPANY} — {printable(report.title)}")
    painter.setFont(font)
    y = title_h
    metrics = QFontMetricsF(font, painter.device())
    for line in report.lines:
        shown = metrics.elidedText(printable(line), Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRectF(0, y, width, line_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
        y += line_h
    y += line_h * 0.3
    painter.drawLine(0, int(y), int(width), int(y))


def _footer(painter, report: Report, width, top, font, line_h, n: int, pages: int) -> None:
    painter.setFont(font)
    y = top + line_h * 0.4
    painter.drawLine(0, int(y), int(width), int(y))
    page_text = f"Page {n + 1} of {pages}"
    page_w = QFontMetricsF(font, painter.device()).horizontalAdvance(page_text) + line_h
    sources = QFontMetricsF(font, painter.device()).elidedText(printable(report.footer), Qt.TextElideMode.ElideRight, width - page_w)
    painter.drawText(QRectF(0, y + line_h * 0.3, width - page_w, line_h * 1.6), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, sources)
    painter.drawText(QRectF(0, y + line_h * 0.3, width, line_h * 1.6), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, page_text)


def pdf_printer(path: str | os.PathLike[str]) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setOutputFileName(os.fspath(path))
    printer.setCreator("iijviewer")
    return printer


def export_pdf(report: Report, path: str | os.PathLike[str]) -> int:
    """Write the report as a PDF (whole or not at all: written beside the target, then moved into place)."""
    pages = 0

    def write_to(tmp: Path) -> None:
        nonlocal pages
        printer = pdf_printer(tmp)
        printer.setDocName(report.title)
        pages = render(report, printer)

    write_atomic_by_name(path, write_to)
    return pages


# -- the File menu's commands ---------------------------------------------------------------------


def print_page(window) -> None:
    from PySide6.QtPrintSupport import QPrintDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, window)
    dialog.setWindowTitle("Print")
    if dialog.exec() == QPrintDialog.DialogCode.Accepted:
        pages = render(report_for(window), printer)
        window.statusBar().showMessage(f"Printed {plural(pages, 'page')}", 5000)


def preview_page(window):
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    report = report_for(window)
    dialog = QPrintPreviewDialog(printer, window)
    dialog.setWindowTitle(f"Print Preview — {report.title}")
    dialog.paintRequested.connect(lambda p: render(report, p))
    dialog.resize(1000, 800)
    dialog.exec()
    return dialog


def export_page_pdf(window, path: str | None = None) -> int:
    """File > Export as PDF: the current page as a PDF report; the number of pages (0 when nothing was written)."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from iijviewer.base.safefile import plain_tip

    if path is None:
        path, _ = QFileDialog.getSaveFileName(window, "Export as PDF", f"iijviewer-{window.current_name()}.pdf", "PDF files (*.pdf)")
        if not path:
            return 0
    try:
        pages = export_pdf(report_for(window), path)
    except OSError as e:
        QMessageBox.warning(window, "Export failed", plain_tip(f"{path}: cannot write ({e.strerror or e}). Nothing was written."))
        return 0
    window.statusBar().showMessage(f"Wrote {path}: {plural(pages, 'page')}", 8000)
    return pages
