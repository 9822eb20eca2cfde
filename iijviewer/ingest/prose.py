"""Figures stated in sentences ("As of November 15, 2010, 148 ATMs are placed").

Only sentence patterns general enough for the next release are read; they are
data (`resources/prose_patterns.csv`).  Each fact keeps its line and the
sentence as printed.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from iijviewer.base.concepts import catalog, read_data_csv
from iijviewer.base.facts import RawFact, SourceRef
from iijviewer.base.periods import MONTHS, YEARS, instant, parse_key, parse_period
from iijviewer.base.vocabulary import Scenario
from iijviewer.ingest.cells import too_many_digits

_SCALES = {"million": 10**6, "billion": 10**9, "": 1}
_MONTH_YEAR_RE = re.compile(r"([A-Za-z]+)\.?\s+(\d{4})")


@dataclass(frozen=True)
class ProsePattern:
    concept: str
    regex: re.Pattern[str]
    period: str


@lru_cache(maxsize=1)
def prose_patterns() -> tuple[ProsePattern, ...]:
    known = catalog()
    out = []
    for r in read_data_csv("prose_patterns.csv"):
        if r["concept"] not in known:
            raise ValueError(f"prose_patterns.csv names an unknown concept {r['concept']!r}")
        out.append(ProsePattern(r["concept"], re.compile(r["pattern"], re.IGNORECASE), r["period"]))
    return tuple(out)


def _month_end(text: str) -> str | None:
    m = _MONTH_YEAR_RE.fullmatch(text.strip())
    month = MONTHS.get(m.group(1).lower()) if m else None
    if m is None or month is None or int(m.group(2)) not in YEARS:
        return None
    year = int(m.group(2))
    return instant(__import__("datetime").date(year, month, calendar.monthrange(year, month)[1])).key


def _period(pattern: ProsePattern, groups: dict[str, str], reported_period: str) -> str | None:
    if pattern.period == "reported":
        return reported_period or None
    if pattern.period == "reported_end":
        return parse_key(reported_period).instant_at_end().key if reported_period else None
    if pattern.period == "date":
        p = parse_period(groups.get("date") or "")
        return p.key if p is not None and p.is_instant else None
    if pattern.period == "month":
        return _month_end(groups.get("date") or "")
    raise ValueError(f"unknown prose period rule {pattern.period!r}")


def read_prose(document: str, lines: Sequence[str], reported_period: str) -> list[RawFact]:
    facts = []
    for number, line in enumerate(lines, start=1):
        if "\t" in line or line.lstrip().startswith("|"):
            continue  # tables are the table reader's
        for pattern in prose_patterns():
            m = pattern.regex.search(line)
            if not m:
                continue
            g = m.groupdict()
            period = _period(pattern, g, reported_period)
            if period is None:
                continue
            digits = g["value"].replace(",", "")
            if not digits.split(".")[0] or too_many_digits(digits):
                continue  # commas with no digit ("was JPY, million"), or more digits than a figure has
            places = len(digits.split(".")[1]) if "." in digits else 0
            multiplier = _SCALES[(g.get("scale") or "").lower()]
            concept = catalog()[pattern.concept]
            facts.append(
                RawFact(
                    concept=concept.id,
                    period=period,
                    scenario=Scenario.ACTUAL,
                    value=Decimal(digits) * multiplier,
                    unit=concept.unit,
                    decimals=places - (len(str(multiplier)) - 1),
                    source=SourceRef(document, number),
                    label=m.group(0),
                    text=line.strip(),
                )
            )
    return facts
