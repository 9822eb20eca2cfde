"""The reader's rules, loaded from `resources/`: label synonyms, sections, units, column kinds.

Nothing here is specific to one document: each rule names a spelling IIJ uses
and what it means, so that the next release is read by the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from iijviewer.concepts import Concept, catalog, parse_terms, read_data_csv
from iijviewer.ingest.cells import normalize_label


@dataclass(frozen=True)
class LabelRule:
    pattern: re.Pattern[str]
    concept: str
    section: re.Pattern[str] | None
    caption: re.Pattern[str] | None
    sign: str  # "", "-1" or "wording"
    at: str  # "", "start" or "end"


@dataclass(frozen=True)
class UnitRule:
    pattern: re.Pattern[str]
    multiplier: int
    kind: str  # money, yen, usd


def _compile(text: str) -> re.Pattern[str] | None:
    return re.compile(text, re.IGNORECASE) if text else None


@lru_cache(maxsize=1)
def label_rules() -> tuple[LabelRule, ...]:
    known = catalog()
    rules = []
    for r in read_data_csv("labels.csv"):
        if r["concept"] not in known:
            raise ValueError(f"labels.csv names an unknown concept {r['concept']!r}")
        rules.append(
            LabelRule(
                re.compile(r["pattern"], re.IGNORECASE),
                r["concept"],
                _compile(r["section"]),
                _compile(r["caption"]),
                r["sign"].strip(),
                r["at"].strip(),
            )
        )
    return tuple(rules)


@lru_cache(maxsize=1)
def section_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(r["pattern"], re.IGNORECASE), r["section"]) for r in read_data_csv("sections.csv"))


@lru_cache(maxsize=1)
def unit_rules() -> tuple[UnitRule, ...]:
    return tuple(
        UnitRule(re.compile(r["pattern"], re.IGNORECASE), int(r["multiplier"]), r["kind"])
        for r in read_data_csv("units.csv")
    )


@lru_cache(maxsize=1)
def column_kind_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(r["pattern"], re.IGNORECASE), r["kind"]) for r in read_data_csv("column_kinds.csv"))


@lru_cache(maxsize=1)
def scenario_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(r["pattern"], re.IGNORECASE), r["scenario"]) for r in read_data_csv("scenario_words.csv"))


@lru_cache(maxsize=1)
def classification_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(r["pattern"], re.IGNORECASE), r["classification"])
        for r in read_data_csv("classification_markers.csv")
    )


@lru_cache(maxsize=1)
def sign_identities() -> dict[str, list[tuple[int, str]]]:
    """concept -> [(+1/-1, term concept), ...] from `a - b - c` expressions."""
    out: dict[str, list[tuple[int, str]]] = {}
    for r in read_data_csv("sign_identities.csv"):
        out[r["concept"]] = list(parse_terms(r["expression"]))
    return out


@lru_cache(maxsize=1)
def document_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (r["field"], re.compile(r["pattern"], re.IGNORECASE | re.MULTILINE)) for r in read_data_csv("document_patterns.csv")
    )


@lru_cache(maxsize=None)
def document_pattern(field: str) -> tuple[re.Pattern[str], ...]:
    return tuple(p for f, p in document_patterns() if f == field)


def _first(table: tuple[tuple[re.Pattern[str], str], ...], text: str, *, whole: bool = False) -> str | None:
    """The value of the first (pattern, value) rule that matches `text` (all of it when `whole`)."""
    for pattern, value in table:
        if (pattern.fullmatch(text) if whole else pattern.search(text)):
            return value
    return None


def section_of(label: str) -> str | None:
    """The section a row opens, if its label is one of the section markers."""
    return _first(section_rules(), label, whole=True)


def unit_of(text: str) -> UnitRule | None:
    """The unit a header cell or unit line states; None if none or if it states two kinds."""
    t = text.strip()
    found = [u for u in unit_rules() if u.pattern.search(t)]
    kinds = {u.kind for u in found}
    if not found or len(kinds) > 1:
        return None
    return found[0]


def states_two_units(text: str) -> bool:
    return len({u.kind for u in unit_rules() if u.pattern.search(text)}) > 1


def column_kind(text: str) -> str | None:
    return _first(column_kind_rules(), text)


def scenario_of(text: str) -> str | None:
    return _first(scenario_rules(), text)


def classification_of(text: str) -> str | None:
    return _first(classification_rules(), text)


@lru_cache(maxsize=65536)
def concepts_for(label: str, section: str, caption: str) -> tuple[tuple[Concept, LabelRule], ...]:
    """Candidate concepts for a normalized row label, best first."""
    known = catalog()
    out = []
    for rule in label_rules():
        if not rule.pattern.fullmatch(label):
            continue
        if rule.section is not None and not rule.section.search(section):
            continue
        if rule.caption is not None and not rule.caption.search(caption):
            continue
        out.append((known[rule.concept], rule))
    return tuple(out)


def label_key(raw: str) -> str:
    return normalize_label(raw)
