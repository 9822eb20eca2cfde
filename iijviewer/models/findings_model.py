"""The findings page's tables: every check finding and ingest problem, and the sources behind one.

`finding_rows` shapes the library's findings once (kind, concept label,
period, a short detail, sources); `FindingsTableModel` shows them with a kind
and text filter; `FindingSourcesTableModel` shows the values and printed lines
a selected finding is about.  A figure is shown the way the document printed
it (`1,234,567 thousand`, `1,235 million`), so two reports that disagree can
be compared at a glance, and in the display unit beside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import Qt

from iijviewer.base.concepts import catalog
from iijviewer.base.facts import YOY, Finding, RawFact, SourceRef
from iijviewer.base.formatting import DEFAULT_UNIT, DisplayUnit, shows_zero
from iijviewer.base.periods import period_label, sort_key
from iijviewer.base.vocabulary import ReportStatus, Severity, Unit, finding_label
from iijviewer.models import palette
from iijviewer.models.facts_model import (
    LEFT,
    OCCURRENCE_TEXT,
    RIGHT,
    RowTableModel,
    concept_label,
    printed_line,
    value_text,
)
from iijviewer.models.roles import KeyRole, SourceRole, ValueRole

# the filter's categories: the two kinds of check finding, and everything the reader reports
ALL = "all"
CONFLICTS = "conflict"  # material: reports differ by more than the last printed digit of the coarser
ROUNDING_DIFFERENCES = "rounding"
ARITHMETIC = "arithmetic"
SHARE_BASES = "share_basis"  # per-share figures printed before and after a split, side by side
INGEST = "ingest"
CATEGORIES = (
    (ALL, "All"),
    (CONFLICTS, "Material conflicts"),
    (ROUNDING_DIFFERENCES, "Rounding differences"),
    (ARITHMETIC, "Arithmetic"),
    (SHARE_BASES, "Share bases"),
    (INGEST, "Not read"),
)
CATEGORY_TEXT = {CONFLICTS: "Conflict", ROUNDING_DIFFERENCES: "Rounding difference", ARITHMETIC: "Arithmetic", SHARE_BASES: "Share basis", INGEST: "Not read"}


_SCALES = ((-9, "billion"), (-6, "million"), (-3, "thousand"))


def format_as_printed(value: Decimal, unit: str, decimals: int) -> str:
    """A figure at the precision its document printed it: `1,235 million`, `12.3 billion`, `1,234.56 yen`."""
    if unit == Unit.JPY:
        for exponent, word in _SCALES:
            if decimals < exponent + 3:
                places = max(decimals - exponent, 0)
                return f"{_grouped(value.scaleb(exponent), places)} {word}"
        return f"{_grouped(value, max(decimals, 0))} yen"
    text = _grouped(value, max(decimals, 0))
    return text + {Unit.JPY_PER_SHARE: " yen/share", Unit.GBPS: " Gbps", "percent": "%"}.get(unit, "")


def _grouped(value: Decimal, places: int) -> str:
    text = f"{abs(value):,.{places}f}"
    return f"({text})" if value < 0 and not shows_zero(text) else text  # a negative that rounds to zero is "0.0"


def sources_text(sources: Sequence[SourceRef]) -> str:
    """`375, 235 in document; 247 in other`: line numbers first, so a narrow column still shows them."""
    lines: dict[str, list[str]] = {}
    for ref in sources:
        lines.setdefault(ref.document, []).append(str(ref.line))
    return "; ".join(f"{', '.join(ls)} in {doc}" for doc, ls in lines.items())


def category_of(finding: Finding) -> str:
    if finding.kind == CONFLICTS and finding.severity == Severity.ROUNDING:
        return ROUNDING_DIFFERENCES
    return finding.kind if finding.kind in (CONFLICTS, ARITHMETIC, SHARE_BASES) else INGEST


# --- the findings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    category: str
    kind: str
    concept: str  # the concept's label
    period: str  # the period's label
    scenario: str
    detail: str
    sources: str
    search: str  # lowercase text the filter matches
    difference: Decimal | None = None  # a conflict's size, in its unit
    difference_text: str = ""

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.kind, self.concept, self.period, self.scenario, self.difference_text, self.detail, self.sources)


def _check_detail(finding: Finding, occurrences) -> str:
    """A conflict as its printed values (`1,234,567 thousand (used) vs 1,236 million`); arithmetic as stated."""
    if finding.kind == CONFLICTS and occurrences:
        current = [o for o in occurrences if o.status != ReportStatus.OLD_CLASSIFICATION]
        used = [o for o in current if o.status == ReportStatus.CHOSEN]
        others = [o for o in current if o.status == ReportStatus.CONFLICT]
        if used and others:
            u = used[0].fact
            rest = ", ".join(format_as_printed(o.fact.value, o.fact.unit, o.fact.decimals) for o in others)
            return f"{format_as_printed(u.value, u.unit, u.decimals)} (used) vs {rest}"
    text = finding.message
    for ref in finding.sources:  # the sources have a column of their own
        text = text.replace(f" ({ref})", "")
    return with_labels(text)


_WORD = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def with_labels(text: str) -> str:
    """A check's message with the concepts it names by id named by label (`gross_margin` -> `Gross margin`)."""
    cat = catalog()
    return _WORD.sub(lambda m: cat[m.group(0)].label if m.group(0) in cat else m.group(0), text)


