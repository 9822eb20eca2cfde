"""Reading one table: which column holds which period, unit and scenario; which row which concept.

The interpretation is general; the words it recognises are data (`rules`).

Columns: a header row's cell text says a column's unit ("Thousands of JPY"),
its kind (U.S. dollars, "% of revenues", YoY: never facts), its period and its
scenario.  Headers that span several columns are matched to the figure columns
in order; when a header is garbled, the table's caption ("(For the six months
ended September 30, 2011 and September 30, 2012)") or the layout of the table
it continues is used instead.  When none of that settles the columns, the
table is reported, not guessed.

Rows: a label is mapped to a concept through the synonym table, using the
section the row stands in ("Total" under "Network services:"), the caption
("Segment profit or loss:") and the unit (a money column cannot hold a count).
Some tables put periods in the rows and concepts in the columns ("Full FY2010
| 12,300 | 4,560"); those are read the same way, turned by ninety degrees.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property

from iijviewer.base.concepts import Concept, catalog
from iijviewer.base.facts import UNCONFIRMED, YOY, Finding, RawFact, SourceRef
from iijviewer.base.periods import Period, PeriodReader, find_periods, parse_key, parse_period, prior_year
from iijviewer.base.vocabulary import PER_SHARE_UNITS, FindingKind, Scenario, Unit
from iijviewer.ingest import rules
from iijviewer.ingest.blocks import Row, Table
from iijviewer.ingest.cells import Cell, CellKind, normalize_label, parse_number, read_cell, strip_markup
from iijviewer.ingest.context import announced_on, restated_scenario, revision_concerns, without_announcement_dates

_UNIT_SPEC_RE = re.compile(r"\(([^()]*/[^()]*)\)")
_DIGIT_RE = re.compile(r"\d")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_UNIT_WORD_RE = re.compile(r"unit\b", re.IGNORECASE)  # "Unit: JPY billion" in a table's corner
_PARENTHESES_RE = re.compile(r"\([^()]*\)")
_ORDINAL_RE = re.compile(r"\b(\d)\s+(st|nd|rd|th)\b", re.IGNORECASE)  # "1 st Half": an ordinal a converter split
_LEADING_MARKS_RE = re.compile(r"^[^\w(]+")  # "■", "◆" before a slide caption
CAPTION_CONCEPT_LINES = 2
YOY_HEADER_RE = re.compile(r"\byoy\b|%\s*change", re.IGNORECASE)
_TRAILING_FIGURE_RE = re.compile(r"\d{4}\s+\d[\d,.]*\s*$")
_FIGURE_CHARS_RE = re.compile(r"[\d,.()%+\-\s]+")  # with a digit (`_garbled_figure`): "4,-43,769"
REPORTED_RANGE_RE = re.compile(r"\((?:lines|rows) (\d+)-(\d+)\)")  # as table findings name the rows they cover
TABLE_NOT_READ = "table not read"  # the end of a finding that covers every row of its table
NO_CONCEPT = "no concept in the catalog for its label"
NO_PERIOD = "no period for its columns"
LABEL_CHARS = 80  # a long label (an allowance's wording) is cut in the message
SCENARIO_CAPTION_MAX_CHARS = 80  # longer lines are prose, whose "target" says nothing about a table
RESOLVED_WITHIN_MONTHS = 3  # IIJ resolves a dividend within a quarter of its record date (May, November)


@dataclass(frozen=True)
class Column:
    index: int
    period: Period
    scenario: str
    unit: rules.UnitRule | None


@dataclass(frozen=True)
class Layout:
    """How a table's figure columns were read; a continued table may reuse it."""

    numeric: tuple[int, ...]
    columns: tuple[Column, ...]
    ordered: tuple[tuple[Period, str], ...]  # the header's periods in reading order


@dataclass
class TableContext:
    document: str
    caption_lines: list[str] = field(default_factory=list)
    unit: rules.UnitRule | None = None
    classification: str = ""
    previous: Layout | None = None
    caption_at: list[int] = field(default_factory=list)  # the line of each caption line
    periods: PeriodReader = PeriodReader()  # the document's own meaning of its period labels
    tags: frozenset[str] = frozenset()  # the document's vocabulary (ingest.context)
    revision: bool = False  # the document announces a revision: its targets (of `revised_periods`) are revised ones
    revised_periods: tuple[str, ...] = ()  # the periods the revision concerns, as the dateline names them; (): all
    previous_target_date: str = ""  # when the targets the document revises were announced, as its dateline says
    announced: str = ""  # when the table's targets were announced, as its caption says ("announced on June 1, 2010")
    record_date: str = ""  # the record date of the dividends the document resolves, as its dateline says; ISO

    @property
    def caption(self) -> str:
        return " | ".join(self.caption_lines).lower()

    @property
    def scenario(self) -> str:
        """The scenario word of the caption nearest the table (rules.scenario_word), else actual."""
        for line in reversed(self.caption_lines[-3:]):
            if len(line) > SCENARIO_CAPTION_MAX_CHARS:
                continue
            s = rules.scenario_word(line)
            if s:
                return s
        return "actual"

    def parse(self, text: str, reader: PeriodReader | None = None) -> Period | None:
        """The one period a label names, as the document means it (an "announced on" date is none).

        `reader`: the document's reader for the row the label stands in (`among`).
        """
        return (reader or self.periods).parse(without_announcement_dates(strip_markup(text)))

    def cell_periods(self, text: str, reader: PeriodReader | None = None) -> list[Period]:
        return (reader or self.periods).periods(without_announcement_dates(strip_markup(text)))

    def among(self, labels: Sequence[str]) -> PeriodReader:
        """The document's reader for labels that stand together (a header row, a turned table's row labels).

        Where they name the period a short label is defined to mean, the short
        label keeps its usual meaning (`PeriodReader.within`).
        """
        return self.periods.within(without_announcement_dates(strip_markup(" | ".join(labels))))


