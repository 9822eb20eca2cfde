"""Web pages: a release saved from a browser (`.html`, `.htm`) as the lines the reader understands.

Python's own HTML parser (`html.parser`, kept with the language) reads the
page; entities are decoded.  A table row becomes one line of tab-separated
cells (a cell spanning columns followed by empty ones, a short row padded to
the table's width), a paragraph, heading, list item or division one line (a list item starts
with "- ", as a bullet), a `<br>` a line break, and blocks are set apart by
blank lines.  Scripts, styles, navigation, forms, headers and footers of the
site are left out: they are no part of the release.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# elements whose content is never the release's text
_DROPPED = frozenset(
    {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "iframe", "svg", "form",
     "button", "select", "textarea", "head", "object", "canvas", "menu"}
)  # fmt: skip
_BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "dd", "dt", "section", "article", "main",
     "blockquote", "figure", "figcaption", "caption", "center", "address", "body", "html", "hr"}
)  # fmt: skip
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"})
_SPACES = re.compile(r"[ \t\r\n\f\u00a0\u2002\u2003\u2009\u200b]+")


class _PageText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []  # the words of the line being written
        self.dropped = 0  # depth inside elements whose text is left out
        self.pre = 0
        self.rows: list[list[str]] = []  # a table's rows, while inside one
        self.cell: list[str] | None = None  # the text of the cell being read
        self.span = 1  # the columns the cell being read spans
        self.tables = 0

    # -- lines ---------------------------------------------------------------
    def _end_cell(self) -> None:
        """The cell read so far, and an empty cell for each further column it spans."""
        assert self.cell is not None
        self.rows[-1].append(" ".join("".join(self.cell).split()))
        self.rows[-1].extend([""] * (self.span - 1))

    def _text(self) -> list[str]:
        return self.cell if self.cell is not None else self.current

    def _end_line(self) -> None:
        text = " ".join("".join(self.current).split()) if not self.pre else "".join(self.current).rstrip()
        if text:
            self.lines.append(text)
        self.current = []

    def _blank(self) -> None:
        self._end_line()
        if self.lines and self.lines[-1]:
            self.lines.append("")

    # -- the parser's events ---------------------------------------------------
    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _DROPPED:
            if tag not in _VOID:
                self.dropped += 1
            return
        if self.dropped:
            return
        if tag == "table":
            if self.tables == 0:
                self._blank()
                self.rows = []
            self.tables += 1
        elif tag == "tr" and self.tables:
            self.rows.append([])
        elif tag in ("td", "th") and self.tables:
            if self.cell is not None and self.rows:
                self._end_cell()
            self.cell = []
            span = dict(attrs).get("colspan") or "1"
            self.span = max(1, min(int(span), 50)) if span.strip().isdigit() else 1
        elif tag == "br":
            if self.cell is not None:
                self.cell.append(" ")
            else:
                self._end_line()
        elif tag == "li" and self.cell is None:
            self._end_line()
            self.current.append("- ")
        elif tag == "pre":
            self._blank()
            self.pre += 1
        elif tag in _BLOCKS and self.cell is None:
            self._blank()

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.dropped = max(0, self.dropped - 1)
            return
        if self.dropped:
            return
        if tag in ("td", "th") and self.cell is not None:
            if not self.rows:
                self.rows.append([])
            self._end_cell()
            self.cell = None
        elif tag == "tr" and self.tables and self.cell is not None:
            self.handle_endtag("td")
        elif tag == "table" and self.tables:
            if self.cell is not None:
                self.handle_endtag("td")
            self.tables -= 1
            if self.tables == 0:
                width = max((len(row) for row in self.rows), default=0)
                for row in self.rows:
                    if any(c.strip() for c in row):
                        # a row of one cell in a table of several ("ASSETS") stays a row of the table
                        self.lines.append("\t".join(row + [""] * (width - len(row))) if width > 1 else row[0])
                self.rows = []
                self._blank()
        elif tag == "pre":
            self._end_line()
            self.pre = max(0, self.pre - 1)
        elif tag == "li" and self.cell is None:
            self._end_line()  # the items of a list stand on lines one under the other
        elif tag in _BLOCKS and self.cell is None:
            self._blank()

    def handle_data(self, data: str) -> None:
        if self.dropped:
            return
        if self.pre and self.cell is None:
            parts = data.split("\n")
            for k, part in enumerate(parts):
                if k:
                    self._end_line()
                self.current.append(part)
            return
        self._text().append(_SPACES.sub(" ", data))


def read_html(text: str) -> tuple[str, ...]:
    """The lines of a saved web page: its text, tables as tab-separated rows."""
    page = _PageText()
    page.feed(text)
    page.close()
    page._end_line()
    lines = page.lines
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return tuple(line.replace("\u00a0", " ") for line in lines)


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512] or (b"<body" in head and b"</" in head)
