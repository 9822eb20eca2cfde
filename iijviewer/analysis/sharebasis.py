"""Per-share figures on one share basis: which a stock split leaves per old share, and by how much.

IIJ split each share of common stock into 200 on October 1, 2012; the documents
say so ("a 1:200 stock split ... with an effective date of October 1, 2012",
`documents.read_stock_splits`).  A per-share figure printed by a document
published before a split is per old share.  One published on or after it is per
new share (IIJ restates the earlier periods it shows), except a dividend whose
record date came before the split: it was paid per old share and is printed as
paid (a release of November 2012 prints that year's interim dividend per old
share and its year-end forecast per new share).  To compare or choose between
figures on two bases, both are put on today's basis: divided by the factor of
each split they precede.

A document without a date has no place before or after a split but what its
figures say: a result for a period that ended on or after the split day was
published after it.  Otherwise its basis is unknown (`factor` is None): its
figure is compared as printed, never divided, and `checks.per_share_basis`
reports it.  So is a year's dividend when the split came between its interim
and year-end record dates, printed after the split: IIJ prints its total as
the sum of a payment per old share and one per new share, or restated, and
which cannot be told (printed before the split, it is all per old share).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from iijviewer.base.concepts import catalog
from iijviewer.base.facts import RawFact
from iijviewer.base.periods import parse_key
from iijviewer.base.vocabulary import PER_SHARE_BASES, PerShareBasis, Scenario, Unit


def _dividends() -> frozenset[str]:
    from iijviewer.ingest.rules import qualifiers

    return frozenset({q.base for q in qualifiers()} | {q.concept for q in qualifiers()})


@lru_cache(maxsize=1)
def share_counts() -> frozenset[str]:
    """The concepts that count shares: the per-share statement's counts of shares (weighted-average shares).

    Counts of ADSs are not among them: an ADS stayed the same fraction of IIJ's equity across the split (its ratio
    to shares changed with it), as the per-ADS figures, unit `JPY/ADS`, are never adjusted either."""
    return frozenset(
        c.id for c in catalog().values() if c.statement == "per_share" and c.unit == Unit.COUNT and "ADS" not in c.label
    )


def record_date(concept: str, period: str) -> str:
    """The day a dividend's shareholders are counted: the first half's end for an interim dividend, else the year's end."""
    p = parse_key(period)
    if concept.endswith("_interim"):
        return parse_key(f"FY{p.fiscal_year}-H1").end.isoformat()
    return parse_key(f"FY{p.fiscal_year}").end.isoformat()


@dataclass(frozen=True)
class ShareBasis:
    """The stock splits the library's documents state, and when each document was published."""

    splits: tuple[tuple[str, Decimal], ...] = ()  # (effective day, new shares per old share), oldest first
    dates: Mapping[str, str] = field(default_factory=dict)  # document -> sortable publication date

    @classmethod
    def from_documents(cls, documents: Iterable) -> "ShareBasis":
        docs = list(documents)
        splits = {(s.effective, s.old, s.shares) for d in docs for s in getattr(d, "stock_splits", ())}
        return cls(
            tuple(sorted((day, Decimal(new) / Decimal(old)) for day, old, new in splits)),
            {d.id: d.sort_date for d in docs},
        )

    def factor(self, fact: RawFact) -> Decimal | None:
        """How many of today's shares one share of the figure's basis is (1 when it is per today's share); None: unknown.

        A count of shares (the per-share statement's counts: weighted-average shares) is on a basis too: one of its
        shares before a split is `factor` of today's."""
        if not self.splits or (catalog()[fact.concept].unit != Unit.JPY_PER_SHARE and fact.concept not in share_counts()):
            return Decimal(1)
        published = self.dates.get(fact.source.document, "")
        dividend = fact.concept in _dividends()
        factor = Decimal(1)
        for day, ratio in self.splits:
            if spans_split(fact, day) and not (published and published < day):
                return None  # printed after the split: interim paid per old share and year-end per new, on no one basis
            if dividend and record_date(fact.concept, fact.period) < day:
                factor *= ratio  # paid per old share, and printed as paid
            elif published:
                factor *= ratio if published < day else 1
            elif not _after(fact, day):
                return None
        return factor

    def known(self, fact: RawFact) -> bool:
        """Whether the figure's share basis can be told (see the module's docstring)."""
        return self.factor(fact) is not None

    def adjusted(self, fact: RawFact) -> tuple[Decimal, Decimal]:
        """The figure per today's share, and half a unit of its printed precision on that basis (as printed: basis unknown)."""
        f = self.factor(fact) or Decimal(1)
        return fact.value / f, Decimal(10) ** (-fact.decimals) / 2 / f

    def precision(self, fact: RawFact) -> float:
        """Its printed precision on today's basis, in digits after the point (12 yen per old share is 0.06 to 1/400)."""
        f = self.factor(fact) or Decimal(1)
        return fact.decimals + (math.log10(f) if f != 1 else 0.0)

    def agree(self, a: RawFact, b: RawFact) -> bool:
        va, ta = self.adjusted(a)
        vb, tb = self.adjusted(b)
        return abs(va - vb) <= max(ta, tb)


