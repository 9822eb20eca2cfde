"""Documents printed as users receive them: to PDF (Qt's QTextDocument through QPdfWriter) and as saved web pages.

A text document's tab-separated lines become table rows, its runs of other
lines paragraphs (a line break between lines, an empty paragraph for a blank
line), its characters kept as they are (markup included), so that the PDF
and the page say what the text says.  Printing needs a Qt application (the
tests' `qapp`).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

# a page wide enough that the bundled slides' tables keep their rows on one line
PAGE_POINTS = (1190.0, 842.0)  # A3 landscape
FONT_POINTS = 7
CELL_PADDING = 6  # points: the gap between two cells, wider than a space


def page_html(lines: Sequence[str], *, title: str = "", block_per_line: bool = False) -> str:
    """The document as a web page: tab-separated lines as table rows, other lines as paragraphs.

    `block_per_line` sets each line in a block of its own, for printing: Qt
    draws a block on every page it crosses, the part off the page clipped
    but still in the PDF's text, where a line would be read twice.
    """
    body: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if table:
            cell = f'<td style="padding-left:{CELL_PADDING}px; padding-right:{CELL_PADDING}px">'
            rows = "".join("<tr>" + "".join(f"{cell}{html.escape(c)}</td>" for c in row) + "</tr>" for row in table)
            body.append(f'<table cellspacing="0" cellpadding="0">{rows}</table>')
            table.clear()

    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            body.append(f'<p style="margin:0">{"<br>".join(html.escape(line) for line in paragraph)}</p>')
            paragraph.clear()

    for line in lines:
        if "\t" in line:
            end_paragraph()
            table.append(line.split("\t"))
            continue
        flush()
        if line.strip():
            paragraph.append(line)
            if block_per_line:
                end_paragraph()
        else:
            end_paragraph()
            body.append('<p style="margin:0">&nbsp;</p>')
    end_paragraph()
    flush()
    head = f"<head><meta charset='utf-8'><title>{html.escape(title)}</title><style>p {{ margin: 0 }}</style></head>"
    return f"<!DOCTYPE html><html>{head}<body>{''.join(body)}</body></html>"


def print_pdf(lines: Sequence[str], path: Path, *, page_points: tuple[float, float] = PAGE_POINTS, font_points: int = FONT_POINTS) -> Path:
    """The document printed to a PDF file at `path` (a Qt application must exist)."""
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageSize(QPageSize(QSizeF(*page_points), QPageSize.Unit.Point))
    writer.setPageMargins(QMarginsF(36, 36, 36, 36), QPageLayout.Unit.Point)
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setDefaultFont(QFont("DejaVu Sans", font_points))
    padding = f"padding-left:{CELL_PADDING}px; padding-right:{CELL_PADDING}px"
    printed = f"padding-left:{CELL_PADDING * 300 // 72}px; padding-right:{CELL_PADDING * 300 // 72}px"
    document.setHtml(page_html(lines, block_per_line=True).replace(padding, printed))
    document.setPageSize(QSizeF(writer.pageLayout().paintRectPixels(writer.resolution()).size()))
    document.print_(writer)
    return path


# -- PDFs set out by position, as a typesetter does -------------------------------------------------

Placed = tuple[float, float, str]  # (x, baseline y) in points from the top left, and the text
RIGHT = "right"


def draw_pdf(pages: Sequence[Sequence[tuple]], path: Path, *, page_points: tuple[float, float] = (595.0, 842.0), font_points: float = 9) -> Path:
    """A PDF whose words stand where `pages` puts them: one list per page of (x, y, text[, "right"][, points]).

    "right" sets the text's right edge at x, as a statement sets its figures;
    points gives another size (a note's mark set small).  No tables, no tabs:
    the reader finds the columns from the positions alone.  An empty page has
    no text at all, as a scanned page.
    """
    from PySide6.QtCore import QMarginsF, QPointF, QSizeF
    from PySide6.QtGui import QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter

    writer = QPdfWriter(str(path))
    writer.setResolution(72)  # one unit a point
    writer.setPageSize(QPageSize(QSizeF(*page_points), QPageSize.Unit.Point))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    painter = QPainter(writer)
    for number, items in enumerate(pages):
        if number:
            writer.newPage()
        if not items:
            painter.fillRect(40, 40, 200, 100, 0x808080)  # a scan's picture: marks, no text
        for item in items:
            x, y, text = item[:3]
            align = next((a for a in item[3:] if isinstance(a, str)), "left")
            points = next((a for a in item[3:] if isinstance(a, (int, float))), font_points)
            font = QFont("DejaVu Sans")
            font.setPointSizeF(points)
            painter.setFont(font)
            width = QFontMetricsF(font).horizontalAdvance(text)
            painter.drawText(QPointF(x - width if align == RIGHT else x, y), text)
    painter.end()
    return path