def finding_rows(library, index) -> list[FindingRow]:
    """Conflicts, then arithmetic (both in statement order, then chronological), then ingest problems."""
    cat = catalog()
    order = {c: i for i, c in enumerate(cat)}
    checks = sorted(
        library.findings,
        key=lambda f: (f.kind != CONFLICTS, order.get(f.concept, len(order)), sort_key(f.period) if f.period else ()),
    )
    rows: list[FindingRow] = []
    for f in checks:
        occurrences = index.occurrences.get((f.concept, f.period, f.scenario), []) if index is not None else []
        rows.append(
            _row(
                f,
                category_of(f),
                CATEGORY_TEXT[category_of(f)],
                concept_label(f.concept) if f.concept else "",
                _check_detail(f, occurrences),
            )
        )
    for f in library.report:
        rows.append(_row(f, INGEST, CATEGORY_TEXT[INGEST], "", f"{finding_label(f.kind)}: {f.message}"))
    return rows


def _row(f: Finding, category: str, kind: str, label: str, detail: str) -> FindingRow:
    period = period_label(f.period) if f.period else ""
    sources = sources_text(f.sources)
    search = " ".join((label, f.concept, period, f.period, detail, sources, f.message, f.severity)).lower()
    difference = Decimal(f.difference) if f.difference else None
    unit = catalog()[f.concept].unit if f.concept in catalog() else ""
    shown = difference_text(difference, unit) if difference is not None else ""
    return FindingRow(f, category, kind, label, period, f.scenario.replace("_", " "), detail, sources, search, difference, shown)


def difference_text(value: Decimal, unit: str) -> str:
    """A conflict's size as a reader says it: `0.8 million`, `48.2 million`, `12.50 yen/share`."""
    if unit == Unit.JPY:
        return f"{value / 1_000_000:,.1f} million"
    return format_as_printed(value, unit, 2 if unit == Unit.JPY_PER_SHARE else 0)


