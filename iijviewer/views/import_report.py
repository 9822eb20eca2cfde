"""What an import did, said for the window: concept labels, period names and figures in the display unit.

The command line prints `importer.report_lines` (concept ids, full-precision
yen: what a script greps).  The window's report says the same in the words of
its tables: "Total revenues, 1H FY2010" and "JPY 98,765 million", each
conflicting report with its document and line.  Qt-free, so that the text is
tested without a window; `ui/dialogs.py` shows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from iijviewer.base.concepts import catalog
from iijviewer.base.facts import Finding, RawFact, SourceRef
from iijviewer.base.formatting import DEFAULT_UNIT, DisplayUnit, format_amount, unit_caption
from iijviewer.base.vocabulary import FindingKind, Scenario, Severity, Unit
from iijviewer.views.viewdata import period_label


@dataclass(frozen=True)
class Line:
    text: str
    details: tuple[str, ...] = ()  # shown under it (a conflict's reports, each with its document and line)


@dataclass(frozen=True)
class Section:
    title: str  # "New conflicts with other documents: 3"
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class FileSummary:
    """One file of the import: what it became and what it brought."""

    title: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class ImportReport:
    headline: str
    files: tuple[FileSummary, ...]
    refused: tuple[str, ...]

    def text(self) -> str:
        """The whole report as plain text (what Copy puts on the clipboard)."""
        out = [self.headline, ""]
        for f in self.files:
            out.append(f.title)
            for s in f.sections:
                out.append(f"  {s.title}")
                for line in s.lines:
                    out.append(f"    {line.text}")
                    out.extend(f"      {d}" for d in line.details)
        if self.refused:
            out.append("Refused:")
            out.extend(f"  {r}" for r in self.refused)
        return "\n".join(out)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def figure_name(concept: str, period: str, scenario: str) -> str:
    """`Total revenues, 1H FY2010` (`…, 1H FY2010 target` for a target)."""
    c = catalog().get(concept)
    what = f"{c.label if c is not None else concept}, {period_label(period)}"
    return what if scenario == Scenario.ACTUAL else f"{what} {scenario.replace('_', ' ')}"


def figure_text(value, unit: str, display: DisplayUnit) -> str:
    """A figure as the tables show it, with its unit: `JPY 98,765 million`, `JPY 1,234.56 per share`, `1,234 count`."""
    amount = format_amount(value, unit, display)
    if unit == Unit.JPY:
        return f"JPY {amount} {display.key.removesuffix('s')}"
    if unit == Unit.JPY_PER_SHARE:
        return f"JPY {amount} per share"
    return f"{amount} {unit_caption(unit, display)}"


def _where(ref: SourceRef) -> str:
    return f"{ref.document}, line {ref.line}"


def conflict_line(finding: Finding, reports: dict[tuple[tuple[str, str, str], SourceRef], RawFact], display: DisplayUnit) -> Line:
    """A conflict as the window says it: the figure and how far apart, then each report with its document and line."""
    key = (finding.concept, finding.period, finding.scenario)
    facts = [reports.get((key, ref)) for ref in finding.sources]
    shown = []
    for n, (ref, fact) in enumerate(zip(finding.sources, facts)):
        value = figure_text(fact.value, fact.unit, display) if fact is not None else "a figure"
        shown.append(f"{value}: {_where(ref)}{' (used)' if n == 0 else ''}")
    unit = next((f.unit for f in facts if f is not None), "")
    size = ""
    if finding.difference and unit:
        try:
            size = f" of up to {figure_text(Decimal(finding.difference), unit, display)}"
        except InvalidOperation:
            size = ""
    kind = "material difference" if finding.severity == Severity.MATERIAL else "rounding difference"
    return Line(f"{figure_name(*key)}: {kind}{size}", tuple(shown))


def import_report(outcome, occurrences: Iterable = (), display: DisplayUnit = DEFAULT_UNIT) -> ImportReport:
    """The window's report of an `ImportOutcome`; `occurrences` (the new library's) give each conflicting report's figure."""
    reports = {(o.fact.key, o.fact.source): o.fact for o in occurrences}
    files = []
    added = again = facts = conflicts = 0
    for f in outcome.files:
        if not f.added:
            again += 1
            files.append(FileSummary(f"{f.path}: already in the library as {f.document}; not added again", ()))
            continue
        added += 1
        facts += f.facts
        conflicts += len(f.conflicts)
        sections = []
        if f.notes:
            sections.append(Section("Notes", tuple(Line(n) for n in f.notes)))
        periods = ", ".join(period_label(p) for p in f.new_periods) or "none"
        sections.append(Section(f"{_plural(f.facts, 'figure')} read; new periods: {periods}", ()))
        if f.conflicts:
            lines = tuple(conflict_line(c, reports, display) for c in f.conflicts)
            sections.append(Section(f"New conflicts with other documents: {len(f.conflicts):,}", lines))
        tables = [u for u in f.unreadable if u.kind != FindingKind.UNCERTAIN_FIGURE]
        unplaced = [u for u in f.unreadable if u.kind == FindingKind.UNCERTAIN_FIGURE]
        for title, found in (("Tables that could not be read", tables), ("Figures not placed (reported, not guessed)", unplaced)):
            if found:
                lines = tuple(Line(f"line {u.sources[0].line}: {u.message}" if u.sources else u.message) for u in found)
                sections.append(Section(f"{title}: {len(found):,}", lines))
        files.append(FileSummary(f"{f.path}: added as {f.document}", tuple(sections)))
    parts = [f"{_plural(added, 'document')} added"]
    if again:
        parts.append(f"{again:,} already in the library")
    if outcome.refused:
        parts.append(f"{len(outcome.refused):,} refused")
    headline = ", ".join(parts) + f": {_plural(facts, 'figure')} read, {_plural(conflicts, 'new conflict')}."
    return ImportReport(headline, tuple(files), tuple(str(r) for r in outcome.refused))
