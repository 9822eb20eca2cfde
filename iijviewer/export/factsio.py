"""The facts as tables of text: CSV and JSON in the contract's columns, written atomically.

Shared by the command line (`iijviewer facts`) and the viewer's File menu.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import replace

from iijviewer.base.facts import format_decimal
from iijviewer.base.safefile import write_atomic

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
            rows.append(fact_row(f, True, "chosen"))
    by_key = {f.key: f for f in library.facts}
    for r in rows:  # a report that a more precise derivation replaced
        key = (r["concept"], r["period"], r["scenario"])
        if r["status"] == "chosen" and r["derived"] is False and by_key[key].derived:
            r["status"] = "agrees"
    rows.sort(key=lambda r: (r["concept"], r["period"], r["scenario"], r["status"] != "chosen"))
    return rows


def csv_text(rows: Iterable[dict[str, object]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])
    return out.getvalue()


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "as_tuple"):  # Decimal
        return format_decimal(value)  # type: ignore[arg-type]
    return str(value)


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