class FindingsTableModel(RowTableModel):
    """The findings that pass the kind and text filters; KeyRole is the category."""

    HEADERS = ("Kind", "Concept", "Period", "Scenario", "Difference", "Detail", "Sources")
    KIND, CONCEPT, PERIOD, SCENARIO, DIFFERENCE, DETAIL, SOURCES = range(7)

    def __init__(self, rows: Sequence[FindingRow] = (), parent=None) -> None:
        super().__init__((), parent)
        self._all: list[FindingRow] = []
        self.category = ALL
        self.text = ""
        self.set_findings(rows)

    def set_findings(self, rows: Sequence[FindingRow]) -> None:
        self._all = list(rows)
        self._refilter()

    def set_category(self, category: str) -> None:
        if category not in dict(CATEGORIES):
            raise ValueError(f"unknown category: {category!r}")
        self.category = category
        self._refilter()

    def set_text(self, text: str) -> None:
        self.text = text.strip().lower()
        self._refilter()

    def _refilter(self) -> None:
        self.set_rows(
            [r for r in self._all if (self.category == ALL or r.category == self.category) and (not self.text or self.text in r.search)]
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """By a column (Difference by size, findings without one last), the filters kept; -1: the checks' order."""
        if 0 <= column < len(self.HEADERS):
            descending = order == Qt.SortOrder.DescendingOrder
            if column == self.DIFFERENCE:
                sizes = [(r.difference, r) for r in self._all if r.difference is not None]
                sized = [r for _, r in sorted(sizes, key=lambda size_row: size_row[0], reverse=descending)]
                self._all = sized + [r for r in self._all if r.difference is None]
            else:
                self._all.sort(key=lambda r: r.cells[column].lower(), reverse=descending)
        self._refilter()

    def counts(self) -> dict[str, int]:
        """How many findings of each category there are, before filtering."""
        out = {c: 0 for c, _ in CATEGORIES}
        for r in self._all:
            out[r.category] += 1
            out[ALL] += 1
        return out

    def finding_row(self, row: int) -> FindingRow:
        return self._rows[row]

    def cell(self, record: FindingRow, column: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return record.cells[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            f = record.finding
            head = f"{record.kind}: {record.concept} ({f.concept}) {f.period} {f.scenario}" if f.concept else record.kind
            where = "\n".join(str(s) for s in f.sources)
            return f"<p>{_html(head)}</p><p>{_html(f.message)}</p><p>{_html(where)}</p>"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column == self.DIFFERENCE else LEFT
        if role == ValueRole and column == self.DIFFERENCE:
            return None if record.difference is None else float(record.difference)
        if role == Qt.ItemDataRole.ForegroundRole and record.category == ROUNDING_DIFFERENCES:
            return palette.brush("muted")
        if role == KeyRole:
            return record.category
        if role == SourceRole:
            return record.finding.sources[0] if record.finding.sources else None
        return None


def _html(text: str) -> str:
    # rich text, so that Qt wraps a long tooltip instead of showing one endless line
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


# --- the sources of one finding --------------------------------------------------------------------


@dataclass(frozen=True)
class SourceEntry:
    """One value (or one printed line) a finding is about."""

    role: str  # used / agrees / conflict / reported / input / printed line
    source: SourceRef
    text: str  # the printed line
    fact: RawFact | None = None


_TOKEN = re.compile(r"[\w-]+")
# the line range a reader's message names: "(lines 41-54)", "(rows 679-681)"
_LINE_RANGE = re.compile(r"\((?:lines|rows) (\d+)-(\d+)\)")
MAX_RANGE_LINES = 60


def finding_sources(finding: Finding, library, index) -> list[SourceEntry]:
    """For a conflict, every occurrence of its key; otherwise the figures on each source line it names."""
    if finding.kind == CONFLICTS and index is not None:
        occurrences = index.occurrences.get((finding.concept, finding.period, finding.scenario), [])
        if occurrences:
            return [SourceEntry(OCCURRENCE_TEXT.get(o.status, o.status), o.fact.source, o.fact.text, o.fact) for o in occurrences]
    if finding.kind not in (CONFLICTS, ARITHMETIC, SHARE_BASES):
        return _ingest_sources(finding, library)
    by_source: dict[SourceRef, list[RawFact]] = {}
    wanted = set(finding.sources)
    for f in library.raw:
        if f.source in wanted:
            by_source.setdefault(f.source, []).append(f)
    # the figures an arithmetic finding is about: its key, or the concepts and periods its message names
    named = set(_TOKEN.findall(finding.message)) | {finding.concept, finding.period}
    entries: list[SourceEntry] = []
    for ref in finding.sources:
        text = _line(library, ref)
        figures = [
            f
            for f in by_source.get(ref, [])
            if f.scenario == finding.scenario
            and f.concept in named
            and f.period in named
        ]
        if not figures:
            entries.append(SourceEntry("printed line", ref, text))
        entries.extend(SourceEntry(_arithmetic_role(finding, f), ref, text, f) for f in figures)
    return entries


def _arithmetic_role(finding: Finding, fact: RawFact) -> str:
    if fact.classification == YOY:
        return "reported YoY"
    return "reported" if fact.key == (finding.concept, finding.period, finding.scenario) else "input"


def _ingest_sources(finding: Finding, library) -> list[SourceEntry]:
    """The printed lines a reader's finding is about: every line of the range its message names."""
    refs = list(finding.sources)
    m = _LINE_RANGE.search(finding.message)
    if m and len(refs) == 1:
        first, last = int(m[1]), int(m[2])
        if first <= refs[0].line <= last:
            last = min(last, first + MAX_RANGE_LINES - 1)
            refs = [SourceRef(refs[0].document, n) for n in range(first, last + 1)]
    return [SourceEntry("printed line", ref, _line(library, ref)) for ref in refs]


def _line(library, ref: SourceRef) -> str:
    try:
        return library.source_line(ref)
    except (KeyError, IndexError):
        return ""


class FindingSourcesTableModel(RowTableModel):
    """The values and printed lines behind one finding; SourceRole opens the line."""

    HEADERS = ("Role", "As printed", "Value", "Period", "Document", "Line", "Printed label", "Printed line")
    ROLE, PRINTED, VALUE, PERIOD, DOCUMENT, LINE, LABEL, TEXT = range(8)
    VALUE_COLUMNS = (PRINTED, VALUE, PERIOD, LABEL)

    def __init__(self, entries: Sequence[SourceEntry] = (), unit: DisplayUnit = DEFAULT_UNIT, parent=None) -> None:
        super().__init__((), parent, unit)
        self._muted = palette.brush("muted")
        self._alarm = palette.brush("alarm")
        self.set_entries(entries)

    def set_entries(self, entries: Sequence[SourceEntry]) -> None:
        rows = []
        for e in entries:
            f = e.fact
            cells = [
                e.role,
                "" if f is None else format_as_printed(f.value, f.unit, f.decimals),
                "",  # the display unit's figure, filled by data()
                "" if f is None else period_label(f.period),
                e.source.document,
                str(e.source.line),
                "" if f is None else f.label,
                printed_line(e.text),
            ]
            rows.append((e, cells))
        self.set_rows(rows)

    def headers(self) -> tuple[str, ...]:
        return (*self.HEADERS[: self.VALUE], f"In {self.unit.label}", *self.HEADERS[self.VALUE + 1 :])

    def entry(self, row: int) -> SourceEntry:
        return self._rows[row][0]

    def cell(self, record, column: int, role: int):
        entry, cells = record
        f = entry.fact
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.VALUE:
                return "" if f is None else value_text(f.value, f.unit, self.unit)
            return cells[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in (self.PRINTED, self.VALUE, self.LINE) else LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{entry.source}\n{entry.text.expandtabs(4)}\nDouble-click to open the document at this line"
        if role == Qt.ItemDataRole.ForegroundRole and column == self.ROLE:
            if entry.role in (OCCURRENCE_TEXT["conflict"], OCCURRENCE_TEXT["unreliable_row"]):
                return self._alarm
            if entry.role in (OCCURRENCE_TEXT["old_classification"], "printed line"):
                return self._muted
            return None
        if role == SourceRole:
            return entry.source
        if role == ValueRole:
            return None if f is None else float(f.value)
        return None