def _garbled_figure(text: str) -> bool:
    """Only a figure's characters, with a digit, and no figure: "4,-43,769" (one pattern that cannot backtrack)."""
    return _FIGURE_CHARS_RE.fullmatch(text) is not None and _DIGIT_RE.search(text) is not None


@dataclass
class _Line:
    row: Row
    cells: list[Cell]
    label: str = ""
    label_at: frozenset[int] = frozenset()  # a set: a damaged row can have ten thousand cells
    numeric: tuple[int, ...] = ()

    @cached_property
    def is_data(self) -> bool:
        if not self.label or not any(self.cells[j].kind == CellKind.NUMBER for j in self.numeric):
            return False
        key = normalize_label(self.label)
        if len(key.split()) > 3:
            return True
        return rules.column_kind(key) is None and rules.unit_of(key) is None

    @property
    def unlabeled_figures(self) -> bool:
        return not self.label and len(self.numeric) >= 2

    @property
    def is_heading(self) -> bool:
        """A label alone on its row ("REVENUES:", "Network services:") opens a section."""
        return bool(self.label) and all(c.kind == CellKind.EMPTY for j, c in enumerate(self.cells) if j not in self.label_at)

    @property
    def damaged(self) -> bool:
        """A row whose figure ran into its text ("May 13, 2011 280"): reported, never guessed."""
        return not self.numeric and any(
            _TRAILING_FIGURE_RE.search(c.text) and find_periods(c.text) for j, c in enumerate(self.cells) if j > 0
        )


def _analyse(row: Row) -> _Line:
    cells = [read_cell(c) for c in row.cells]
    figure_kinds = (CellKind.NUMBER, CellKind.NIL, CellKind.PERCENT, CellKind.AMBIGUOUS)
    first = next((j for j, c in enumerate(cells) if c.kind in figure_kinds), None)
    numeric = tuple(j for j, c in enumerate(cells) if c.kind in (CellKind.NUMBER, CellKind.AMBIGUOUS))
    if first is None:
        at = tuple(j for j, c in enumerate(cells) if c.kind == CellKind.TEXT)
    else:
        at = tuple(j for j in range(first) if cells[j].kind == CellKind.TEXT)
        if not at:
            last = max(j for j, c in enumerate(cells) if c.kind in figure_kinds)
            at = tuple(j for j in range(last + 1, len(cells)) if cells[j].kind == CellKind.TEXT)
    label = " ".join(strip_markup(row.cells[j]) for j in at).strip()
    return _Line(row, cells, label, frozenset(at), numeric)


def _segments(lines: list[_Line]) -> list[tuple[list[_Line], list[_Line]]]:
    """Split a table where a new header row (periods, no figures) follows figures."""
    segments: list[tuple[list[_Line], list[_Line]]] = []
    header: list[_Line] = []
    body: list[_Line] = []
    for line in lines:
        garbled_figures = (
            bool(line.label and line.numeric)
            and all(line.cells[j].kind == CellKind.AMBIGUOUS for j in line.numeric)
            and parse_period(line.label) is None
        )
        if line.is_data or line.unlabeled_figures or line.damaged or garbled_figures:
            body.append(line)
            continue
        opens_header = any(find_periods(strip_markup(c)) for j, c in enumerate(line.row.cells) if j not in line.label_at)
        if body and (opens_header or _is_unit_row(line)):
            segments.append((header, body))
            header, body = [], []
        (header if not body else body).append(line)
    segments.append((header, body))
    return [s for s in segments if s[1]]


def _is_unit_row(line: _Line) -> bool:
    texts = [strip_markup(c) for c in line.row.cells if c.strip()]
    return bool(texts) and all(rules.unit_of(t) is not None for t in texts) and not line.numeric


