"""The Excel workbook and the CSV files for finance: what `iijviewer export` and the viewer's File menu write.

The workbook is built for an auditor.  Every figure is a number at full
precision in the chosen unit (the number format only rounds what is shown);
every derived figure is an Excel formula over the cells it was computed from
(a first quarter is `=<half year> - <second quarter>`), or, where those cells
are not in the workbook, a marked value whose comment names the inputs; every
figure whose reports disagree is marked, with a comment listing each report
and its document and line.  The change columns of the Comparison sheet are
formulas over its value cells.  The Facts sheet lists every fact with its
document and line (and page, for a document imported from a PDF), and where
it stands in the workbook.

Text that came from a document never becomes a formula, and a file is written
beside its target and moved into place only when complete, so a failed export
leaves an existing file as it was.

openpyxl is imported inside the functions that build a workbook: the command
line and the viewer start without it.  No Qt here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import time
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from iijviewer import __version__
from iijviewer.analysis.checks import CHECK_COLUMNS, sources_text
from iijviewer.analysis.normalize import Fact
from iijviewer.base.concepts import STATEMENTS, catalog
from iijviewer.base.facts import format_decimal
from iijviewer.base.formatting import DEFAULT_UNIT, NOT_MEANINGFUL_ABOVE, DisplayUnit, change_percent, display_unit, plural, unit_caption
from iijviewer.base.periods import parse_key, sort_key
from iijviewer.base.safefile import OutputRefused, output_target
from iijviewer.base.safefile import write_atomic as safe_write
from iijviewer.base.vocabulary import PER_SHARE_UNITS, SCENARIOS, CellStatus, Scenario, Statement
from iijviewer.export.factsio import FACT_COLUMNS, fact_row
from iijviewer.views.comparison import UNITS_BY_ROW, header_unit
from iijviewer.views.viewdata import FactIndex, StatementRow, balance_date_for, period_label, prior_period, statement_names, statement_rows

QUARTERLY = "quarterly"
HALF = "half"
ANNUAL = "annual"
ALL = "all"
LAYOUTS = (QUARTERLY, HALF, ANNUAL, ALL)
_LAYOUT_PARTS: dict[str, set[str | None]] = {
    QUARTERLY: {"Q1", "Q2", "Q3", "Q4"},
    HALF: {"H1", "H2"},
    ANNUAL: {None},
}
_LAYOUT_MONTHS = {QUARTERLY: {3, 6, 9, 12}, HALF: {3, 9}, ANNUAL: {3}}

# The Trends sheet: one chart per group, each line a concept's quarterly (and half-yearly) series.
TREND_CHARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Revenues", ("revenue_total", "revenue_network_services", "revenue_systems_integration")),
    ("Profit", ("gross_margin", "operating_income", "net_income_attributable")),
)
TREND_SERIES = (("Quarterly", ("Q1", "Q2", "Q3", "Q4")), ("Half-yearly", ("H1", "H2")))

COVER = "Cover"
MEASURES = "Measures"
COMPARISON = "Comparison"
TRENDS = "Trends"
FACTS = "Facts"
FINDINGS = "Findings"
DOCUMENTS = "Documents"

# Statement sheets: title rows, three header rows (label, span, period key), then the figures.
HEADER_ROW = 4
KEY_ROW = 6
FIRST_ROW = 7
LABEL_COL = 1
CONCEPT_COL = 2
FIRST_COL = 3
PRINT_COLUMNS_PER_PAGE = 14  # period columns on one printed page width
CHART_ROWS = 16  # rows a chart of 7.5 cm covers, and a little space
MIN_COMPARED = 5  # figures two periods must share for the default comparison to be worth showing

# Subtotals an analyst reads first: bold like the totals, though the catalog nests nothing under them.
KEY_LINES = frozenset({"gross_margin", "operating_income", "net_income", "net_income_attributable"})

NOT_MEANINGFUL = "n/m"
AUTHOR = "iijviewer"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read text as a formula
_PLAIN_NUMBER = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")
_MAX_CELL_TEXT = 32767  # Excel's limit for the text of one cell
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Marks (colours are RGB hex)
HEADER_FILL = "D9E1F2"
DERIVED_FILL = "DDEBF7"  # derived, written as a formula over its inputs
DERIVED_VALUE_FILL = "E4DFEC"  # derived, inputs not in the workbook: a value with a comment
CONFLICT_FILL = "F8CBAD"  # reports disagree, or a check finding on the figure
DERIVED_FONT = "1F4E79"
CONFLICT_FONT = "9C0006"
TARGET_FONT = "7F6000"
MUTED_FONT = "808080"
LINK_FONT = "0563C1"
FONT_NAME = "Calibri"
SECTION_FILL = "F2F2F2"


class ExportError(Exception):
    """An export that could not be written; the message names the file and says why, in one line."""


@dataclass(frozen=True)
class ExportOptions:
    """What to export: unit, statements, periods and layout (the viewer's "current view" narrows these)."""

    unit: DisplayUnit = DEFAULT_UNIT
    statements: tuple[str, ...] | None = None  # statement ids (income, balance, ...); None for all
    periods: tuple[str, ...] | None = None  # period keys; a fiscal year (FY2010) brings its parts; None for all
    layout: str = ALL  # quarterly, half, annual or all (every period side by side)
    targets: bool = True  # target and revised-target columns beside the actuals
    compare_base: str | None = None  # the Comparison sheet's base period; None: each against a year earlier

    def __post_init__(self) -> None:
        # the window may hand over a unit key and lists: normalize them here, once
        if isinstance(self.unit, str):
            object.__setattr__(self, "unit", display_unit(self.unit))
        for name in ("statements", "periods"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))

    def validate(self) -> None:
        """ValueError with a message a user can act on."""
        if self.layout not in LAYOUTS:
            raise ValueError(f"unknown layout {self.layout!r}; choose one of {', '.join(LAYOUTS)}")
        known = [s for s, _ in statement_names()]
        for s in self.statements or ():
            if s not in known:
                raise ValueError(f"unknown statement {s!r}; choose from {', '.join(known)}")
        for p in (*(self.periods or ()), *([self.compare_base] if self.compare_base else [])):
            parse_key(p)  # ValueError: not a period key


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    sheets: tuple[str, ...]
    facts: int  # rows of the Facts sheet
    formulas: int  # derived figures written as formulas over their inputs
    derived_values: int  # derived figures written as values (inputs not in the workbook), with a comment
    conflicts: int  # cells marked as conflicting
    seconds: float = 0.0

    def __str__(self) -> str:
        return (
            f"wrote {self.path}: {plural(len(self.sheets), 'sheet')}, {plural(self.facts, 'fact')}, "
            f"{plural(self.formulas, 'derived figure')} as formulas ({self.derived_values:,} as values), "
            f"{plural(self.conflicts, 'conflicting cell')} marked"
        )


# --- writing files whole or not at all -------------------------------------------------


def check_target(path: str | os.PathLike[str]) -> Path:
    """The target as a Path; ExportError now, before any work, when it can plainly not be written."""
    try:
        return output_target(path)
    except OutputRefused as e:
        raise ExportError(str(e)) from None


def write_atomic(path: str | os.PathLike[str], write: Callable[[IO[bytes]], None]) -> Path:
    """Call `write` on a temporary file beside `path`, then move it into place; ExportError on failure.

    The temporary file is removed whatever goes wrong, so a failed export
    leaves an existing target byte for byte as it was and leaves no debris
    (`safefile.write_atomic`).
    """
    target = check_target(path)
    try:
        return safe_write(path, write)
    except OutputRefused as e:
        raise ExportError(str(e)) from None
    except PermissionError:
        raise ExportError(
            f"{target}: cannot replace it: the file is open in another program or is read-only; close it and export again"
        ) from None
    except IsADirectoryError:
        raise ExportError(f"{target}: cannot write: it is a folder") from None
    except OSError as e:
        raise ExportError(f"{target}: cannot write ({e.strerror or e})") from None


# --- text that stays text ---------------------------------------------------------------

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def is_formula_like(text: str) -> bool:
    """Text a spreadsheet would evaluate: starts with =, +, -, @, a tab or a carriage return."""
    return text.startswith(_FORMULA_START)


