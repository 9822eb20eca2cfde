"""A document's lines as the Sources page shows them: markup left out, a table's columns lined up.

The documents keep what their sources printed, tabs between a table's cells
and the odd `<u>` of an underlined heading included.  Read with fixed tab
stops, a table jams its cells together; here each run of tab-separated lines
is one table whose columns are as wide as their widest cell (numbers to the
right), so that it reads as printed.  One shown line per document line, so
line numbers stay the document's.  Qt-free.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from iijviewer.ingest.formats import printed_forms

CELL_GAP = "  "  # between two cells of a table row
MAX_CELL = 40  # characters: a longer cell does not widen its whole column
_TAG = re.compile(r"</?(?:u|p|b|i|em|strong|span|ul|ol|li|br|div|sup|sub|font)\b[^<>]*>", re.IGNORECASE)
_NUMERIC = re.compile(r"^[\s(\-+\u2212\u25b2\u25b3]*(?:JPY|\$|US\$|\u00a5)?\s*[\d,]+(?:\.\d+)?\s*%?\)?\s*$")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def strip_markup(text: str) -> str:
    """A line without the HTML tags some documents keep (`<u>Actual Results</u>` -> `Actual Results`)."""
    return _TAG.sub("", text) if "<" in text else text


def _table(rows: Sequence[list[str]]) -> list[str]:
    widths: list[int] = []
    for cells in rows:
        for i, cell in enumerate(cells):
            w = min(len(cell), MAX_CELL)
            if i == len(widths):
                widths.append(w)
            elif w > widths[i]:
                widths[i] = w
    lines = []
    for cells in rows:
        parts = []
        for i, cell in enumerate(cells):
            last = i == len(cells) - 1
            if _NUMERIC.match(cell):
                parts.append(cell.rjust(widths[i]))
            else:
                parts.append(cell if last else cell.ljust(widths[i]))
        lines.append(CELL_GAP.join(parts).rstrip())
    return lines


def readable_lines(lines: Iterable[str]) -> list[str]:
    """The lines to show: tags left out, each run of tab-separated lines laid out as a table."""
    out: list[str] = []
    block: list[list[str]] = []
    for line in lines:
        text = strip_markup(line)
        if "\t" in text:
            block.append([cell.strip() for cell in text.split("\t")])
            continue
        if block:
            out += _table(block)
            block = []
        out.append(text)
    if block:
        out += _table(block)
    return out


def figure_spans(text: str, value: Decimal, decimals: int) -> list[tuple[int, int]]:
    """Where a line prints a figure: (start, length) of each number that reads as it (in yen, thousands, millions or billions)."""
    forms = {f.replace(",", "") for f in printed_forms(value, decimals)}
    return [(m.start(), m.end() - m.start()) for m in _NUMBER.finditer(text) if m.group(0).replace(",", "") in forms]
