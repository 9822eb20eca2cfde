"""Figures stated in running text: sentences, bullets, and lines that set a label beside its figure.

"Revenues were JPY12,345 million ($123.4 million), down 1.2% YoY"; "IIJ targets
revenues of JPY12.3 billion, operating income of JPY1.2 billion, ... for FY2010";
"Revenues   JPY123.4 billion (up 1.2% YoY)"; "FY2009 year-end cash dividend
forecast was revised from JPY1,111 to JPY1,222 per share".

The text is read by paragraph: a bullet or a sentence wrapped over several lines
is one statement; each figure keeps the line it is printed on.  A yen figure is
read when the text before it names a concept the label rules know, whole, from
where a label can start: the start of the sentence, the end of an introduction
that names no subject, the figure before it in an enumeration, a word such as
"targets", or the end of a heading run into the text ("Highlights of Financial
Results for FY2017 Revenues JPY...").  A per-share figure among words about a
dividend is a dividend, interim, year-end or annual as the words say
(`resources/qualifiers.csv`).  A figure in parentheses after a read one, with a
period of its own, is the same concept for that period ("(JPY1,234 million for
the nine months ended December 2009)").

Its period is the one its sentence gives it ("for FY2010", "as of September 30,
2012", "Total revenues of 1H FY2012"), else the one of the figure before it in
an enumeration, else its section heading's, else, for a result, the period the
document reports, else the year after the period it is compared with ("an
increase of 1.2% from 1Q07").  Words that name a part of the year no period
reading accounts for ("in the fourth quarter", a heading "Highlights of the
First Nine Months Results") leave it no heading's or document's period; words
of the whole year ("full-year targets") make it that period's fiscal year.  A
target must name its period, or stand under a heading that is not one of
results.  A figure whose period cannot be pinned down is reported, never
guessed.

Its scenario is the one its words name (`resources/scenario_words.csv`, and
prose's own words: an intention, "IIJ plans to pay", is a target; words of what
will be, "we expect", are a target for a period after the one the document
reports), else its heading's, else a result; a result is never for a period
after the one the document reports.  Only a paragraph's first sentence names
its subject for sure ("Cost of equipment sales was JPY123 million. Gross margin
was JPY12 million" is the equipment's gross margin); later sentences give only
dividends, which say what they are.  U.S. dollar
translations, percentages and approximate figures ("around") are never values;
nor is an amount of change ("JPY12 million higher than in FY2013", "up JPY1,234
million YoY"), but the value it leads to is ("..., at JPY5,678 million", "... to
JPY12,345 million").  The words by role are data (`resources/sentence_words.csv`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from dataclasses import dataclass, field, replace
from decimal import Decimal

from iijviewer.base.concepts import Concept, catalog
from iijviewer.base.facts import PRESUMED_FIRST, Finding, RawFact, SourceRef
from iijviewer.base.periods import Period, PeriodMention, parse_key
from iijviewer.base.vocabulary import SCENARIOS, Scenario, Unit
from iijviewer.ingest import rules
from iijviewer.ingest.cells import normalize_label, parse_number, strip_markup
from iijviewer.ingest.context import (
    DocumentContext,
    announced_on,
    announcement,
    read_title,
    restated_scenario,
    without_announcement_dates,
)

# "JPY12,345 million", "JPY 123 million", "¥1.2 billion", "JPY1,234.00" (no scale: plain yen, a per-share figure)
# (atomic, places included: a long run of digits and commas is tried once, not once from each of its commas or
# digits, each try reading the rest of the run again)
AMOUNT_RE = re.compile(
    r"(?:JPY|¥)\s?(?P<number>(?>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?))(?![\d,]*\d)"
    r"(?:\s*(?P<scale>thousand|million|billion)s?(?:\b|(?=up|down)))?",  # "JPY213.0 billionup4.2%": cells run together
    re.IGNORECASE,
)
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_BULLET_RE = re.compile(r"^\s*(?:[-*•▪◆◇➤>♦·◦‣–—]+|\d{1,2}\.(?=\s)|\(\d{1,2}\)(?=\s))\s*")
_HEADING_NUMBER_RE = re.compile(r"^\s*(?:\d{1,2}\.|[IVX]+\s*[.-]\s*\d*\.?|\(\d{1,2}\)|<[^<>]{1,40}>)\s*")
# a sentence ends at ". " or "; " before a capital, unless the word before the point is an abbreviation
_SENTENCE_END_RE = re.compile(r"(?<=[.;])\s+(?=[A-Z“\"(])")
_INNER_SENTENCE_RE = re.compile(r"[a-z0-9)][.;]\s+[A-Z]")
_ABBREVIATION_RE = re.compile(
    r"(?:\b(?:inc|co|corp|ltd|no|nos|approx|vs|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mr|ms|dr|st|u\.s|e\.g|i\.e)|\b[A-Z])\.$",
    re.IGNORECASE,
)
_FOOTNOTE_MARK_RE = re.compile(r"\(\d{1,2}\)|(?<=[A-Za-z)])\d{1,2}\b|[*\u00b9\u00b2\u00b3\u2070-\u2079]+")
_ARTICLE_RE = re.compile(r"^(?:the|an?)\s+", re.IGNORECASE)
_WORD_START_RE = re.compile(r"(?<![\w'])(?=\w)")
_DIGIT_RE = re.compile(r"\d")
# a line that goes on from the line above: it starts in lower case or with a figure, or the line above stops mid-phrase
_CONTINUES_RE = re.compile(r"^(?:[a-z(]|\d|JPY|¥)")
_STOPS_MID_PHRASE_RE = re.compile(
    r"(?:[,(\-–]|\b(?:of|to|from|and|or|the|a|an|in|for|by|with|at|was|were|is|are|as|on|than|per|into))\s*$", re.IGNORECASE
)
HEADING_MAX_CHARS = 120
HEADING_MAX_WORDS = 16
FRAGMENT_MAX_WORDS = 4  # a wrapped label's other line: "IIJ", "attributable", "to IIJ"
# A label is a few words ("Net income attributable to IIJ", "Total revenues of 1H FY2012"): text longer than this
# before a figure is no label, however it starts, so that no figure costs more than a label's length per place.
LABEL_MAX_WORDS = 12
LABEL_MAX_CHARS = 160
TRAIL_SCOPE_CHARS = 80  # how far after a figure its own words ("per share as interim dividend") may stand
# A paragraph this long, or a sentence with this many figures, is no statement of a release (a damaged file, a table
# run together): reported, not read, so that reading stays linear in the length of the text.
PARAGRAPH_MAX_CHARS = 4000
SENTENCE_MAX_FIGURES = 40


@dataclass(frozen=True)
class Section:
    """What a heading says of the lines below it, until the next heading."""

    line: int
    period: str  # "" when the heading names none; a heading of results and targets: the results'
    scenario: str  # a scenario word (rules.scenario_word); "" when it names none, or results and targets both
    unsure: str = ""  # words naming a part of the year that no period it names accounts for ("the Fourth Quarter")
    # a heading of results and targets ("Highlights of 3Q17 Financial Results and FY2017 Financial Targets"): the period
    # it names for the targets ("" if none); None for any other heading
    target_period: str | None = None

    @property
    def of_results(self) -> bool:
        return self.scenario == Scenario.ACTUAL or self.target_period is not None

    def period_for(self, scenario: str) -> str:
        """The period a figure of a scenario takes from the heading: a target none from a heading of results only."""
        if scenario == Scenario.ACTUAL:
            return self.period
        if self.target_period is not None:
            return self.target_period
        return "" if self.scenario == Scenario.ACTUAL else self.period


@dataclass
class _Amount:
    start: int
    end: int
    value: Decimal
    places: int
    scale: int | None  # None: plain yen (per-share figures)


@dataclass
class _Group:
    """A sentence, or a parenthesis within one: the period and scenario it gives its figures."""

    start: int
    end: int
    depth: int
    parent: "_Group | None" = None
    index: int = 0  # in the sentence's list of groups
    scenario: str = ""


@dataclass
class _Reading:
    concept: Concept
    label: str
    period: Period | None = None
    scenario: str = ""
    announced: str = ""
    negative: bool = False  # the label's words make the figure a loss or an outflow
    values: list[tuple[_Amount, str]] = field(default_factory=list)  # (figure, scenario word)


def is_table_line(line: str) -> bool:
    return "\t" in line or line.lstrip().startswith("|")


def _plain_line(line: str) -> str:
    """A line as the sentence reader sees it: markup gone, a cell border ("|") a gap between words."""
    return strip_markup(line).replace("|", "  ")


def heading_of(text: str, ctx: DocumentContext) -> Section | None:
    """A short line that is no sentence and states no figure: a heading, with what it says of the lines below."""
    if is_table_line(text) or (_BULLET_RE.match(text) and not _HEADING_NUMBER_RE.match(text)):
        return None
    t = " ".join(_plain_line(text).split())
    if not t or len(t) > HEADING_MAX_CHARS:
        return None
    t = _HEADING_NUMBER_RE.sub("", t).strip()
    if (
        not t
        or not (t[0].isupper() or t[0].isdigit() or t[0] == "(")
        or t.endswith((".", ",", ";"))
        or _INNER_SENTENCE_RE.search(t)
        or "%" in t
        or AMOUNT_RE.search(t)
        or len(t.split()) > HEADING_MAX_WORDS
    ):
        return None
    plain = without_announcement_dates(t)
    found = ctx.periods.find(plain)
    unsure = rules.sentence_word("part_of_year").search(_blanked(plain, found))
    words = unsure.group() if unsure else ""
    parts: dict[str, list[str]] = {RESULTS: [], TARGETS: []}  # the periods of its parts that name one scenario
    for part in _HEADING_PARTS_RE.split(plain):
        kinds = _heading_kinds(part)
        if len(kinds) == 1:
            parts[kinds.pop()].append(_heading_period(ctx.periods.find(part)))
    if _heading_kinds(plain) == {RESULTS, TARGETS}:  # each figure's words say which it is; a result by default
        targets = next(filter(None, parts[TARGETS]), "")
        return Section(0, next(filter(None, parts[RESULTS]), ""), "", words, targets)
    return Section(0, _heading_period(found), rules.scenario_word(t) or "", words)


# A heading of results and targets names each with its period: "Highlights of 3Q17 Financial Results and FY2017
# Financial Targets", "Overview of FY2015 Financial Results and Business Outlook".
_HEADING_PARTS_RE = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)
RESULTS = "results"
TARGETS = "targets"


def _heading_kinds(text: str) -> set[str]:
    """Whether a heading's words name results, targets (outlook included), or both."""
    kinds = set()
    for pattern, word in rules.scenario_rules():
        if pattern.search(text):
            kinds.add(RESULTS if word == Scenario.ACTUAL else TARGETS)
    if rules.sentence_word("target").search(text) or rules.sentence_word("outlook").search(text):
        kinds.add(TARGETS)
    return kinds


