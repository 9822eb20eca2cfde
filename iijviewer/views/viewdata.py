"""The viewer's data, shaped once and Qt-free: an index of the facts, statement layouts, the period tree.

The Qt models in `iijviewer.models` wrap what this module builds; nothing in a
model's `data()` has to search the facts.  Everything here is tested headless.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import cast

from iijviewer.analysis.normalize import Fact, Occurrence
from iijviewer.analysis.sharebasis import OnBasis, ShareBasis
from iijviewer.base.concepts import STATEMENTS, Concept, catalog
from iijviewer.base.facts import Finding
from iijviewer.base.periods import Period, fiscal, parse_key, period_label, prior_year, sort_key
from iijviewer.base.vocabulary import CellStatus, FindingKind, PerShareBasis, Scenario, Severity, Statement

STATEMENT_ORDER = (
    Statement.INCOME,
    Statement.BALANCE,
    Statement.CASH_FLOW,
    Statement.SEGMENTS,
    Statement.REVENUE_DETAIL,
    Statement.NON_GAAP,
    Statement.KPI,
    Statement.PER_SHARE,
    Statement.COMPREHENSIVE,
)

class FactIndex:
    """Every normalized fact by key, by concept and by period; built once per library."""

    def __init__(
        self,
        facts: Iterable[Fact],
        occurrences: Iterable[Occurrence] = (),
        findings: Iterable[Finding] = (),
        basis: OnBasis | None = None,
    ):
        self.facts: dict[tuple[str, str, str], Fact] = {f.key: f for f in facts}
        # which share basis each per-share figure is on (None: all as printed, compared as they are)
        self.basis = basis
        self.by_concept: dict[str, dict[tuple[str, str], Fact]] = {}
        self.by_period: dict[str, list[Fact]] = {}
        for f in self.facts.values():
            self.by_concept.setdefault(f.concept, {})[(f.period, f.scenario)] = f
            self.by_period.setdefault(f.period, []).append(f)
        self.occurrences: dict[tuple[str, str, str], list[Occurrence]] = {}
        for o in occurrences:
            self.occurrences.setdefault(o.fact.key, []).append(o)
        self.findings: dict[tuple[str, str, str], list[Finding]] = {}
        for fd in findings:
            if fd.concept:
                self.findings.setdefault((fd.concept, fd.period, fd.scenario), []).append(fd)
        # What the views compute from one fact and this index alone (a cell's text, tooltip and
        # source), kept so that switching back and forth between periods formats each fact once.
        # Each kind of key (its first item) holds one type of value, which its reader casts to.
        self.memo: dict[tuple, object] = {}
        self.rates: dict[str, Decimal] = {}  # yen per US dollar each document states, by document id
        self.share_basis: ShareBasis | None = None  # the library's stock splits, for measures over per-share figures

    @classmethod
    def from_library(cls, library) -> "FactIndex":
        index = cls(library.facts, library.occurrences, library.findings, library.on_basis)
        index.rates = {d.id: d.exchange_rate for d in library.documents if d.exchange_rate}
        index.share_basis = library.share_basis
        return index

    @property
    def per_share(self) -> str:
        """The basis per-share figures are shown on (PerShareBasis.REPORTED or ADJUSTED)."""
        return self.basis.mode if self.basis is not None else PerShareBasis.REPORTED

    def share_factor(self, fact: Fact) -> Decimal | None:
        """The factor of the share basis the figure is on (1: today's, or not per share); None: it cannot be told."""
        if self.basis is None or fact.key not in self.basis.factor:
            return Decimal(1)
        return self.basis.factor[fact.key]

    def comparable(self, a: Fact, b: Fact) -> bool:
        """Whether a change or ratio of the two figures means anything: never across two share bases."""
        fa, fb = self.share_factor(a), self.share_factor(b)
        return fa is not None and fb is not None and fa == fb

    def basis_tip(self, fact: Fact) -> str:
        """For a per-share figure shown on another basis than printed, or on one that cannot be told: a line saying so."""
        if self.basis is None or fact.key not in self.basis.factor:
            return ""
        printed = self.basis.printed.get(fact.key)
        if printed is not None:
            value, factor = printed
            if factor < 1:  # a count of shares: multiplied
                return f"Adjusted to today's shares: printed as {value:,f} shares before the split, times {(1 / factor).normalize():f}"
            return f"Adjusted to today's shares: printed as {value:,f} per share before the split, divided by {factor.normalize():f}"
        basis_factor = self.basis.factor[fact.key]
        if basis_factor is None:
            return "Share basis cannot be told (before or after the stock split): compared with no other figure"
        if basis_factor != 1:
            return f"As printed, per share before the split ({basis_factor.normalize():f} of today's shares)"
        return ""

    def get(self, concept: str, period: str, scenario: str = Scenario.ACTUAL) -> Fact | None:
        return self.facts.get((concept, period, scenario))

    def value(self, concept: str, period: str, scenario: str = Scenario.ACTUAL) -> Decimal | None:
        f = self.facts.get((concept, period, scenario))
        return None if f is None else f.value

    def status(self, concept: str, period: str, scenario: str = Scenario.ACTUAL) -> str:
        """CellStatus.MISSING, CellStatus.REPORTED, CellStatus.DERIVED, or CellStatus.CONFLICT: its reports disagree materially, or a check finds fault with it.

        Reports that differ only by rounding (within the last printed digit of
        the coarser, `rounding_only`) leave the figure CellStatus.REPORTED (or CellStatus.DERIVED).
        """
        f = self.facts.get((concept, period, scenario))
        if f is None:
            return CellStatus.MISSING
        if any(fd.kind not in (FindingKind.CONFLICT, FindingKind.SHARE_BASIS) for fd in self.findings.get(f.key, ())) or self.severity(f) == Severity.MATERIAL:
            return CellStatus.CONFLICT
        return CellStatus.DERIVED if f.derived else CellStatus.REPORTED

    def severity(self, fact: Fact) -> str:
        """How the reports behind a figure disagree: "" (they do not), Severity.ROUNDING or Severity.MATERIAL.

        A reported figure's is its conflict's; a derived one's, the worst of its
        inputs' (Severity.MATERIAL when they cannot be told).
        """
        key = ("severity", fact.key)
        known = cast("str | None", self.memo.get(key))  # what this method stores under it
        if known is None:
            self.memo[key] = Severity.MATERIAL  # a derivation that reaches itself again is not trusted
            known = self.memo[key] = self._severity(fact)
        return known

    def _severity(self, fact: Fact) -> str:
        if not fact.conflict:
            return ""
        if not fact.derived:
            found = [fd.severity for fd in self.findings.get(fact.key, ()) if fd.kind == FindingKind.CONFLICT]
            return Severity.ROUNDING if found and all(sev == Severity.ROUNDING for sev in found) else Severity.MATERIAL
        if fact.derivation is None:
            return Severity.MATERIAL
        inputs = [self.get(t.concept, t.period, fact.scenario) for t in fact.derivation.terms]
        found = [self.severity(term) if term is not None else Severity.MATERIAL for term in inputs]
        return Severity.MATERIAL if Severity.MATERIAL in found else Severity.ROUNDING if Severity.ROUNDING in found else Severity.MATERIAL

    def rounding_only(self, fact: Fact) -> bool:
        """Its reports differ, but only by rounding: shown quietly, without the warning mark."""
        return self.severity(fact) == Severity.ROUNDING

    @property
    def periods(self) -> list[str]:
        return sorted(self.by_period, key=sort_key)

    def series(self, concept: str, periods: Iterable[str], scenario: str = Scenario.ACTUAL) -> list[Fact | None]:
        facts = self.by_concept.get(concept, {})
        return [facts.get((p, scenario)) for p in periods]


# --- statements ------------------------------------------------------------------


@dataclass(frozen=True)
class StatementRow:
    concept: Concept
    depth: int
    is_total: bool
    parent: str  # the concept id of the row this one is nested under in the view ("" at the top)
    context_only: bool = False  # an ancestor from another statement, shown as a group heading


def statement_rows(statement: str) -> list[StatementRow]:
    """The rows of one statement in display order: each parent above its children, nested.

    A concept whose parent belongs to another statement (revenue detail under
    the income statement's revenue lines) brings that parent along as a group.
    """
    cat = catalog()
    members = [c for c in cat.values() if c.statement == statement]
    include = {c.id for c in members}
    for c in members:
        p = c.parent
        while p and p in cat and p not in include:
            include.add(p)
            p = cat[p].parent
    children: dict[str, list[Concept]] = {}
    roots: list[Concept] = []
    for c in sorted((cat[i] for i in include), key=lambda c: c.order):
        if c.parent and c.parent in include:
            children.setdefault(c.parent, []).append(c)
        else:
            roots.append(c)
    rows: list[StatementRow] = []

    def walk(c: Concept, depth: int, parent: str) -> None:
        kids = children.get(c.id, [])
        is_total = bool(kids) or c.id.startswith("total") or c.label.lower().startswith("total")
        rows.append(StatementRow(c, depth, is_total, parent, context_only=c.statement != statement))
        for k in kids:
            walk(k, depth + 1, c.id)

    for r in roots:
        walk(r, 0, "")
    return rows


def statement_names() -> list[tuple[str, str]]:
    names: list[tuple[str, str]] = [(s, STATEMENTS[s]) for s in STATEMENT_ORDER if any(c.statement == s for c in catalog().values())]
    return names + [(Statement.MEASURES, STATEMENTS[Statement.MEASURES])]


def statement_is_instant(statement: str) -> bool:
    return statement == "balance"


# --- periods ---------------------------------------------------------------------


@lru_cache(maxsize=4096)  # asked for every row of every table shown; periods are few
def prior_period(key: str) -> str | None:
    """The same period a year earlier (an instant: the same day a year earlier)."""
    return prior_year(key)


@lru_cache(maxsize=4096)
@lru_cache(maxsize=4096)
def balance_date_for(key: str) -> str:
    """The balance-sheet date that goes with a period: its last day."""
    p = parse_key(key)
    return p.key if p.is_instant else p.instant_at_end().key


# what a period has for the statement shown (the navigator), besides CellStatus.REPORTED, CellStatus.DERIVED and CellStatus.MISSING
PARTLY_DERIVED = "partly derived"
TARGETS_ONLY = "targets only"
BALANCE_SHEET_ONLY = "balance sheet only"
OPERATING_DATA = "operating data only"
OTHER_STATEMENTS = "other statements only"


@dataclass
class PeriodNode:
    key: str  # period key; for a fiscal year node, the FY key
    label: str
    status: str  # CellStatus.REPORTED, PARTLY_DERIVED, CellStatus.DERIVED, TARGETS_ONLY, BALANCE_SHEET_ONLY, OPERATING_DATA, OTHER_STATEMENTS, CellStatus.MISSING
    children: list["PeriodNode"] = field(default_factory=list)
    note: str = ""  # what else the navigator should say of the node (its tooltip)
    statements: str = ""  # which statements have figures for it, and how many of each kind (its tooltip)


def _statement_facts(index: FactIndex, key: str, statement: str) -> list[Fact]:
    """The figures a statement shows for a period: a balance sheet's at the period's last day."""
    at = balance_date_for(key) if statement_is_instant(statement) else key
    cat = catalog()
    return [f for f in index.by_period.get(at, ()) if f.concept in cat and cat[f.concept].statement == statement]


def _period_status(index: FactIndex, key: str, statement: str = "income") -> str:
    """What the period really has for the statement shown, so that ● never says more than is there."""
    if statement == Statement.MEASURES:
        statement = "income"  # most measures are read from the income statement
    shown = _statement_facts(index, key, statement)
    actual = [f for f in shown if f.scenario == Scenario.ACTUAL]
    if actual:
        derived = sum(1 for f in actual if f.derived)
        return CellStatus.DERIVED if derived == len(actual) else PARTLY_DERIVED if derived else CellStatus.REPORTED
    if shown:
        return TARGETS_ONLY
    facts = index.by_period.get(key, [])
    actual = [f for f in facts if f.scenario == Scenario.ACTUAL]
    if not actual:
        return TARGETS_ONLY if facts else CellStatus.MISSING
    statements = {catalog()[f.concept].statement for f in actual if f.concept in catalog()}
    if statements == {"balance"} or "balance" in statements and parse_key(key).is_instant:
        return BALANCE_SHEET_ONLY
    if statements == {"kpi"}:
        return OPERATING_DATA
    return OTHER_STATEMENTS


def _statements_text(index: FactIndex, key: str) -> str:
    """Each statement with figures for the period: `Income statement: 12 reported, 3 derived, 4 targets`."""
    names = dict(statement_names())
    lines = []
    for statement, name in names.items():
        facts = _statement_facts(index, key, statement)
        if not facts:
            continue
        if statement_is_instant(statement) and not parse_key(key).is_instant:
            name = f"{name} at {balance_date_for(key)}"
        reported = sum(1 for f in facts if f.scenario == Scenario.ACTUAL and not f.derived)
        derived = sum(1 for f in facts if f.scenario == Scenario.ACTUAL and f.derived)
        targets = len(facts) - reported - derived
        kinds = [f"{n} {what}" for n, what in ((reported, "reported"), (derived, "derived"), (targets, "targets")) if n]
        lines.append(f"{name}: {', '.join(kinds)}")
    return "\n".join(lines)


OPERATING_DATA_ONLY = "operating data only (counts such as ATMs placed): no balance sheet at this date"


def _instant_note(index: FactIndex, key: str) -> str:
    """A date only operating data are counted at (not a balance-sheet date) says so."""
    cat = catalog()
    if any(cat[f.concept].statement == "balance" for f in index.by_period.get(key, ())):
        return ""
    return OPERATING_DATA_ONLY


def period_tree(index: FactIndex, statement: str = "income") -> list[PeriodNode]:
    """Fiscal years, newest first, each with its halves and quarters and its balance-sheet dates.

    Each says what it has for `statement` (the one the window shows) and,
    in `statements`, what it has for every statement.
    """
    years: set[int] = set()
    for key in index.by_period:
        years.add(parse_key(key).fiscal_year)

    def node(key: str, label: str, note: str = "") -> PeriodNode:
        return PeriodNode(key, label, _period_status(index, key, statement), note=note, statements=_statements_text(index, key))

    nodes = []
    for fy in sorted(years, reverse=True):
        year = node(fiscal(fy).key, fiscal(fy).key)
        parts: list[Period] = [fiscal(fy, p) for p in ("H2", "H1")]
        for half in parts:
            h = node(half.key, period_label(half.key))
            quarters = ("Q4", "Q3") if half.key.endswith("H2") else ("Q2", "Q1")
            for q in quarters:
                qk = fiscal(fy, q).key
                h.children.append(node(qk, period_label(qk)))
            year.children.append(h)
        nine = fiscal(fy, "9M").key
        if nine in index.by_period:
            year.children.insert(1, node(nine, period_label(nine)))
        instants = sorted(
            (k for k in index.by_period if parse_key(k).is_instant and parse_key(k).fiscal_year == fy), reverse=True
        )
        for k in instants:
            year.children.append(node(k, f"as of {k}", _instant_note(index, k)))
        nodes.append(year)
    return nodes


def latest_period(index: FactIndex, headline: str = "revenue_total") -> str | None:
    """The newest duration whose headline figure is reported (what the window shows first)."""
    best = None
    for key, facts in index.by_period.items():
        p = parse_key(key)
        if p.is_instant or not any(f.scenario == Scenario.ACTUAL and f.concept == headline for f in facts):
            continue
        if best is None or (p.end, -p.months) > (best.end, -best.months):
            best = p
    return None if best is None else best.key
