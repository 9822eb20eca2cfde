"""The concept catalog: what the normalized statements can contain, and how it nests."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from iijviewer.base.paths import resource_path

STATEMENTS = {
    "income": "Income statement",
    "balance": "Balance sheet",
    "cash_flow": "Cash flows",
    "segments": "Segments",
    "revenue_detail": "Revenue detail",
    "non_gaap": "Non-GAAP",
    "kpi": "Operating data",
    "per_share": "Per share",
    "comprehensive": "Comprehensive income",
    "measures": "Measures",  # computed from the others (iijviewer/views/metrics.py): no concept belongs to it
}


# yen per share, and per ADS equivalent (a per-ADS figure is not restated for a stock split: the ADS ratio changes instead)


@dataclass(frozen=True)
class Concept:
    id: str
    statement: str
    label: str
    period_type: str  # "duration" or "instant"
    unit: str  # JPY, JPY/share, JPY/ADS, count, Gbps
    parent: str
    required: bool
    order: int

    @property
    def is_instant(self) -> bool:
        return self.period_type == "instant"

    @property
    def is_money(self) -> bool:
        return self.unit == "JPY"

    @property
    def is_flow(self) -> bool:
        """Flows can be derived by period arithmetic; instants, per-share data and counts cannot."""
        return self.period_type == "duration" and self.unit == "JPY"


@lru_cache(maxsize=1)
def catalog() -> dict[str, Concept]:
    with open(resource_path("concepts.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {
        r["concept"]: Concept(
            id=r["concept"],
            statement=r["statement"],
            label=r["label"],
            period_type=r["period_type"],
            unit=r["unit"],
            parent=r["parent"],
            required=r["required"].strip().lower() == "yes",
            order=i,
        )
        for i, r in enumerate(rows)
    }


def concept(concept_id: str) -> Concept:
    return catalog()[concept_id]


def children(parent_id: str) -> list[Concept]:
    return [c for c in catalog().values() if c.parent == parent_id]


def parse_terms(expression: str) -> tuple[tuple[int, str], ...]:
    """`a - b + c` as ((1, "a"), (-1, "b"), (1, "c"))."""
    terms: list[tuple[int, str]] = []
    sign = 1
    for token in expression.split():
        if token in ("+", "-"):
            sign = 1 if token == "+" else -1
        else:
            terms.append((sign, token))
            sign = 1
    return tuple(terms)


def read_data_csv(name: str) -> list[dict[str, str]]:
    """A resource table; rows whose first cell starts with '#' are comments."""
    with open(resource_path(name), newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        first = reader.fieldnames[0] if reader.fieldnames else ""
        return [r for r in reader if not (r.get(first) or "").startswith("#")]


@lru_cache(maxsize=1)
def _roles() -> tuple[tuple[str, str, str], ...]:
    return tuple((r["concept"], r["role"], r["detail"]) for r in read_data_csv("concept_roles.csv"))


def concepts_with_role(role: str) -> tuple[str, ...]:
    """The concepts `resources/concept_roles.csv` gives this role, in its order."""
    return tuple(c for c, r, _ in _roles() if r == role)


def key_lines() -> frozenset[str]:
    """Lines shown bold besides totals (gross margin, operating income, net income)."""
    return frozenset(concepts_with_role("key_line"))


def guidance_concepts() -> tuple[str, ...]:
    """The Guidance page's lines, in order."""
    return concepts_with_role("guidance")


def common_size_base(kind: str) -> str | None:
    """The concept that is 100% in common size: for `balance` (instants) or `duration` (flows)."""
    return next((c for c, r, d in _roles() if r == "common_size_base" and d == kind), None)


def formulas() -> dict[str, tuple[tuple[int, str], ...]]:
    """Concepts derived within a period from others of it: {concept: signed terms}."""
    return {c: parse_terms(d) for c, r, d in _roles() if r == "formula"}