def _heading_period(mentions: Sequence[PeriodMention]) -> str:
    """The period a heading names: its date range, else its first period; "" if none."""
    durations = [m for m in mentions if not m.period.is_instant]
    ranges = [m for m in durations if m.kind.startswith("range")]
    return (ranges or durations)[0].period.key if durations else ""


def _whole_year(period: Period) -> bool:
    return period.key == f"FY{period.fiscal_year}"


def _blanked(text: str, mentions: Sequence[PeriodMention]) -> str:
    """A text with the periods found in it blanked: the words no period reading accounts for."""
    chars = list(text)
    for m in mentions:
        chars[m.start : m.end] = " " * (m.end - m.start)
    return "".join(chars)


def _is_title(text: str) -> bool:
    """A heading that names neither period nor scenario still ends the section above ("Consolidated Balance Sheets")."""
    t = " ".join(_plain_line(text).split())
    return len(t.split()) >= 2 and t[:1].isupper()


def _continues(previous: str, line: str) -> bool:
    """Whether a line goes on with the statement of the line above (a bullet wrapped at 70 columns)."""
    t = line.strip()
    if not t or _BULLET_RE.match(line):
        return False
    return bool(_CONTINUES_RE.match(t) or _STOPS_MID_PHRASE_RE.search(previous))


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(text):
        if _ABBREVIATION_RE.search(text[max(start, m.start() - 8) : m.start()]):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _groups(text: str, start: int, end: int) -> tuple[list[_Group], list[int]]:
    """The sentence and its parentheses, and each character's group (an index into the list)."""
    groups = [_Group(start, end, 0)]
    owner = [0] * (end - start)
    stack = [0]
    for i in range(start, end):
        c = text[i]
        if c == "(":
            g = _Group(i, end, groups[stack[-1]].depth + 1, groups[stack[-1]], len(groups))
            groups.append(g)
            stack.append(len(groups) - 1)
            owner[i - start] = stack[-1]
        elif c == ")" and len(stack) > 1:
            owner[i - start] = stack[-1]
            groups[stack.pop()].end = i + 1
        else:
            owner[i - start] = stack[-1]
    return groups, owner


def _clean_label(
    raw: str, ctx: DocumentContext, mentions: Sequence[PeriodMention] | None = None
) -> tuple[str, list[PeriodMention]]:
    """A label as the label rules see it, and the periods it names ("Total revenues of 1H FY2012").

    `mentions`: the periods of `raw` when the caller has found them (in a longer text, once).
    """
    text = without_announcement_dates(raw)
    mentions = list(ctx.periods.find(text) if mentions is None else mentions)
    for m in sorted(mentions, key=lambda m: -m.start):
        before = re.search(r"(?:\b(?:of|for|in|during|as\s+of)\s+(?:the\s+)?)?$", text[: m.start], re.IGNORECASE)
        cut = before.start() if before else m.start
        text = text[:cut] + " " + text[m.end :]
    text = _FOOTNOTE_MARK_RE.sub(" ", text)
    text = re.sub(r"\b(?:targets?|forecasts?|plans?)\b", " ", text, flags=re.IGNORECASE)
    text = " ".join(text.split())
    text = _ARTICLE_RE.sub("", text)
    return normalize_label(text), mentions


