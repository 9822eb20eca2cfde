"""Tables set out with spaces instead of tabs: a header naming the columns, then rows of a label and one figure per column.

                          Previous Target       New Target (date)
                       ----------------------   ----------------------
 Revenues                JPY12,345 million        JPY12,000 million

    Actual Results Target Announced
 Revenues JPY12,345 million ($123.4 million) JPY12,000 million
 Net Income
   attributable to IIJ   JPY1,234 million        JPY1,111 million

The header's columns are told by their words, not by where they stand (a
newswire may set them a single space apart): each period, scenario or change
phrase opens a column ("FY2011 Actual Results FY2012 Target" is two, "Actual
Results" one).  A row is a label followed by as many figures as the header has
columns: a yen figure with its dollar translation or change in parentheses, a
plain number, a percentage or a dash.  A label wrapped over lines ("Net Income"
/ "attributable to IIJ") is joined; dashed rules are skipped.  Such a block is
handed to the table reader as cells, so it is read like any tab-separated table,
with the heading above it as its caption.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from iijviewer.base.periods import PeriodReader
from iijviewer.ingest import rules
from iijviewer.ingest.blocks import Row, Table
from iijviewer.ingest.cells import strip_markup

_NUMBER = r"[-−]?\(?[-−]?(?>\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\)?"
# one figure of a row, with what may follow it in its cell: "JPY12,345 million ($123.4 million)", "(1,234)", "12.3%", "-"
_VALUE_RE = re.compile(
    rf"(?:(?:JPY|¥)\s?{_NUMBER}(?:\s*(?:thousand|million|billion))?|{_NUMBER}\s?%?|-{{1,3}}|—|–)"
    r"(?:\s*\((?:\$|US\$|up\b|down\b)[^()]*\))*(?=\s|$)",
    re.IGNORECASE,
)
_RULE_RE = re.compile(r"^[\s\-–—=_]+$")
_DIGIT_RE = re.compile(r"\d")
_LETTER_RE = re.compile(r"[A-Za-z]")
HEADER_MAX_CHARS = 160
ROW_MAX_CHARS = 300
FRAGMENT_MAX_WORDS = 4
MAX_BLANKS = 1  # blank lines a table may have between its header and rows, or between rows


@dataclass(frozen=True)
class _Column:
    start: int
    kinds: frozenset[str]  # "period", "scenario", "change"


def header_columns(text: str, periods: PeriodReader) -> list[str]:
    """The column names a header line spells, in order; [] if it is no header (not two columns, or other words)."""
    if not text.strip() or len(text) > HEADER_MAX_CHARS or "\t" in text or text.lstrip().startswith("|"):
        return []
    marks: list[tuple[int, int, str, str]] = []  # (start, end, kind, value)
    for m in periods.find(text):
        if not m.period.is_instant:
            marks.append((m.start, m.end, "period", m.period.key))
    taken = [(a, b) for a, b, _, _ in marks]
    for pattern, scenario in rules.scenario_rules():
        for hit in pattern.finditer(text):
            if not any(a < hit.end() and hit.start() < b for a, b in taken):
                marks.append((hit.start(), hit.end(), "scenario", scenario))
                taken.append((hit.start(), hit.end()))
    for pattern, kind in rules.column_kind_rules():
        for hit in pattern.finditer(text):
            if not any(a < hit.end() and hit.start() < b for a, b in taken):
                marks.append((hit.start(), hit.end(), "change", kind))
                taken.append((hit.start(), hit.end()))
    marks.sort()
    columns: list[_Column] = []
    values: dict[str, str] = {}
    last_end = 0
    for start, end, kind, value in marks:
        gap = text[last_end:start]
        # "Actual Results", "YoY % change": words of one name, no letter or digit between them
        same_word = bool(columns) and kind in columns[-1].kinds and values.get(kind) == value and not re.search(r"[A-Za-z0-9]", gap)
        # a change ("YoY % change") is a column of its own; a period and a scenario name one column together
        opens = kind in columns[-1].kinds or value == "change" if columns else True
        if opens and not same_word:
            columns.append(_Column(start, frozenset({kind})))
            values = {kind: value}
        elif not same_word:
            columns[-1] = _Column(columns[-1].start, columns[-1].kinds | {kind})
            values[kind] = value
        last_end = max(last_end, end)
    if len(columns) < 2:
        return []
    # the words before the first mark belong to the first column ("10/24 Target"); nothing else may stand outside one
    names = []
    for k, column in enumerate(columns):
        start = 0 if k == 0 else column.start
        end = columns[k + 1].start if k + 1 < len(columns) else len(text)
        names.append(" ".join(text[start:end].split()))
    if len(" ".join(text[: columns[0].start].split())) > 12:
        return []
    return names


def row_cells(text: str) -> tuple[str, list[str]] | None:
    """A row's label and figures ("Revenues JPY1 million JPY2 million" -> ("Revenues", [...])); None if it is no row."""
    t = strip_markup(text).rstrip()
    if not t or len(t) > ROW_MAX_CHARS or "\t" in t or t.lstrip().startswith("|"):
        return None
    values: list[str] = []
    end = len(t)
    # figures are taken from the end of the line: what stands before the first of them is the label
    while True:
        found = None
        for m in _VALUE_RE.finditer(t, 0, end):
            if m.end() == end or not t[m.end() : end].strip():
                found = m
        if found is None or (found.start() > 0 and not t[found.start() - 1].isspace()):
            break
        values.insert(0, found.group(0).strip())
        end = found.start()
        if not t[:end].strip():
            break
    label = " ".join(t[:end].split())
    if not values or not _LETTER_RE.search(label):
        return None
    return label, values