def spans_split(fact: RawFact, day: str) -> bool:
    """Whether the figure is a whole year's dividend whose interim record date came before the split and year-end after."""
    if fact.concept not in _dividends() or fact.concept.endswith(("_interim", "_year_end")):
        return False
    p = parse_key(fact.period)
    if p.key != f"FY{p.fiscal_year}":
        return False
    return record_date(fact.concept + "_interim", fact.period) < day <= record_date(fact.concept, fact.period)


def _after(fact: RawFact, day: str) -> bool:
    """Whether the figure's own period says it was published after `day`: a result for a period that had ended by then."""
    return fact.scenario == Scenario.ACTUAL and parse_key(fact.period).end.isoformat() >= day


# --- what the views show: every per-share figure on one basis ----------------------------------------



def _split_phrase(basis: ShareBasis) -> str:
    """ "the 1:200 split of 2012-10-01" (and the others, oldest first)."""
    parts = [f"1:{ratio.normalize():f} split of {day}" for day, ratio in basis.splits]
    return "the " + " and the ".join(parts) if parts else "no split"


def basis_note(basis: ShareBasis | None, mode: str) -> str:
    """One line saying which share basis per-share figures are on, for a header, a sheet or a tooltip."""
    if basis is None or not basis.splits:
        return "Per-share figures as printed (the library states no stock split)."
    if mode == PerShareBasis.ADJUSTED:
        return f"Per-share figures adjusted to today's shares: those printed before {_split_phrase(basis)} divided by its factor."
    return f"Per-share figures as printed: those printed before {_split_phrase(basis)} are per share before it."


@dataclass(frozen=True)
class OnBasis:
    """Per-share figures on one basis: the facts to show, and for each per-share key the basis its figure is on.

    `factor[key]` is the factor of the basis the shown figure is on (1: per
    today's share), or None where the basis cannot be told (a derived figure, a
    document with no date): no change, ratio or comparison is computed with
    such a figure, nor between two figures of different factors.
    """

    facts: list
    factor: Mapping[tuple[str, str, str], Decimal | None]
    printed: Mapping[tuple[str, str, str], tuple[Decimal, Decimal]]  # key -> (value as printed, factor divided by)
    mode: str = PerShareBasis.REPORTED
    note: str = ""
    basis: ShareBasis | None = None

    def shown(self, raw: RawFact) -> tuple[Decimal, Decimal | None]:
        """A report's figure as this basis shows it, and the factor of the basis it is then on (None: unknown)."""
        count = raw.concept in share_counts()
        if catalog()[raw.concept].unit != Unit.JPY_PER_SHARE and not count:
            return raw.value, Decimal(1)
        if self.basis is None or not self.basis.splits:
            return raw.value, Decimal(1)
        factor = self.basis.factor(raw)
        if self.mode == PerShareBasis.ADJUSTED and factor is not None:
            return (raw.value * factor if count else raw.value / factor), Decimal(1)
        return raw.value, factor


def on_basis(facts: Iterable, basis: ShareBasis | None, mode: str = PerShareBasis.REPORTED) -> OnBasis:
    """The normalized facts with every per-share figure on the basis `mode` asks for (see `OnBasis`)."""
    from dataclasses import replace

    if mode not in PER_SHARE_BASES:
        raise ValueError(f"unknown per-share basis {mode!r}: one of {', '.join(PER_SHARE_BASES)}")
    cat = catalog()
    out, factors, printed = [], {}, {}
    counts = share_counts()
    for f in facts:
        if cat[f.concept].unit != Unit.JPY_PER_SHARE and f.concept not in counts:
            out.append(f)
            continue
        factor = None if basis is None or f.reported is None else basis.factor(f.reported)
        if basis is not None and not basis.splits:
            factor = Decimal(1)
        if mode == PerShareBasis.ADJUSTED and factor is not None and factor != 1 and f.concept in counts:
            out.append(replace(f, value=f.value * factor))  # a count of old shares in today's shares
            printed[f.key] = (f.value, 1 / factor)
            factor = Decimal(1)
        elif mode == PerShareBasis.ADJUSTED and factor is not None and factor != 1:
            digits = math.ceil(math.log10(factor))
            out.append(replace(f, value=f.value / factor, decimals=f.decimals + digits))
            printed[f.key] = (f.value, factor)
            factor = Decimal(1)
        else:
            out.append(f)
        factors[f.key] = factor
    return OnBasis(out, factors, printed, mode, basis_note(basis, mode), basis)
