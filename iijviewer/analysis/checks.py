"""Findings for `iijviewer check`: where documents disagree and where statements do not add up.

Validators are pure functions from the library's facts to a list of findings;
each finding says what, where (documents and lines) and by how much.  Rounding
is never a finding: two figures agree when they differ by no more than half a
unit of their precisions (for a sum, the half units of all its terms).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from iijviewer.analysis.derive import half_unit
from iijviewer.analysis.normalize import Fact, Normalized, row_of
from iijviewer.analysis.sharebasis import ShareBasis, spans_split
from iijviewer.base.concepts import catalog, parse_terms, read_data_csv
from iijviewer.base.facts import YOY, Finding, RawFact, SourceRef
from iijviewer.base.periods import parse_key, prior_year, sort_key
from iijviewer.base.vocabulary import FindingKind, ReportStatus, Scenario, Severity, Unit, contract_kind
from iijviewer.ingest.documents import Document, StockSplit

# A conflict's severity: reports that differ by no more than the last printed digit of the coarser of
# them (98,765,432 thousand against 98,766 million) are a rounding difference; by more, material.


def money(value: Decimal) -> str:
    """A figure for a message: thousands separators, sign in front, no exponent."""
    sign = "-" if value < 0 else ""
    v = abs(value)
    text = f"{v:,.0f}" if v == v.to_integral_value() else f"{v:,f}".rstrip("0").rstrip(".")
    return sign + text


@dataclass(frozen=True)
class Identity:
    total: str
    terms: tuple[tuple[int, str], ...]
    note: str
    optional: frozenset[str] = frozenset()  # terms written `?concept`: a line some statements do not print, then zero


@lru_cache(maxsize=1)
def identities() -> tuple[Identity, ...]:
    out = []
    for r in read_data_csv("identities.csv"):
        terms = parse_terms(r["terms"])
        optional = frozenset(c[1:] for _, c in terms if c.startswith("?"))
        out.append(Identity(r["total"], tuple((s, c.lstrip("?")) for s, c in terms), r.get("note", ""), optional))
    return tuple(out)


def conflicts(normalized: Normalized) -> list[Finding]:
    """Reports of one (concept, period, scenario) that disagree beyond rounding, with every source."""
    groups: dict[tuple[str, str, str], list] = {}
    for o in normalized.occurrences:
        groups.setdefault((o.fact.concept, o.fact.period, o.fact.scenario), []).append(o)
    findings = []
    for (concept, period, scenario), occ in sorted(groups.items()):
        if not any(o.status == ReportStatus.CONFLICT for o in occ):
            continue
        current = [o for o in occ if o.status != "old_classification"]
        chosen = current[0].fact
        values = "; ".join(f"{money(o.fact.value)} ({o.fact.source}{', chosen' if o is current[0] else ''})" for o in current)
        worst = max(abs(o.fact.value - chosen.value) for o in current)
        severity = conflict_severity(chosen, [o.fact for o in current[1:]])
        said = "material" if severity == Severity.MATERIAL else "a rounding difference (within the last printed digit of the coarser report)"
        findings.append(
            Finding(
                FindingKind.CONFLICT,
                f"reports disagree beyond rounding by up to {money(worst)}, {said}: {values}",
                tuple(o.fact.source for o in current),
                concept,
                period,
                scenario,
                difference=money(worst).replace(",", ""),
                severity=severity,
            )
        )
    return findings


def conflict_severity(chosen: RawFact, others: Iterable[RawFact]) -> str:
    """Severity.MATERIAL when some report differs from the chosen one by more than the coarser one's last printed digit."""
    for other in others:
        digit = Decimal(10) ** -min(chosen.decimals, other.decimals)
        if abs(other.value - chosen.value) > digit:
            return Severity.MATERIAL
    return Severity.ROUNDING