class _Reader:
    def __init__(self, table: Table, ctx: TableContext):
        self.table = table
        self.ctx = ctx
        self.facts: list[RawFact] = []
        self.findings: list[Finding] = []
        self.layout: Layout | None = None
        self.unitless: list[_Line] = []  # rows of amounts whose unit the table never states
        self.inherited: dict[int, int] = {}  # a forecast column that reports the dividend of another column: that column
        self.header: list[_Line] = []
        self.superseded: set[int] = set()  # lines already reported as a superseded target
        self.reasons: dict[int, str] = {}  # why a row gave no fact, where the reader knows (`_report_unread_rows`)

    # -- reporting -----------------------------------------------------------
    def report(self, line: int, message: str, kind: str = "unreadable_table") -> None:
        self.findings.append(Finding(kind, message, (SourceRef(self.ctx.document, line),)))

    # -- columns ---------------------------------------------------------------
    def _header_text(self, header: list[_Line], j: int) -> str:
        parts = [strip_markup(h.row.cells[j]) for h in header if j < len(h.row.cells) and h.row.cells[j].strip()]
        return " ".join(parts)

    def _table_unit(self, header: list[_Line], numeric: list[int] | None = None) -> rules.UnitRule | None:
        """A unit stated for the whole table: a header row of its own, or the corner cell above the labels."""
        figure_columns = set(numeric or ())
        for h in header:
            texts = [strip_markup(c) for c in h.row.cells if c.strip()]
            if len(texts) == 1:
                u = rules.unit_of(texts[0])
                if u and u.kind in ("money", "yen"):
                    return u
            for j, c in enumerate(h.row.cells):
                if numeric is not None and j not in figure_columns and c.strip() and j in h.label_at:
                    corner = strip_markup(c)
                    u = rules.unit_of(parenthesized(corner)) or (rules.unit_of(corner) if _UNIT_WORD_RE.match(corner) else None)
                    if u and u.kind == "money":
                        return u
        return self.ctx.unit

    def _classify(self, header: list[_Line], numeric: list[int]) -> tuple[dict[int, str], dict[int, rules.UnitRule | None]]:
        kinds: dict[int, str] = {}
        units: dict[int, rules.UnitRule | None] = {}
        table_unit = self._table_unit(header, numeric)
        for j in numeric:
            text = self._header_text(header, j)
            cells = [h.row.cells[j] for h in header if j < len(h.row.cells) and h.row.cells[j].strip()]
            unit = rules.unit_of(text)
            ck = rules.column_kind(text) or next((k for k in map(rules.column_kind, cells) if k), None)
            garbled = any(read_cell(c).kind == CellKind.AMBIGUOUS for c in cells)
            if rules.states_two_units(text) or garbled:
                kinds[j] = "ambiguous"
            elif unit is not None and unit.kind == "usd":
                kinds[j] = "usd"
            elif ck == "change":
                kinds[j] = "skip"
            elif ck == "percent" and not self.ctx.cell_periods(text):
                kinds[j] = "skip"
            else:
                kinds[j] = "value"
            units[j] = unit if unit is not None and unit.kind in ("money", "yen") else table_unit
        return kinds, units

    def _scenario(self, text: str) -> str:
        """The scenario word of a column or row (rules.scenario_word), else the caption's.

        A plain "target" under a caption that calls the targets revised ("1H08
        Financial Results In Line with 10/24/08 Revised Target") is a revised one.
        """
        word = rules.scenario_word(text)
        if word == Scenario.TARGET and self.ctx.scenario == Scenario.REVISED_TARGET:
            return "revised_target"
        return word or self.ctx.scenario

    def _period_rows(self, header: list[_Line]) -> list[_Line]:
        """The header rows that may name the columns' periods: not a row of dates such as "Record date"."""
        return [h for h in header if not any(p.fullmatch(normalize_label(h.label)) for p in rules.document_pattern("non_period_row"))]

    def _inherit(self, per_col: dict[int, list[Period]], h: _Line, values: list[int], header: list[_Line]) -> dict[int, list[Period]]:
        """A column that names only a scenario ("Latest forecast (released on ...)") reports the dividend of the column with its record date.

        The record-date row says which dividend each column is: the forecast's
        record date is that of the column it forecasts (its period and its
        kind, interim or year-end).  A record date the forecast was released
        more than `RESOLVED_WITHIN_MONTHS` after cannot be its own (the
        dividend was resolved by then): the dividend the document resolves (its
        dateline's record date) is, and the discrepancy is reported.  A column
        with no record date, or no other column with it, is reported, and the
        table not read.
        """
        out = dict(per_col)
        record: dict[int, Period] | None = None
        if not any(len(per_col[k]) == 1 for k in values):
            return out  # no column names a period: the caption may name the table's (`_assign_periods`)
        for j in values:
            if out[j] or j >= len(h.row.cells) or not rules.scenario_word(h.row.cells[j]):
                continue
            record = self._record_dates(header, values) if record is None else record
            day = self._record_date_of(h, j, record)
            same = [k for k in values if k != j and len(per_col[k]) == 1 and record.get(k) == day]
            if day is not None and len(same) == 1 and per_col[same[0]][0].fiscal_year == day.fiscal_year:
                out[j] = per_col[same[0]]
                self.inherited[j] = same[0]
            else:
                self.report(
                    h.row.line,
                    f"column {strip_markup(h.row.cells[j])!r} names no period, and no column that names one has its record "
                    f"date ({day.key if day else 'none stated'}); table not read",
                    "unknown_periods",
                )
        return out

    def _record_dates(self, header: list[_Line], values: list[int]) -> dict[int, Period]:
        """The day in each column of the header's record-date row ("Record date | March 31, 2020 | ...")."""
        for h in header:
            if not any(p.search(normalize_label(h.label)) for p in rules.document_pattern("record_date")):
                continue
            days = {j: [p for p in self.ctx.cell_periods(h.row.cells[j]) if p.is_instant] for j in values if j < len(h.row.cells)}
            return {j: found[0] for j, found in days.items() if len(found) == 1}
        return {}

    def _record_date_of(self, h: _Line, j: int, record: dict[int, Period]) -> Period | None:
        """A forecast column's record date: its own, unless it was released after that dividend was resolved."""
        day = record.get(j)
        released = announced_on(strip_markup(h.row.cells[j]))
        if day is None or not released or dt.date.fromisoformat(released) <= _months_after(day.end, RESOLVED_WITHIN_MONTHS):
            return day
        stated = parse_key(self.ctx.record_date) if self.ctx.record_date else None
        instead = f"read as the dividend the document resolves (record date {stated.key})" if stated else "column not read"
        self.report(
            h.row.line,
            f"column {strip_markup(h.row.cells[j])!r}: the record date {day.key} printed under it cannot be that of a forecast "
            f"released on {released}, when that dividend had been resolved; {instead}",
            "uncertain_figure",
        )
        return stated

    def _assign_periods(
        self, header: list[_Line], values: list[int]
    ) -> tuple[dict[int, tuple[Period, str]] | None, list[tuple[Period, str]]]:
        """Which (period, scenario word) each figure column reports, and the header's periods in order."""
        ordered: list[tuple[Period, str]] = []
        best_row: list[tuple[Period, str]] = []
        self.inherited = {}  # of this header's columns (`_inherit`)
        all_rows = header
        header = self._period_rows(header)
        rows = [(h, self.ctx.among(h.row.cells)) for h in header]  # each header row read as a whole
        for h, reader in rows:
            flat = [(p, self._scenario(c)) for c in h.row.cells for p in self.ctx.cell_periods(c, reader)]
            if len(flat) > len(best_row):
                best_row = flat
        ordered = best_row
        if not values:
            return {}, ordered
        # a) every figure column has exactly one period in one header row
        candidates = []
        for h, reader in rows:
            per_col = {j: self.ctx.cell_periods(h.row.cells[j], reader) if j < len(h.row.cells) else [] for j in values}
            per_col = self._inherit(per_col, h, values, all_rows)
            if all(len(v) == 1 for v in per_col.values()):
                candidates.append({j: (v[0], self._scenario(self._header_text(header, j))) for j, v in per_col.items()})
        candidates = [c for c in candidates if len(set(c.values())) == len(values)]
        if candidates:
            return max(candidates, key=lambda c: len({p for p, _ in c.values()})), ordered
        # b) a spanning header: its periods, in order, onto the figure columns
        for h, reader in rows:
            flat = [(p, self._scenario(c)) for c in h.row.cells for p in self.ctx.cell_periods(c, reader)]
            if len(flat) == len(values) and len(set(flat)) == len(flat):
                return dict(zip(values, flat)), ordered
        has_header_periods = bool(ordered)
        # c) the caption names the periods of the columns, in order
        for line in reversed(self.ctx.caption_lines):
            periods = self.ctx.cell_periods(line)
            if periods and len(periods) == len(values):
                scen = [self._scenario(self._header_text(header, j)) for j in values]
                return {j: (p, s) for j, p, s in zip(values, periods, scen)}, ordered or [
                    (p, s) for p, s in zip(periods, scen)
                ]
        # d) one period for the whole table, columns told apart by scenario
        if not has_header_periods:
            for line in reversed(self.ctx.caption_lines):
                named_periods = set(self.ctx.cell_periods(line))
                if len(named_periods) == 1:
                    period = named_periods.pop()
                    assigned = {j: (period, self._scenario(self._header_text(header, j))) for j in values}
                    if len(set(assigned.values())) == len(values):
                        return assigned, ordered
                    break
                if named_periods:
                    break
        return None, ordered

    # -- rows ------------------------------------------------------------------
    def _compatible(self, c: Concept, unit: rules.UnitRule | None, cell: Cell, label: str = "") -> bool:
        fig = cell.figure
        assert fig is not None
        if c.unit in PER_SHARE_UNITS:
            return True
        if c.unit == Unit.JPY:
            return fig.scale is not None or (unit is not None and unit.kind == "money")
        if c.unit == Unit.GBPS:
            return fig.unit_hint == Unit.GBPS or (unit is None and fig.unit_hint is None)
        if c.unit == Unit.COUNT:
            counted = any(p.search(normalize_label(label)) for p in rules.document_pattern("count_label"))
            return (unit is None or counted) and fig.unit_hint is None and fig.scale is None
        return False

    def _fact(
        self,
        line: _Line,
        j: int,
        concept: Concept,
        rule: rules.LabelRule,
        period: Period,
        scenario: str,
        unit: rules.UnitRule | None,
        label: str,
        announced: str = "",
        classification: str = "",
    ) -> RawFact | None:
        fig = line.cells[j].figure
        assert fig is not None
        if concept.unit in (*PER_SHARE_UNITS, Unit.COUNT, Unit.GBPS):
            multiplier = 1
        elif fig.scale is not None:
            multiplier = fig.scale
        else:
            assert unit is not None
            multiplier = unit.multiplier
        value = fig.value * multiplier
        decimals = fig.places - (len(str(multiplier)) - 1)
        if concept.is_instant and not period.is_instant and concept.statement == "balance" and not rule.at:
            return None  # a balance in a flow column (an acquisition's noncash items) is no balance sheet figure
        if concept.is_instant and not period.is_instant:
            period = period.instant_before_start() if rule.at == "start" else period.instant_at_end()
        elif not concept.is_instant and period.is_instant:
            return None
        key = normalize_label(label)
        if rule.sign == "-1":
            value = -value
        elif rule.sign == "wording" and "loss" in key:
            if "income" not in key or key.index("loss") < key.index("income"):
                value = -value
        return RawFact(
            concept=concept.id,
            period=period.key,
            scenario=scenario,
            value=value + Decimal(0),
            unit=concept.unit,
            decimals=decimals,
            source=SourceRef(self.ctx.document, line.row.line),
            label=label,
            text=line.row.text.strip(),
            table_line=self.table.first_line,
            classification=classification or self.ctx.classification,
            announced=announced if scenario != Scenario.ACTUAL else "",
        )

    def _resolve(self, word: str, period: Period, text: str) -> tuple[str | None, str, str]:
        """The contract's scenario of a column's or row's scenario word, when its target was announced, and its classification.

        A restated target ("Previous Target", "Latest forecast (released on May
        15, 2018)") is the target, a revised one, or a superseded revision (None),
        as `context.restated_scenario` tells from its announcement day.  A
        previous target with no day is the target only where the library holds an
        earlier announcement that agrees with it (`facts.UNCONFIRMED`, settled by
        `normalize.restated_targets`).
        """
        announced = announced_on(text) or self.ctx.announced
        if word in (rules.TARGET_PREVIOUS, rules.TARGET_LATEST):
            day = announced or (self.ctx.previous_target_date if word == rules.TARGET_PREVIOUS else "")
            if word == rules.TARGET_PREVIOUS and not day:
                return "target", "", UNCONFIRMED
            return restated_scenario(word, day, period), day, ""
        if word == Scenario.TARGET and self.ctx.revision and revision_concerns(self.ctx.revised_periods, period):
            return "revised_target", announced, ""  # an announcement of a revision states the revised targets
        return word, announced, ""

    def _qualified(self, concept: Concept, j: int) -> Concept:
        """A dividend in a column headed "Interim Dividend" is the interim dividend (qualifiers.csv)."""
        if not rules.qualifiable(concept.id) or not self.header:
            return concept
        kinds = rules.qualified(concept.id, self._header_text(self.header, self.inherited.get(j, j)))
        return catalog()[kinds[0]] if len(kinds) == 1 else concept

    def _emit(
        self, line: _Line, j: int, candidates, period: Period, scenario: str, unit, label: str, context: str = ""
    ) -> None:
        cell = line.cells[j] if j < len(line.cells) else None
        if cell is None or cell.kind in (CellKind.EMPTY, CellKind.NIL, CellKind.PERCENT):
            return
        if cell.kind == CellKind.AMBIGUOUS or cell.kind == CellKind.TEXT:
            if _DIGIT_RE.search(cell.text):
                self.report(line.row.line, f"cell {cell.text.strip()!r} of row {label!r} cannot be read as one figure")
            return
        fitting = [(c, r) for c, r in candidates if self._compatible(c, unit, cell, label)]
        if not fitting:
            names = ", ".join(c.id for c, _ in candidates)
            self.reasons.setdefault(line.row.line, f"its figures do not fit the unit of {names} (money against counts)")
            if any(c.unit == Unit.JPY for c, _ in candidates) and unit is None:
                self.unitless.append(line)
            return
        concept, rule = fitting[0]
        concept = self._qualified(concept, j)
        contract, announced, classification = self._resolve(scenario, period, context)
        if contract is None:
            if line.row.line not in self.superseded:
                self.superseded.add(line.row.line)
                self.report(
                    line.row.line,
                    f"row {label!r}: a previous target announced within the year, itself a revision; "
                    "superseded by the document's new target, not read",
                    "uncertain_figure",
                )
            return
        fact = self._fact(line, j, concept, rule, period, contract, unit, label, announced, classification)
        if fact is not None:
            self.facts.append(fact)
        else:
            kind = "a balance" if concept.is_instant else "a flow"
            self.reasons.setdefault(line.row.line, f"{concept.id} is {kind}, its column {period.key} is not")

    # -- the table -----------------------------------------------------------
    def read(self) -> None:
        lines = [_analyse(r) for r in self.table.rows]
        for header, body in _segments(lines):
            self._read_segment(header, body)
        self._apply_sign_identities()
        if not self.facts and not self.findings:
            self._report_unread(lines)
        self._report_unread_rows(lines)
        self._dedupe_reports()

    def _report_unread_rows(self, lines: list[_Line]) -> None:
        """Every row with figures that gave no fact and that no other finding names: one finding each, with why."""
        if any(TABLE_NOT_READ in f.message for f in self.findings):
            return  # the finding says so for every row of the table
        read = {f.source.line for f in self.facts}
        reported = reported_lines(self.findings)
        for line in lines:
            if line.row.line in read or line.row.line in reported or not _has_figures(line):
                continue
            garbled = [c.text.strip() for j, c in enumerate(line.cells) if c.kind == CellKind.AMBIGUOUS and j not in line.label_at]
            reason = self.reasons.get(line.row.line) or (
                f"its cells cannot be read as one figure each ({garbled[0]!r})"
                if garbled and not any(c.kind == CellKind.NUMBER for c in line.cells)
                else "its label reads as a unit or a column heading"
                if line.label
                else "it has no label"
            )
            label = line.label or line.row.text.strip()
            self.report(line.row.line, f"row {label[:LABEL_CHARS]!r}: {reason}; not read", FindingKind.UNREAD_ROW)

    def _report_unread(self, lines: list[_Line]) -> None:
        """A table that prints figures and gave neither a fact nor a finding is not passed over in silence."""
        rows = [
            line.row.line
            for line in lines
            if any(
                c.kind in (CellKind.NUMBER, CellKind.AMBIGUOUS)
                or (c.kind == CellKind.TEXT and _garbled_figure(strip_markup(c.text)))
                for c in line.cells
            )
        ]
        if rows:
            self.report(
                rows[0],
                f"figures in {_rows_of(len(rows))} (lines {rows[0]}-{rows[-1]}) name no concept and period "
                "that the rules know, or cannot be read; not read",
                "unknown_rows",
            )

    def _captioned_row(self, body: list[_Line]) -> tuple[_Line, int] | None:
        """A chart's one series of figures, its name in the caption above (and no row label): the row, and the caption's line.

        Only a caption the label rules map to a concept names the series; a unit
        line or any other caption leaves the row unlabeled, and reported.
        """
        unlabeled = [b for b in body if b.unlabeled_figures]
        if len(unlabeled) != 1 or any(b.is_data for b in body):
            return None
        row = unlabeled[0]
        for text, at in zip(reversed(self.ctx.caption_lines), reversed(self.ctx.caption_at)):
            if rules.concepts_for(normalize_label(text), "", self.ctx.caption, self.ctx.tags):
                return replace(row, label=strip_markup(text).strip().rstrip(":").strip()), at
            if rules.unit_of(text) is None:
                return None
        return None

    def _read_segment(self, header: list[_Line], body: list[_Line]) -> None:
        captioned = self._captioned_row(body)
        if captioned is not None:
            row, caption_line = captioned
            before = len(self.facts)
            self._read_rows(header, [row], [row])
            if len(self.facts) > before:
                self.facts[before:] = [replace(f, table_line=caption_line) for f in self.facts[before:]]
                return
        unlabeled = [b for b in body if b.unlabeled_figures]
        if unlabeled:
            self.report(
                unlabeled[0].row.line,
                f"{_rows_of(len(unlabeled))} of figures with no readable row label (lines "
                f"{unlabeled[0].row.line}-{unlabeled[-1].row.line}); not read",
                "lost_labels",
            )
        for b in body:
            if b.damaged:
                self.report(b.row.line, f"figures run into the text of row {b.row.text.strip()!r}; row not read", "damaged_row")
        data = [b for b in body if b.is_data]
        if not data:
            return
        before = len(self.facts)
        self.unitless = []
        self._read_rows(header, body, data)
        if len(self.facts) == before and self.unitless:
            rows = self.unitless
            self.report(
                rows[0].row.line,
                f"no unit is stated for the amounts of this table (rows {rows[0].row.line}-{rows[-1].row.line}); not read",
                "no_unit",
            )

    def _read_rows(self, header: list[_Line], body: list[_Line], data: list[_Line]) -> None:
        numeric = sorted({j for b in data for j in b.numeric if j not in b.label_at})
        kinds, units = self._classify(header, numeric)
        values = [j for j in numeric if kinds[j] == "value"]
        header_has_periods = any(self.ctx.cell_periods(c) for h in header if not h.damaged for c in h.row.cells)
        row_periods = [self.ctx.parse(b.label) for b in data]
        if not header_has_periods and any(p is not None for p in row_periods) and not any(
            rules.concepts_for(normalize_label(b.label), "", self.ctx.caption, self.ctx.tags) for b in data
        ):
            first = next(
                i for i, b in enumerate(body) if b.is_data and (self.ctx.parse(b.label) is not None or rules.scenario_word(b.label))
            )
            turned_header = [h for h in header + body[:first] if not h.damaged]
            turned_data = [b for b in body[first:] if b.is_data]
            numeric = sorted({j for b in turned_data for j in b.numeric if j not in b.label_at})
            kinds, units = self._classify(turned_header, numeric)
            values = [j for j in numeric if kinds[j] == "value"]
            self._read_turned(turned_header, turned_data, values, units)
            return
        self.header = header
        assigned: dict[int, tuple[Period, str]] | None = None
        ordered: list[tuple[Period, str]] = []
        if "ambiguous" not in kinds.values():
            assigned, ordered = self._assign_periods(header, values)
        previous = self.ctx.previous
        if assigned is None and previous is not None and previous.numeric == tuple(numeric):
            assigned = {c.index: (c.period, c.scenario) for c in previous.columns}
            units = {c.index: c.unit for c in previous.columns} | {j: u for j, u in units.items() if j not in assigned}
            values = [c.index for c in previous.columns]
            ordered = list(previous.ordered)
        if assigned is not None and previous is not None and previous.numeric == tuple(numeric):
            for c in previous.columns:  # a continued table keeps the units its first part stated
                if units.get(c.index) is None and c.unit is not None:
                    units[c.index] = c.unit
        if assigned is not None:
            self.layout = Layout(
                tuple(numeric),
                tuple(Column(j, *assigned[j], units.get(j)) for j in values if j in assigned),
                tuple(ordered),
            )
        section = normalize_label(self.ctx.caption_lines[-1]) if self.ctx.caption_lines else ""
        for line in header:
            key = normalize_label(line.label)
            if key and not line.numeric and not any(self.ctx.cell_periods(c) for c in line.row.cells):
                if rules.unit_of(key) is None and rules.column_kind(key) is None:
                    section = rules.section_of(key) or key
        unresolved = False
        mapped = 0
        yoy_columns = self._yoy_columns(header, body, values)
        spec_columns = self._spec_columns(data, ordered)
        above = ""  # the concept of the nearest row above that is not a part of another (`LabelRule.after`)
        for line in body:
            if not line.is_data:
                if line.is_heading:
                    section = rules.section_of(normalize_label(line.label)) or normalize_label(line.label)
                continue
            key = normalize_label(line.label)
            section = rules.section_of(key) or section
            candidates = rules.concepts_for(key, section, self.ctx.caption, self.ctx.tags, above)
            if candidates and candidates[0][1].after is None:
                above = candidates[0][0].id
            if not candidates and assigned is not None and self._read_part_of_year(line, header, assigned, units):
                mapped += 1
                continue
            if not candidates:
                self.reasons.setdefault(line.row.line, NO_CONCEPT)
                continue
            mapped += 1
            spec = _unit_spec(line.label)
            figures = [j for j in line.numeric if j not in line.label_at]
            if spec is not None and len(spec) == len(figures) and ordered:
                yen = [j for j, kind in zip(figures, spec) if kind in ("money", "yen")]
                if len(yen) == len(ordered):
                    for j, (period, scenario) in zip(yen, ordered):
                        self._emit(line, j, candidates, period, scenario, rules.unit_of("JPY"), line.label)
                    continue
            filled = [j for j in figures if line.cells[j].kind == CellKind.NUMBER]
            if assigned is None and filled and set(filled) <= set(spec_columns):
                # the yen columns that the table's "(JPY / U.S. Dollars / JPY)" rows name, where the header's
                # cells stand out of line with the figures: a count ("(shares)") in those columns
                for j in filled:
                    self._emit(line, j, candidates, *spec_columns[j], units.get(j), line.label)
                continue
            if assigned is None:
                unresolved = True
                self.reasons.setdefault(line.row.line, NO_PERIOD)
                continue
            before = len(self.facts)
            for j in values:
                if j in assigned:
                    period, scenario = assigned[j]
                    column = self._header_text(header, self.inherited.get(j, j)) + " " + self._header_text(header, j)
                    self._emit(line, j, candidates, period, scenario, units.get(j), line.label, column)
            for j in yoy_columns:
                self._read_yoy(line, j, self.facts[before:])
        if not mapped and ordered:
            labels = ", ".join(repr(b.label) for b in data[:3])
            self.report(
                data[0].row.line,
                f"figures by period whose row labels are not in the concept catalog ({labels}); not read",
                "unknown_rows",
            )
        if unresolved:
            first = header[0].row.line if header else body[0].row.line
            rows = f" (lines {data[0].row.line}-{data[-1].row.line})" if first < data[0].row.line else ""
            self.report(first, f"cannot tell which period each column reports{rows}; table not read", "unknown_periods")

    def _read_part_of_year(self, line: _Line, header: list[_Line], assigned, units) -> bool:
        """A row that names a part of the year its columns name ("1st Half (Sep.)" under "FY11"), in a table whose
        caption names its one concept ("Cloud Revenue"): the part of each column's year.  False when it is not that."""
        concept = self._caption_concept(header)
        if concept is None:
            return False
        part = _PARENTHESES_RE.sub(" ", strip_markup(line.label))
        part = _ORDINAL_RE.sub(r"\1\2", part).strip()
        if not any(p.fullmatch(part) for p in rules.document_pattern("year_part")):
            return False
        periods = {}
        for j, (period, scenario) in assigned.items():
            p = self.ctx.parse(f"{part} {self._header_text(header, j)}")
            if p is None or p.is_instant or not (period.start <= p.start and p.end <= period.end):
                return False
            periods[j] = (p, scenario)
        for j, (p, scenario) in periods.items():
            self._emit(line, j, concept, p, scenario, units.get(j), line.label)
        return True

    def _caption_concept(self, header: list[_Line]):
        """The concept the caption nearest the table names alone ("■Cloud Revenue"), as label candidates; None if none.

        The caption may also be a title row of the table itself (a PDF's text layer sets it in the table's grid)."""
        titles = [h.label for h in header if h.is_heading]
        for text in list(reversed(titles)) + list(reversed(self.ctx.caption_lines[-CAPTION_CONCEPT_LINES:])):
            key = _LEADING_MARKS_RE.sub("", normalize_label(text))
            found = rules.concepts_for(key, "", self.ctx.caption, self.ctx.tags) if key else ()
            if found:
                return found
        return None

    @staticmethod
    def _spec_columns(data: list[_Line], ordered: list[tuple[Period, str]]) -> dict[int, tuple[Period, str]]:
        """The (period, scenario) of each yen column as the rows that name their figures' units say ("(JPY / U.S. Dollars / JPY)")."""
        found: dict[int, tuple[Period, str]] = {}
        for line in data:
            spec = _unit_spec(line.label)
            figures = [j for j in line.numeric if j not in line.label_at]
            if spec is None or len(spec) != len(figures) or not ordered:
                continue
            yen = [j for j, kind in zip(figures, spec) if kind in ("money", "yen")]
            if len(yen) == len(ordered):
                found.update(zip(yen, ordered))
        return found

    def _yoy_columns(self, header: list[_Line], body: list[_Line], values: list[int]) -> list[int]:
        """Columns of year-over-year percentages ("YoY % change"): never facts, but checked against the figures."""
        width = max(len(b.row.cells) for b in header + body)
        value_columns = set(values)
        found = []
        for j in range(width):
            if j in value_columns:
                continue
            text = self._header_text(header, j)
            if not YOY_HEADER_RE.search(text):
                continue
            cells = [b.cells[j] for b in body if j < len(b.cells) and b.is_data]
            if "%" in text or any(c.kind == CellKind.PERCENT for c in cells):
                found.append(j)
        return found

    def _read_yoy(self, line: _Line, j: int, row_facts: list[RawFact]) -> None:
        """A reported YoY percentage, kept beside the row's facts (classification "yoy") for `check`."""
        if j >= len(line.cells):
            return
        fig = parse_number(line.cells[j].text.strip().rstrip("%").strip()) if line.cells[j].kind != CellKind.EMPTY else None
        if fig is None:
            return
        actual = {f.period: f for f in row_facts if f.scenario == Scenario.ACTUAL}
        for period, fact in actual.items():
            prior = prior_year(period)
            if prior in actual:
                self.facts.append(
                    RawFact(
                        concept=fact.concept,
                        period=period,
                        scenario=Scenario.ACTUAL,
                        value=fig.value,
                        unit="percent",
                        decimals=fig.places,
                        source=fact.source,
                        label=fact.label,
                        text=fact.text,
                        table_line=self.table.first_line,
                        classification=YOY,
                    )
                )

    def _read_turned(self, header: list[_Line], data: list[_Line], values: list[int], units) -> None:
        """Periods in the rows, concepts in the column headers."""
        concept_of: dict[int, tuple[tuple[Concept, rules.LabelRule], ...]] = {}
        headers_text = {j: self._concept_text(header, j).strip() for j in values}
        for j in values:
            concept_of[j] = rules.concepts_for(normalize_label(headers_text[j]), "", self.ctx.caption, self.ctx.tags)
        if len(values) == 1 and not concept_of[values[0]]:
            whole = " ".join(self._concept_text(header, j) for j in range(max(len(h.row.cells) for h in header) if header else 0))
            concept_of[values[0]] = rules.concepts_for(normalize_label(whole), "", self.ctx.caption, self.ctx.tags)
            headers_text[values[0]] = whole.strip()
        missing = [j for j in values if not concept_of[j]]
        if missing:
            names = ", ".join(repr(headers_text[j]) for j in missing if headers_text[j]) or "(blank)"
            where = header[0].row.line if header else data[0].row.line
            self.report(where, f"column headers not understood: {names}; those columns not read", "unknown_columns")
        reader = self.ctx.among([line.label for line in data])
        table_period = self._table_period(data, reader)
        for line in data:
            period = self.ctx.parse(line.label, reader)
            if period is None and rules.scenario_word(line.label):
                period = table_period  # "Previous Target (A)", "Dividend target": the period the table is about
                if period is None:
                    self.report(
                        line.row.line,
                        f"row {line.label!r} names no period, and the table names no one period it is about; row not read",
                        "unknown_periods",
                    )
            if period is None:
                self.reasons.setdefault(line.row.line, NO_PERIOD)
                continue
            scenario = self._scenario(line.label)
            for j in values:
                if concept_of[j]:
                    self._emit(line, j, concept_of[j], period, scenario, units.get(j), headers_text[j], line.label)

    def _table_period(self, data: list[_Line], reader: PeriodReader) -> Period | None:
        """The one period a turned table is about: its caption's; else the one year its rows say is still ending
        ("Year ending March 31, 2017" beside "Year ended March 31, 2016"), else the one period its rows name, else the
        one of them whose targets the document revises (its dateline: "revise the dividend forecast for FY2021"); else None."""
        for text in reversed(self.ctx.caption_lines):
            caption_periods = {p.key: p for p in self.ctx.cell_periods(text) if not p.is_instant}
            if len(caption_periods) == 1:
                return next(iter(caption_periods.values()))
            if caption_periods:
                break
        named = [(b.label, p) for b in data for p in [self.ctx.parse(b.label, reader)] if p is not None and not p.is_instant]
        ending = {p for label, p in named if any(pattern.search(label) for pattern in rules.document_pattern("period_to_come"))}
        if len(ending) == 1:
            return ending.pop()
        periods = {p for _, p in named}
        if len(periods) == 1 and not ending:
            return periods.pop()
        revised = {p for p in periods if self.ctx.revision and p.key in self.ctx.revised_periods}
        return revised.pop() if len(revised) == 1 and not ending else None

    def _concept_text(self, header: list[_Line], j: int) -> str:
        parts = []
        for h in header:
            if j < len(h.row.cells):
                t = strip_markup(h.row.cells[j])
                if t and rules.unit_of(t) is None and rules.column_kind(t) is None:
                    parts.append(t)
        return " ".join(parts)

    def _apply_sign_identities(self) -> None:
        """Give a wording-dependent figure the sign that makes its table's own arithmetic hold."""
        identities = rules.sign_identities()
        by_column: dict[tuple[str, str], dict[str, int]] = {}
        for i, f in enumerate(self.facts):
            by_column.setdefault((f.period, f.scenario), {})[f.concept] = i
        for column in by_column.values():
            for target, terms in identities.items():
                if target not in column or not all(t in column for _, t in terms):
                    continue
                fact = self.facts[column[target]]
                inputs = [self.facts[column[t]] for _, t in terms]
                computed = sum((s * f.value for (s, _), f in zip(terms, inputs)), Decimal(0))
                coarsest = min([fact.decimals] + [f.decimals for f in inputs])
                tolerance = Decimal(10) ** (-coarsest) * len(inputs)
                if computed != 0 and abs(abs(computed) - abs(fact.value)) <= tolerance:
                    signed = abs(fact.value) if computed > 0 else -abs(fact.value)
                    if signed != fact.value:
                        self.facts[column[target]] = _replace_value(fact, signed)

    def _dedupe_reports(self) -> None:
        seen = set()
        out = []
        for f in self.findings:
            key = (f.kind, f.sources, f.message)
            if key not in seen:
                seen.add(key)
                out.append(f)
        self.findings = out