def csv_safe(value: object) -> str:
    """A cell for a CSV file that a spreadsheet opens: numbers as they are, formula-like text neutralized."""
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


def _csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_safe(h) for h in headers])
    for row in rows:
        writer.writerow([csv_safe(v) for v in row])
    return out.getvalue()


def _write_csv_atomic(text: str, path: str | os.PathLike[str]) -> Path:
    # With a byte-order mark: Excel reads a UTF-8 CSV as UTF-8 only when it has one.
    data = text.encode("utf-8-sig")
    return write_atomic(path, lambda f: f.write(data))


def export_view_csv(rows: Iterable[Sequence[object]], headers: Sequence[str], path: str | os.PathLike[str]) -> int:
    """The current view as CSV (what the window shows): one line per row; returns the number of rows."""
    rows = list(rows)
    _write_csv_atomic(_csv(headers, rows), path)
    return len(rows)


def export_facts_csv(library, path: str | os.PathLike[str], options: ExportOptions | None = None) -> int:
    """The facts in the contract's columns, as CSV for a spreadsheet; returns the number of facts."""
    options = options or ExportOptions()
    options.validate()
    facts = _Selection(library, options).facts()
    rows = [[fact_row(f, f.derived, None)[c] for c in FACT_COLUMNS] for f in facts]
    _write_csv_atomic(_csv(FACT_COLUMNS, rows), path)
    return len(rows)


# --- what goes in ---------------------------------------------------------------------


def selected_facts(library, options: ExportOptions) -> list[Fact]:
    """The facts an export with these options covers (none: nothing to write)."""
    return _Selection(library, options).facts()


def _part(key: str) -> str | None:
    return key.split("-", 1)[1] if key.startswith("FY") and "-" in key else None


def _layout_allows(key: str, layout: str) -> bool:
    if layout == ALL:
        return True
    p = parse_key(key)
    if p.is_instant:
        month_end = (p.end + dt.timedelta(days=1)).day == 1
        return month_end and p.end.month in _LAYOUT_MONTHS[layout]
    return _part(key) in _LAYOUT_PARTS[layout]


class _Selection:
    """Which periods, statements and facts an export covers."""

    def __init__(self, library, options: ExportOptions):
        self.library = library
        self.options = options
        names = [s for s, _ in statement_names()]
        self.statements = [s for s in names if options.statements is None or s in options.statements]
        if options.statements is not None and Statement.MEASURES in options.statements:
            self.statements = _with_measure_inputs(self.statements, names)
        self._memo: dict[str, bool] = {}
        self.named = set(options.periods or ())
        self.named_years = {int(k[2:]) for k in self.named if re.fullmatch(r"FY\d{4}", k)}
        self.named_dates = {balance_date_for(k) for k in self.named}

    def period(self, key: str) -> bool:
        """A column for `key`: allowed by the layout, or named (a named fiscal year brings its parts)."""
        found = self._memo.get(key)
        if found is None:
            found = self._decide(key)
            self._memo[key] = found
        return found

    def _decide(self, key: str) -> bool:
        layout = self.options.layout
        if self.options.periods is None:
            return _layout_allows(key, layout)
        if key in self.named or key in self.named_dates:
            return True
        return parse_key(key).fiscal_year in self.named_years and _layout_allows(key, layout)

    def concepts(self) -> set[str]:
        return {c.id for c in catalog().values() if c.statement in self.statements}

    def facts(self) -> list[Fact]:
        if self.options.statements is None and self.options.periods is None and self.options.layout == ALL:
            return list(self.library.facts)
        concepts = self.concepts()
        return [
            f
            for f in self.library.facts
            if f.concept in concepts and self.period(f.period) and (self.options.targets or f.scenario == Scenario.ACTUAL)
        ]


@dataclass
class _Plan:
    """One statement sheet laid out before anything is written, so formulas can point at any sheet."""

    statement: str
    title: str
    rows: list[StatementRow]
    columns: list[tuple[str, str]]  # (period, scenario), chronological
    facts: dict[tuple[int, int], Fact] = field(default_factory=dict)  # (row index, column index) -> fact

    def coordinate(self, i: int, j: int) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(FIRST_COL + j)}{FIRST_ROW + i}"


def _plan(statement: str, index: FactIndex, selection: _Selection) -> _Plan | None:
    rows = statement_rows(statement)
    own = [r for r in rows if not r.context_only]
    periods: dict[str, set[str]] = {}
    for r in own:
        for (period, scenario) in index.by_concept.get(r.concept.id, {}):
            if scenario != Scenario.ACTUAL and not selection.options.targets:
                continue
            if selection.period(period):
                periods.setdefault(period, set()).add(scenario)
    if not periods:
        return None
    columns = [(p, s) for p in sorted(periods, key=sort_key) for s in SCENARIOS if s in periods[p]]
    keep: dict[str, bool] = {}
    for r in reversed(rows):  # children come after their parent
        has = not r.context_only and any(index.get(r.concept.id, p, s) for p, s in columns)
        keep[r.concept.id] = keep.get(r.concept.id, False) or has
        if keep[r.concept.id] and r.parent:
            keep[r.parent] = True
    kept = [r for r in rows if keep[r.concept.id]]
    plan = _Plan(statement, STATEMENTS[statement], kept, columns)
    for i, r in enumerate(kept):
        for j, (p, s) in enumerate(columns):
            f = index.get(r.concept.id, p, s)
            if f is not None:
                plan.facts[(i, j)] = f
    return plan


# --- text for headers and comments -------------------------------------------------------