def unreliable(normalized: Normalized) -> list[Finding]:
    """Rows that more precise reports contradict wherever both speak: their labels may have slipped.

    Where another document reports the key the disagreement is also a conflict;
    this finding names the row once, with the figures of it that nothing else
    reports and that are therefore not used.
    """
    if not normalized.unreliable:
        return []
    concepts = {concept for _, _, concept in normalized.unreliable}
    groups: dict[tuple[str, str, str], list[RawFact]] = {}
    unused_facts: set[int] = set()  # ids of the rows' facts that nothing uses
    for o in normalized.occurrences:
        if o.status != ReportStatus.OLD_CLASSIFICATION and o.fact.concept in concepts:
            groups.setdefault(o.fact.key, []).append(o.fact)
            if o.status == ReportStatus.UNRELIABLE:
                unused_facts.add(id(o.fact))
    findings = []
    for row in sorted(normalized.unreliable):
        mine = sorted((f for facts in groups.values() for f in facts if row_of(f) == row), key=lambda f: parse_key(f.period))
        contradicted = []
        sources = [mine[0].source]
        worst = Decimal(0)
        for f in mine:
            finer = [g for g in groups[f.key] if g.decimals > f.decimals and g.source.document != f.source.document]
            if finer:
                best = max(finer, key=lambda g: g.decimals)
                contradicted.append(f"{f.period} {money(f.value)} against {money(best.value)} ({best.source})")
                sources.append(best.source)
                worst = max(worst, abs(f.value - best.value))
        unused = [f.period for f in mine if id(f) in unused_facts]
        left = f"; so its {', '.join(unused)} figures are not used (derived where arithmetic allows)" if unused else ""
        first = mine[0]
        findings.append(
            Finding(
                FindingKind.CONFLICT,
                f"row {first.label!r} disagrees by up to {money(worst)} with more precise reports in every period they share "
                f"({'; '.join(contradicted)}): its label may have slipped onto another row's figures{left}",
                tuple(dict.fromkeys(sources)),
                first.concept,
                first.period,
                first.scenario,
            )
        )
    return findings


def per_share_basis(normalized: Normalized, documents: Iterable[Document]) -> list[Finding]:
    """Per-share figures from before and after a stock split the documents state, side by side in the library.

    Which basis a figure is on is `sharebasis.ShareBasis.factor`'s to say: per
    old share from a document published before the split, or for a dividend
    whose record date came before it.  Figures of one concept on both bases are
    not comparable as printed: each such concept is named once, with the
    periods on the old basis and the factor between the two.  A figure of an
    undated document whose basis cannot be told is named on its own
    (`FindingKind.UNCERTAIN_FIGURE`): it is compared as printed, never divided.
    """
    docs = list(documents)
    basis = ShareBasis.from_documents(docs)
    splits: dict[tuple[str, int, int], StockSplit] = {}
    for d in docs:  # the first document (oldest first) that states each split
        for s in d.stock_splits:
            splits.setdefault((s.effective, s.old, s.shares), s)
    cat = catalog()
    findings = []
    for split in sorted(splits.values()):
        factor = Decimal(split.shares) / Decimal(split.old)
        one = ShareBasis(((split.effective, factor),), basis.dates)
        by_concept: dict[str, tuple[list[Fact], list[Fact]]] = {}
        for f in normalized.facts:
            if f.derived or f.reported is None or cat[f.concept].unit != Unit.JPY_PER_SHARE or not one.known(f.reported):
                continue
            before, after = by_concept.setdefault(f.concept, ([], []))
            (before if one.factor(f.reported) != 1 else after).append(f)
        for o in normalized.occurrences:
            if cat[o.fact.concept].unit == Unit.JPY_PER_SHARE and not one.known(o.fact):
                findings.append(
                    Finding(
                        FindingKind.UNCERTAIN_FIGURE,
                        f"{o.fact.period}{'' if o.fact.scenario == 'actual' else ' ' + o.fact.scenario} {money(o.fact.value)}"
                        f"{_why_unknown(o.fact, split.effective)}: whether it is per share before or after IIJ's {split.old}:"
                        f"{split.shares} stock split of {split.effective} cannot be told; compared as printed, never divided",
                        (o.fact.source,),
                        o.fact.concept,
                        o.fact.period,
                        o.fact.scenario,
                    )
                )
        for concept, (before, after) in sorted(by_concept.items()):
            if not before or not after:
                continue
            old = sorted(before, key=lambda f: (sort_key(f.period), f.scenario))
            new = sorted(after, key=lambda f: (sort_key(f.period), f.scenario))
            names = ", ".join(f"{f.period}{'' if f.scenario == 'actual' else ' ' + f.scenario}" for f in old)
            first_new = f"{new[0].period}{'' if new[0].scenario == 'actual' else ' ' + new[0].scenario}"
            findings.append(
                Finding(
                    FindingKind.SHARE_BASIS,
                    f"per-share figures on two bases: IIJ's {split.old}:{split.shares} stock split took effect on "
                    f"{split.effective} ({split.document}:{split.line}); {names} are per share before the split, "
                    f"{money(factor)} times the basis of {first_new} and the others: divide them by {money(factor)} to compare",
                    (SourceRef(split.document, split.line), *dict.fromkeys(f.reported.source for f in old if f.reported is not None)),
                    concept,
                    old[-1].period,
                    old[-1].scenario,
                )
            )
    return findings


