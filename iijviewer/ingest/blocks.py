"""Splitting a document into blocks: tables (with their line numbers) and the text around them.

A table is a run of consecutive lines in one of the forms the IR text uses:
tab-separated cells, or markdown pipes (`| a | b |`, separator rows skipped).
Everything else is prose, headings, captions and unit lines, which the table
reader consults as context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MD_SEPARATOR_RE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Row:
    line: int  # 1-based
    text: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    first_line: int
    last_line: int
    rows: tuple[Row, ...]


def split_cells(line: str) -> tuple[str, ...] | None:
    """The cells of a table line, or None if the line is not a table row."""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
        return tuple(c.strip() for c in inner.split("|"))
    if "\t" in line:
        return tuple(c.strip() for c in line.rstrip("\r\n").split("\t"))
    return None


def find_tables(lines: list[str]) -> list[Table]:
    tables: list[Table] = []
    current: list[Row] = []

    def close() -> None:
        if current and any(any(c for c in r.cells) for r in current):
            tables.append(Table(current[0].line, current[-1].line, tuple(current)))
        current.clear()

    for number, line in enumerate(lines, start=1):
        if _MD_SEPARATOR_RE.match(line.strip()) and line.strip():
            if current:
                continue
        cells = split_cells(line)
        if cells is None:
            close()
            continue
        if not any(cells):
            continue
        current.append(Row(number, line.rstrip("\r\n"), cells))
    close()
    return tables