def _strip_connector(lead: str) -> str:
    """The text before a figure without the words that join a label to it ("Revenues were", "revenues of", "Revenues:",
    "Operating income increased by 1.2% YoY to", "Net income, which excludes ..., was")."""
    connector = rules.sentence_word("connector")
    previous = None
    text = rules.sentence_word("aside").sub(" ", lead).rstrip()
    while previous != text:
        previous = text
        text = text.rstrip(" :-–—")
        m = re.search(rf"(?<![A-Za-z])(?:{connector.pattern})\s*$", text, re.IGNORECASE)
        if m:
            text = text[: m.start()].rstrip()
    return text


_SEPARATOR_RE = re.compile(r"[\s,;)]+|(?:and|or)\s+", re.IGNORECASE)


def _skip_separators(text: str) -> int:
    """Where the words after a figure start: past its notes ("(up 1.2% YoY)", "up 1.2 % YoY2"), commas and an "and"."""
    notes = rules.sentence_word("change_note")
    at = 0
    while at < len(text):
        m = _SEPARATOR_RE.match(text, at) or notes.match(text, at)
        if m is None or m.end() == at:
            break
        at = m.end()
    return at


# A sentence's words of what will be ("we expect", "will be", "outlook"): a target for a period after the one the document
# reports; for a period it reports, what a decision made it ("... already paid, the annual dividend ... will be").
OUTLOOK = "outlook"


def _scenario_word(text: str) -> str:
    """The scenario a sentence's words name: as `rules.scenario_word`, with the words only prose uses
    (`sentence_words.csv`): an intention ("plans to pay", "intends to pay") is a target whatever it intends; words
    of what will be are `OUTLOOK`; "" if none."""
    word = rules.scenario_word(text)
    if word in (None, "actual") and rules.sentence_word("target").search(text):
        return "target"
    if word is None and rules.sentence_word("outlook").search(text):
        return OUTLOOK
    return word or ""


def _names_result(text: str) -> bool:
    return any(pattern.search(text) for pattern, word in rules.scenario_rules() if word == Scenario.ACTUAL)


def _scenario_word_end(text: str) -> int | None:
    """Where the first scenario word of a text ends (`rules.scenario_word`); None if it names none."""
    ends = [m.end() for m in (pattern.search(text) for pattern, _ in rules.scenario_rules()) if m is not None]
    return min(ends, default=None)


class _Paragraph:
    """The lines of one statement joined (a bullet wrapped over lines); each place in it knows its line."""

    def __init__(self, segments: Sequence[tuple[int, str]]):
        parts: list[str] = []
        self.starts: list[tuple[int, int]] = []  # (place, line number)
        at = 0
        for k, (number, text) in enumerate(segments):
            text = text.strip() if k else text.rstrip()
            if k:
                joiner = "" if parts[-1].endswith("-") and text[:1].islower() else " "  # "Year-" / "end": one word
                parts.append(joiner)
                at += len(joiner)
            self.starts.append((at, number))
            parts.append(text)
            at += len(text)
        self.text = "".join(parts)
        self.lines = len(segments)

    def line_at(self, place: int) -> int:
        number = self.starts[0][1]
        for start, n in self.starts:
            if start > place:
                break
            number = n
        return number


class _Sentence:
    """A sentence of a paragraph, its parentheses, and its yen figures in order."""

    def __init__(self, paragraph: _Paragraph, start: int, end: int, amounts: list[_Amount], first: bool = True):
        self.paragraph = paragraph
        self.text = paragraph.text
        self.start = start
        self.end = end
        self.amounts = amounts
        self.first = first  # the paragraph's first sentence
        self.groups, self.owner = _groups(self.text, start, end)
        self.group_of = [self.owner[a.start - start] for a in amounts]
        # parentheses that hold digits (a translation, a change, a comparison's figure) are not part of the words around
        # them; "(benefit)" and "(loss)" are
        self.blanked = {g for g, group in enumerate(self.groups) if g and _DIGIT_RE.search(self.text[group.start : group.end])}
        self.read: dict[int, _Reading] = {}  # figures read, by index: an enumeration goes on after them
        self._views: dict[int, str] = {}
        self._members: dict[int, list[int]] = {}
        for k, g in enumerate(self.group_of):
            self._members.setdefault(g, []).append(k)

    def own(self, start: int, end: int, g: int) -> str:
        """The text of group `g` between two places, its parentheses with figures blanked."""
        view = self._views.get(g)
        if view is None:
            owner, base, blanked = self.owner, self.start, self.blanked
            view = self._views[g] = "".join(
                " " if owner[i - base] != g and owner[i - base] in blanked else self.text[i] for i in range(self.start, self.end)
            )
        return view[start - self.start : end - self.start]

    def previous(self, i: int) -> int | None:
        members = self._members[self.group_of[i]]
        at = members.index(i)
        return members[at - 1] if at else None

    def following(self, i: int) -> int | None:
        members = self._members[self.group_of[i]]
        at = members.index(i)
        return members[at + 1] if at + 1 < len(members) else None

    def lead(self, i: int) -> str:
        """The words before a figure: from the figure before it in its group, else from the group's start."""
        g = self.group_of[i]
        previous = self.previous(i)
        group = self.groups[g]
        start = self.amounts[previous].end if previous is not None else max(group.start + (1 if g else 0), self.start)
        return self.own(start, self.amounts[i].start, g)

    def trail(self, i: int) -> str:
        """The words after a figure, to the next figure of its group or the group's end (at most `TRAIL_SCOPE_CHARS`)."""
        g = self.group_of[i]
        following = self.following(i)
        end = self.amounts[following].start if following is not None else min(self.groups[g].end, self.end)
        return self.own(self.amounts[i].end, min(end, self.amounts[i].end + TRAIL_SCOPE_CHARS), g)

    def line(self, i: int) -> int:
        return self.paragraph.line_at(self.amounts[i].start)