def _fragment(text: str) -> bool:
    """A line that is part of a wrapped row label: a few words, no figure."""
    t = " ".join(strip_markup(text).split())
    return bool(t) and not _DIGIT_RE.search(t) and len(t.split()) <= FRAGMENT_MAX_WORDS and not t.endswith((".", ":", ";"))


def find_aligned_tables(lines: Sequence[str], taken: set[int], periods: PeriodReader) -> list[Table]:
    """Tables set out with spaces (see the module's docstring), among the lines no other table has taken."""
    tables: list[Table] = []
    number = 1
    while number <= len(lines):
        if number in taken:
            number += 1
            continue
        names = header_columns(strip_markup(lines[number - 1]), periods)
        table = _table_below(lines, number, names, taken) if names else None
        if table is None:
            number += 1
            continue
        tables.append(table)
        number = table.last_line + 1
    return tables


def _table_below(lines: Sequence[str], header: int, names: list[str], taken: set[int]) -> Table | None:
    rows = [Row(header, lines[header - 1], ("", *names))]
    pending: list[tuple[int, str]] = []  # label lines waiting for the row they open
    blanks = 0
    last = header
    for number in range(header + 1, len(lines) + 1):
        text = lines[number - 1]
        if number in taken:
            break
        if not text.strip():
            blanks += 1
            if blanks > MAX_BLANKS:
                break
            continue
        if _RULE_RE.match(text):
            continue
        blanks = 0
        cells = row_cells(text)
        if cells is not None and len(cells[1]) == len(names):
            label = " ".join([t for _, t in pending] + [cells[0]])
            rows.append(Row(number, text.rstrip("\r\n"), (label, *cells[1])))
            pending = []
            last = number
            continue
        if _fragment(text) and len(rows) > 1 and not pending and _wrapped_below(rows[-1]):
            # "Net Income attributable to ... JPY1 million" / "IIJ": the last row's label goes on
            row = rows[-1]
            rows[-1] = Row(row.line, row.text, (row.cells[0] + " " + " ".join(text.split()), *row.cells[1:]))
            last = number
            continue
        if _fragment(text) and len(pending) < 3:
            pending.append((number, " ".join(text.split())))
            continue
        break
    if len(rows) < 2:
        return None
    return Table(header, last, tuple(rows))


def _wrapped_below(row: Row) -> bool:
    """A row whose label stops mid-phrase, so that the words on the next line finish it."""
    return bool(re.search(r"\b(?:to|of|and|for|attributable|before|the)$", row.cells[0], re.IGNORECASE))
