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


def page_html(lines: Sequence[str], *, title: str = "") -> str:
    """The document as a web page: tab-separated lines as table rows, other lines as paragraphs."""
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
    document.setHtml(page_html(lines).replace(padding, printed))
    document.setPageSize(QSizeF(writer.pageLayout().paintRectPixels(writer.resolution()).size()))
    document.print_(writer)
    return path
