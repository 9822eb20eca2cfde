"""The reader's rules, loaded from `resources/`: label synonyms, sections, units, column kinds.

Nothing here is specific to one document: each rule names a spelling IIJ uses
and what it means, so that the next release is read by the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from iijviewer.base.concepts import Concept, catalog, parse_terms, read_data_csv


@dataclass(frozen=True)
class LabelRule:
    pattern: re.Pattern[str]
    concept: str
    section: re.Pattern[str] | None
    caption: re.Pattern[str] | None
    sign: str  # "", "-1" or "wording"
    at: str  # "", "start" or "end"
    document: str = ""  # "": any document; else a vocabulary tag the document must have ("pre_asc810", "ifrs")
    after: re.Pattern[str] | None = None  # the concept of the row above it must match: "Customers" under a segment's row


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
                (r.get("document") or "").strip(),
                _compile((r.get("after") or "").strip()),
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


@cache
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


# How a text names a target it restates (see resources/scenario_words.csv): both are targets, told apart by when.
TARGET_PREVIOUS = "target_previous"
TARGET_LATEST = "target_latest"


def scenario_word(text: str) -> str | None:
    """The scenario a text's words name, restated targets told apart (`TARGET_PREVIOUS`, `TARGET_LATEST`)."""
    return _first(scenario_rules(), text)


def classification_of(text: str) -> str | None:
    return _first(classification_rules(), text)


@lru_cache(maxsize=65536)
def concepts_for(
    label: str, section: str, caption: str, tags: frozenset[str] = frozenset(), above: str = ""
) -> tuple[tuple[Concept, LabelRule], ...]:
    """Candidate concepts for a normalized row label, best first.

    `tags` are the document's vocabulary (`document_tags`): a rule for one
    vocabulary (pre-2009 "net income" is after minority interests) applies
    only to documents that speak it.
    """
    known = catalog()
    out = []
    for rule in label_rules():
        if not rule.pattern.fullmatch(label):
            continue
        if rule.document and rule.document not in tags:
            continue
        if rule.section is not None and not rule.section.search(section):
            continue
        if rule.caption is not None and not rule.caption.search(caption):
            continue
        if rule.after is not None and not rule.after.fullmatch(above):
            continue
        out.append((known[rule.concept], rule))
    return tuple(out)


@dataclass(frozen=True)
class Qualifier:
    base: str
    concept: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def qualifiers() -> tuple[Qualifier, ...]:
    known = catalog()
    out = []
    for r in read_data_csv("qualifiers.csv"):
        for c in (r["base"], r["concept"]):
            if c not in known:
                raise ValueError(f"qualifiers.csv names an unknown concept {c!r}")
        out.append(Qualifier(r["base"], r["concept"], re.compile(r["pattern"], re.IGNORECASE)))
    return tuple(out)


def qualified(base: str, text: str) -> list[str]:
    """The concepts a text's words make of a base concept ("interim" makes an interim dividend of a dividend); [] if none."""
    found: list[str] = []
    for q in qualifiers():
        if q.base == base and q.pattern.search(text) and q.concept not in found:
            found.append(q.concept)
    return found


def qualifiable(base: str) -> bool:
    return any(q.base == base for q in qualifiers())


@lru_cache(maxsize=1)
def sentence_words() -> dict[str, re.Pattern[str]]:
    """The words the sentence reader knows by their role (`resources/sentence_words.csv`), one pattern per role."""
    parts: dict[str, list[str]] = {}
    for r in read_data_csv("sentence_words.csv"):
        parts.setdefault(r["kind"], []).append(r["pattern"])
    return {kind: re.compile("|".join(f"(?:{p})" for p in ps), re.IGNORECASE) for kind, ps in parts.items()}


def sentence_word(kind: str) -> re.Pattern[str]:
    return sentence_words()[kind]

