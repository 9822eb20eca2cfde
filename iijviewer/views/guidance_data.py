"""Targets against results, shaped Qt-free: what IIJ announced, how it revised it, what it achieved.

One row per concept and period that has a target.  The initial target is the
`target` as the earliest document reported it; a revision is a
`revised_target`, or a `target` that a later document reports with another
value (beyond rounding).  The variance compares the actual with the latest
target, the one the result was last measured against.  Every figure keeps its
source, so a row can show its history document by document.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from iijviewer.analysis.normalize import Fact, Occurrence, tolerance
from iijviewer.base.concepts import Concept, catalog, guidance_concepts
from iijviewer.base.facts import RawFact, SourceRef
from iijviewer.base.formatting import format_percent, percent_change
from iijviewer.base.periods import parse_key, sort_key
from iijviewer.base.vocabulary import FORECASTS, Scenario
from iijviewer.views.viewdata import FactIndex


@dataclass(frozen=True)
class TargetReport:
    """One document's statement of a target."""

    scenario: str  # target or revised_target
    value: Decimal
    decimals: int
    document: str
    date: str  # the document's publication date
    announced: str  # when the target was announced: as the text above its table says, else the publication date
    title: str  # the document's title
    source: SourceRef
    label: str  # the row label as printed
    status: str  # the occurrence's status: chosen, agrees, conflict, old_classification
    factor: Decimal | None = Decimal(1)  # the share basis `value` is on (per-share: 1 today's, None unknown)
    printed: Decimal | None = None  # the figure as printed, where `value` is adjusted to today's shares


@dataclass(frozen=True)
class GuidanceRow:
    concept: Concept
    period: str
    initial: TargetReport | None  # the target as first announced
    revisions: tuple[TargetReport, ...]  # later targets with another value, oldest first
    history: tuple[TargetReport, ...]  # every report of the target and its revisions, oldest first
    actual: Fact | None

    @property
    def key(self) -> tuple[str, str]:
        return (self.concept.id, self.period)

    @property
    def latest(self) -> TargetReport | None:
        """The target the result is measured against: the last revision, else the initial target."""
        return self.revisions[-1] if self.revisions else self.initial

    actual_factor: Decimal | None = Decimal(1)  # the share basis of `actual` (see `TargetReport.factor`)

    @property
    def variance(self) -> Decimal | None:
        latest = self.latest
        if self.actual is None or latest is None:
            return None
        if latest.factor is None or latest.factor != self.actual_factor:
            return None  # per share on two bases: no variance across a stock split
        return self.actual.value - latest.value

    @property
    def variance_percent(self) -> Decimal | None:
        latest = self.latest
        if self.variance is None or self.actual is None or latest is None:
            return None
        return percent_change(self.actual.value, latest.value)


def signed_percent(value: Decimal | None) -> str:
    """A change in percent with its direction: `+2.0%`, `(2.5%)`."""
    text = format_percent(value)
    return "+" + text if value is not None and value > 0 and not text.startswith("0.0") else text


@dataclass(frozen=True)
class _Documents:
    dates: Mapping[str, str]  # id -> publication date
    order: Mapping[str, str]  # id -> sortable date
    titles: Mapping[str, str]


def _announced(fact: RawFact, docs: _Documents) -> str:
    return fact.announced or docs.dates.get(fact.source.document, "")


def _reports(occurrences: Iterable[Occurrence], docs: _Documents, index: FactIndex | None = None) -> list[TargetReport]:
    def shown(raw: RawFact) -> tuple[Decimal, Decimal | None]:
        return index.basis.shown(raw) if index is not None and index.basis is not None else (raw.value, Decimal(1))

    reports = [
        TargetReport(
            o.fact.scenario,
            shown(o.fact)[0],
            o.fact.decimals,
            o.fact.source.document,
            docs.dates.get(o.fact.source.document, ""),
            _announced(o.fact, docs),
            docs.titles.get(o.fact.source.document, ""),
            o.fact.source,
            o.fact.label,
            o.status,
            shown(o.fact)[1],
            o.fact.value if shown(o.fact)[0] != o.fact.value else None,
        )
        for o in occurrences
    ]
    # a revision is stated after the target it revises, also within one document
    reports.sort(key=lambda r: (docs.order.get(r.document, r.date), r.scenario == Scenario.REVISED_TARGET, r.source))
    return reports


def _differs(a: TargetReport, b: TargetReport) -> bool:
    if a.factor is not None and b.factor is not None and a.factor != b.factor:
        # as printed on two bases: the same target restated after a split is no revision
        fa, fb = a.factor, b.factor
        return abs(a.value / fa - b.value / fb) > max(tolerance(a.decimals, a.decimals) / fa, tolerance(b.decimals, b.decimals) / fb)
    if a.printed is not None or b.printed is not None:
        fa = (a.printed or a.value) / a.value if a.value else Decimal(1)
        fb = (b.printed or b.value) / b.value if b.value else Decimal(1)
        return abs(a.value - b.value) > max(tolerance(a.decimals, a.decimals) / fa, tolerance(b.decimals, b.decimals) / fb)
    return abs(a.value - b.value) > tolerance(a.decimals, b.decimals)


def _documents(documents: Iterable) -> _Documents:
    docs = list(documents)
    return _Documents(
        {d.id: d.publication_date for d in docs},
        {d.id: d.sort_date for d in docs},
        {d.id: d.title for d in docs},
    )


def _row(index: FactIndex, concept: Concept, period: str, docs: _Documents) -> GuidanceRow | None:
    occurrences = [o for s in FORECASTS for o in index.occurrences.get((concept.id, period, s), [])]
    history = _reports(occurrences, docs, index)
    if not history:
        return None
    initial = next((r for r in history if r.scenario == Scenario.TARGET), None)
    revisions: list[TargetReport] = []
    for r in history:
        if r is initial:
            continue
        previous = revisions[-1] if revisions else initial
        # a revised target counts even when it confirms the old value (IIJ said "revised");
        # the same revision repeated by a later document does not count again
        if previous is None or _differs(r, previous) or (r.scenario == Scenario.REVISED_TARGET and previous.scenario == Scenario.TARGET):
            revisions.append(r)
    actual = index.get(concept.id, period, Scenario.ACTUAL)
    factor = index.share_factor(actual) if actual is not None else Decimal(1)
    return GuidanceRow(concept, period, initial, tuple(revisions), tuple(history), actual, factor)


def guidance_row(index: FactIndex, concept_id: str, period: str, documents: Iterable) -> GuidanceRow | None:
    """The row of one concept and period, or None when nothing announced a target for it."""
    return _row(index, catalog()[concept_id], period, _documents(documents))


def guidance_rows(index: FactIndex, documents: Iterable, concepts: Iterable[str] | None = None) -> list[GuidanceRow]:
    """Every concept's targeted periods: concepts in the given order, periods chronological."""
    docs = _documents(documents)
    targeted: dict[str, set[str]] = {}
    for concept_id, period, scenario in index.occurrences:
        if scenario in FORECASTS and not parse_key(period).is_instant:
            targeted.setdefault(concept_id, set()).add(period)
    cat = catalog()
    rows: list[GuidanceRow] = []
    for cid in guidance_concepts() if concepts is None else concepts:
        for period in sorted(targeted.get(cid, ()), key=sort_key):
            row = _row(index, cat[cid], period, docs)
            if row is not None:
                rows.append(row)
    return rows


def concepts_with_targets(rows: Iterable[GuidanceRow]) -> list[Concept]:
    return list({r.concept.id: r.concept for r in rows}.values())
