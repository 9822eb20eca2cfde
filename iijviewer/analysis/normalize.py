"""The contract's rules for one value per (concept, period, scenario).

Reported facts are ranked: most precise first, then the latest document.  A
table marked as an old classification is history and never wins.  Every
occurrence keeps a status so that `facts --all` can show the history:
`chosen`, `agrees` (within rounding of the chosen value), `conflict`
(beyond rounding), `old_classification`, `unreliable_row` (see `unreliable_rows`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from iijviewer.analysis.derive import DerivedFact, Known, best_derivation, derive, half_unit
from iijviewer.analysis.sharebasis import ShareBasis
from iijviewer.base.concepts import catalog
from iijviewer.base.facts import OLD_CLASSIFICATION, PRESUMED_FIRST, UNCONFIRMED, YOY, Measure, RawFact, SourceRef
from iijviewer.base.vocabulary import FORECASTS, ReportStatus, Scenario, Unit

# A printed row is unreliable when, in at least UNRELIABLE_MIN_SHARED of the keys it
# shares with more precise reports of other documents, it is off by more than this
# share of the larger figure (not a rounding: a label that slipped onto another row's
# figures), and agrees with them in none.
UNRELIABLE_SHARE = Decimal("0.25")
UNRELIABLE_MIN_SHARED = 2


@dataclass(frozen=True)
class Occurrence:
    fact: RawFact
    status: str


def tolerance(decimals_a: int, decimals_b: int) -> Decimal:
    """Half a unit of the coarser of two precisions (12.3 billion and 12,345 million agree)."""
    return half_unit(min(decimals_a, decimals_b))


def agree(a: RawFact, b: RawFact) -> bool:
    return abs(a.value - b.value) <= tolerance(a.decimals, b.decimals)


def _recency(date: str) -> tuple[int, tuple[int, ...]]:
    """Latest first; no date has no place in the order, so it never outranks a dated document as the later one."""
    return (0, tuple(-ord(c) for c in date)) if date else (1, ())


Row = tuple[str, int, str]  # a printed row of one concept: document, line, concept


def row_of(fact: RawFact) -> Row:
    return (fact.source.document, fact.source.line, fact.concept)


def _grossly_apart(a: RawFact, b: RawFact) -> bool:
    """Beyond rounding, and by more than `UNRELIABLE_SHARE` of the larger figure."""
    apart = abs(a.value - b.value)
    return apart > tolerance(a.decimals, b.decimals) and apart > UNRELIABLE_SHARE * max(abs(a.value), abs(b.value))


def unreliable_rows(groups: Mapping[tuple[str, str, str], list[RawFact]]) -> set[Row]:
    """Rows whose figures more precise reports of other documents contradict wherever both speak.

    A presentation table whose row labels slipped by one row puts each label on
    its neighbour's figures: every figure of the row is then wrong, also in the
    periods no other document reports.  Such a row disagrees grossly with the
    statements in every period they share; a misprint or a rounding disagrees in
    one, or by little.  Only a more precise report can outvote a row, so two
    rows of equal precision never condemn each other.  Only amounts of money
    are judged: per-share figures before a stock split differ from later ones
    by its factor (`checks.per_share_basis` says so), which is no slip.
    """
    money = {c.id for c in catalog().values() if c.is_money}
    shared: dict[Row, list[bool]] = {}  # per row: for each key shared with a more precise report, grossly apart?
    for (concept, _, _), facts in groups.items():
        if len(facts) < 2 or concept not in money:
            continue  # per-share figures may differ by a stock split's factor, counts by a definition: not a slip
        current = [f for f in facts if f.classification != "old"]
        if len(current) < 2 or all(f.decimals == current[0].decimals for f in current):
            continue  # nothing here is more precise than anything else
        ranked = sorted(current, key=lambda g: -g.decimals)
        for f in current:
            # the most precise report of another document
            best = next((g for g in ranked if g.source.document != f.source.document), None)
            if best is not None and best.decimals > f.decimals:
                shared.setdefault(row_of(f), []).append(_grossly_apart(f, best))
    return {row for row, apart in shared.items() if len(apart) >= UNRELIABLE_MIN_SHARED and all(apart)}


def restated_targets(
    raw: Iterable[RawFact], document_dates: Mapping[str, str], basis: ShareBasis | None = None
) -> tuple[list[RawFact], list[RawFact]]:
    """The facts, with the targets that a later document states otherwise than first announced made revised targets;
    and the previous targets no earlier announcement confirms (not used).

    A release that restates a year's targets ("Financial Targets for FY2019")
    without saying they were revised: where one of its figures differs (beyond
    rounding) from the target as first announced (the earliest announcement of
    another document), the targets were revised in between, and the whole set
    it states (its table or section, for that period) is the revised one.  A
    set that agrees stays the target as first announced.  Per-share targets
    are compared on one share basis (`basis`, with the splits the library's
    documents state): a target restated after a stock split differs by its
    factor, not by a revision; one whose basis cannot be told, or any without
    the library's splits, decides nothing.

    A "previous target" a document restates without its day (`facts.UNCONFIRMED`)
    is the target as first announced where an earlier announcement of another
    document agrees with it; otherwise it was an earlier revision, or the
    library cannot tell, and it is left out (`Normalized.superseded`).  The
    old figure of a sentence's "revised from X to Y" (`facts.PRESUMED_FIRST`)
    is what the document calls the target it revises: it stands as the target
    also where no other document announced one for its period, but not where
    an earlier (or undated) one announced another figure or a revision.

    A target with no day (neither its own "announced on" nor its document's
    date) has no place in the order: it is neither the first announcement nor
    a later one, and is never relabelled; where it disagrees, `check` lists
    the conflict.
    """
    facts: list[RawFact] = []
    unconfirmed: list[RawFact] = []
    for f in raw:
        (unconfirmed if f.classification in (UNCONFIRMED, PRESUMED_FIRST) else facts).append(f)

    def day(f: RawFact) -> str:
        return f.announced or document_dates.get(f.source.document, "")

    money = {c.id for c in catalog().values() if c.is_money}
    per_share = {c.id for c in catalog().values() if c.unit == Unit.JPY_PER_SHARE}
    split = basis if basis is not None and basis.splits else None  # the library's splits, when it has any

    def comparable(f: RawFact) -> bool:
        # per-share figures only on a known share basis: without the library's splits, a split's factor looks like a revision
        return f.concept in money or (f.concept in per_share and split is not None and split.known(f))

    def agreeing(a: RawFact, b: RawFact) -> bool:
        return split.agree(a, b) if split is not None and a.concept in per_share else agree(a, b)

    targets = [i for i, f in enumerate(facts) if f.scenario == Scenario.TARGET and f.classification not in (YOY, OLD_CLASSIFICATION)]
    by_key: dict[tuple[str, str, str], list[RawFact]] = {}
    for i in targets:
        by_key.setdefault(facts[i].key, []).append(facts[i])

    def announced_before(f: RawFact) -> list[RawFact]:
        """The dated announcements of f's key by other documents before f's day, that can be compared with it."""
        if not day(f) or not comparable(f):
            return []
        return [o for o in by_key.get(f.key, ()) if o.source.document != f.source.document and day(o) and day(o) < day(f) and comparable(o)]

    sets: dict[tuple[str, int, str], list[int]] = {}  # (document, table or section, period) -> its target facts
    for i in targets:
        f = facts[i]
        sets.setdefault((f.source.document, f.table_line, f.period), []).append(i)
    for members in sets.values():
        for i in members:
            f = facts[i]
            earlier = announced_before(f)
            if not earlier:
                continue
            first = min(day(o) for o in earlier)
            if not any(agreeing(f, o) for o in earlier if day(o) == first):
                for k in members:
                    facts[k] = replace(facts[k], scenario=Scenario.REVISED_TARGET)
                break
    announcements: dict[tuple[str, str], list[RawFact]] = {}  # (concept, period) -> every target and revised target
    for f in facts:
        if f.scenario in FORECASTS:
            announcements.setdefault((f.concept, f.period), []).append(f)
    superseded = []
    for f in unconfirmed:
        earlier = announced_before(f)
        first = min((day(o) for o in earlier), default="")
        said_before = [o for o in announcements.get(f.key[:2], ()) if o.source.document != f.source.document and (not day(o) or not day(f) or day(o) < day(f))]
        if (f.classification == PRESUMED_FIRST and not said_before) or any(agreeing(f, o) for o in earlier if day(o) == first):
            facts.append(replace(f, classification=""))
        else:
            superseded.append(f)
    return facts, superseded


def choose(
    raw: Iterable[RawFact], document_dates: Mapping[str, str], basis: ShareBasis | None = None
) -> tuple[list[RawFact], list[Occurrence]]:
    """The winning fact of every key, and every occurrence with its status (see `_choose`)."""
    winners, occurrences, _, _ = _choose(raw, document_dates, basis)
    return winners, occurrences


def _choose(
    raw: Iterable[RawFact], document_dates: Mapping[str, str], basis: ShareBasis | None = None
) -> tuple[list[RawFact], list[Occurrence], set[Row], list[RawFact]]:
    """The winning fact of every key, every occurrence with its status, and the unreliable rows.

    The figures of an unreliable row (`unreliable_rows`) never win: where other
    reports speak they are conflicts, where none does they are `unreliable_row`
    and the key is left to derivation, or to nothing.
    """
    groups: dict[tuple[str, str, str], list[RawFact]] = {}
    restated, superseded = restated_targets(raw, document_dates, basis)
    for fact in restated:
        if fact.classification == YOY:
            continue  # a reported percentage, checked by `check`, never a fact
        groups.setdefault((fact.concept, fact.period, fact.scenario), []).append(fact)
    unreliable = unreliable_rows(groups)
    negated: dict[str, tuple[int, tuple[int, ...]]] = {}  # per document: its date's place in the order, computed once

    split = basis if basis is not None and basis.splits else None  # the library's splits, when it has any
    per_share = {c.id for c in catalog().values() if c.unit == Unit.JPY_PER_SHARE} if split is not None else set()

    def rank(fact: RawFact) -> tuple:
        document = fact.source.document
        date = negated.get(document)
        if date is None:
            date = negated[document] = _recency(document_dates.get(document, ""))
        # per-share figures of two share bases: the precision each has on today's basis (`sharebasis`); one whose
        # basis cannot be told (a year's dividend printed half per old share, half per new) after every other
        if split is not None and fact.concept in per_share:
            unknown = not split.known(fact)
            return (unknown, -split.precision(fact), date, document, fact.source.line)
        return (False, -fact.decimals, date, document, fact.source.line)

    def agreeing(a: RawFact, b: RawFact) -> bool:
        return split.agree(a, b) if split is not None and a.concept in per_share else agree(a, b)

    winners: list[RawFact] = []
    occurrences: list[Occurrence] = []
    for key in sorted(groups):
        facts = groups[key]
        # best first: precision, then recency (a document without a date after every dated one), then position
        current = sorted((f for f in facts if f.classification != OLD_CLASSIFICATION), key=rank)
        history = [f for f in facts if f.classification == OLD_CLASSIFICATION]
        if unreliable:
            disowned = [f for f in current if row_of(f) in unreliable]
            current = [f for f in current if row_of(f) not in unreliable]
        else:
            disowned = []
        if current:
            best = current[0]
            winners.append(best)
            occurrences.append(Occurrence(best, ReportStatus.CHOSEN))
            for other in current[1:] + disowned:
                occurrences.append(Occurrence(other, ReportStatus.AGREES if agreeing(best, other) else ReportStatus.CONFLICT))
        else:
            occurrences.extend(Occurrence(f, ReportStatus.UNRELIABLE) for f in disowned)
        occurrences.extend(Occurrence(f, ReportStatus.OLD_CLASSIFICATION) for f in history)
    return winners, occurrences, unreliable, superseded


@dataclass(frozen=True)
class Fact(Measure):
    """A normalized fact: the one value of its (concept, period, scenario)."""

    derived: bool
    label: str  # as printed; for a derived fact, its inputs
    reported: RawFact | None = None  # the winning report (None when derived)
    derivation: DerivedFact | None = None  # how it was computed (also kept when it beat a coarser report)
    conflict: bool = False  # reports of this key disagree beyond rounding (check lists them)

    @property
    def source(self) -> SourceRef | None:
        return None if self.derived or self.reported is None else self.reported.source


@dataclass(frozen=True)
class Mismatch:
    """A reported flow that its own period arithmetic contradicts (H1 reported, Q1 + Q2 differ)."""

    reported: RawFact
    derivation: DerivedFact


@dataclass
class Normalized:
    facts: list[Fact]
    occurrences: list[Occurrence]
    mismatches: list[Mismatch]
    unreliable: set[Row] = field(default_factory=set)  # rows whose figures are never used (`unreliable_rows`)
    superseded: list[RawFact] = field(default_factory=list)  # previous targets no earlier announcement confirms


def _from_report(f: RawFact, conflict: bool) -> Fact:
    return Fact(f.concept, f.period, f.scenario, f.value, f.unit, f.decimals, False, f.label, f, None, conflict)


def _from_derivation(d: DerivedFact, reported: RawFact | None = None) -> Fact:
    label = d.label if reported is None else f"{d.label} (agrees with the coarser {reported.source})"
    return Fact(d.concept, d.period, d.scenario, d.value, d.unit, d.decimals, True, label, reported, d, d.inputs_in_conflict)


def build(raw: Iterable[RawFact], document_dates: Mapping[str, str], basis: ShareBasis | None = None) -> Normalized:
    """Reported winners, derived facts where nothing is reported, and the refinement between them.

    A derived figure that is more precise than a coarse report and agrees with it
    within rounding is the better value (a half year's gross margin computed from
    the statements against "10.1" billion in a presentation); a report wins a
    disagreement, which is kept as a mismatch for `check`.
    """
    winners, occurrences, unreliable, superseded = _choose(raw, document_dates, basis)
    conflicted = {(o.fact.concept, o.fact.period, o.fact.scenario) for o in occurrences if o.status == ReportStatus.CONFLICT}
    facts = {(w.concept, w.period, w.scenario): _from_report(w, (w.concept, w.period, w.scenario) in conflicted) for w in winners}
    known = {
        (f.concept, f.period): Known(f.value, f.decimals, False, f.conflict)
        for f in facts.values()
        if f.scenario == Scenario.ACTUAL
    }
    for d in derive(known):
        facts[(d.concept, d.period, d.scenario)] = _from_derivation(d)
    all_known = {(f.concept, f.period): Known(f.value, f.decimals, f.derived, f.conflict) for f in facts.values() if f.scenario == Scenario.ACTUAL}
    mismatches: list[Mismatch] = []
    for key, fact in list(facts.items()):
        if fact.derived or fact.scenario != Scenario.ACTUAL or fact.reported is None:
            continue
        best = best_derivation(fact.concept, fact.period, all_known)  # never uses the key itself as an input
        if best is None:
            continue
        if abs(best.value - fact.value) <= best.error + half_unit(fact.decimals):
            if best.decimals > fact.decimals and not best.inputs_in_conflict:
                facts[key] = _from_derivation(best, fact.reported)
        elif not any(all_known[(t.concept, t.period)].derived for t in best.terms):
            mismatches.append(Mismatch(fact.reported, best))
    ordered = sorted(facts.values(), key=lambda f: f.key)
    return Normalized(ordered, occurrences, mismatches, unreliable, superseded)