def _why_unknown(fact: RawFact, day: str) -> str:
    if spans_split(fact, day):
        return ", a year's dividend whose interim was paid before the split and its year-end after"
    return " from a document without a date"


def _reported(facts: Iterable[Fact]) -> dict[tuple[str, str, str], Fact]:
    return {f.key: f for f in facts if not f.derived and f.reported is not None}


def _sources_of(reported: Iterable[Fact]) -> tuple[SourceRef, ...]:
    """Where reported facts (`_reported`) were read: every one has a source, which only a derived fact lacks."""
    return tuple(f.source for f in reported if f.source is not None)


def sums(normalized: Normalized) -> list[Finding]:
    """Totals against their parts (resources/identities.csv), on reported figures."""
    reported = _reported(normalized.facts)
    by_column: dict[tuple[str, str], dict[str, Fact]] = {}
    for (concept, period, scenario), f in reported.items():
        by_column.setdefault((period, scenario), {})[concept] = f
    findings = []
    for (period, scenario), column in sorted(by_column.items()):
        for identity in identities():
            total = column.get(identity.total)
            present = [(s, c) for s, c in identity.terms if c in column or c not in identity.optional]
            found = [column.get(c) for _, c in present]
            parts = [p for p in found if p is not None]
            if total is None or len(parts) != len(found):
                continue
            if identity.optional and not any(c in identity.optional for _, c in present):
                continue  # none of the detail is printed: the identity says nothing the other identities do not
            computed = sum((s * p.value for (s, _), p in zip(present, parts)), Decimal(0))
            allowed = half_unit(total.decimals) + sum((half_unit(p.decimals) for p in parts), Decimal(0))
            diff = total.value - computed
            if abs(diff) <= allowed:
                continue
            formula = _formula(present)
            findings.append(
                Finding(
                    FindingKind.ARITHMETIC,
                    f"{identity.total} {money(total.value)} ({total.source}) but {formula} = {money(computed)}; "
                    f"off by {money(diff)}",
                    tuple(dict.fromkeys(_sources_of([total, *parts]))),
                    identity.total,
                    period,
                    scenario,
                )
            )
    return findings


def _formula(terms: Sequence[tuple[int, str]]) -> str:
    text = ""
    for i, (sign, concept) in enumerate(terms):
        text += (concept if sign > 0 else f"-{concept}") if i == 0 else f" {'+' if sign > 0 else '-'} {concept}"
    return text


def cash_roll_forward(normalized: Normalized) -> list[Finding]:
    """Cash at the start of a period plus the period's net change is the cash at its end."""
    reported = _reported(normalized.facts)
    findings = []
    for (concept, period, scenario), change in sorted(reported.items()):
        if concept != "cf_net_change_in_cash":
            continue
        p = parse_key(period)
        begin = reported.get(("cash_and_equivalents", p.instant_before_start().key, scenario))
        end = reported.get(("cash_and_equivalents", p.instant_at_end().key, scenario))
        if begin is None or end is None:
            continue
        computed = begin.value + change.value
        allowed = half_unit(begin.decimals) + half_unit(change.decimals) + half_unit(end.decimals)
        if abs(end.value - computed) > allowed:
            findings.append(
                Finding(
                    FindingKind.ARITHMETIC,
                    f"cash {money(begin.value)} at {begin.period} + change {money(change.value)} = {money(computed)}, "
                    f"but cash at {end.period} is {money(end.value)}; off by {money(end.value - computed)}",
                    _sources_of((begin, change, end)),
                    "cash_and_equivalents",
                    end.period,
                    scenario,
                )
            )
    return findings


def period_arithmetic(normalized: Normalized) -> list[Finding]:
    """Reported flows that their own fiscal year contradicts (H1 against Q1 + Q2), once per relation."""
    seen: set[frozenset] = set()
    sources = {(f.concept, f.period): f.source for f in normalized.facts if f.scenario == Scenario.ACTUAL and f.source}
    findings = []
    for m in normalized.mismatches:
        if m.derivation.inputs_in_conflict:
            continue  # a consequence of a conflict that is listed on its own
        keys = frozenset([m.reported.period] + [t.period for t in m.derivation.terms] + [m.reported.concept])
        if keys in seen:
            continue
        seen.add(keys)
        d = m.derivation
        findings.append(
            Finding(
                FindingKind.ARITHMETIC,
                f"{m.reported.period} reported {money(m.reported.value)} ({m.reported.source}) but {d.label} = "
                f"{money(d.value)}; off by {money(m.reported.value - d.value)}",
                tuple(dict.fromkeys([m.reported.source] + [s for t in d.terms if (s := sources.get((t.concept, t.period)))])),
                m.reported.concept,
                m.reported.period,
                m.reported.scenario,
            )
        )
    return findings


