"""What a document says about itself, read once before its tables and sentences.

- Its period: the period of the results its dateline announces ("today announced
  its consolidated financial results for the nine months of the fiscal year
  ending March 31, 2017 ("3Q16", from April 1, 2016 to December 31, 2016)"),
  else its title, else its first results heading.
- Its definitions of IIJ's short labels (`periods.read_definitions`): where
  "3Q16" is defined as April to December, every "3Q" label of that spelling is
  the nine months (not "3Q16 (Oct.-Dec.)", nor "Third Quarter FY2016").
- Its vocabulary (`tags`): a document that never speaks of income "attributable
  to IIJ" or of "noncontrolling interests" predates ASC 810, so its "net income"
  is after minority interests; an IFRS document's "net profit" is the profit
  attributable to owners of the parent; an announcement of a revision states
  revised targets, of the periods it names (`DocumentContext.revises`).
- When the targets it restates were announced: "from the target announced on
  October 24, 2008"; the record date of the dividends it resolves.

The words are data (`resources/document_patterns.csv`); nothing here knows one
document.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from iijviewer.base.concepts import read_data_csv
from iijviewer.base.periods import MONTHS, Period, PeriodReader, parse_key, read_definitions
from iijviewer.ingest import rules
from iijviewer.ingest.cells import strip_markup

PRESS_RELEASE = "press_release"
PRESENTATION = "presentation"

# The date, kind and announcement are stated in the letterhead; further down, dates belong to the content.
HEAD_NONBLANK_LINES = 20

_FIGURE_RE = re.compile(r"JPY|¥|\d%")

PRE_ASC810 = "pre_asc810"  # "net income" is after minority interests (labels.csv `document`)
IFRS = "ifrs"
REVISION = "revision"  # the document announces revised targets: its targets are revised ones


def clean(line: str) -> str:
    return " ".join(strip_markup(line).split())


# Emphasis the PDF-to-text conversion leaves around a line: **bold**, <u>underline</u>.
_MARKUP = re.compile(r"\*\*|</?(?:u|b|i|strong|em)>", re.IGNORECASE)
_BOLD = "**"


def unmarked(line: str) -> str:
    """A line without the emphasis a conversion left around it, its blanks cut to one."""
    return " ".join(_MARKUP.sub("", line).split())


def read_title(lines: Sequence[str]) -> str:
    """The first non-blank line that is not letterhead; a bold title wrapped over lines is joined."""
    for i, line in enumerate(lines):
        clean = unmarked(line)
        if not clean or _matches("boilerplate", clean):
            continue
        parts = [line.strip()]
        if parts[0].startswith(_BOLD) and parts[0].count(_BOLD) % 2 == 1:
            for following in lines[i + 1 :]:
                if not following.strip():
                    break
                parts.append(following.strip())
                if following.count(_BOLD) % 2 == 1:
                    break
        return unmarked(" ".join(parts))
    return ""


def head(lines: Sequence[str]) -> list[tuple[int, str]]:
    """The first non-blank lines (1-based line numbers), where a document states what it is."""
    out = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            out.append((number, line))
            if len(out) == HEAD_NONBLANK_LINES:
                break
    return out


def head_text(lines: Sequence[str]) -> str:
    """The first non-blank lines as one text (`head`)."""
    return "\n".join(line for _, line in head(lines))


def _matches(field: str, text: str) -> bool:
    return any(p.search(text) for p in rules.document_pattern(field))


def stated_date(field: str, text: str) -> str:
    """The first date a pattern of `field` finds, patterns in their order: ISO, or year-month without a day; "" if none."""
    for pattern in rules.document_pattern(field):
        for m in pattern.finditer(text):
            g = m.groupdict()
            month = int(g["m"]) if g.get("m") else MONTHS.get((g.get("mon") or "").lower().rstrip("."))
            if month is None or not 1 <= month <= 12:
                continue
            year = int(g["y"])
            if not g.get("d"):
                return f"{year:04d}-{month:02d}"
            try:
                return dt.date(year, month, int(g["d"])).isoformat()
            except ValueError:
                continue
    return ""


def announced_on(text: str) -> str:
    """The day a text says its targets were announced ("announced on June 1, 2010", "disclosed on May 13, 2016"); ""."""
    found = stated_date("target_announced", text)
    return found if len(found) == 10 else ""


TARGET_DATE_LOOKBACK = 15
CAPTION_MAX_CHARS = 160  # lines above a table of targets where its caption may say when they were announced


def target_date_above(lines: Sequence[str], table_line: int) -> str:
    """When the targets of the table at `table_line` were announced, as the text above it says; "" if it does not.

    "FY2010 Financial Targets (announced on June 1, 2010)", "FY2013 Financial
    Target (Remain unchanged from May 15, 2013)": the caption, looked for up to
    the table above (`target_announced` patterns).
    """
    for number in range(table_line - 1, max(0, table_line - 1 - TARGET_DATE_LOOKBACK), -1):
        line = lines[number - 1]
        if "\t" in line or line.lstrip().startswith("|"):
            break
        if len(line) > CAPTION_MAX_CHARS:
            continue  # a paragraph ("revised its targets from the target announced on October 24, 2008") is no caption
        found = announced_on(clean(line))
        if found:
            return found
    return ""



def without_announcement_dates(text: str) -> str:
    """A text with its "(announced on May 14, 2010)" phrases blanked: the day a target was set is no period it reports."""
    for pattern in rules.document_pattern("target_announced"):
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


ANNOUNCEMENT_MAX_LINES = 5  # a dateline wrapped over lines (a PDF's, an e-mail's)


def announcement(lines: Sequence[str]) -> tuple[int, str]:
    """The dateline's sentence of what the document announces (line number, clean text); (0, "") if none.

    A dateline wrapped over several lines is read whole, to the end of its sentence.
    """
    for number, line in head(lines):
        text = clean(line)
        if _matches("announcement", text):
            parts = [text]
            for following in lines[number : number - 1 + ANNOUNCEMENT_MAX_LINES]:
                if re.search(r"[.)]\S{0,4}$", parts[-1]) or not following.strip() or "\t" in following:
                    break
                parts.append(clean(following))
            return number, " ".join(parts)
    return 0, ""


def read_kind(lines: Sequence[str]) -> str:
    """A presentation says so in its letterhead (slides, a forum); anything else IIJ announces is a release."""
    text = "\n".join(clean(line) for _, line in head(lines))
    if _matches("kind_press_release", text):
        return PRESS_RELEASE
    return PRESENTATION if _matches("kind_presentation", text) else PRESS_RELEASE


def _first_duration(periods: PeriodReader, text: str) -> str:
    mentions = periods.find(without_announcement_dates(text))
    ranges = [m for m in mentions if m.kind.startswith("range") and not m.period.is_instant]
    if ranges:
        return ranges[0].period.key
    for m in mentions:
        if not m.period.is_instant:
            return m.period.key
    return ""


def _results_period(periods: PeriodReader, text: str) -> str:
    """The period of the results an announcement announces ("... targets for FY2013 together with the results for FY2012").

    Read from the words after "results" where the announcement names a period
    there, else from all of it: a date range, else the first period named,
    narrowed to a part of it named after it ("the fiscal year ending March 31,
    2013, first quarter ("1Q12")" is the quarter) unless the two are joined as
    two things announced ("full year ("FY2012") and 4th quarter ("4Q12")" is
    the year).
    """
    text = without_announcement_dates(text)
    mentions = [m for m in periods.find(text) if not m.period.is_instant]
    results = next((m for p in rules.document_pattern("announcement_results") for m in [p.search(text)] if m), None)
    if results is not None:
        mentions = [m for m in mentions if m.end > results.start()] or mentions
    ranges = [m for m in mentions if m.kind.startswith("range")]
    if ranges or not mentions:
        return ranges[0].period.key if ranges else ""
    found = mentions[0]
    for m in mentions[1:]:
        within = found.period.start <= m.period.start and m.period.end <= found.period.end and m.period != found.period
        if within and not _matches("announcement_joined", text[found.end : m.start]):
            found = m
    return found.period.key


def _announced_period(periods: PeriodReader, text: str) -> str:
    """The period an announcement names (`_results_period`); a dividend's record date: its fiscal year."""
    found = _results_period(periods, text)
    if found:
        return found
    record = stated_record_date(periods, text)
    return f"FY{parse_key(record).fiscal_year}" if record else ""


def stated_record_date(periods: PeriodReader, text: str) -> str:
    """The record date an announcement states for the dividends it resolves ("... on the record date of March 31, 2020"); ""."""
    for pattern in rules.document_pattern("record_date"):
        record = pattern.search(text)
        if record is None:
            continue
        for m in periods.find(text):
            if m.period.is_instant and m.start >= record.end():
                return m.period.key
    return ""


def read_reported_period(
    lines: Sequence[str], title: str, kind: str, periods: PeriodReader | None = None, said: str | None = None
) -> str:
    """The period a document reports: as its announcement says, else its title (a release's), else its first results heading.

    `periods` and `said` (the announcement's text, `announcement`) when the caller has them already.
    """
    periods = periods or read_definitions(lines)
    if said is None:
        _, said = announcement(lines)
    found = _announced_period(periods, said) if said else ""
    if not found and kind == PRESS_RELEASE and not _FIGURE_RE.search(title):
        found = _first_duration(periods, title)  # a title, not an excerpt's first sentence ("... up 19.2% from 1Q07")
    if found:
        return found
    for line in lines:
        if not _matches("results_heading", line) or _matches("results_heading_skip", line):
            continue
        key = _first_duration(periods, clean(line))
        if key:
            return key
    return ""


@lru_cache(maxsize=1)
def _vocabulary_cutoffs() -> dict[str, str]:
    return {r["tag"]: r["published_before"] for r in read_data_csv("accounting_changes.csv")}


def _published_before(lines: Sequence[str], day: str, periods: PeriodReader) -> bool:
    """Whether a document was published before a day: its date says, else the latest period it names must end before it."""
    published = stated_date("publication_date", "\n".join(clean(line) for _, line in head(lines)))
    if published:
        return published < day
    ends = [m.period.end for line in lines for m in periods.find(clean(line))]
    return bool(ends) and max(ends).isoformat() < day


def document_tags(lines: Sequence[str], periods: PeriodReader | None = None, said: str | None = None) -> frozenset[str]:
    """The document's vocabulary (see the module's docstring); `said` as for `read_reported_period`."""
    text = "\n".join(lines)
    tags = set()
    periods = periods or read_definitions(lines)
    cutoff = _vocabulary_cutoffs().get(PRE_ASC810, "")
    if not _matches("vocabulary_asc810", text) and cutoff and _published_before(lines, cutoff, periods):
        tags.add(PRE_ASC810)
    if _matches("vocabulary_ifrs", text):
        tags.add(IFRS)
    if said is None:
        _, said = announcement(lines)
    if said and _matches("revision_announcement", said):
        tags.add(REVISION)
    return frozenset(tags)


def restated_scenario(word: str, announced: str, period: Period) -> str | None:
    """The contract's scenario of a target a document restates, from when it was announced; None: a superseded revision.

    IIJ sets a fiscal year's targets with the previous year's results, in May:
    a target announced by the end of the year's first quarter, or after the
    period ended (the year-end results restating it), is the target as first
    set.  Announced in between, it was itself a revision: a "previous" one has
    been superseded by the document's new target (None: not kept), a "latest"
    one stands as the revised target.  An undated latest one is the target.
    An undated previous target is no question for this function: only the
    library can tell it from an earlier revision, so its reader keeps it as
    `facts.UNCONFIRMED` (`normalize.restated_targets`); asked, it raises.
    """
    if word not in (rules.TARGET_PREVIOUS, rules.TARGET_LATEST):
        return word
    if not announced:
        if word == rules.TARGET_PREVIOUS:
            raise ValueError("an undated previous target is kept as facts.UNCONFIRMED for the library to settle")
        return "target"
    day = dt.date.fromisoformat(announced)
    first_quarter_end = parse_key(f"FY{period.fiscal_year}-Q1").end
    if day <= first_quarter_end or day > period.end:
        return "target"
    return "revised_target" if word == rules.TARGET_LATEST else None


@dataclass(frozen=True)
class DocumentContext:
    """A document's own statements about itself, for reading its tables and sentences."""

    document: str
    periods: PeriodReader
    reported_period: str
    kind: str
    tags: frozenset[str]
    previous_target_date: str  # "revised ... from the target announced on October 24, 2008": the day, ISO; ""
    record_date: str = ""  # "dividends ... on the record date of March 31, 2020": the day, ISO; ""
    revised_periods: tuple[str, ...] = ()  # the periods whose targets the revision concerns ("revised its targets for FY2012"); (): all

    @property
    def is_revision(self) -> bool:
        """The document announces a revision of targets (of which periods: `revises`)."""
        return REVISION in self.tags

    def revises(self, period: Period) -> bool:
        """Whether the document's announced revision concerns the targets of `period`: those its dateline names after its
        "revised" ("... results for 1H12 and revised its financial targets for FY2012": FY2012's, not 1H12's), or all its
        targets where it names none."""
        return self.is_revision and revision_concerns(self.revised_periods, period)


def revision_concerns(revised_periods: tuple[str, ...], period: Period) -> bool:
    """Whether a revision of the targets of `revised_periods` (none named: all) concerns the targets of `period`."""
    return not revised_periods or period.key in revised_periods


def document_context(document: str, lines: Sequence[str], reported_period: str | None = None) -> DocumentContext:
    periods = read_definitions(lines)
    kind = read_kind(lines)
    _, said = announcement(lines)
    if reported_period is None:
        reported_period = read_reported_period(lines, read_title(lines), kind, periods, said)
    tags = document_tags(lines, periods, said)
    previous = announced_on(said) if REVISION in tags else ""
    revised = _revised_periods(periods, said) if REVISION in tags else ()
    return DocumentContext(document, periods, reported_period, kind, tags, previous, stated_record_date(periods, said), revised)


def _revised_periods(periods: PeriodReader, said: str) -> tuple[str, ...]:
    """The periods an announcement names after the words of its revision ("and revised its financial targets for FY2012")."""
    text = without_announcement_dates(said)
    where = min((m.end() for p in rules.document_pattern("revision_announcement") for m in [p.search(text)] if m), default=None)
    if where is None:
        return ()
    return tuple(dict.fromkeys(m.period.key for m in periods.find(text) if m.start >= where and not m.period.is_instant))
