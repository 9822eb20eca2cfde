"""Fiscal periods: the contract's period keys and the many ways IIJ spells them.

IIJ's fiscal year starts on April 1 and is named by the calendar year in which
it starts (FY2010 = 2010-04-01 .. 2011-03-31).  A `Period` is either a duration
(`FY2010`, `FY2010-H1`, `FY2010-Q2`, `FY2010-9M`) or an instant (`2010-09-30`).

The spellings themselves are data (`resources/period_spellings.csv`); this
module only knows what each *kind* of spelling means.  A date range written
beside a label ("FY07 Actual (08/4 ~ 09/3)") wins over the label.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from iijviewer.base.paths import resource_path
from iijviewer.base.vocabulary import FISCAL_YEAR_START_MONTH

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_KEY_RE = re.compile(r"^FY(?P<fy>\d{4})(?:-(?P<part>H[12]|Q[1-4]|9M))?$")
_INSTANT_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# (first month offset from April, number of months) of each part of a fiscal year
_PARTS = {
    None: (0, 12),
    "H1": (0, 6),
    "H2": (6, 6),
    "Q1": (0, 3),
    "Q2": (3, 3),
    "Q3": (6, 3),
    "Q4": (9, 3),
    "9M": (0, 9),
}


@dataclass(frozen=True, order=True)
class Period:
    """A fiscal period or an instant, identified by its contract key."""

    start: dt.date
    end: dt.date
    key: str

    @property
    def is_instant(self) -> bool:
        return self.start == self.end and bool(_INSTANT_RE.match(self.key))

    @property
    def fiscal_year(self) -> int:
        """The fiscal year the period (or instant) falls in."""
        return self.end.year if self.end.month >= FISCAL_YEAR_START_MONTH else self.end.year - 1

    @property
    def months(self) -> int:
        if self.is_instant:
            return 0
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def instant_at_end(self) -> "Period":
        return instant(self.end)

    def instant_before_start(self) -> "Period":
        return instant(self.start - dt.timedelta(days=1))

    def __str__(self) -> str:
        return self.key


def instant(day: dt.date) -> Period:
    return Period(day, day, day.isoformat())


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def fiscal(fy: int, part: str | None = None) -> Period:
    """The period `FY<fy>` or `FY<fy>-<part>`."""
    offset, length = _PARTS[part]
    y1, m1 = _add_months(fy, FISCAL_YEAR_START_MONTH, offset)
    y2, m2 = _add_months(y1, m1, length - 1)
    key = f"FY{fy}" if part is None else f"FY{fy}-{part}"
    return Period(dt.date(y1, m1, 1), _month_end(y2, m2), key)


def parse_key(key: str) -> Period:
    """Parse a contract key (`FY2010-H1`, `2010-09-30`); ValueError if it is not one."""
    m = _KEY_RE.match(key)
    if m:
        return fiscal(int(m["fy"]), m["part"])
    if _INSTANT_RE.match(key):
        return instant(dt.date.fromisoformat(key))
    raise ValueError(f"not a period key: {key!r}")


def from_months(start_year: int, start_month: int, end_year: int, end_month: int) -> Period | None:
    """The fiscal period that runs from one month to another, if it is one."""
    fy = start_year if start_month >= FISCAL_YEAR_START_MONTH else start_year - 1
    for part, (offset, length) in _PARTS.items():
        y1, m1 = _add_months(fy, FISCAL_YEAR_START_MONTH, offset)
        y2, m2 = _add_months(y1, m1, length - 1)
        if (y1, m1, y2, m2) == (start_year, start_month, end_year, end_month):
            return fiscal(fy, part)
    return None


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def _month(text: str) -> int | None:
    return MONTHS.get(text.lower().rstrip("."))


def _date(mon: str, day: str, year: str) -> dt.date | None:
    month = _month(mon)
    if month is None:
        return None
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        return None


_N_MONTHS = {"three": 3, "six": 6, "nine": 9, "twelve": 12}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
# "3Q18 (3 months)" is the quarter, "3Q18 (9 months)" the nine months to its end: (quarter, months) -> part ("" = the year)
_QUARTER_MONTHS = {(1, 3): "Q1", (2, 3): "Q2", (3, 3): "Q3", (4, 3): "Q4", (2, 6): "H1", (4, 6): "H2", (3, 9): "9M", (4, 12): ""}
# "the first nine months of FY2016", "9 Months FY2008": the months from April
_FIRST_MONTHS = {3: "Q1", 6: "H1", 9: "9M", 12: None}


def _months(text: str) -> int:
    """"nine" or "9": how many months."""
    return _N_MONTHS.get(text.lower()) or int(text)


def _ordinal(text: str) -> int:
    """"third", "3rd" or "3": which quarter."""
    return _ORDINALS.get(text.lower()) or int(text)


def _months_of_year(fy: int, mon1: str, mon2: str) -> list[Period]:
    """"3Q15 (Oct.-Dec.)": the months named, in the fiscal year of the label beside them, if a fiscal period."""
    m1, m2 = _month(mon1), _month(mon2)
    if m1 is None or m2 is None:
        return []
    p = from_months(fy if m1 >= FISCAL_YEAR_START_MONTH else fy + 1, m1, fy if m2 >= FISCAL_YEAR_START_MONTH else fy + 1, m2)
    return [p] if p else []


def _from_to(g: dict[str, str]) -> list[Period]:
    """"from April 1, 2015 to December 31, 2015", "from April to September 2008": the months it spans, if a fiscal period."""
    m1, m2 = _month(g["mon1"]), _month(g["mon2"])
    if m1 is None or m2 is None:
        return []
    y2 = int(g["y2"])
    y1 = int(g["y1"]) if g.get("y1") else (y2 if m1 <= m2 else y2 - 1)
    if y1 not in YEARS or y2 not in YEARS:
        return []
    if g.get("d1") and int(g["d1"]) != 1:
        return []
    if g.get("d2") and int(g["d2"]) != calendar.monthrange(y2, m2)[1]:
        return []
    p = from_months(y1, m1, y2, m2)
    return [p] if p else []


def _ended(n: str, end: dt.date | None) -> Period | None:
    if end is None:
        return None
    months = _N_MONTHS[n.lower()]
    y, m = _add_months(end.year, end.month, -(months - 1))
    return from_months(y, m, end.year, end.month)


def _fy_ending(end: dt.date | None) -> int | None:
    return None if end is None else end.year - 1 if end.month < FISCAL_YEAR_START_MONTH else end.year


@dataclass(frozen=True)
class Spelling:
    kind: str
    regex: re.Pattern[str]


@lru_cache(maxsize=1)
def spellings() -> tuple[Spelling, ...]:
    with open(resource_path("period_spellings.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return tuple(Spelling(r["kind"], re.compile(r["pattern"], re.IGNORECASE)) for r in rows)


def _interpret(kind: str, g: dict[str, str]) -> list[Period]:
    """Turn one matched spelling into the period(s) it names."""
    if kind == "range_yymm":
        p = from_months(_year(g["y1"]), int(g["m1"]), _year(g["y2"]), int(g["m2"]))
        return [p] if p else []
    if kind == "range_month_name":
        m1, m2 = _month(g["mon1"]), _month(g["mon2"])
        if m1 is None or m2 is None:
            return []
        p = from_months(int(g["y1"]), m1, int(g["y2"]), m2)
        return [p] if p else []
    if kind == "range_from_to":
        return _from_to(g)
    if kind == "months_ended_pair":
        pair = [_ended(g["n"], _date(g["mon1"], g["d1"], g["y1"])), _ended(g["n"], _date(g["mon2"], g["d2"], g["y2"]))]
        return [p for p in pair if p]
    if kind == "as_of_pair":
        days = [_date(g["mon1"], g["d1"], g["y1"]), _date(g["mon2"], g["d2"], g["y2"])]
        return [instant(d) for d in days if d]
    if kind == "months_ended":
        p = _ended(g["n"], _date(g["mon"], g["d"], g["y"]))
        return [p] if p else []
    if kind == "months_ended_month":
        month = _month(g["mon"])
        if month is None:
            return []
        p = _ended(g["n"], _month_end(int(g["y"]), month))
        return [p] if p else []
    if kind == "months_of_fy":
        return [fiscal(_year(g["y"]), _FIRST_MONTHS[_months(g["n"])])]
    if kind == "first_months_of_fy_ending":
        fy = _fy_ending(_date(g["mon"], g["d"], g["y"]))
        part = {"three": "Q1", "six": "H1", "nine": "9M"}[g["n"].lower()]
        return [] if fy is None else [fiscal(fy, part)]
    if kind == "quarter_of_fy_ending":
        fy = _fy_ending(_date(g["mon"], g["d"], g["y"]))
        return [] if fy is None else [fiscal(fy, f"Q{_ORDINALS[g['q'].lower()]}")]
    if kind in ("fiscal_year_ending", "full_year_of_fy"):
        fy = _fy_ending(_date(g["mon"], g["d"], g["y"]))
        return [] if fy is None else [fiscal(fy)]
    if kind == "half_word":
        part = "H1" if g["h"].lower() in ("1st", "first") else "H2"
        return [fiscal(_year(g["y"]), part)]
    if kind in ("half", "half_h"):
        return [fiscal(_year(g["y"]), f"H{g['h']}")]
    if kind == "interim":
        return [fiscal(_year(g["y"]), "H1")]
    if kind in ("quarter", "quarter_q", "quarter_word"):
        return [fiscal(_year(g["y"]), f"Q{_ordinal(g['q'])}")]
    if kind == "quarter_months":
        months_part = _QUARTER_MONTHS.get((_ordinal(g["q"]), _months(g["n"])))
        return [] if months_part is None else [fiscal(_year(g["y"]), months_part or None)]
    if kind == "range_label_months":
        return _months_of_year(_year(g["y"]), g["mon1"], g["mon2"])
    if kind == "quarter_range":
        q1, q2 = int(g["q1"]), int(g["q2"])
        if q2 < q1:
            return []
        fy = _year(g["y"])
        y1, m1 = _add_months(fy, FISCAL_YEAR_START_MONTH, 3 * (q1 - 1))
        y2, m2 = _add_months(fy, FISCAL_YEAR_START_MONTH, 3 * q2 - 1)
        p = from_months(y1, m1, y2, m2)
        return [p] if p else []
    if kind == "nine_months":
        return [fiscal(_year(g["y"]), "9M")]
    if kind == "fiscal_year":
        return [fiscal(_year(g["y"]))]
    if kind == "as_of_date":
        d = _date(g["mon"], g["d"], g["y"])
        return [instant(d)] if d else []
    if kind == "part_of_year_unread":
        return []  # words of a part of a year no spelling reads: no period, never the whole year beside them
    raise ValueError(f"unknown period spelling kind {kind!r}")


@dataclass(frozen=True)
class PeriodMention:
    """A period found in a piece of text, with where it was found."""

    period: Period
    start: int
    end: int
    kind: str


def find_periods(text: str) -> tuple[PeriodMention, ...]:
    """Every period mentioned in `text`, in reading order (see `_find_periods`)."""
    return _find_periods(text)


_YEAR_GROUPS = ("y", "y1", "y2")

# The years a spelling may name.  "FY0000" or "March 31, 9999" in a garbled cell is no date
# of an IR document, and the periods around it (the year before, a fiscal year that ends in
# the next calendar year) would fall outside what `datetime` can count.
YEARS = range(1900, 2100)

# Spellings say `\s*` and `[a-z]+` where a document prints one blank or many, or a word;
# such a pattern is tried from every character of a long run of blanks or letters, each
# try reading to the run's end: quadratic time on a damaged cell.  They are matched on the
# text with each run of blanks cut to its first and each run of letters longer than any
# word a spelling reads cut to its two ends (what a word or a lookbehind at an edge sees).
_WORD_ENDS = 20
_RUNS_RE = re.compile(rf"\s{{2,}}|[a-z]{{{2 * _WORD_ENDS + 1},}}", re.IGNORECASE)


def _squeeze(text: str) -> tuple[str, Sequence[int]]:
    """`text` with its long runs cut (see `_RUNS_RE`), and where each of its characters (and its end) was."""
    if not _RUNS_RE.search(text):
        return text, range(len(text) + 1)
    parts: list[str] = []
    where: list[int] = []
    last = 0
    for m in _RUNS_RE.finditer(text):
        kept = [(m.start(), m.start() + 1)] if text[m.start()].isspace() else [
            (m.start(), m.start() + _WORD_ENDS),
            (m.end() - _WORD_ENDS, m.end()),
        ]
        for a, b in [(last, m.start())] + kept:
            parts.append(text[a:b])
            where.extend(range(a, b))
        last = m.end()
    parts.append(text[last:])
    where.extend(range(last, len(text) + 1))
    return "".join(parts), where


@lru_cache(maxsize=65536)
def _find_periods(text: str) -> tuple[PeriodMention, ...]:
    """Every period mentioned in `text`, in reading order.

    Spellings are tried in the order of the data file; a span claimed by an
    earlier spelling is not read again by a later one.  A date range claims
    the label it qualifies: within one header cell only the range is kept.
    A mention's start and end are places in `text` itself (the spellings are
    matched on a shortened copy: see `_RUNS_RE`).
    """
    squeezed, where = _squeeze(text)
    found: list[PeriodMention] = []
    claimed = bytearray(len(squeezed))
    for spelling in spellings():
        for m in spelling.regex.finditer(squeezed):
            if claimed.find(1, m.start(), m.end()) != -1:
                continue
            if spelling.kind in ("as_of_date", "months_ended", "fiscal_year_ending") and _preceded_by_letter(squeezed, m):
                continue
            g = m.groupdict()
            in_years = all(int(g[y]) in YEARS for y in _YEAR_GROUPS if g.get(y) and len(g[y]) > 2)
            periods = _interpret(spelling.kind, g) if in_years else []
            # a spelling that names no fiscal period ("six months ended August 31") still claims its
            # words, so that no later spelling reads a part of them as something else
            claimed[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            if not periods:
                continue
            found.extend(PeriodMention(p, where[m.start()], where[m.end()], spelling.kind) for p in periods)
    found.sort(key=lambda pm: pm.start)
    return tuple(found)


def _preceded_by_letter(text: str, m: re.Match[str]) -> bool:
    return m.start() > 0 and text[m.start() - 1].isalpha()


def parse_period(text: str) -> Period | None:
    """The one period a label names, or None when it names none or several.

    A date range beats the label beside it ("FY07 Actual (08/4 ~ 09/3)" is
    FY2008); otherwise all mentions must agree.
    """
    return _one_period(find_periods(text))


def _one_period(mentions: Sequence[PeriodMention]) -> Period | None:
    ranges = [m for m in mentions if m.kind.startswith("range")]
    if len({m.period for m in ranges}) == 1:
        return ranges[0].period
    distinct = {m.period for m in mentions}
    return mentions[0].period if len(distinct) == 1 else None


def prior_year(key: str) -> str:
    """The same period a year earlier (an instant: the same day, or the day before for 29 February)."""
    p = parse_key(key)
    if p.is_instant:
        day = p.end
        try:
            return instant(day.replace(year=day.year - 1)).key
        except ValueError:
            return instant(day.replace(year=day.year - 1, day=28)).key
    part = key.split("-", 1)[1] if "-" in key else None
    return fiscal(p.fiscal_year - 1, part).key


def sort_key(key: str) -> tuple[dt.date, int]:
    """Chronological order of keys: by end date, then longer periods last."""
    p = parse_key(key)
    return (p.end, p.months)


# Spellings of IIJ's short labels ("3Q15", "third quarter", "1H12") whose meaning a document may
# define otherwise: a release of the nine months to December calls them "3Q15" and says so
# ("3Q15", from April 1, 2015 to December 31, 2015).  Ranges and "3Q18 (3 months)" say what
# they mean and are never redefined.
REDEFINABLE_KINDS = frozenset({"quarter", "quarter_q", "quarter_word", "quarter_of_fy_ending", "half", "half_h", "half_word"})


def part_of(key: str) -> str:
    """The part of a fiscal-period key ("Q3" of "FY2012-Q3"; "" for a whole year)."""
    return key.split("-", 1)[1] if key.startswith("FY") and "-" in key else ""


@dataclass(frozen=True)
class PeriodReader:
    """Periods as one document means them: the document's own definitions of IIJ's short labels applied.

    `redefined` holds (spelling kind, part as labelled, part meant): ("quarter",
    "Q3", "9M") where the document defines "3Q12" as April to December.  A
    definition reaches only the spelling it defines ("3Q16", and "3Q15" by the
    same convention), not "Third Quarter FY2016"; a label that states its
    months ("3Q16 (Oct.-Dec.)", "3Q16 (3 months)") is another spelling, and
    means what it states.  With none it reads as `find_periods` and
    `parse_period` do.
    """

    redefined: tuple[tuple[str, str, str], ...] = ()

    def within(self, text: str) -> "PeriodReader":
        """This reader for a table's header row, which may name the meant periods by spellings of their own.

        A row that names them ("1Q16 2Q16 3Q16 1Q-3Q16", "3Q16 | 9M FY2016")
        uses the short label in its usual meaning: two columns of one table
        never report the same period because of a definition.
        """
        if not self.redefined:
            return self
        named = {part_of(m.period.key) for m in find_periods(text) if not self._redefines(m)}
        kept = tuple(r for r in self.redefined if r[2] not in named)
        return self if kept == self.redefined else PeriodReader(kept)

    def _redefines(self, m: PeriodMention) -> bool:
        part = part_of(m.period.key)
        return any(kind == m.kind and labelled == part for kind, labelled, _ in self.redefined)

    def find(self, text: str) -> tuple[PeriodMention, ...]:
        mentions = find_periods(text)
        if not self.redefined:
            return mentions
        meant = {(kind, labelled): part for kind, labelled, part in self.redefined}
        out = []
        for m in mentions:
            part = meant.get((m.kind, part_of(m.period.key)))
            if part is not None:
                m = PeriodMention(fiscal(m.period.fiscal_year, part or None), m.start, m.end, m.kind)
            out.append(m)
        return tuple(out)

    def parse(self, text: str) -> Period | None:
        """The one period a label names (see `parse_period`), as this document means it."""
        return _one_period(self.find(text))

    def periods(self, text: str) -> list[Period]:
        """The distinct periods a cell names in order; a date range claims the labels beside it."""
        mentions = self.find(text)
        ranges = [m for m in mentions if m.kind.startswith("range")]
        out: list[Period] = []
        for m in ranges or mentions:
            if not out or out[-1] != m.period:
                out.append(m.period)
        return out


_QUOTED_RE = re.compile(r"[\"“”']\s*([^\"“”'()]{2,24}?)\s*[\"“”']")
_PARENTHESES_RE = re.compile(r"\(([^()]{0,300})\)")


def read_definitions(lines: Sequence[str]) -> PeriodReader:
    """The document's definitions of its short labels: `("3Q16", from April 1, 2016 to December 31, 2016)`.

    A quoted label and a date range in the same parentheses define the label;
    where the label's usual meaning is another part of the same fiscal year,
    every label of that spelling and part in the document means the defined
    one (see `PeriodReader`).  Two definitions that disagree cancel each other:
    the usual meaning stands.
    """
    found: dict[tuple[str, str], set[str]] = {}
    for line in lines:
        if "(" not in line or not any(q in line for q in "\"“”'"):
            continue
        for group in _PARENTHESES_RE.finditer(line):
            inner = group.group(1)
            ranges = {m.period for m in find_periods(inner) if m.kind.startswith("range")}
            if len(ranges) != 1:
                continue
            defined = ranges.pop()
            for token in _QUOTED_RE.finditer(inner):
                for m in find_periods(token.group(1)):
                    if m.kind in REDEFINABLE_KINDS and m.period.fiscal_year == defined.fiscal_year:
                        found.setdefault((m.kind, part_of(m.period.key)), set()).add(part_of(defined.key))
    redefined = tuple(
        sorted((kind, part, meant.pop()) for (kind, part), meant in found.items() if len(meant) == 1 and part not in meant)
    )
    return PeriodReader(redefined)


def period_label(key: str) -> str:
    """A short label for headers: `1H FY2010`, `2Q FY2010`, `FY2010`, `9M FY2010`, `2010-09-30`."""
    p = parse_key(key)
    if p.is_instant:
        return key
    if "-" not in key:
        return key
    fy, part = key.split("-", 1)
    names = {"H1": "1H", "H2": "2H", "Q1": "1Q", "Q2": "2Q", "Q3": "3Q", "Q4": "4Q", "9M": "9M"}
    return f"{names[part]} {fy}"