def _day(d: dt.date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def period_span(key: str) -> str:
    """`Apr-Sep 2010`, `Apr 2010-Mar 2011`, `as of 30 Sep 2010`: what a column covers."""
    p = parse_key(key)
    if p.is_instant:
        return f"as of {_day(p.end)}"
    first, last = _MONTHS[p.start.month - 1], _MONTHS[p.end.month - 1]
    if p.start.year == p.end.year:
        return f"{first}\u2013{last} {p.end.year}"
    return f"{first} {p.start.year}\u2013{last} {p.end.year}"


def column_label(key: str) -> str:
    """`1H FY2010`, `FY2010`, `30 Sep 2010`."""
    p = parse_key(key)
    return _day(p.end) if p.is_instant else period_label(key)


def _scenario_text(scenario: str) -> str:
    return {"target": "Target", "revised_target": "Revised target"}.get(scenario, "")


def number_format(unit: str, display: DisplayUnit) -> str:
    """The Excel number format of a value: thousands separators, negatives in parentheses."""
    if unit == "JPY":
        places = display.places
    elif unit in PER_SHARE_UNITS:
        places = 2
    elif unit == "Gbps":
        places = 1
    else:
        return "#,##0"  # counts
    return _amount_format(places)


def _amount_format(places: int) -> str:
    body = "#,##0" + ("." + "0" * places if places else "")
    return f"{body};({body})"


PERCENT_FORMAT = "0.0%;(0.0%)"


def in_unit(value: Decimal, unit: str, display: DisplayUnit) -> Decimal:
    """A value in the unit the sheet states (yen amounts divided; exact: the divisor is a power of ten)."""
    return value / display.divisor if unit == "JPY" else value


def _exact(value: Decimal, unit: str, display: DisplayUnit) -> str:
    """A value in the sheet's unit with every digit it has: `10,049.47`."""
    text = f"{in_unit(value, unit, display):,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _unit_note(display: DisplayUnit) -> str:
    return (
        f"Amounts in {display.label}; per-share amounts in JPY; counts as numbers. "
        "Negative figures in parentheses. Values are stored at full precision: the format only rounds what is shown."
    )


def _concept_label(concept: str) -> str:
    c = catalog().get(concept)
    return c.label if c else concept


def _emphasis(row: StatementRow) -> bool:
    return row.is_total or row.concept.id in KEY_LINES


def _row_label(row: StatementRow, yen: str = "") -> str:
    """The row's label, with its unit unless it is the sheet's (`yen`: the yen unit, on a sheet headed by row)."""
    unit = row.concept.unit
    if unit == "JPY":
        return f"{row.concept.label} ({yen})" if yen else row.concept.label
    return f"{row.concept.label} ({unit_caption(unit)})"


# --- the workbook ---------------------------------------------------------------------------


class _Styles:
    """Fonts, fills and borders built once (openpyxl shares them between cells)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        def fill(rgb: str) -> PatternFill:
            return PatternFill("solid", start_color=rgb, end_color=rgb)

        def font(**kw) -> Font:
            return Font(name=FONT_NAME, size=kw.pop("size", 11), **kw)

        self.title = font(bold=True, size=14)
        self.note = font(italic=True, size=9, color=MUTED_FONT)
        self.bold = font(bold=True)
        self.key = font(size=8, color=MUTED_FONT)
        self.muted = font(italic=True, color=MUTED_FONT)
        self.derived = font(italic=True, color=DERIVED_FONT)
        self.derived_bold = font(italic=True, bold=True, color=DERIVED_FONT)
        self.conflict = font(bold=True, color=CONFLICT_FONT)
        self.target = font(color=TARGET_FONT)
        self.target_bold = font(bold=True, color=TARGET_FONT)
        self.link = font(color=LINK_FONT, underline="single")
        self.header_fill = fill(HEADER_FILL)
        self.section_fill = fill(SECTION_FILL)
        self.derived_fill = fill(DERIVED_FILL)
        self.derived_value_fill = fill(DERIVED_VALUE_FILL)
        self.conflict_fill = fill(CONFLICT_FILL)
        self.total_border = Border(top=Side(style="thin"))
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.right = Alignment(horizontal="right")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.indents = [Alignment(horizontal="left", indent=i) for i in range(16)]


class _Workbook:
    """Builds the workbook sheet by sheet; remembers where each fact stands, for formulas and the Facts sheet."""

    def __init__(self, library, options: ExportOptions):
        from openpyxl import Workbook

        self.library = library
        self.options = options
        self.display = options.unit
        self.index = FactIndex.from_library(library)
        self.selection = _Selection(library, options)
        self.wb = Workbook()
        self.styles = _Styles()
        self.cached: dict[str, dict[str, object]] = {}  # sheet -> coordinate -> the formula's result
        self.sheet_homes: dict[str, dict[tuple[str, str, str], str]] = {}
        self.homes: dict[tuple[str, str, str], tuple[str, str]] = {}  # fact key -> (sheet, coordinate)
        self.formulas = 0
        self.derived_values = 0
        self.conflicts = 0
        self._cyclic: dict[tuple[str, str, str], bool] = {}
        self._layouts: dict | None = None  # document id -> the layout of its PDF, read when the Facts sheet needs pages
        self.plans = [p for s in self.selection.statements if (p := _plan(s, self.index, self.selection))]
        for plan in self.plans:
            homes = self.sheet_homes.setdefault(plan.title, {})
            for (i, j), fact in plan.facts.items():
                coord = plan.coordinate(i, j)
                homes.setdefault(fact.key, coord)
                self.homes.setdefault(fact.key, (plan.title, coord))

    # -- cells --

    def text(self, cell, value: object) -> None:
        """Text from anywhere (a document, a label, a message): always stored as text, never evaluated."""
        text = _ILLEGAL_XML.sub("", str(value))[:_MAX_CELL_TEXT]
        cell.value = text
        cell.data_type = "s"  # openpyxl takes "=..." for a formula: a string it stays
        if is_formula_like(text):
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited

    def formula(self, ws, cell, text: str, result: object) -> None:
        cell.value = text
        self.cached.setdefault(ws.title, {})[cell.coordinate] = result

    def ref(self, key: tuple[str, str, str], sheet: str) -> str | None:
        """The cell of a fact as a formula would name it from `sheet`: same sheet first, else its home."""
        coord = self.sheet_homes.get(sheet, {}).get(key)
        if coord is not None:
            return coord
        home = self.homes.get(key)
        return None if home is None else f"{_quote(home[0])}!{home[1]}"

    def _is_cyclic(self, key: tuple[str, str, str], stack: frozenset = frozenset()) -> bool:
        if key in stack:
            return True
        if key in self._cyclic:
            return self._cyclic[key]
        fact = self.index.facts.get(key)
        found = False
        if fact is not None and fact.derived and fact.derivation is not None:
            inner = stack | {key}
            found = any(self._is_cyclic((t.concept, t.period, fact.scenario), inner) for t in fact.derivation.terms)
        self._cyclic[key] = found
        return found

    def derivation_formula(self, fact: Fact, sheet: str) -> str | None:
        d = fact.derivation
        if not fact.derived or d is None or not d.terms or self._is_cyclic(fact.key):
            return None
        text = "="
        for i, t in enumerate(d.terms):
            ref = self.ref((t.concept, t.period, fact.scenario), sheet)
            if ref is None:
                return None
            text += ("" if t.sign > 0 else "-") if i == 0 else ("+" if t.sign > 0 else "-")
            text += ref
        return text

    def write_fact(self, ws, cell, fact: Fact, *, bold: bool = False) -> None:
        """A fact's value: a number in the sheet's unit, or the formula that derives it; marked and commented."""
        s = self.styles
        value = in_unit(fact.value, fact.unit, self.display)
        cell.number_format = number_format(fact.unit, self.display)
        notes: list[str] = []
        formula = self.derivation_formula(fact, ws.title) if fact.derived else None
        if formula is not None:
            self.formula(ws, cell, formula, value)
            self.formulas += 1
            cell.fill = s.derived_fill
            cell.font = s.derived_bold if bold else s.derived
            if fact.reported is not None:
                notes.append(f"Also reported as {_exact(fact.reported.value, fact.unit, self.display)} "
                             f"({fact.reported.source}), agreeing within rounding; the derived figure is more precise.")
        else:
            cell.value = float(value)
            if fact.derived:
                self.derived_values += 1
                cell.fill = s.derived_value_fill
                cell.font = s.derived_bold if bold else s.derived
                notes.append(self.derivation_note(fact))
            elif fact.scenario != Scenario.ACTUAL:
                cell.font = s.target_bold if bold else s.target
            elif bold:
                cell.font = s.bold
        if self.index.status(*fact.key) == CellStatus.CONFLICT:
            self.conflicts += 1
            cell.fill = s.conflict_fill
            cell.font = s.conflict
            notes.append(self.conflict_note(fact))
        elif not fact.derived and self.index.rounding_only(fact):
            notes.append(self.conflict_note(fact, rounding=True))  # quiet: a comment, no colour
        if notes:
            self.comment(cell, "\n\n".join(notes))

    def comment(self, cell, text: str) -> None:
        from openpyxl.comments import Comment

        lines = text.split("\n")
        width = min(640, max(220, 7 * max(len(line) for line in lines)))
        cell.comment = Comment(_ILLEGAL_XML.sub("", text), AUTHOR, height=max(60, 18 * (len(lines) + 1)), width=width)

    def derivation_note(self, fact: Fact) -> str:
        lines = [f"Derived, not reported: {period_label(fact.period)} = {fact.label}."]
        lines.append("Its inputs are not all in this workbook, so it is written as a value:")
        for i, t in enumerate(fact.derivation.terms if fact.derivation else ()):
            sign = ("" if t.sign > 0 else "- ") if i == 0 else ("+ " if t.sign > 0 else "- ")
            term = self.index.get(t.concept, t.period, fact.scenario)
            shown = _exact(term.value, term.unit, self.display) if term else "?"
            where = str(term.source) if term is not None and term.source else "derived"
            lines.append(f"  {sign}{_concept_label(t.concept)}, {period_label(t.period)}: {shown} ({where})")
        return "\n".join(lines)

    def conflict_note(self, fact: Fact, rounding: bool = False) -> str:
        unit = unit_caption(fact.unit, self.display)
        occurrences = self.index.occurrences.get(fact.key, [])
        lines = []
        if len(occurrences) > 1:
            said = "differ only by rounding, within the last printed digit of the coarser" if rounding else "disagree beyond rounding"
            lines.append(f"Reports of this figure {said} ({unit}):")
            for o in occurrences:
                r = o.fact
                lines.append(f"  {_exact(r.value, r.unit, self.display)}  {r.source} ({o.status})")
        elif fact.derived:
            lines.append("Computed from inputs whose reports disagree: see the cells of its formula.")
        for fd in self.index.findings.get(fact.key, []):
            if fd.kind != "conflict":
                lines.append(f"{fd.kind}: {fd.message}")
        return "\n".join(lines) or "A check finding concerns this figure: see the Findings sheet."

    def link(self, ws, cell, fact: Fact, *, bold: bool = False) -> None:
        """A fact on a summary sheet: a reference to its statement cell where it has one, else the fact itself."""
        home = self.homes.get(fact.key)
        if home is None:
            self.write_fact(ws, cell, fact, bold=bold)
            return
        s = self.styles
        self.formula(ws, cell, f"={_quote(home[0])}!{home[1]}", in_unit(fact.value, fact.unit, self.display))
        cell.number_format = number_format(fact.unit, self.display)
        if self.index.status(*fact.key) == CellStatus.CONFLICT:
            cell.fill, cell.font = s.conflict_fill, s.conflict
        elif fact.derived:
            cell.fill, cell.font = s.derived_fill, (s.derived_bold if bold else s.derived)
        elif bold:
            cell.font = s.bold

    # -- sheet furniture --

    def title_rows(self, ws, title: str, *notes: str) -> None:
        s = self.styles
        self.text(ws.cell(1, 1), title)
        ws.cell(1, 1).font = s.title
        for i, note in enumerate(notes):
            self.text(ws.cell(2 + i, 1), note)
            ws.cell(2 + i, 1).font = s.note

    def print_setup(self, ws, *, title_rows: str | None, title_cols: str | None, columns: int, unit: str = "") -> None:
        """Landscape A4, headers repeated; the page header names the sheet and the unit of its figures ("" for none)."""
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = max(1, -(-columns // PRINT_COLUMNS_PER_PAGE))
        ws.page_setup.fitToHeight = 0
        if title_rows:
            ws.print_title_rows = title_rows
        if title_cols:
            ws.print_title_cols = title_cols
        ws.oddHeader.left.text = "&A"
        ws.oddHeader.right.text = unit
        ws.oddFooter.left.text = f"iijviewer {__version__}"
        ws.oddFooter.right.text = "Page &P of &N"

    def header(self, ws, row: int, col: int, text: str, *, font=None) -> None:
        c = ws.cell(row, col)
        self.text(c, text)
        c.font = font or self.styles.bold
        c.fill = self.styles.header_fill
        c.alignment = self.styles.center

    # -- statement sheets --

    def statement_sheet(self, plan: _Plan) -> None:
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.properties import Outline

        s = self.styles
        ws = self.wb.create_sheet(plan.title)
        unit = header_unit(plan.rows, self.display)  # operating data: counts and Gbps, not yen
        yen = self.display.label if unit == UNITS_BY_ROW else ""
        self.title_rows(
            ws,
            f"{plan.title} \u2014 Internet Initiative Japan (IIJ)",
            _unit_note(self.display),
            "Blue italic: derived, a formula over its inputs (lavender: a value, its comment names the inputs). "
            "Orange: reports disagree (the comment lists them). Find any figure's document and line on the "
            "Facts sheet by concept and period key.",
        )
        period_headers(self, ws, unit, "concept", plan.columns)
        depth = 0
        for i, row in enumerate(plan.rows):
            r = FIRST_ROW + i
            label = ws.cell(r, LABEL_COL)
            self.text(label, _row_label(row, yen))
            label.alignment = s.indents[min(row.depth * 2, 15)]
            if row.context_only:
                label.font = s.muted
            elif _emphasis(row):
                label.font = s.bold
            concept = ws.cell(r, CONCEPT_COL)
            self.text(concept, row.concept.id)
            concept.font = s.key
            if row.depth:
                ws.row_dimensions[r].outline_level = min(row.depth, 7)
                depth = max(depth, min(row.depth, 7))
            for j in range(len(plan.columns)):
                fact = plan.facts.get((i, j))
                cell = ws.cell(r, FIRST_COL + j)
                if row.is_total:
                    cell.border = s.total_border
                if fact is not None:
                    self.write_fact(ws, cell, fact, bold=_emphasis(row))
        ws.sheet_properties.outlinePr = Outline(summaryBelow=False, summaryRight=True)
        ws.sheet_format.outlineLevelRow = depth
        self.group_years(ws, plan)
        ws.freeze_panes = ws.cell(FIRST_ROW, FIRST_COL)
        widest = max((len(_row_label(r, yen)) + 2 * r.depth for r in plan.rows), default=20)
        ws.column_dimensions["A"].width = min(60, max(24, widest + 2))
        ws.column_dimensions["B"].width = 26
        width = 14 if self.display.divisor < 10**6 else 12 if self.display.divisor == 10**6 else 10
        for j in range(len(plan.columns)):
            ws.column_dimensions[get_column_letter(FIRST_COL + j)].width = width
        ws.row_dimensions[HEADER_ROW + 1].height = 24
        self.print_setup(ws, title_rows=f"{HEADER_ROW}:{KEY_ROW}", title_cols="A:B", columns=len(plan.columns), unit=unit)

    def group_years(self, ws, plan: _Plan) -> None:
        """Columns of a fiscal year fold into the year's own column (Excel's column outline), where it has one."""
        from openpyxl.utils import get_column_letter

        years: dict[int, list[int]] = {}
        summary: dict[int, set[int]] = {}
        for j, (period, _) in enumerate(plan.columns):
            p = parse_key(period)
            years.setdefault(p.fiscal_year, []).append(j)
        for fy, cols in years.items():
            keys = {plan.columns[j][0] for j in cols}
            year_key = f"FY{fy}"
            if year_key not in keys:
                year_key = max((k for k in keys if parse_key(k).is_instant), key=sort_key, default="")
                if not year_key or not _closes_year(year_key, fy):
                    continue
            summary[fy] = {j for j in cols if plan.columns[j][0] == year_key}
        grouped = False
        for fy, marks in summary.items():
            first = min(marks)
            for j in years[fy]:
                if j < first:
                    ws.column_dimensions[get_column_letter(FIRST_COL + j)].outline_level = 1
                    grouped = True
        if grouped:
            ws.sheet_format.outlineLevelCol = 1

    # -- comparison --

    def compare_periods(self) -> list[str]:
        """Named periods; else the latest year, half and quarter that a year earlier can be compared with."""
        if self.options.periods is not None:
            named = sorted(dict.fromkeys(self.options.periods), key=sort_key)
            return [p for p in named if p != self.options.compare_base]
        concepts = {r.concept.id for p in self.plans for r in p.rows if not r.context_only}
        by_period: dict[str, set[str]] = {}
        for period, facts in self.index.by_period.items():
            found = {f.concept for f in facts if f.scenario == Scenario.ACTUAL and f.concept in concepts}
            if found and not parse_key(period).is_instant:
                by_period[period] = found
        layout = self.options.layout
        groups = [{None}, {"H1", "H2"}, {"Q1", "Q2", "Q3", "Q4"}] if layout == ALL else [_LAYOUT_PARTS[layout]]
        chosen = []
        for parts in groups:
            shared = {
                k: len(found & by_period.get(prior_period(k) or "", set()))
                for k, found in by_period.items()
                if _part(k) in parts
            }
            if not shared or max(shared.values()) == 0:
                continue
            enough = min(MIN_COMPARED, max(shared.values()))
            chosen.append(max((k for k, n in shared.items() if n >= enough), key=sort_key))
        return sorted(chosen, key=sort_key)

    def comparison_sheet(self) -> None:
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.properties import Outline

        periods = self.compare_periods()
        if not periods or not self.plans:
            return
        s = self.styles
        base = self.options.compare_base
        against = column_label(base) if base else "the same period a year earlier"
        ws = self.wb.create_sheet(COMPARISON)
        self.title_rows(
            ws,
            f"Comparison with {against} \u2014 Internet Initiative Japan (IIJ)",
            _unit_note(self.display),
            "Figures refer to the statement sheets; Change and Change % are formulas over the two value cells "
            f"(\"{NOT_MEANINGFUL}\" where the base is zero, the sign changed or the change is over 1,000%); a growing cost "
            "or outflow shows a rise.",
        )
        self.header(ws, HEADER_ROW, LABEL_COL, self.display.label)
        for r in (HEADER_ROW + 1, KEY_ROW):
            self.header(ws, r, LABEL_COL, "")
        self.header(ws, HEADER_ROW, CONCEPT_COL, "")
        self.header(ws, HEADER_ROW + 1, CONCEPT_COL, "")
        self.header(ws, KEY_ROW, CONCEPT_COL, "concept", font=s.key)
        blocks = []
        for b, period in enumerate(periods):
            col = FIRST_COL + 4 * b
            prior = self.options.compare_base or prior_period(period) or ""
            blocks.append((period, prior, col))
            ws.merge_cells(start_row=HEADER_ROW, start_column=col, end_row=HEADER_ROW, end_column=col + 3)
            self.header(ws, HEADER_ROW, col, f"{column_label(period)} vs {column_label(prior)}")
            for k, text in enumerate((column_label(period), column_label(prior), "Change", "Change %")):
                self.header(ws, HEADER_ROW + 1, col + k, text)
            for k, text in enumerate((period, prior, "", "")):
                self.header(ws, KEY_ROW, col + k, text, font=s.key)
        r = FIRST_ROW
        depth = 0
        for plan in self.plans:
            rows = self._comparison_rows(plan, blocks)
            if not rows:
                continue
            self.text(ws.cell(r, LABEL_COL), plan.title)
            for c in range(LABEL_COL, FIRST_COL + 4 * len(blocks)):
                ws.cell(r, c).fill = s.section_fill
                ws.cell(r, c).font = s.bold
            for period, prior, col in blocks:  # what the columns mean for this statement (a balance-sheet date)
                for k, key in enumerate((period, prior)):
                    shown = self._row_period(plan.statement, key)
                    if shown and shown != key:
                        self.text(ws.cell(r, col + k), column_label(shown))
                        ws.cell(r, col + k).font = s.key
                        ws.cell(r, col + k).alignment = s.right
            r += 1
            for row, facts in rows:
                label = ws.cell(r, LABEL_COL)
                self.text(label, _row_label(row))
                label.alignment = s.indents[min(row.depth * 2 + 1, 15)]
                if row.context_only or _emphasis(row):
                    label.font = s.muted if row.context_only else s.bold
                self.text(ws.cell(r, CONCEPT_COL), row.concept.id)
                ws.cell(r, CONCEPT_COL).font = s.key
                ws.row_dimensions[r].outline_level = min(row.depth + 1, 7)
                depth = max(depth, min(row.depth + 1, 7))
                for (current, base), (_, _, col) in zip(facts, blocks):
                    self._comparison_cells(ws, r, col, current, base, bold=_emphasis(row))
                r += 1
        ws.sheet_properties.outlinePr = Outline(summaryBelow=False, summaryRight=True)
        ws.sheet_format.outlineLevelRow = depth
        ws.freeze_panes = ws.cell(FIRST_ROW, FIRST_COL)
        ws.column_dimensions["A"].width = 48
        ws.column_dimensions["B"].width = 24
        for b in range(len(blocks)):
            for k in range(4):
                ws.column_dimensions[get_column_letter(FIRST_COL + 4 * b + k)].width = 11 if k == 3 else 13
        ws.row_dimensions[HEADER_ROW + 1].height = 24
        self.print_setup(ws, title_rows=f"{HEADER_ROW}:{KEY_ROW}", title_cols="A:B", columns=4 * len(blocks), unit=self.display.label)

    def _base_key(self, row: StatementRow, key: str, base: str) -> str | None:
        """What a row's figure is compared with: the named base period, or the same period a year earlier."""
        if self.options.compare_base is None:
            return prior_period(key)
        if row.concept.is_instant:
            return balance_date_for(base)
        return None if parse_key(base).is_instant else base

    def _row_period(self, statement: str, period: str) -> str | None:
        return balance_date_for(period) if statement == "balance" else period

    def _comparison_rows(self, plan: _Plan, blocks) -> list[tuple[StatementRow, list[tuple[Fact | None, Fact | None]]]]:
        out = []
        for row in plan.rows:
            facts = []
            for period, prior, _ in blocks:
                rp = balance_date_for(period) if row.concept.is_instant else period
                if parse_key(rp).is_instant and not row.concept.is_instant:
                    facts.append((None, None))
                    continue
                base_key = self._base_key(row, rp, prior)
                facts.append((self.index.get(row.concept.id, rp), self.index.get(row.concept.id, base_key) if base_key else None))
            out.append((row, facts))
        keep: dict[str, bool] = {}
        for row, facts in reversed(out):
            has = not row.context_only and any(a or b for a, b in facts)
            keep[row.concept.id] = keep.get(row.concept.id, False) or has
            if keep[row.concept.id] and row.parent:
                keep[row.parent] = True
        return [(row, facts) for row, facts in out if keep[row.concept.id]]

    def _comparison_cells(self, ws, r: int, col: int, current: Fact | None, base: Fact | None, *, bold: bool) -> None:
        from openpyxl.utils import get_column_letter

        s = self.styles
        for k, fact in enumerate((current, base)):
            if fact is not None:
                self.link(ws, ws.cell(r, col + k), fact, bold=bold)
        if current is None or base is None:
            return
        if not self.index.comparable(current, base):
            for k in (2, 3):  # per share on two bases, across a stock split: no change is computed
                self.text(ws.cell(r, col + k), NOT_MEANINGFUL)
                ws.cell(r, col + k).alignment = s.right
            return
        a, b = f"{get_column_letter(col)}{r}", f"{get_column_letter(col + 1)}{r}"
        change = ws.cell(r, col + 2)
        diff = in_unit(current.value, current.unit, self.display) - in_unit(base.value, base.unit, self.display)
        self.formula(ws, change, f"={a}-{b}", diff)
        change.number_format = number_format(current.unit, self.display)
        pct = ws.cell(r, col + 3)
        ratio, _why = change_percent(current.value, base.value)  # as the viewer: of the figure as printed
        limit = NOT_MEANINGFUL_ABOVE / 100
        self.formula(
            ws,
            pct,
            f'=IF(OR({b}=0,{a}*{b}<0,ABS(({a}-{b})/{b})>{limit}),"{NOT_MEANINGFUL}",({a}-{b})/{b})',
            NOT_MEANINGFUL if ratio is None else ratio / 100,
        )
        pct.number_format = PERCENT_FORMAT
        pct.alignment = s.right
        if bold:
            change.font = pct.font = s.bold

    # -- trends --

    def trend_sheet(self) -> None:
        from openpyxl.chart import LineChart, Reference
        from openpyxl.utils import get_column_letter

        concepts = [c for _, group in TREND_CHARTS for c in group if c in catalog()]
        if not any(self.index.by_concept.get(c) for c in concepts):
            return
        ws = self.wb.create_sheet(TRENDS)
        self.title_rows(
            ws,
            "Trends \u2014 Internet Initiative Japan (IIJ)",
            _unit_note(self.display),
            "Each figure refers to its statement sheet; a period nobody reports is left empty (a gap in the chart).",
        )
        years = {parse_key(k).fiscal_year for k in self.options.periods or ()}
        r = HEADER_ROW
        widest = 1
        for name, parts in TREND_SERIES:
            found = sorted(
                {p for c in concepts for (p, sc) in self.index.by_concept.get(c, {}) if sc == Scenario.ACTUAL and _part(p) in parts},
                key=sort_key,
            )
            if years:
                found = [p for p in found if parse_key(p).fiscal_year in years]
            if not found:
                continue
            periods = _consecutive(found[0], found[-1], parts)
            widest = max(widest, len(periods))
            self.header(ws, r, 1, f"{name} ({self.display.label})")
            for j, p in enumerate(periods):
                self.header(ws, r, 2 + j, column_label(p))
            first = r + 1
            rows: dict[str, int] = {}
            for c in concepts:
                r += 1
                rows[c] = r
                self.text(ws.cell(r, 1), _concept_label(c))
                for j, p in enumerate(periods):
                    fact = self.index.get(c, p)
                    if fact is not None:
                        self.link(ws, ws.cell(r, 2 + j), fact)
            r += 2
            for title, group in TREND_CHARTS:
                chart = LineChart()
                chart.title = f"{title}, {name.lower()}"
                chart.y_axis.title = self.display.label
                chart.y_axis.number_format = "#,##0"
                chart.x_axis.delete = False  # openpyxl 3.1 hides axes unless told
                chart.y_axis.delete = False
                chart.display_blanks = "gap"
                chart.height, chart.width = 7.5, 16
                for c in group:
                    if c not in rows:
                        continue
                    data = Reference(ws, min_col=1, max_col=1 + len(periods), min_row=rows[c], max_row=rows[c])
                    chart.add_data(data, from_rows=True, titles_from_data=True)
                chart.set_categories(Reference(ws, min_col=2, max_col=1 + len(periods), min_row=first - 1, max_row=first - 1))
                for series in chart.series:
                    series.marker.symbol = "circle"
                    series.smooth = False
                ws.add_chart(chart, f"A{r}")
                r += CHART_ROWS
            r += 1
        ws.column_dimensions["A"].width = 44
        for j in range(widest):
            ws.column_dimensions[get_column_letter(2 + j)].width = 11
        ws.freeze_panes = ws.cell(HEADER_ROW + 1, 2)
        self.print_setup(ws, title_rows=None, title_cols="A:A", columns=widest, unit=self.display.label)

    # -- tables: facts, findings, documents --

    def table(self, ws, name: str, headers: Sequence[str], rows: int, widths: Sequence[float]) -> None:
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.table import Table, TableStyleInfo

        last = get_column_letter(len(headers))
        table = Table(displayName=name, ref=f"A1:{last}{max(rows + 1, 2)}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        ws.add_table(table)
        ws.freeze_panes = "B2"
        for j, w in enumerate(widths):
            ws.column_dimensions[get_column_letter(j + 1)].width = w
        self.print_setup(ws, title_rows="1:1", title_cols=None, columns=len(headers))

    def table_sheet(self, title: str, headers: Sequence[str]):
        ws = self.wb.create_sheet(title)
        for j, h in enumerate(headers):
            self.text(ws.cell(1, j + 1), h)
            ws.cell(1, j + 1).font = self.styles.bold
        return ws

    def shown_at(self, cell, home: tuple[str, str]):
        """A link to the statement cell that shows a fact."""
        from openpyxl.worksheet.hyperlink import Hyperlink

        self.text(cell, f"{home[0]}!{home[1]}")
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{_quote(home[0])}!{home[1]}")
        cell.font = self.styles.link
        return cell

    def page_of(self, source) -> int | None:
        """The page of the PDF that prints a source line, for a document imported from a PDF; else None."""
        if source is None:
            return None
        if self._layouts is None:
            from iijviewer.ingest.formats import layout_path, read_layout

            self._layouts = {
                d.id: read_layout(layout_path(d.path)) for d in self.library.documents if d.source_kind == "PDF"
            }
        layout = self._layouts.get(source.document)
        place = layout.place(source.line) if layout is not None else None
        return place.page if place is not None else None

    def facts_sheet(self) -> int:
        headers = FACT_COLUMNS + ["page", "status", "shown_at"]
        ws = self.table_sheet(FACTS, headers)
        facts = self.selection.facts()
        for i, fact in enumerate(facts):
            r = i + 2
            row = fact_row(fact, fact.derived, None)
            for j, name in enumerate(FACT_COLUMNS):
                cell = ws.cell(r, j + 1)
                v = row[name]
                if name == "value":
                    cell.value = float(fact.value)
                    cell.number_format = _amount_format(max(0, fact.decimals))
                elif isinstance(v, (bool, int)):
                    cell.value = v
                elif v != "":
                    self.text(cell, v)
            page = None if fact.derived else self.page_of(fact.source)
            if page is not None:
                ws.cell(r, len(FACT_COLUMNS) + 1).value = page
            self.text(ws.cell(r, len(FACT_COLUMNS) + 2), self.index.status(*fact.key))
            home = self.homes.get(fact.key)
            if home is not None:
                self.shown_at(ws.cell(r, len(FACT_COLUMNS) + 3), home)
        self.table(ws, "Facts", headers, len(facts), (34, 12, 14, 18, 10, 9, 8, 44, 7, 44, 6, 10, 24))
        return len(facts)

    def findings_sheet(self) -> None:
        headers = CHECK_COLUMNS + ["shown_at"]
        ws = self.table_sheet(FINDINGS, headers)
        concepts = self.selection.concepts()
        findings = [f for f in self.library.findings if not f.concept or f.concept in concepts]
        findings += list(self.library.report)
        widths = (16, 28, 12, 10, 90, 50, 24)
        for i, fd in enumerate(findings):
            r = i + 2
            values = [fd.kind, fd.concept, fd.period, fd.scenario, fd.message, sources_text(fd.sources)]
            for j, v in enumerate(values):
                if v:
                    self.text(ws.cell(r, j + 1), v)
                    ws.cell(r, j + 1).alignment = self.styles.wrap
            # spreadsheets do not size wrapped rows of a file they open: say how many lines it takes
            lines = max(-(-len(v) // int(widths[j] * 1.1)) for j, v in enumerate(values) if v)
            ws.row_dimensions[r].height = 15 * max(1, lines)
            home = self.homes.get((fd.concept, fd.period, fd.scenario))
            if home is not None:
                self.shown_at(ws.cell(r, len(headers)), home).alignment = self.styles.wrap
        self.table(ws, "Findings", headers, len(findings), widths)

    def documents_sheet(self) -> None:
        headers = ["document", "title", "published", "kind", "reported_period", "jpy_per_usd", "origin",
                   "lines", "figures_read", "facts_chosen", "sha256"]
        ws = self.table_sheet(DOCUMENTS, headers)
        read: dict[str, int] = {}
        for raw in self.library.raw:
            read[raw.source.document] = read.get(raw.source.document, 0) + 1
        chosen: dict[str, int] = {}
        for f in self.library.facts:
            if f.source is not None:
                chosen[f.source.document] = chosen.get(f.source.document, 0) + 1
        for i, d in enumerate(self.library.documents):
            r = i + 2
            for j, v in enumerate((d.id, d.title, d.publication_date, d.kind, d.reported_period)):
                if v:
                    self.text(ws.cell(r, j + 1), v)
            if d.exchange_rate is not None:
                ws.cell(r, 6).value = float(d.exchange_rate)
                ws.cell(r, 6).number_format = "0.00"
            self.text(ws.cell(r, 7), "bundled" if d.bundled else "imported")
            ws.cell(r, 8).value = len(d.lines)
            ws.cell(r, 9).value = read.get(d.id, 0)
            ws.cell(r, 10).value = chosen.get(d.id, 0)
            self.text(ws.cell(r, 11), d.sha256)
        self.table(ws, "Documents", headers, len(self.library.documents), (46, 70, 12, 14, 14, 11, 10, 8, 12, 12, 66))

    # -- cover --

    def heading(self, ws, r: int, text: str) -> int:
        """A bold line in column A; the next row."""
        self.text(ws.cell(r, 1), text)
        ws.cell(r, 1).font = self.styles.bold
        return r + 1

    def pairs(self, ws, r: int, pairs: Sequence[tuple[str, str]], font=None) -> int:
        """Name and text on consecutive rows from `r`; the row after them."""
        for name, text in pairs:
            self.text(ws.cell(r, 1), name)
            if font is not None:
                ws.cell(r, 1).font = font
            self.text(ws.cell(r, 2), text)
            r += 1
        return r

    def cover_sheet(self, ws, made: dt.datetime, sheets: Sequence[tuple[str, str]]) -> None:
        from openpyxl.worksheet.hyperlink import Hyperlink

        s = self.styles
        ws.title = COVER
        self.text(ws.cell(1, 1), "Internet Initiative Japan (IIJ): financial statements from its investor-relations documents")
        ws.cell(1, 1).font = s.title
        o = self.options
        statements = ", ".join(STATEMENTS[p.statement] for p in self.plans) or "none"
        facts = [
            ("Made", made.isoformat(sep=" ", timespec="minutes")),
            ("By", f"iijviewer {__version__}"),
            ("Unit", f"{self.display.label} for amounts; JPY for per-share data; counts as numbers"),
            ("Per share", self.library.on_basis.note),
            ("Layout", {ALL: "every period side by side", QUARTERLY: "quarters", HALF: "half years", ANNUAL: "fiscal years"}[o.layout]),
            ("Statements", statements),
            ("Periods", ", ".join(o.periods) if o.periods else "all in the library"),
            ("Fiscal year", "IIJ's fiscal year starts on April 1: FY2010 is April 2010 to March 2011."),
        ]
        r = self.pairs(ws, 3, facts, s.bold)
        r = self.heading(ws, r + 1, "How to read the marks")
        legend = [
            ("1,234", None, None, "Reported: printed in a document; the Facts sheet gives its document, line and page."),
            ("1,234", s.derived_fill, s.derived, "Derived (Q1 = H1 - Q2, gross margin = revenues - costs): an Excel "
             "formula over the cells of its inputs; select the cell to see it."),
            ("1,234", s.derived_value_fill, s.derived, "Derived, but its inputs are not in this workbook: a value; "
             "its comment names the inputs and where they were printed."),
            ("1,234", s.conflict_fill, s.conflict, "Reports of this figure disagree beyond rounding, or a check "
             "finding concerns it: the comment lists each report with its document and line."),
            ("1,234", None, s.target, "A target or revised target that IIJ announced (its own column)."),
            ("(1,234)", None, None, "Negative figures are in parentheses."),
            ("Total", None, s.bold, "Totals are bold; the rows under a total fold with the outline buttons at the left."),
        ]
        for sample, fill, font, meaning in legend:
            c = ws.cell(r, 1)
            self.text(c, sample)
            c.alignment = s.right
            if fill is not None:
                c.fill = fill
            if font is not None:
                c.font = font
            self.text(ws.cell(r, 2), meaning)
            r += 1
        self.text(ws.cell(r, 2), "The columns of a fiscal year fold into the year's column with the outline buttons above.")
        r = self.heading(ws, r + 2, "Sheets")
        for name, what in sheets:
            c = ws.cell(r, 1)
            self.text(c, name)
            c.hyperlink = Hyperlink(ref=c.coordinate, location=f"{_quote(name)}!A1")
            c.font = s.link
            self.text(ws.cell(r, 2), what)
            r += 1
        r = self.heading(ws, r + 1, "Documents used")
        self.pairs(ws, r, [(d.id, f"{d.title} ({d.publication_date or 'undated'})") for d in self.library.documents])
        ws.column_dimensions["A"].width = 48
        ws.column_dimensions["B"].width = 110
        self.print_setup(ws, title_rows=None, title_cols=None, columns=2)

    # -- all of it --

    def build(self) -> int:
        made = dt.datetime.now().astimezone().replace(microsecond=0)
        cover = self.wb.active
        for plan in self.plans:
            self.statement_sheet(plan)
        measures_sheet(self)
        self.comparison_sheet()
        self.trend_sheet()
        count = self.facts_sheet()
        self.findings_sheet()
        self.documents_sheet()
        descriptions = {
            MEASURES: "Margins, growth, twelve-month sums and ratios: formulas over the statement sheets' cells.",
            COMPARISON: "Chosen periods against the same period a year earlier; Change and Change % are formulas.",
            TRENDS: "Quarterly and half-yearly series of the headline figures, with line charts.",
            FACTS: "Every fact: concept, period, scenario, value (in yen), document and line; filter it.",
            FINDINGS: "Conflicts between documents, statements that do not add up, tables that could not be read.",
            DOCUMENTS: "The documents read, with their dates and checksums.",
        }
        sheets = [(ws.title, descriptions.get(ws.title, "Statement: concepts as rows, periods as columns."))
                  for ws in self.wb.worksheets[1:]]
        self.cover_sheet(cover, made, sheets)
        props = self.wb.properties
        props.creator = AUTHOR
        props.title = "IIJ financial statements"
        props.created = props.modified = made.astimezone(dt.UTC).replace(tzinfo=None)
        self.wb.calculation.fullCalcOnLoad = True
        return count


def period_headers(book: _Workbook, ws, label: str, key_name: str, columns: Sequence[tuple[str, str]]) -> None:
    """A statement-like sheet's three header rows: the label, the span (or scenario) and the key of each column."""
    s = book.styles
    book.header(ws, HEADER_ROW, LABEL_COL, label)
    book.header(ws, HEADER_ROW + 1, LABEL_COL, "")
    book.header(ws, KEY_ROW, LABEL_COL, "")
    book.header(ws, HEADER_ROW, CONCEPT_COL, "")
    book.header(ws, HEADER_ROW + 1, CONCEPT_COL, "")
    book.header(ws, KEY_ROW, CONCEPT_COL, key_name, font=s.key)
    for j, (period, scenario) in enumerate(columns):
        col = FIRST_COL + j
        book.header(ws, HEADER_ROW, col, column_label(period))
        if scenario == Scenario.ACTUAL:
            book.header(ws, HEADER_ROW + 1, col, period_span(period), font=s.key)
        else:
            book.header(ws, HEADER_ROW + 1, col, _scenario_text(scenario), font=s.target_bold)
        book.header(ws, KEY_ROW, col, period if scenario == Scenario.ACTUAL else f"{period} {scenario}", font=s.key)


# --- the Measures sheet ----------------------------------------------------------------------

MEASURE_PERCENT_FORMAT = "0.00%;(0.00%)"
_MEASURE_REF = re.compile(r"([a-z][a-z0-9_]*)\[([^\]]+)\]")


def _with_measure_inputs(statements: list[str], names: Sequence[str]) -> list[str]:
    """The statements asked for and those the measures read, so that the Measures sheet's formulas have their cells."""
    from iijviewer.views import metrics

    wanted = set(statements)
    for d in metrics.definitions():
        wanted.update(catalog()[c].statement for c in d.concepts if c in catalog())
    return [s for s in names if s in wanted]


def measure_formula(book: _Workbook, value, sheet: str) -> str | None:
    """A measure's formula (`metrics.MeasureValue.formula`) as Excel's, over the cells of its inputs; None when one is not in the workbook.

    A percentage is written as Excel's fraction (shown with a percent format),
    so the formula's `* 100` is dropped.
    """
    text = value.formula
    if value.unit == "percent":
        text = text.removesuffix(" * 100")
    missing = False

    def cell(m: re.Match[str]) -> str:
        nonlocal missing
        ref = book.ref((m.group(1), m.group(2), value.scenario), sheet)
        if ref is None:
            missing = True
            return "?"
        return ref

    text = re.sub(r"\|([^|]+)\|", r"ABS(\1)", text).replace(" ", "")
    text = _MEASURE_REF.sub(cell, text)
    return None if missing else "=" + text


def _measure_note(book: _Workbook, value, with_formula: bool) -> str:
    lines = [f"{value.metric}, {period_label(value.period)}: {value.formula}"]
    if not with_formula:
        lines.append("Its inputs are not all in this workbook, so it is written as a value:")
    for f in value.inputs:
        where = f"derived: {f.label}" if f.derived else str(f.source or "")
        lines.append(f"  {_concept_label(f.concept)}, {period_label(f.period)}: {_exact(f.value, f.unit, book.display)} ({where})")
    return "\n".join(lines)


def measures_sheet(book: _Workbook) -> None:
    """Measures as rows, periods as columns; each cell a formula over the statement sheets' cells, with its result.

    A measure whose inputs are not all in the workbook (statements or periods
    left out) is a value in a lavender cell whose comment names the inputs.
    """
    from openpyxl.utils import get_column_letter

    from iijviewer.views import metrics

    if Statement.MEASURES not in book.selection.statements:
        return
    measures = metrics.measures_of(book.index)  # per-share inputs judged on the basis the workbook shows them on
    shown = [v for v in measures.values if book.selection.period(v.period) and (book.options.targets or v.scenario == Scenario.ACTUAL)]
    if not shown:
        return
    s = book.styles
    columns = sorted({(v.period, v.scenario) for v in shown}, key=lambda c: (sort_key(c[0]), SCENARIOS.index(c[1])))
    col_of = {c: FIRST_COL + j for j, c in enumerate(columns)}
    ws = book.wb.create_sheet(MEASURES)
    book.title_rows(
        ws,
        f"{MEASURES} \u2014 Internet Initiative Japan (IIJ)",
        f"Percentages as Excel percentages; twelve-month sums in {book.display.label}. Each cell is a formula over "
        "the statement sheets' cells (select it to see which); its comment gives the formula by concept and period.",
        "Blue italic: an input is derived (a formula itself). Orange: an input's reports disagree. Lavender: a value, "
        "its inputs are not all in this workbook. A target measure reads targets only; a balance ratio, one date.",
    )
    period_headers(book, ws, "Measure", "metric", columns)
    by_metric: dict[str, list] = {}
    for v in shown:
        by_metric.setdefault(v.metric, []).append(v)
    r = FIRST_ROW
    for d in metrics.definitions():
        if d.kind == metrics.GROUP:
            if not any(m.group == d.metric and m.metric in by_metric for m in metrics.definitions()):
                continue
            book.text(ws.cell(r, LABEL_COL), d.label)
            for c in range(LABEL_COL, FIRST_COL + len(columns)):
                ws.cell(r, c).fill, ws.cell(r, c).font = s.section_fill, s.bold
            r += 1
            continue
        if d.metric not in by_metric:
            continue
        unit = "%" if d.unit == "percent" else unit_caption(d.unit, book.display)
        book.text(ws.cell(r, LABEL_COL), f"{d.label} ({unit})")
        ws.cell(r, LABEL_COL).alignment = s.indents[2]
        book.text(ws.cell(r, CONCEPT_COL), d.metric)
        ws.cell(r, CONCEPT_COL).font = s.key
        ws.row_dimensions[r].outline_level = 1
        for v in by_metric[d.metric]:
            cell = ws.cell(r, col_of[(v.period, v.scenario)])
            _write_measure(book, ws, cell, v)
        r += 1
    ws.freeze_panes = ws.cell(FIRST_ROW, FIRST_COL)
    ws.column_dimensions["A"].width = 60
    ws.column_dimensions["B"].width = 30
    for col in col_of.values():
        ws.column_dimensions[get_column_letter(col)].width = 12
    ws.row_dimensions[HEADER_ROW + 1].height = 24
    book.print_setup(ws, title_rows=f"{HEADER_ROW}:{KEY_ROW}", title_cols="A:B", columns=len(columns))


def _write_measure(book: _Workbook, ws, cell, value) -> None:
    from iijviewer.views.metrics import measure_status

    s = book.styles
    percent = value.unit == "percent"
    result = float(value.value / 100) if percent else float(in_unit(value.value, value.unit, book.display))
    cell.number_format = MEASURE_PERCENT_FORMAT if percent else number_format(value.unit, book.display)
    formula = measure_formula(book, value, ws.title)
    if formula is not None:
        book.formula(ws, cell, formula, result)
    else:
        cell.value = result
        cell.fill = s.derived_value_fill
    status = measure_status(book.index, value)
    if status == CellStatus.CONFLICT:
        cell.fill, cell.font = s.conflict_fill, s.conflict
    elif value.derived:
        cell.font = s.derived
        if formula is not None:
            cell.fill = s.derived_fill
    elif value.scenario != Scenario.ACTUAL:
        cell.font = s.target
    book.comment(cell, _measure_note(book, value, formula is not None))


def _closes_year(key: str, fy: int) -> bool:
    """An instant that closes fiscal year `fy` (31 March of the next calendar year)."""
    p = parse_key(key)
    return p.is_instant and p.end.month == 3 and p.end.day == 31 and p.end.year == fy + 1


def _consecutive(first: str, last: str, parts: Sequence[str]) -> list[str]:
    """Every period of one frequency from `first` to `last`, in order (gaps included)."""
    out = []
    fy = parse_key(first).fiscal_year
    end = parse_key(last).fiscal_year
    while fy <= end:
        for part in parts:
            key = f"FY{fy}-{part}"
            if sort_key(first) <= sort_key(key) <= sort_key(last):
                out.append(key)
        fy += 1
    return out


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


# --- saving, with the formulas' results --------------------------------------------------

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>(.*?)</f><v\s*/>(?:</v>)?</c>|'
                           rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>(.*?)</f><v></v></c>', re.S)


def _sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the part (file in the package) that holds it."""
    book = ElementTree.fromstring(package.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{{{_PKG_REL_NS}}}Relationship")}
    out = {}
    for sheet in book.iter(f"{{{_MAIN_NS}}}sheet"):
        target = targets.get(sheet.get(f"{{{_REL_NS}}}id") or "", "")
        out[sheet.get("name") or ""] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return out


def _with_results(xml: bytes, results: dict[str, object]) -> bytes:
    """Put each formula's result in its cell, as Excel does, so readers that do not calculate see the numbers."""

    def put(m: re.Match[bytes]) -> bytes:
        coord, attrs, formula = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
        result = results.get(coord.decode())
        if result is None:
            return m.group(0)
        if isinstance(result, str):
            attrs += b' t="str"'
            text = escape(result).encode()
        else:
            text = repr(float(result)).encode()  # type: ignore[arg-type]
        return b'<c r="' + coord + b'"' + attrs + b"><f>" + formula + b"</f><v>" + text + b"</v></c>"

    return _FORMULA_CELL.sub(put, xml)


def _save(wb, out: IO[bytes], results: dict[str, dict[str, object]] | None) -> None:
    buffer = io.BytesIO()
    wb.save(buffer)
    if results is None:
        out.write(buffer.getvalue())
        return
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        parts = {part: results.get(name, {}) for name, part in _sheet_parts(src).items()}
        for item in src.infolist():
            data = src.read(item)
            if parts.get(item.filename):
                data = _with_results(data, parts[item.filename])
            dst.writestr(item, data)


def build_workbook(library, options: ExportOptions | None = None):
    """The workbook in memory (openpyxl), its formulas' results by sheet and cell, and the counts."""
    options = options or ExportOptions()
    options.validate()
    book = _Workbook(library, options)
    count = book.build()
    add_note_comments(book, _library_notes(library))
    return book, count


def _library_notes(library):
    from iijviewer.library.notes import NoteBook

    return NoteBook.load(getattr(library, "data_dir", None))


def add_note_comments(book: _Workbook, notes) -> int:
    """The analyst's notes as cell comments: on each figure's statement cells, and on the header of a noted period.

    A cell that already has a comment (a derivation, a conflict) keeps it, with the note below.
    Returns how many cells got a note.
    """
    added = 0
    for sheet, homes in book.sheet_homes.items():
        ws = book.wb[sheet]
        for key, coord in homes.items():
            note = notes.get(key)
            if note is not None:
                _note_comment(book, ws[coord], note.text)
                added += 1
    for plan in book.plans:
        ws = book.wb[plan.title]
        for j, (period, scenario) in enumerate(plan.columns):
            note = notes.get(("", period, "")) if scenario == Scenario.ACTUAL else None
            if note is not None:
                _note_comment(book, ws.cell(HEADER_ROW, FIRST_COL + j), note.text)
                added += 1
    return added


def _note_comment(book: _Workbook, cell, text: str) -> None:
    note = f"Note: {text}"
    book.comment(cell, f"{cell.comment.text}\n\n{note}" if cell.comment is not None else note)


def export_workbook(
    library, path: str | os.PathLike[str], options: ExportOptions | None = None, *, store_results: bool = True
) -> ExportSummary:
    """Write the workbook to `path` (whole or not at all); ExportError when it cannot be written.

    `store_results=False` leaves the formulas without their results, so that
    only a spreadsheet program's own calculation fills them (for tests that
    recalculate with LibreOffice).
    """
    start = time.perf_counter()
    book, count = build_workbook(library, options)
    results = book.cached if store_results else None
    target = write_atomic(path, lambda f: _save(book.wb, f, results))
    return ExportSummary(
        target,
        tuple(ws.title for ws in book.wb.worksheets),
        count,
        book.formulas,
        book.derived_values,
        book.conflicts,
        time.perf_counter() - start,
    )