def yoy(normalized: Normalized, raw: Iterable[RawFact] = ()) -> list[Finding]:
    """Reported year-over-year percentages against the ones the figures give (rounding allowed for)."""
    facts = {f.key: f for f in normalized.facts}
    findings = []
    for r in raw:
        if r.classification != YOY:
            continue
        cur = facts.get((r.concept, r.period, "actual"))
        prev = facts.get((r.concept, prior_year(r.period), "actual"))
        if cur is None or prev is None or prev.value <= 0 or cur.value < 0:
            continue
        hc, hp = half_unit(cur.decimals), half_unit(prev.decimals)
        low = ((cur.value - hc) / (prev.value + hp) - 1) * 100
        high = ((cur.value + hc) / (prev.value - hp) - 1) * 100 if prev.value > hp else None
        slack = half_unit(r.decimals)
        if r.value >= low - slack and (high is None or r.value <= high + slack):
            continue
        computed = (cur.value / prev.value - 1) * 100
        findings.append(
            Finding(
                FindingKind.ARITHMETIC,
                f"reported YoY {r.value}% ({r.source}) but {money(cur.value)} against {money(prev.value)} "
                f"({prev.period}) is {computed:.1f}%",
                tuple(dict.fromkeys(s for s in (r.source, cur.source, prev.source) if s is not None)),
                r.concept,
                r.period,
                "actual",
            )
        )
    return findings


def superseded_targets(normalized: Normalized) -> list[Finding]:
    """Previous targets a document restates without their day that no earlier announcement confirms: not used."""
    return [
        Finding(
            FindingKind.UNCERTAIN_FIGURE,
            f"row {f.label!r}: a previous target of {money(f.value)} that no earlier announcement in the library confirms; "
            "it may have been an earlier revision, so it is not used (import the release that announced it)",
            (f.source,),
            f.concept,
            f.period,
            f.scenario,
        )
        for f in normalized.superseded
    ]


VALIDATORS: tuple[Callable[[Normalized], list[Finding]], ...] = (
    conflicts,
    unreliable,
    superseded_targets,
    sums,
    cash_roll_forward,
    period_arithmetic,
)


def run_checks(
    normalized: Normalized,
    raw: Iterable[RawFact] = (),
    validators: Sequence[Callable[[Normalized], list[Finding]]] = VALIDATORS,
    documents: Iterable[Document] = (),
) -> list[Finding]:
    findings: list[Finding] = []
    for validate in validators:
        findings.extend(validate(normalized))
    findings.extend(yoy(normalized, raw))
    findings.extend(per_share_basis(normalized, documents))
    return findings


def sources_text(sources: Iterable[SourceRef]) -> str:
    return " ".join(str(s) for s in sources)


CHECK_COLUMNS = ["kind", "concept", "period", "scenario", "detail", "sources", "difference", "severity"]


def to_csv(findings: Iterable[Finding], out) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CHECK_COLUMNS)
    for f in findings:
        severity = Severity.MATERIAL if f.kind == FindingKind.SHARE_BASIS else f.severity
        writer.writerow([contract_kind(f.kind), f.concept, f.period, f.scenario, f.message, sources_text(f.sources), f.difference, severity])


def to_text(findings: Sequence[Finding]) -> str:
    lines = []
    for f in findings:
        where = sources_text(f.sources)
        lines.append(f"{contract_kind(f.kind)}: {f.concept} {f.period} {f.scenario}: {f.message}\n    at {where}")
    counts = {k: sum(1 for f in findings if f.kind == k) for k in (FindingKind.CONFLICT, FindingKind.ARITHMETIC, FindingKind.SHARE_BASIS)}
    rounding = sum(1 for f in findings if f.kind == FindingKind.CONFLICT and f.severity == Severity.ROUNDING)
    lines.append(
        f"{len(findings)} findings: {counts[FindingKind.CONFLICT]} conflicts ({counts[FindingKind.CONFLICT] - rounding} material, "
        f"{rounding} rounding), {counts[FindingKind.ARITHMETIC]} arithmetic"
        + (f", {counts[FindingKind.SHARE_BASIS]} of per-share figures on two share bases" if counts[FindingKind.SHARE_BASIS] else "")
    )
    return "\n".join(lines) + "\n"