def _months_after(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _has_figures(line: _Line) -> bool:
    """A row that prints a figure beside its label (a percentage alone is none, nor a year in a timeline)."""
    return any(
        c.kind in (CellKind.NUMBER, CellKind.AMBIGUOUS) and not _YEAR_RE.fullmatch(c.text.strip())
        for j, c in enumerate(line.cells)
        if j not in line.label_at
    )


def figure_row(row: Row) -> str | None:
    """The label of a table row that prints a figure beside it ("" when it has none); None for a row without figures."""
    line = _analyse(row)
    return (line.label or row.text.strip()) if _has_figures(line) else None


def reported_lines(findings: list[Finding]) -> set[int]:
    """The lines some finding is about: its sources, and every line of the range its message names ("lines 41-54")."""
    lines = {s.line for f in findings for s in f.sources}
    for f in findings:
        for m in REPORTED_RANGE_RE.finditer(f.message):
            lines.update(range(int(m[1]), int(m[2]) + 1))
    return lines


def _rows_of(n: int) -> str:
    return "1 row" if n == 1 else f"{n} rows"


def parenthesized(text: str) -> str:
    """The parts of a text in parentheses ("Revenues by service (JPY millions)" -> "JPY millions")."""
    return " ".join(re.findall(r"\(([^()]*)\)", text))


def _replace_value(fact: RawFact, value: Decimal) -> RawFact:
    from dataclasses import replace

    return replace(fact, value=value)


def _unit_spec(label: str) -> list[str] | None:
    """"(JPY / U.S. Dollars / JPY)" in a row label: the unit of each of its figures, in order."""
    m = _UNIT_SPEC_RE.search(label)
    if not m:
        return None
    kinds = []
    for part in m.group(1).split("/"):
        u = rules.unit_of(part.strip())
        if u is None:
            return None
        kinds.append(u.kind)
    return kinds


def read_table(table: Table, ctx: TableContext) -> tuple[list[RawFact], list[Finding], Layout | None]:
    reader = _Reader(table, ctx)
    reader.read()
    return reader.facts, reader.findings, reader.layout
