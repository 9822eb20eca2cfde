"""The facts as tables of text: CSV and JSON in the contract's columns, written atomically.

One CSV writer (`csv_text`) for every table of text: `iijviewer facts` and
`metrics`, `iijviewer export --csv` and the viewer's *File > Export Facts as
CSV* (both `export_facts_csv`), and the viewer's current view
(`export_view_csv`).  Text that a spreadsheet would evaluate as a formula
(starting with =, +, -, @, a tab or a carriage return) is neutralised there,
once, with a leading apostrophe; numbers stay numbers.  A file meant for a
spreadsheet program gets Excel's line ends and a byte-order mark; the command
line's output keeps plain line ends for scripts.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import IO, TYPE_CHECKING

from iijviewer.base.facts import format_decimal
from iijviewer.base.safefile import write_atomic
from iijviewer.base.vocabulary import ReportStatus
from iijviewer.export.files import write_atomic as write_export

if TYPE_CHECKING:
    from iijviewer.export.selection import ExportOptions

FACT_COLUMNS = ["concept", "period", "scenario", "value", "unit", "decimals", "derived", "source", "line", "label"]
ALL_EXTRA_COLUMNS = ["status"]


def fact_row(fact, derived: bool, status: str | None) -> dict[str, object]:
    source = fact.source
    row: dict[str, object] = {
        "concept": fact.concept,
        "period": fact.period,
        "scenario": fact.scenario,
        "value": fact.value,
        "unit": fact.unit,
        "decimals": fact.decimals,
        "derived": derived,
        "source": "derived" if derived or source is None else source.document,
        "line": "" if derived or source is None else source.line,
        "label": fact.label,
    }
    if status is not None:
        row["status"] = status
    return row


def _on_basis(library, raw):
    """A report with its per-share figure on the library's basis (`Library.per_share`)."""
    value, factor = library.on_basis.shown(raw)
    if value == raw.value:
        return raw
    printed_factor = raw.value / value
    return replace(raw, value=value, decimals=raw.decimals + math.ceil(math.log10(printed_factor)))


def fact_rows(library, include_all: bool) -> list[dict[str, object]]:
    """The normalized facts; with `include_all`, every reported occurrence and every derived fact too."""
    if not include_all:
        return [fact_row(f, f.derived, None) for f in library.facts]
    rows = [fact_row(_on_basis(library, o.fact), False, o.status) for o in library.occurrences]
    for f in library.facts:
        if f.derived:
            rows.append(fact_row(f, True, ReportStatus.CHOSEN))
    by_key = {f.key: f for f in library.facts}
    for r in rows:  # a report that a more precise derivation replaced
        key = (r["concept"], r["period"], r["scenario"])
        if r["status"] == ReportStatus.CHOSEN and r["derived"] is False and by_key[key].derived:
            r["status"] = ReportStatus.AGREES
    rows.sort(key=lambda r: (r["concept"], r["period"], r["scenario"], r["status"] != ReportStatus.CHOSEN))
    return rows


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read text as a formula
_PLAIN_NUMBER = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")
EXCEL_LINE_END = "\r\n"


def is_formula_like(text: str) -> bool:
    """Text a spreadsheet would evaluate: starts with =, +, -, @, a tab or a carriage return."""
    return text.startswith(_FORMULA_START)


def csv_safe(value: object) -> str:
    """A CSV cell that a spreadsheet opens as it is meant: numbers as they are, formula-like text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if is_formula_like(text) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def csv_text(rows: Iterable[Mapping[str, object]], columns: Sequence[str], *, line_end: str = "\n") -> str:
    """The CSV of `rows` (mappings) in `columns`: the one writer of every facts table (see the module's docstring)."""
    return table_csv(columns, ([row[c] for c in columns] for row in rows), line_end=line_end)


def table_csv(headers: Sequence[str], rows: Iterable[Sequence[object]], *, line_end: str = "\n") -> str:
    """The CSV of a header and rows of cells, each cell through `csv_safe`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_end)
    writer.writerow([csv_safe(h) for h in headers])
    for row in rows:
        writer.writerow([csv_safe(v) for v in row])
    return out.getvalue()


def _write_spreadsheet_csv(text: str, path: str | os.PathLike[str]) -> None:
    # With a byte-order mark: Excel reads a UTF-8 CSV as UTF-8 only when it has one.
    data = text.encode("utf-8-sig")

    def write(f: IO[bytes]) -> None:
        f.write(data)

    write_export(path, write)


def export_view_csv(rows: Iterable[Sequence[object]], headers: Sequence[str], path: str | os.PathLike[str]) -> int:
    """The current view as CSV (what the window shows): one line per row; returns the number of rows."""
    rows = list(rows)
    _write_spreadsheet_csv(table_csv(headers, rows, line_end=EXCEL_LINE_END), path)
    return len(rows)


def export_facts_csv(library, path: str | os.PathLike[str], options: ExportOptions | None = None) -> int:
    """The facts in the contract's columns, as CSV for a spreadsheet (`export --csv`, *File > Export Facts as CSV*); returns the number of facts."""
    from iijviewer.export.selection import ExportOptions, selected_facts

    options = options or ExportOptions()
    options.validate()
    rows = [fact_row(f, f.derived, None) for f in selected_facts(library, options)]
    _write_spreadsheet_csv(csv_text(rows, FACT_COLUMNS, line_end=EXCEL_LINE_END), path)
    return len(rows)


def json_text(rows: Iterable[dict[str, object]], columns: Sequence[str]) -> str:
    """JSON with values as exact numbers (a float would round them)."""
    records = []
    for row in rows:
        parts = []
        for c in columns:
            v = row[c]
            if hasattr(v, "as_tuple"):
                text = format_decimal(v)  # type: ignore[arg-type]
            else:
                text = json.dumps(v, ensure_ascii=False)
            parts.append(f"{json.dumps(c)}: {text}")
        records.append("  {" + ", ".join(parts) + "}")
    return "[\n" + ",\n".join(records) + "\n]\n"


def write_text_atomic(text: str, path: str | os.PathLike[str]) -> None:
    """Write a whole file or nothing (`safefile.write_atomic`): UTF-8, the lines as given."""
    data = text.encode("utf-8")
    write_atomic(path, lambda f: f.write(data), sync=False)
