"""A selection of figures as the clipboard carries it: tab-separated text and an HTML table, Qt-free.

Spreadsheets and mail programs take the HTML flavour when there is one: it
keeps the number formats (thousands separators, negatives in parentheses,
percent cells), the indentation of the rows and the bold totals.  Each cell is
a `ClipCell` with the text as shown and the number at full precision; a copy
"as shown" carries the rounded text, a copy at full precision the exact
number (and, for Excel, `x:num` with the number format, so that the cell shows
as on screen but computes with every digit).  Everything from outside the
program is escaped in the HTML, and neutralised in the text (`table_cell`), so
a pasted label is never a formula or markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from html import escape

from iijviewer.base.safefile import printable, table_cell


@dataclass(frozen=True)
class ClipCell:
    shown: str = ""  # the text on screen: "98,765", "(5.5%)", a label
    plain: str = ""  # the full-precision number in the display unit ("-162.4", "8.31" for a percent), or text
    percent: bool = False  # `plain` is a percentage (8.31 means 8.31%)
    depth: int = 0  # nesting of a label
    bold: bool = False  # a total or key line
    label: bool = False  # a row label, not a figure


_DIGITS_AFTER_POINT = re.compile(r"\.(\d+)")


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def number_format(cell: ClipCell) -> str:
    """The Excel number format that shows the number as the screen does: `#,##0.0;(#,##0.0)`, `0.0%;(0.0%)`."""
    found = _DIGITS_AFTER_POINT.search(cell.shown)
    places = len(found.group(1)) if found else 0
    body = ("#,##0" if not cell.percent else "0") + ("." + "0" * places if places else "")
    if cell.percent:
        return f"{body}%;\\({body}%\\)"
    return f"{body};\\({body}\\)"


def _text_of(cell: ClipCell, as_shown: bool) -> str:
    if cell.label or not cell.plain:
        return cell.shown if cell.label else ("" if not as_shown else cell.shown)
    if as_shown:
        return cell.shown
    return f"{cell.plain}%" if cell.percent else cell.plain


def tsv(headers: Sequence[str], rows: Sequence[Sequence[ClipCell]], as_shown: bool = False) -> str:
    """Tab-separated text: a header row, then the rows; full-precision plain numbers unless `as_shown`."""
    lines = ["\t".join(table_cell(h) for h in headers)]
    for row in rows:
        cells = []
        for cell in row:
            if cell.label:
                cells.append(table_cell(cell.plain or cell.shown))
            elif as_shown:
                cells.append(table_cell(cell.shown))
            else:
                cells.append(table_cell(cell.plain))
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


_HTML_HEAD = (
    "<html><head><meta charset='utf-8'><style>"
    "table{border-collapse:collapse;font-family:sans-serif;font-size:10pt}"
    "th{border-bottom:1px solid #000;text-align:right;padding:1px 6px;white-space:pre-line}"
    "th.label{text-align:left}td{padding:1px 6px;white-space:nowrap}td.num{text-align:right}"
    "</style></head><body>"
)


def html(headers: Sequence[str], rows: Sequence[Sequence[ClipCell]], as_shown: bool = False) -> str:
    """An HTML table (what Excel, LibreOffice and mail programs paste with its formats); every text escaped."""
    out = [_HTML_HEAD, "<table>", "<thead><tr>"]
    for i, h in enumerate(headers):
        out.append(f"<th{' class=label' if i == 0 else ''}>{escape(printable(h))}</th>")
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>")
        for cell in row:
            weight = "font-weight:bold;" if cell.bold else ""
            if cell.label:
                indent = f"padding-left:{6 + 12 * cell.depth}px;mso-char-indent-count:{cell.depth};" if cell.depth else ""
                out.append(f"<td style='{weight}{indent}'>{escape(printable(cell.shown))}</td>")
                continue
            number = _number(cell.plain) if cell.plain else None
            if number is None:  # empty, or not a number (n/m)
                out.append(f"<td class=num style='{weight}'>{escape(printable(cell.shown))}</td>")
                continue
            value = number / 100 if cell.percent else number
            style = f"{weight}mso-number-format:\"{escape(number_format(cell), quote=True)}\""
            text = cell.shown if as_shown else _text_of(cell, False)
            exact = "" if as_shown else f" x:num=\"{value}\""
            out.append(f"<td class=num style='{style}'{exact}>{escape(printable(text))}</td>")
        out.append("</tr>")
    out.append("</tbody></table></body></html>")
    return "".join(out)
