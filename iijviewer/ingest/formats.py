"""The kinds of file a user imports: text, PDF and saved web pages, each turned into the text the reader reads.

A PDF keeps where each line of its text stands (`LinePlace`), written beside
the document as `<id>.layout.json`, so that a figure can be shown on its page.
The PDF and web-page readers (and pdfplumber under the first) are imported only
when such a file is read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from iijviewer.base.safefile import read_regular
from iijviewer.ingest.documents import DocumentError, decode_text

TEXT = "text"
PDF = "pdf"
WEB_PAGE = "web page"
SUFFIXES = {PDF: ".pdf", WEB_PAGE: ".html"}  # how the original is kept beside its text
ORIGINAL_SUFFIXES = (".pdf", ".html", ".htm")
LAYOUT_SUFFIX = ".layout.json"
MAX_LAYOUT_BYTES = 200_000_000

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Converted:
    """A file as the library keeps it: the text the reader reads, and for a PDF where each line stands."""

    text: str
    kind: str  # TEXT, PDF or WEB_PAGE
    layout: bytes = b""  # JSON: the pages' sizes and each line's page and boxes (PDF only)


def kind_of(data: bytes, name: str) -> str:
    from iijviewer.ingest.html import looks_like_html

    suffix = Path(name).suffix.lower()
    if data.startswith(b"%PDF-") or suffix == ".pdf":
        return PDF
    if suffix in (".html", ".htm") or looks_like_html(data):
        return WEB_PAGE
    return TEXT


def convert(data: bytes, name: str, progress: Progress | None = None) -> Converted:
    """The text of a file of any kind the library takes; DocumentError with the reason when it cannot be read."""
    kind = kind_of(data, name)
    if kind == PDF:
        from iijviewer.ingest.pdf import read_pdf

        pdf = read_pdf(data, name, progress)
        return Converted("\n".join(pdf.lines) + "\n", PDF, layout_json(pdf.pages, pdf.boxes))
    if kind == WEB_PAGE:
        from iijviewer.ingest.html import read_html

        lines = read_html(decode_text(data, name))
        if not any(line.strip() for line in lines):
            raise DocumentError(name, "is a web page with no text")
        return Converted("\n".join(lines) + "\n", WEB_PAGE)
    return Converted(decode_text(data, name), TEXT)


def layout_json(pages: Sequence[tuple[float, float]], boxes: Sequence) -> bytes:
    """Where each line of a PDF's text stands, compact: pages [w, h]; per line null or [page, x0, top, x1, bottom, words]."""
    rows = [
        None
        if b is None
        else [b.page, round(b.x0, 2), round(b.top, 2), round(b.x1, 2), round(b.bottom, 2),
              [[w.text, round(w.x0, 2), round(w.top, 2), round(w.x1, 2), round(w.bottom, 2)] for w in b.words]]
        for b in boxes
    ]  # fmt: skip
    return json.dumps({"pages": [list(p) for p in pages], "lines": rows}, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class WordBox:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class LinePlace:
    """Where a line of a document's text stands on its PDF page."""

    page: int  # 1-based
    x0: float
    top: float
    x1: float
    bottom: float
    words: tuple[WordBox, ...]

    def figure_box(self, value: Decimal, decimals: int) -> Box:
        """The box of the word that prints a figure of this line (in yen, thousands, millions or billions), else the line's."""
        forms = {f.replace(",", "") for f in printed_forms(value, decimals)}
        for word in self.words:
            if _number_of(word.text) in forms:
                return (word.x0, word.top, word.x1, word.bottom)
        return (self.x0, self.top, self.x1, self.bottom)


Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points from the page's top left
_PRINTED_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def printed_forms(value: Decimal, decimals: int) -> list[str]:
    """How a figure may stand printed: its value in yen, thousands, millions or billions, to the places its precision leaves."""
    forms = []
    for scale in (0, 3, 6, 9):
        places = max(0, decimals + scale)
        forms.append(f"{abs(value) / (Decimal(10) ** scale):,.{places}f}")
    return forms


def _number_of(word: str) -> str:
    """The number a printed word holds, without its signs, currency and separators ("(JPY1,234)" -> "1234")."""
    m = _PRINTED_NUMBER.search(word)
    return m.group(0).replace(",", "") if m else ""


@dataclass(frozen=True)
class PdfLayout:
    pages: tuple[tuple[float, float], ...]
    lines: tuple[LinePlace | None, ...]

    def place(self, line: int) -> LinePlace | None:
        """Where the 1-based line stands; None for a blank line or a line the PDF did not have."""
        return self.lines[line - 1] if 1 <= line <= len(self.lines) else None


def layout_path(document_path: Path) -> Path:
    """Where the layout of a document's PDF is kept: beside its text, `<id>.layout.json`."""
    return document_path.with_name(document_path.stem + LAYOUT_SUFFIX)


def read_layout(path: Path) -> PdfLayout | None:
    """The layout kept beside a document, or None when there is none or it cannot be read (then pages are not shown)."""
    try:
        return parse_layout(read_regular(path, MAX_LAYOUT_BYTES))
    except OSError:
        return None


def _line_place(row: list[Any]) -> LinePlace:
    """A line's place as `layout_json` wrote it: [page, x0, top, x1, bottom, [[word, x0, top, x1, bottom], ...]]."""
    x0, top, x1, bottom = (float(v) for v in row[1:5])
    return LinePlace(int(row[0]), x0, top, x1, bottom, tuple(WordBox(str(t), *map(float, box)) for t, *box in row[5]))


def parse_layout(layout: bytes) -> PdfLayout | None:
    """A layout as `layout_json` wrote it, or None when it cannot be read."""
    try:
        data = json.loads(layout.decode("utf-8"))
        pages = tuple((float(w), float(h)) for w, h in data["pages"])
        lines = tuple(
            None
            if row is None
            else _line_place(row)
            for row in data["lines"]
        )
    except (ValueError, KeyError, TypeError):
        return None
    return PdfLayout(pages, lines)
