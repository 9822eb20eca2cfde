"""Reading one table cell: markup, footnote marks, figures as printed.

A figure keeps what precision it was printed with (`places`, digits after the
decimal point) so that `decimals` can be stated in the contract's sense, and
its sign as printed: parentheses or a minus make it negative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import lru_cache

_TAG_RE = re.compile(r"<[^>]{0,200}>")
# No pattern here may read a long run (of blanks, of "^{") once from each of its
# characters: a damaged cell can be a megabyte of them (tests/test_fuzz_reader.py).
_BRACE_MARKUP_RE = re.compile(r"\^\{([^{}]*)\}")
_BRACED_NOTE_RE = re.compile(r"\^\{\s*(?:\*\s*)?(?:\d+\s*)?\}")  # ^{*1}, ^{2}: a footnote mark in slide text
_STARRED_NOTE_RE = re.compile(r"\*\d+\b")  # *1 after a label
_CARET_NOTE_RE = re.compile(r"\^\d+\b")  # ^4: a subscript footnote mark as a PDF's text layer gives it
_FOOTNOTE_RE = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u209f^*\u2020\u2021]+")
# a footnote number glued to a label's last word or parenthesis: "Net profit3", "expense (benefit)3", "IIJ2"; not
# the digit of a name that has one ("Q4", "H1", "IPv6"): see `_glued_note`
_GLUED_NOTE_RE = re.compile(r"(?:(?<![A-Za-z])([A-Za-z]+)|\))\d(?=\s|$|:)")
_DASH_RE = re.compile(r"\s*[\u2014\u2013\u2012\u2010\u2212]\s*|\s+-\s*|\s*-\s+")
_SPACE_RE = re.compile(r"\s+")

NIL_TEXTS = {"-", "--", "---", "_", "\u2014", "\u2013", "\u2012", "\u2212", "\u2015", "n/a"}

_NUMBER = r"[+\-\u2212]?\(?[+\-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\)?"
_NUMBER_RE = re.compile(rf"^{_NUMBER}$")
_PERCENT = rf"(?:{_NUMBER}\s?%|\([+\-]?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?\s?%\))"  # 5.0%, (5.0%)
_PERCENT_RE = re.compile(rf"^{_PERCENT}$")
# "80.4% 38.0": the share of revenues printed in the same cell as the value
_PERCENT_AND_VALUE_RE = re.compile(rf"^{_PERCENT}\s+(?P<v>{_NUMBER})$")
# "JPY12,345 million ($150.2 million)", "JPY 1,234", "JPY 1,000 (Annual)", "123.4 Gbps"
_JPY_RE = re.compile(
    rf"^(?:JPY|¥)\s?(?P<v>{_NUMBER})\s*(?P<scale>thousand|million|billion)?\b(?P<rest>.*)$", re.IGNORECASE
)
_GBPS_RE = re.compile(rf"^(?P<v>{_NUMBER})\s?Gbps$", re.IGNORECASE)
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
# More digits than this make no figure an IR document prints; and a billion times such
# a number would no longer be exact in the default decimal context (28 digits).
MAX_FIGURE_DIGITS = 18
# What may follow a yen figure in its cell: "(Annual)", "(paid)", the dollar translation, a change ("(up 8.3% YoY)")
_TRAILING_NOTE_RE = re.compile(
    r"^\s*(?:\((?:annual|paid|\$[^)]*|\\\$[^)]*|US\$[^)]*|(?:up|down)\s[^)]*)\)\s*)*$", re.IGNORECASE
)


@lru_cache(maxsize=65536)
def strip_markup(text: str) -> str:
    """Cell text without HTML fragments and `^{}` markup."""
    text = _BRACE_MARKUP_RE.sub(r"\1", text)
    text = _TAG_RE.sub(" ", text)
    return text.replace("**", " ").replace("\\$", "$").strip()


@lru_cache(maxsize=65536)
def normalize_label(text: str) -> str:
    """A row label as the synonym table sees it: lower case, no footnote marks, dashes spaced."""
    text = _CARET_NOTE_RE.sub(" ", _STARRED_NOTE_RE.sub(" ", _BRACED_NOTE_RE.sub(" ", text)))
    text = strip_markup(text)
    text = _STARRED_NOTE_RE.sub(" ", text)
    text = _FOOTNOTE_RE.sub(" ", text)
    text = _GLUED_NOTE_RE.sub(_glued_note, text)
    text = _DASH_RE.sub(" - ", _SPACE_RE.sub(" ", text))  # blanks first cut to one: see above _BRACE_MARKUP_RE
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = _SPACE_RE.sub(" ", text).strip().lower()
    return text.rstrip(": ").strip()


def _glued_note(m: re.Match[str]) -> str:
    """A word with its glued footnote number dropped: a word or a parenthesis; the digit stays on a single letter
    ("Q4", "H1") and on a word of mixed case ("IPv6"), whose digit is part of the name."""
    word = m.group(1)
    if word is None:
        return ")"
    return word if len(word) > 1 and (word[1:].islower() or word.isupper()) else m.group(0)


class CellKind(Enum):
    EMPTY = "empty"
    NIL = "nil"  # a dash: printed, but no figure
    NUMBER = "number"
    PERCENT = "percent"
    TEXT = "text"
    AMBIGUOUS = "ambiguous"  # looks like figures but cannot be read as one


@dataclass(frozen=True)
class Figure:
    """A figure as printed: value in the printed unit, digits after the point, inline scale."""

    value: Decimal
    places: int
    scale: int | None = None  # "JPY12,345 million": the cell says its own unit
    unit_hint: str | None = None  # "JPY" (yen) or "Gbps" when the cell says so


@dataclass(frozen=True)
class Cell:
    text: str
    kind: CellKind
    figure: Figure | None = None


def parse_number(text: str) -> Figure | None:
    """A printed number: `(1,234)` and `-1,234` are negative; None if it is not one."""
    t = text.strip().replace("\u2212", "-")
    if not _NUMBER_RE.match(t):
        return None
    if t.count("(") != t.count(")") or garbled_sign(t):
        return None
    negative = t.startswith("(") or t.startswith("-")
    digits = t.strip("()+-").replace(",", "").lstrip("+-")
    if too_many_digits(digits):
        return None
    value = Decimal(digits)
    places = len(digits.split(".")[1]) if "." in digits else 0
    return Figure(-value if negative else value, places)


def garbled_sign(number: str) -> bool:
    """More than one sign on one figure (`+-5`, `+(5)`, `--5`, `(-5)`): which was meant cannot be told."""
    return number.count("+") + number.count("-") + number.count("\u2212") + ("(" in number) > 1


def too_many_digits(text: str) -> bool:
    """More digits than any figure has (see `MAX_FIGURE_DIGITS`)."""
    return sum(c.isdigit() for c in text) > MAX_FIGURE_DIGITS


_AMBIGUOUS_RE = re.compile(rf"(?:^|\s){_NUMBER}(?:\s+{_NUMBER})+(?:\s|$)")


@lru_cache(maxsize=65536)
def read_cell(raw: str) -> Cell:
    text = strip_markup(raw)
    t = _SPACE_RE.sub(" ", text).strip()
    if not t:
        return Cell(raw, CellKind.EMPTY)
    if t.lower() in NIL_TEXTS:
        return Cell(raw, CellKind.NIL)
    fig = parse_number(t)
    if fig is not None:
        return Cell(raw, CellKind.NUMBER, fig)
    if _NUMBER_RE.match(t.replace("\u2212", "-")) and (too_many_digits(t) or garbled_sign(t)):
        return Cell(raw, CellKind.AMBIGUOUS)
    if _PERCENT_RE.match(t):
        return Cell(raw, CellKind.PERCENT)
    for pattern in (_PERCENT_AND_VALUE_RE, _JPY_RE, _GBPS_RE):
        m = pattern.match(t)
        if m and garbled_sign(m["v"]):
            return Cell(raw, CellKind.AMBIGUOUS)  # "JPY+-5 million": a figure, which sign cannot be told
    m = _PERCENT_AND_VALUE_RE.match(t)
    fig = parse_number(m["v"]) if m else None
    if fig is not None:  # not "5.0% (1,234": a figure with one parenthesis is none
        return Cell(raw, CellKind.NUMBER, fig)
    m = _JPY_RE.match(t)
    if m and _TRAILING_NOTE_RE.match(m["rest"]):
        fig = parse_number(m["v"])
        if fig is not None:
            scale = _SCALES.get((m["scale"] or "").lower())
            return Cell(raw, CellKind.NUMBER, Figure(fig.value, fig.places, scale, "JPY"))
    m = _GBPS_RE.match(t)
    if m:
        fig = parse_number(m["v"])
        if fig is not None:
            return Cell(raw, CellKind.NUMBER, Figure(fig.value, fig.places, None, "Gbps"))
    if _AMBIGUOUS_RE.search(" " + t + " ") and not re.search(r"[A-Za-z]{3,}", t):
        return Cell(raw, CellKind.AMBIGUOUS)
    return Cell(raw, CellKind.TEXT)
