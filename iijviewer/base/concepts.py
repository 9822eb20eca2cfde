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
PER_SHARE_UNITS = ("JPY/share", "JPY/ADS")


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