class _SentenceReader:
    def __init__(self, ctx: DocumentContext, lines: Sequence[str], excluded: set[int]):
        self.ctx = ctx
        self.lines = lines
        self.excluded = excluded
        self.facts: list[RawFact] = []
        self.findings: list[Finding] = []
        self.section = Section(0, "", "")
        # a notice of one dividend ("... (Interim Dividend)", "resolved upon the interim dividend"): what its unqualified
        # dividends are
        kinds = rules.qualified(dividend_concept().id, read_title(lines) + " " + announcement(lines)[1])
        self.notice_dividend = kinds if len(kinds) == 1 else []

    def report(self, line: int, message: str) -> None:
        self.findings.append(Finding("uncertain_figure", message, (SourceRef(self.ctx.document, line),)))

    # -- a document: paragraphs and the headings between them --------------------------------
    def read(self) -> None:
        paragraph: list[tuple[int, str]] = []
        for number, line in enumerate(self.lines, start=1):
            if number in self.excluded or is_table_line(line) or not line.strip():
                self._flush(paragraph)
                continue
            text = _plain_line(line)
            if paragraph and _continues(paragraph[-1][1], text):
                paragraph.append((number, text))
                continue
            self._flush(paragraph)
            heading = heading_of(line, self.ctx)
            if heading is not None:
                said = heading.period or heading.scenario or heading.unsure or heading.target_period is not None
                if said or (_is_title(line) and self._label_row(text) is None):
                    self.section = replace(heading, line=number)
                continue
            paragraph.append((number, text))
        self._flush(paragraph)

    def _flush(self, paragraph: list[tuple[int, str]]) -> None:
        if paragraph and any(AMOUNT_RE.search(t) for _, t in paragraph):
            self.read_paragraph(_Paragraph(paragraph))
        paragraph.clear()

    def _fragment(self, number: int) -> str:
        """A wrapped label's other part: a short line of words only, next to `number`; "" if none."""
        if not 1 <= number <= len(self.lines) or number in self.excluded:
            return ""
        t = " ".join(_plain_line(self.lines[number - 1]).split())
        if not t or is_table_line(self.lines[number - 1]) or _DIGIT_RE.search(t) or len(t.split()) > FRAGMENT_MAX_WORDS:
            return ""
        return "" if t.endswith((".", ":", ";")) or _BULLET_RE.match(t) else t

    # -- a paragraph -------------------------------------------------------------------------
    def read_paragraph(self, paragraph: _Paragraph) -> None:
        text = paragraph.text
        if len(text) > PARAGRAPH_MAX_CHARS:
            self.report(paragraph.starts[0][1], f"a paragraph of {len(text):,} characters is no statement; its figures not read")
            return
        if self._under_labels(paragraph):
            return
        bullet = _BULLET_RE.match(text)
        offset = bullet.end() if bullet else 0
        said = ""  # the scenario the paragraph's sentences have named so far ("Dividend targets remain unchanged. (Interim: ...)")
        for k, (a, b) in enumerate(_sentences(text[offset:])):
            said = self.read_sentence(paragraph, a + offset, b + offset, first=k == 0, said=said) or said

    def read_sentence(self, paragraph: _Paragraph, start: int, end: int, first: bool = True, said: str = "") -> str:
        """The figures of one sentence (see the module's docstring for why only a first sentence gives other than dividends).

        Returns the scenario the sentence names, for the sentences after it.
        """
        text = paragraph.text
        amounts = [a for a in (self._amount(m) for m in AMOUNT_RE.finditer(text, start, end)) if a is not None]
        if not amounts:
            return _scenario_word(text[start:end])
        if len(amounts) > SENTENCE_MAX_FIGURES:
            self.report(paragraph.line_at(start), f"a sentence of {len(amounts)} figures is no sentence of a release; not read")
            return ""
        sentence = _Sentence(paragraph, start, end, amounts, first)
        needed: set[int] = set()
        for g in set(sentence.group_of):  # the groups with figures, and the groups around them
            group: _Group | None = sentence.groups[g]
            while group is not None:
                needed.add(group.index)
                group = group.parent
        for g, group in enumerate(sentence.groups):
            if g not in needed:
                continue
            head = next((a.start for a, k in zip(amounts, sentence.group_of) if k == g), group.end)
            group.scenario = _scenario_word(sentence.own(group.start, head, g))
            if group.parent is not None:
                group.scenario = group.scenario or group.parent.scenario
            elif not first:
                group.scenario = group.scenario or said
        done = self._runs(sentence)
        for i in range(len(amounts)):
            if i in done:
                continue
            pair = self._pair(sentence, i)
            if pair is not None:
                done.add(pair[0] if pair[1] == i else pair[1])
            done |= self.read_figure(sentence, i, pair)
        return sentence.groups[0].scenario

    def _runs(self, sentence: _Sentence) -> set[int]:
        """Figures printed side by side with nothing but notes between them: a row of columns the text does not name.

        "Dividend per common share JPY12.34 JPY12.00 JPY11.00" is one row of a table run together; which column is
        which the sentence cannot tell, so none of its figures is read (and the row is reported).
        """
        amounts = sentence.amounts
        run: set[int] = set()
        for i in range(len(amounts)):
            following = sentence.following(i)
            if following is None:
                continue
            between = sentence.own(amounts[i].end, amounts[following].start, sentence.group_of[i])
            if _skip_separators(between) == len(between) and "and" not in between.lower().split() and "," not in between:
                run |= {i, following}
        if run:
            first = min(run)
            self.report(
                sentence.line(first),
                f"{len(run)} figures side by side (from JPY{amounts[first].value}): which column each is cannot be told; not read",
            )
        return run

    def _under_labels(self, paragraph: _Paragraph) -> bool:
        """Figures alone on their line under a line of as many labels ("Revenues Operating Income" / "JPY12,345 million
        JPY1,234 million"): a box of the release set out on two lines.  Read in order; True when so read."""
        text = paragraph.text
        amounts = [a for a in (self._amount(m) for m in AMOUNT_RE.finditer(text)) if a is not None]
        rest = AMOUNT_RE.sub(" ", text)
        rest = re.sub(r"\((?:\$|US\$|up\b|down\b)[^()]*\)", " ", rest, flags=re.IGNORECASE)
        if not amounts or paragraph.lines != 1 or rest.strip() or any(a.scale is None for a in amounts):
            return False
        number = paragraph.starts[0][1]
        above = next((n for n in range(number - 1, max(0, number - 3), -1) if self.lines[n - 1].strip()), 0)
        if not above or above in self.excluded or is_table_line(self.lines[above - 1]):
            return False
        labels = self._label_row(_plain_line(self.lines[above - 1]), len(amounts))
        if labels is None:
            return False
        for amount, (concept, printed) in zip(amounts, labels):
            r = _Reading(concept, printed, values=[(amount, "")])
            self._emit_alone(number, amount, r)
        return True

    def _label_row(self, text: str, count: int = 0) -> list[tuple[Concept, str]] | None:
        """A line that is labels side by side ("Revenues Operating Income"), each a concept, `count` of them if given; else None.

        (Such a line is no heading: it names the figures under it, not a section.)
        """
        spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
        if not spans or len(spans) > LABEL_MAX_WORDS * max(count, 1):
            return None
        # the line's periods found once; a label's are those within it (a label is at most LABEL_MAX_WORDS words)
        blanked = without_announcement_dates(text)
        mentions = self.ctx.periods.find(blanked)
        best: dict[int, list[tuple[Concept, str]]] = {0: []}
        for end in range(1, len(spans) + 1):
            for start in range(max(0, end - LABEL_MAX_WORDS), end):
                if start not in best:
                    continue
                a, b = spans[start][0], spans[end - 1][1]
                printed = " ".join(text[a:b].split())
                inside = [replace(m, start=m.start - a, end=m.end - a) for m in mentions if a <= m.start and m.end <= b]
                label, _ = _clean_label(blanked[a:b], self.ctx, inside)
                concept = next((c for c, _ in rules.concepts_for(label, "", "", self.ctx.tags) if c.unit == Unit.JPY), None)
                if concept is not None and (end not in best or len(best[start]) + 1 < len(best[end])):
                    best[end] = best[start] + [(concept, printed)]
        found = best.get(len(spans))
        return found if found is not None and (not count or len(found) == count) else None

    def _emit_alone(self, number: int, amount: _Amount, r: _Reading) -> None:
        """A figure read with no sentence around it: its period and scenario are its section's."""
        scenario = self.section.scenario if self.section.scenario in SCENARIOS else Scenario.ACTUAL
        if self.section.unsure and not self._yearly(r.concept):
            self.report(number, f"{r.label!r} JPY{amount.value}: {self._unsure_heading()}; not read")
            return
        heading = self.section.period_for(scenario)
        period = self._fits(r.concept, parse_key(heading)) if heading else None
        if period is None and scenario == Scenario.ACTUAL and self.ctx.reported_period:
            period = self._fits(r.concept, parse_key(self.ctx.reported_period))
        if period is None:
            self.report(number, f"{r.label!r} JPY{amount.value}: no period can be told; not read")
            return
        if self._future_result(number, r, amount, period, scenario):
            return
        if scenario == Scenario.TARGET and self.ctx.revises(period):
            scenario = "revised_target"
        self.facts.append(self._fact(number, r, amount, period, scenario))

    def _amount(self, m: re.Match[str]) -> _Amount | None:
        fig = parse_number(m["number"])
        if fig is None:
            return None
        scale = _SCALES[m["scale"].lower()] if m["scale"] else None
        return _Amount(m.start(), m.end(), fig.value, fig.places, scale)

    def _group_period(self, sentence: _Sentence, i: int) -> Period | None:
        """The period the figure's clause names for it ("revenues of JPY12.3 billion, ... for FY2010"; "as FY2017 year-end
        dividend"): the nearest "for"-period after it, else before it, with no other clause between ("... whereas we had
        a benefit of JPY1,234 million for the nine months ended December 31, 2007" names the comparison's period)."""
        g = sentence.group_of[i]
        group = sentence.groups[g]
        own = sentence.own(group.start, group.end, g)
        at = sentence.amounts[i].start - group.start
        introducer = rules.sentence_word("period")
        breaks = rules.sentence_word("clause_break")
        after: list[PeriodMention] = []
        before: list[PeriodMention] = []
        for m in self.ctx.periods.find(without_announcement_dates(own)):
            if not introducer.search(own[max(0, m.start - 30) : m.start]):
                continue
            if m.start >= at and not breaks.search(own[at : m.start]):
                after.append(m)
            elif m.end <= at and not breaks.search(own[m.end : at]):
                before.append(m)
        found = after[:1] or before[-1:]
        if found:
            return found[0].period
        return self._group_period_of_parent(sentence, group)

    def _group_period_of_parent(self, sentence: _Sentence, group: _Group) -> Period | None:
        """A parenthesis takes the period its sentence names at its place ("... for FY2010 (JPY1,234 for the interim ...")."""
        parent = group.parent
        if parent is None:
            return None
        own = sentence.own(parent.start, parent.end, parent.index)
        introducer = rules.sentence_word("period")
        found = {
            m.period.key: m.period
            for m in self.ctx.periods.find(without_announcement_dates(own))
            if introducer.search(own[max(0, m.start - 30) : m.start])
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def _pair(self, sentence: _Sentence, i: int) -> tuple[int, int] | None:
        """A revision stated as two figures: (the earlier target, the new one), indices into the sentence's amounts; or None.

        "revised from JPY111 to JPY222"; "JPY2,222, up from JPY1,111 as previously planned".
        """
        following = sentence.following(i)
        if following is None:
            return None
        amounts = sentence.amounts
        g = sentence.group_of[i]
        between = sentence.own(amounts[i].end, amounts[following].start, g)
        if rules.sentence_word("revision_to").search(between) and rules.sentence_word("revision_from").search(sentence.lead(i)):
            # "revised its targets: operating profit from X to Y, and net profit from X to Y": a revision named before
            said = sentence.own(sentence.groups[g].start, amounts[i].start, g)
            if rules.sentence_word("revision").search(said):
                return (i, following)
        if rules.sentence_word("revision_up_from").search(between):
            after = sentence.text[amounts[following].end : amounts[following].end + 60]
            if rules.sentence_word("revision_previously").search(after):
                return (following, i)
        return None

    # -- a figure ------------------------------------------------------------------------
    def read_figure(self, sentence: _Sentence, i: int, pair: tuple[int, int] | None) -> set[int]:
        """Read one figure (a pair: both); the indices of figures it read besides (a comparative in parentheses)."""
        lead = sentence.lead(i)
        if pair is not None and pair[0] == i:  # "FY2009 revenue target was revised down from": the label is before the revision
            said = rules.sentence_word("revision_words").search(lead)
            lead = lead[: said.start()] if said else lead
        trail = sentence.trail(pair[1] if pair is not None else i)
        if rules.sentence_word("estimate").search(lead):
            return set()
        changed = self._changed_to(sentence, i, lead, trail) if pair is None else (i, lead)
        if changed is None:
            return set()  # an amount of change that leads to no value ("JPY12 million higher than in FY2013")
        at, lead = changed
        if at != i:
            trail = sentence.trail(at)
        amount = sentence.amounts[at]
        group = sentence.groups[sentence.group_of[i]]
        previous = sentence.previous(i)
        readings: list[_Reading]
        if amount.scale is None and rules.sentence_word("dividend").search(lead + " " + trail):
            readings = self._dividend(sentence, i, lead, trail)
        elif not sentence.first:
            return set()
        elif previous is not None and previous not in sentence.read:
            # "... the acquisition of a subsidiary for JPY1,234 million and the purchase of property and equipment of
            # JPY2,345 million": an enumeration goes on only after a figure read by its label
            readings = self._labelled(sentence, i, lead, trail, start=False, enumeration=False)
        else:
            readings = self._labelled(sentence, i, lead, trail, start=previous is None and group.depth == 0)
        if not readings:
            return set()
        earlier = sentence.read.get(previous) if previous is not None else None
        comparative = self._comparative(sentence, at, readings[0]) if pair is None and len(readings) == 1 else None
        for r in readings:
            if earlier is not None:  # an enumeration shares its period and scenario ("revenues of X, operating income of Y")
                r.period = r.period or earlier.period
                r.scenario = r.scenario or earlier.scenario
            if pair is not None:
                r.values = [(sentence.amounts[pair[0]], rules.TARGET_PREVIOUS), (sentence.amounts[pair[1]], Scenario.REVISED_TARGET)]
            else:
                r.values = [(amount, "")]
            self._emit(sentence, i, group, r)
        sentence.read[i] = sentence.read[at] = readings[0]
        if pair is not None:
            sentence.read[pair[1]] = readings[0]  # an enumeration of revisions goes on after the new figure
        besides = {at} - {i}
        if comparative is None:
            return besides
        k, r = comparative
        self._emit(sentence, k, sentence.groups[sentence.group_of[k]], r)
        return besides | {k}

    def _changed_to(self, sentence: _Sentence, i: int, lead: str, trail: str) -> tuple[int, str] | None:
        """The figure that is the value for the label before figure i, and the words before it that name the label.

        Figure i itself and its lead; or, where figure i is an amount of change ("up JPY1,234 million YoY to",
        "increased by JPY1,234 million to", "JPY1,234 million lower YoY, at"), the figure it leads to and the lead without
        the words of the change; None where it leads to no figure ("JPY12 million higher than in FY2013").
        """
        before = rules.sentence_word("difference_before").search(lead)
        after = rules.sentence_word("difference_after").search(trail)
        if before is None and after is None:
            return i, lead
        following = sentence.following(i)
        if following is None:
            return None
        between = sentence.own(sentence.amounts[i].end, sentence.amounts[following].start, sentence.group_of[i])
        if not rules.sentence_word("difference_to").search(between[after.end() if after else 0 :]):
            return None
        return following, lead[: before.start()] if before is not None else lead

    def _labelled(
        self, sentence: _Sentence, i: int, lead: str, trail: str, start: bool, enumeration: bool = True
    ) -> list[_Reading]:
        amount = sentence.amounts[i]
        found = self._label(sentence.line(i), lead, start, amount.scale is None, enumeration, sentence.paragraph.lines == 1)
        if found is None:
            return []
        concept, printed, mentions, heading = found
        r = _Reading(concept, printed)
        r.period = self._subject_period(concept, mentions)
        r.scenario = _scenario_word(lead)
        if heading is not None:  # a heading run into the text: "Financial Targets for FY2018 Revenues JPY..."
            r.period = r.period or self._fits(concept, heading.period)
            r.scenario = _scenario_word(lead[: heading.end]) or r.scenario
        r.announced = announced_on(lead + " " + trail)
        r.negative = bool(rules.sentence_word("negative").search(normalize_label(printed)))
        return [r]

    def _dividend(self, sentence: _Sentence, i: int, lead: str, trail: str) -> list[_Reading]:
        """A per-share figure among words about a dividend: which dividend the nearest words say (interim, year-end, annual)."""
        base = dividend_concept()
        another = rules.sentence_word("another_figure")
        cut = re.split(r"[,;]", lead)[-1]
        near = another.split(re.split(r"[,;]", trail)[0], maxsplit=1)[0]  # "JPY31.00 per share including the interim ..."
        kinds = rules.qualified(base.id, near) or rules.qualified(base.id, cut) or rules.qualified(base.id, lead)
        kinds = kinds or self.notice_dividend  # "IIJ decided to pay a dividend of" in a notice of the interim dividend
        if len(kinds) > 1 and not rules.sentence_word("respectively").search(trail):
            self.report(sentence.line(i), f"a dividend of which kind cannot be told ({', '.join(kinds)}); not read")
            return []
        _, mentions = _clean_label(cut, self.ctx)
        said = near if rules.qualified(base.id, near) or not cut.strip() else cut  # the words that name the dividend
        printed = " ".join(said.split()).strip(" ,;()") or " ".join(trail.split())
        out = []
        for concept in [catalog()[k] for k in kinds] or [base]:
            r = _Reading(concept, printed)
            r.period = self._subject_period(concept, mentions)
            # the words after it may be the next heading ("... Financial Targets"): only "paid" and the like count there
            after = _scenario_word(near)
            aside = another.search(cut)  # "..., including the interim dividend of": another dividend than the sentence's
            own = cut[aside.end() :] if aside else cut
            r.scenario = _scenario_word(own) or (after if after == Scenario.ACTUAL else "") or (Scenario.ACTUAL if aside else "")
            r.announced = announced_on(lead + " " + trail)
            out.append(r)
        return out

    def _label(self, number: int, lead: str, start: bool, per_share: bool, enumeration: bool, one_line: bool):
        """The concept the text before a figure names: (concept, label as printed, periods in it, heading run in); or None."""
        text = _strip_connector(lead)
        if start and not text.strip():
            return None
        starts = self._label_starts(text, start, enumeration)
        for s, heading in starts:
            raw = text[s:].strip()
            if len(raw) > LABEL_MAX_CHARS:
                continue
            for candidate in self._with_fragments(number, raw, one_line and start and s == starts[0][0]):
                label, mentions = _clean_label(candidate, self.ctx)
                if not label:
                    continue
                for concept, _ in rules.concepts_for(label, "", "", self.ctx.tags):
                    if (concept.unit == Unit.JPY_PER_SHARE) == per_share and concept.unit in (Unit.JPY, Unit.JPY_PER_SHARE):
                        return concept, candidate, mentions, heading
        return None

    def _with_fragments(self, number: int, raw: str, whole_line: bool) -> list[str]:
        out = [raw]
        if whole_line:  # a label printed over two lines: "Net Income attributable to" ... "IIJ"
            after = self._fragment(number + 1)
            before = self._fragment(number - 1)
            if after:
                out.append(raw + " " + after)
            if before:
                out.append(before + " " + raw)
        return out

    def _label_starts(self, text: str, start: bool, enumeration: bool = True) -> list[tuple[int, PeriodMention | None]]:
        """Where a label may start in the text before a figure, earliest first, with the heading run in before it if any.

        At the start of the sentence; after an introduction that names no
        subject ("As a result of the above, net income was", "In 1H FY2012,
        revenues were"; not "As for systems operation, its revenues were"); after
        the figure before it in an enumeration ("revenues of JPY12.3 billion,
        operating income of JPY1.2 billion"); after a word that announces
        figures ("IIJ targets revenues of"); after the period that ends a heading
        run into the text ("Highlights of Financial Results for FY2017 Revenues").
        """
        starts: list[tuple[int, PeriodMention | None]] = []
        if start:
            starts.append((0, None))
            comma = text.find(", ")
            if comma > 0 and self._introduction(text[:comma]):
                starts.append((comma + 2, None))
        elif enumeration:
            starts.append((_skip_separators(text), None))
        colon = text.rfind(": ")
        if colon > 0 and (start or enumeration):  # "IIJ revised its FY2020 targets: operating profit from ..."
            starts.append((colon + 2, None))
        for m in rules.sentence_word("lead").finditer(text):
            if _WORD_START_RE.match(text, m.end()):
                starts.append((m.end(), None))
        said = _scenario_word_end(text)
        for mention in self.ctx.periods.find(text):
            if not mention.period.is_instant and said is not None and said <= mention.start:
                starts.append((mention.end, mention))
        seen: dict[int, PeriodMention | None] = {}
        for s, heading in starts:
            if s not in seen or heading is not None:
                seen[s] = heading
        return sorted(seen.items())

    def _introduction(self, text: str) -> bool:
        """A phrase before the subject that names no other subject: a connective ("As a result of the above") or a period."""
        if rules.sentence_word("introduction").fullmatch(text.strip()):
            return True
        rest = without_announcement_dates(text)
        for m in sorted(self.ctx.periods.find(rest), key=lambda m: -m.start):
            rest = rest[: m.start] + " " + rest[m.end :]
        return rest != text and re.fullmatch(r"\s*(?:in|for|during|as\s+of|at)?\s*(?:the\s+)?\s*", rest, re.IGNORECASE) is not None

    def _subject_period(self, concept: Concept, mentions: Sequence[PeriodMention]) -> Period | None:
        """The period a label names for its figure ("Total revenues of 1H FY2012"), as the concept takes it; None: none or several."""
        found = {}
        for m in mentions:
            p = self._fits(concept, m.period)
            if p is not None:
                found[p.key] = p
        return next(iter(found.values())) if len(found) == 1 else None

    @staticmethod
    def _yearly(concept: Concept) -> bool:
        """A concept whose figure belongs to a fiscal year whatever part of it the words name: a dividend."""
        return (
            concept.unit == "JPY/share"
            and concept.period_type == "duration"
            and (rules.qualifiable(concept.id) or concept.id in {q.concept for q in rules.qualifiers()})
        )

    @classmethod
    def _fits(cls, concept: Concept, period: Period | None) -> Period | None:
        """The period as the concept takes it: a dividend's fiscal year; None if the concept cannot have it."""
        if period is None:
            return None
        if cls._yearly(concept):
            return parse_key(f"FY{period.fiscal_year}")  # a dividend belongs to its fiscal year
        if concept.is_instant != period.is_instant:
            return None
        return period

    # -- a comparative in parentheses ----------------------------------------------------------
    def _comparative(self, sentence: _Sentence, i: int, main: _Reading) -> tuple[int, _Reading] | None:
        """The figure a read one is compared with, in parentheses right after it with its own period: the same concept then.

        "Income before income tax expenses was JPY1,234 million, up 1.2% YoY (JPY1,111 million for the nine months ended
        December 2009)"; "(loss of JPY12 million for 1H11)".  Only a parenthesis that holds nothing but the figure, its
        period and the words of its sign: its index in the sentence's figures and its reading, or None.  A main figure
        with no period of its own takes the year after the comparative's.
        """
        amounts, g = sentence.amounts, sentence.group_of[i]
        following = sentence.following(i)
        limit = amounts[following].start if following is not None else sentence.groups[g].end
        for k in range(i + 1, len(amounts)):
            group = sentence.groups[sentence.group_of[k]]
            if group.parent is None or group.parent.index != g or not amounts[i].end <= group.start <= limit:
                continue
            between = sentence.own(amounts[i].end, group.start, g).strip(" ,;")
            if between and not rules.sentence_word("change_note").fullmatch(between):
                return None
            if sum(1 for m in sentence.group_of if m == group.index) != 1:
                return None
            before = sentence.text[group.start + 1 : amounts[k].start].strip()
            sign = rules.sentence_word("comparative_sign").fullmatch(before) if before else None
            if before and sign is None:
                return None
            period = self._comparative_period(main.concept, sentence.text[amounts[k].end : group.end])
            if period is None:
                return None
            negative = main.negative
            if sign is not None and re.search(r"\bloss\b", before, re.IGNORECASE):
                negative = True
            elif sign is not None and re.search(r"\b(?:income|profit|gain)\b", before, re.IGNORECASE):
                negative = False
            r = _Reading(main.concept, main.label, period, "actual", negative=negative)
            r.values = [(amounts[k], "actual")]
            if main.period is None and self._group_period(sentence, i) is None and not self.section.period:
                main.period = self._fits(main.concept, self._year_after(period))
            return k, r
        return None

    def _comparative_period(self, concept: Concept, rest: str) -> Period | None:
        """The period after a comparative's figure: "for the nine months ended December 2009", "in 1H09"."""
        introduced = [m for m in self.ctx.periods.find(rest) if re.search(r"\b(?:for|in|of)\s+(?:the\s+)?$", rest[: m.start])]
        periods = {p.key: p for p in (self._fits(concept, m.period) for m in introduced) if p is not None}
        return next(iter(periods.values())) if len(periods) == 1 else None

    @staticmethod
    def _year_after(period: Period) -> Period:
        part = period.key.split("-", 1)[1] if "-" in period.key else None
        return parse_key(f"FY{period.fiscal_year + 1}" + (f"-{part}" if part else ""))

    # -- placing and emitting -------------------------------------------------------------
    def _period(
        self, r: _Reading, sentence: _Sentence, i: int, scenario: str, text: str, revision: bool = False
    ) -> tuple[Period | None, str]:
        """The figure's period, or None and why.

        The period its label or its clause names.  Else, where its clause (or
        its heading) names a part of the year that no period reading accounts
        for ("in the fourth quarter", "the January-March quarter", "Highlights
        of the First Nine Months"), none: the heading's or the document's period
        would be a guess.  Else its heading's (a target's only under a heading
        that is not one of results: targets under "Highlights of Financial
        Results for 1Q17" are no 1Q17 targets; but a revision is of a target
        that stands, the year's whose results the heading reports, where the
        heading names a year or the target is a dividend), else, for a result, the
        document's, else the year after what it is compared with.  Where the
        clause says the whole year ("full-year", "for the fiscal year"), the
        fiscal year of that period; a target's only where that period is part
        of a year or a heading of targets names it (in a release of a year's
        results, "full-year targets" may be the next year's).  A dividend is its
        fiscal year's whatever part of it the words name.
        """
        if r.period is not None:
            return r.period, ""
        found = self._fits(r.concept, self._group_period(sentence, i))
        if found is not None:
            return found, ""
        clause = self._clause(sentence, i)
        yearly = self._yearly(r.concept)
        part = rules.sentence_word("part_of_year").search(clause)
        if part is not None and not yearly:
            return None, f"{part.group()!r} names a part of the year that no period reading tells"
        if self.section.unsure and not yearly:
            return None, self._unsure_heading()
        heading = self.section.period_for(scenario)
        if not heading and revision and self.section.of_results and self.section.period:
            if yearly or _whole_year(parse_key(self.section.period)):
                heading = self.section.period
        from_heading = bool(heading)
        around: Period | None = None
        if from_heading:
            around = parse_key(heading)
        elif self.ctx.reported_period and (scenario == Scenario.ACTUAL or not yearly):
            around = parse_key(self.ctx.reported_period)  # a target's only for its year, below
        if around is not None and not yearly and rules.sentence_word("full_year").search(clause):
            if scenario != Scenario.ACTUAL and _whole_year(around) and not from_heading:
                return None, f"a full-year target in a document of {around.key}: that year's or the next cannot be told"
            return parse_key(f"FY{around.fiscal_year}"), ""
        if around is not None and (scenario == Scenario.ACTUAL or from_heading):
            return self._fits(r.concept, around), ""
        if scenario == Scenario.ACTUAL:
            return self._fits(r.concept, self._compared(text)), "no period can be told (the sentence, its heading and the document name none)"
        if self.section.of_results:
            return None, f"no period can be told: a target names its own, and its heading (line {self.section.line}) is one of results"
        return None, "no period can be told: a target names its own, and neither its sentence nor its heading does"

    def _unsure_heading(self) -> str:
        return f"its heading (line {self.section.line}) names {self.section.unsure!r}, a part of the year that no period reading tells"

    def _clause(self, sentence: _Sentence, i: int) -> str:
        """The words of the figure's clause with the periods they name blanked: its sentence or parenthesis (without the
        parentheses that hold figures) between the clause breaks around it ("... whereas ..."), to the explanation
        after it ("..., as the prior-year quarter included a gain")."""
        g = sentence.group_of[i]
        group = sentence.groups[g]
        own = without_announcement_dates(sentence.own(group.start, group.end, g))
        own = _blanked(own, self.ctx.periods.find(own))
        at = sentence.amounts[i].start - group.start
        start, end = 0, len(own)
        for m in rules.sentence_word("clause_break").finditer(own):
            if m.end() <= at:
                start = m.end()
            elif m.start() >= at:
                end = m.start()
                break
        explanation = rules.sentence_word("explanation").search(own, at, end)
        return own[start : explanation.start() if explanation else end]

    def _future_result(self, number: int, r: _Reading, amount: _Amount, period: Period, scenario: str) -> bool:
        """A result for a period after the one the document reports cannot be: reported (True), never read."""
        if scenario != Scenario.ACTUAL or not self._after_reported(r.concept, period):
            return False
        self.report(number, f"{r.label!r} JPY{amount.value}: a result for {period.key}, after the period the document reports; not read")
        return True

    def _after_reported(self, concept: Concept, period: Period) -> bool:
        """Whether a figure for the period is known only after the period the document reports ends; False where the
        document names none.  A dividend is known when its part of its fiscal year ends: an interim one with the
        first half, a year-end or annual one with the year."""
        if not self.ctx.reported_period or period.is_instant:
            return False
        if concept.id in rules.qualified(dividend_concept().id, "interim"):
            period = parse_key(f"FY{period.fiscal_year}-H1")
        return period.end > parse_key(self.ctx.reported_period).end

    def _compared(self, text: str) -> Period | None:
        """The period a year after the one a change is measured from ("an increase of 1.2% from 1Q07")."""
        comparison = rules.sentence_word("comparison")
        change = rules.sentence_word("change")
        if not change.search(text):
            return None
        found = {}
        for m in self.ctx.periods.find(text):
            if not m.period.is_instant and comparison.search(text[max(0, m.start - 20) : m.start]):
                after = self._year_after(m.period)
                found[after.key] = after
        return next(iter(found.values())) if len(found) == 1 else None

    def _emit(self, sentence: _Sentence, i: int, group: _Group, r: _Reading) -> None:
        text = sentence.text[sentence.start : sentence.end]
        for amount, word in r.values:
            number = sentence.paragraph.line_at(amount.start)
            said = word or r.scenario or group.scenario or self.section.scenario or "actual"
            restated = said in (rules.TARGET_PREVIOUS, rules.TARGET_LATEST)
            contract = "target" if restated or said == OUTLOOK else said
            revision = restated or said == "revised_target"
            period, why = self._period(r, sentence, sentence.amounts.index(amount), contract, text, revision)
            if period is None:
                self.report(number, f"{r.label!r} JPY{amount.value}: {why}; not read")
                continue
            if said == OUTLOOK and not self._after_reported(r.concept, period):
                if not _names_result(text):
                    self.report(
                        number,
                        f"{r.label!r} JPY{amount.value}: words of what will be, for {period.key}, a period the document "
                        "reports: result or target cannot be told; not read",
                    )
                    continue
                contract = "actual"
            if self._future_result(number, r, amount, period, contract):
                continue
            scenario = contract
            announced, classification = r.announced, ""
            if restated:
                # dated as a table's restated target is (tables.TableReader._resolve): by its own words, else a previous
                # one by the announcement of the revision ("... its targets, which were announced on May 14, 2019")
                if said == rules.TARGET_PREVIOUS:
                    announced = announced or self.ctx.previous_target_date
                if said == rules.TARGET_PREVIOUS and not announced:
                    classification = PRESUMED_FIRST  # the library decides (normalize.restated_targets)
                elif announced:
                    restated_as = restated_scenario(said, announced, period)
                    if restated_as is None:
                        self.report(number, f"{r.label!r} JPY{amount.value}: an earlier revision of the target, superseded; not read")
                        continue
                    scenario = restated_as
            elif scenario == Scenario.TARGET and self.ctx.revises(period):
                scenario = "revised_target"  # an announcement of a revision states the revised targets of what it revises
            fact = self._fact(number, r, amount, period, scenario, announced)
            self.facts.append(replace(fact, classification=classification) if classification else fact)

    def _fact(
        self, number: int, r: _Reading, amount: _Amount, period: Period, scenario: str, announced: str | None = None
    ) -> RawFact:
        concept = r.concept
        multiplier = amount.scale if concept.unit == Unit.JPY and amount.scale else 1
        value = amount.value * multiplier
        return RawFact(
            concept=concept.id,
            period=period.key,
            scenario=scenario,
            value=(-value if r.negative else value) + Decimal(0),
            unit=concept.unit,
            decimals=amount.places - (len(str(multiplier)) - 1),
            source=SourceRef(self.ctx.document, number),
            label=" ".join(r.label.split()),
            text=self.lines[number - 1].strip(),
            table_line=self.section.line or number,
            announced=(r.announced if announced is None else announced) if scenario != Scenario.ACTUAL else "",
        )


def dividend_concept() -> Concept:
    """The annual dividend per share: what a dividend is when no word says which (the base of its qualifiers)."""
    return catalog()[next(q.base for q in rules.qualifiers() if catalog()[q.base].unit == Unit.JPY_PER_SHARE)]


def read_sentences(
    ctx: DocumentContext, lines: Sequence[str], excluded: Set[int] = frozenset()
) -> tuple[list[RawFact], list[Finding]]:
    """The figures a document states in its sentences and aligned lines, and what could not be placed."""
    reader = _SentenceReader(ctx, lines, set(excluded))
    reader.read()
    return reader.facts, reader.findings
