"""Figures stated in running text: sentences, bullets, and lines that set a label beside its figure.

"Revenues were JPY12,345 million ($123.4 million), down 1.2% YoY"; "IIJ targets
revenues of JPY12.3 billion, operating income of JPY1.2 billion, ... for FY2010";
"Revenues   JPY123.4 billion (up 1.2% YoY)"; "FY2009 year-end cash dividend
forecast was revised from JPY1,111 to JPY1,222 per share".

A yen figure is read when the text before it names a concept the label rules know,
whole, from where a label can start: the start of the sentence, the end of its
introductory phrase, the figure before it in an enumeration, or a word such as
"targets" ("... versus a deferred tax benefit of JPY1,234 million" names no
concept).  A per-share figure among words about a dividend is a dividend, interim,
year-end or annual as the words say (`resources/qualifiers.csv`).

Its period is the one the sentence gives it ("for FY2010", "as of September 30,
2012", "Total revenues of 1H FY2012"), else its section heading's, else, for a
result, the period the document reports, else the year after the period it is
compared with ("an increase of 19.2% from 1Q07").  A target must name its period.
A figure whose period cannot be pinned down is reported, never guessed.  U.S.
dollar translations, percentages, approximate figures ("around"), and figures a
sentence only compares with ("(JPY123 million in 1H08)") are never values.  The
words by role are data (`resources/sentence_words.csv`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from iijviewer.concepts import Concept, catalog
from iijviewer.facts import Finding, RawFact, SourceRef
from iijviewer.ingest import rules
from iijviewer.ingest.cells import normalize_label, parse_number, strip_markup
from iijviewer.ingest.context import DocumentContext, announced_on, restated_scenario, without_announcement_dates
from iijviewer.periods import Period, PeriodMention, parse_key

# "JPY12,345 million", "JPY 123 million", "¥1.2 billion", "JPY1,234.00" (no scale: plain yen, a per-share figure)
# (atomic: a long run of digits and commas is tried once, not once from each of its commas)
AMOUNT_RE = re.compile(
    r"(?:JPY|¥)\s?(?P<number>(?>\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?![\d,]*\d)"
    r"(?:\s*(?P<scale>thousand|million|billion)s?\b)?",
    re.IGNORECASE,
)
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_BULLET_RE = re.compile(r"^\s*(?:[-*•▪◆◇➤>♦·◦‣–—]+|\d{1,2}\.(?=\s)|\(\d{1,2}\)(?=\s))\s*")
_HEADING_NUMBER_RE = re.compile(r"^\s*(?:\d{1,2}\.|[IVX]+\s*[.-]\s*\d*\.?|\(\d{1,2}\)|<[^<>]{1,40}>)\s*")
# a sentence ends at ". " or "; " before a capital, unless the word before the point is an abbreviation
_SENTENCE_END_RE = re.compile(r"(?<=[.;])\s+(?=[A-Z“\"(])")
_ABBREVIATION_RE = re.compile(
    r"(?:\b(?:inc|co|corp|ltd|no|nos|approx|vs|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mr|ms|dr|st|u\.s|e\.g|i\.e)|\b[A-Z])\.$",
    re.IGNORECASE,
)
_FOOTNOTE_MARK_RE = re.compile(r"\(\d{1,2}\)|(?<=[A-Za-z)])\d{1,2}\b|[*\u00b9\u00b2\u00b3\u2070-\u2079]+")
_ARTICLE_RE = re.compile(r"^(?:the|an?)\s+", re.IGNORECASE)
_SEPARATORS_RE = re.compile(r"^[\s,;)]*(?:and\s+|or\s+)?")
_WORD_START_RE = re.compile(r"(?<![\w'])(?=\w)")
_DIGIT_RE = re.compile(r"\d")
HEADING_MAX_CHARS = 120
HEADING_MAX_WORDS = 16
FRAGMENT_MAX_WORDS = 4  # a wrapped label's other line: "IIJ", "attributable", "to IIJ"
TRAIL_SCOPE_CHARS = 80  # how far after a figure its own words ("per share as interim dividend") may stand
# A line this long, or a sentence with this many figures, is no sentence of a release (a damaged file, a table
# run together): reported, not read, so that reading stays linear in the length of the text.
SENTENCE_LINE_MAX_CHARS = 4000
SENTENCE_MAX_FIGURES = 40


@dataclass(frozen=True)
class Section:
    """What a heading says of the lines below it, until the next heading."""

    line: int
    period: str  # "" when the heading names none
    scenario: str  # a scenario word (rules.scenario_word), "" when it names none


@dataclass
class _Amount:
    start: int
    end: int
    value: Decimal
    places: int
    scale: int | None  # None: plain yen (per-share figures)


@dataclass
class _Group:
    """A sentence, or a parenthesis within one: its text, and the periods and scenario it gives its figures."""

    start: int
    end: int
    depth: int
    parent: "_Group | None" = None
    index: int = 0  # in the sentence's list of groups
    period: Period | None = None
    scenario: str = ""


@dataclass
class _Reading:
    concept: Concept
    label: str
    period: Period | None = None
    scenario: str = ""
    announced: str = ""
    values: list[tuple[_Amount, str]] = field(default_factory=list)  # (figure, scenario word)


def is_table_line(line: str) -> bool:
    return "\t" in line or line.lstrip().startswith("|")


def heading_of(text: str, ctx: DocumentContext) -> Section | None:
    """A short line that is no sentence and states no figure: a heading, with what it says of the lines below."""
    t = " ".join(strip_markup(text).split())
    if not t or len(t) > HEADING_MAX_CHARS or is_table_line(text) or _BULLET_RE.match(text) and not _HEADING_NUMBER_RE.match(text):
        return None
    t = _HEADING_NUMBER_RE.sub("", t).strip()
    if not t or t.endswith((".", ",", ";")) or "%" in t or AMOUNT_RE.search(t) or len(t.split()) > HEADING_MAX_WORDS:
        return None
    mentions = [m for m in ctx.periods.find(without_announcement_dates(t)) if not m.period.is_instant]
    ranges = [m for m in mentions if m.kind.startswith("range")]
    period = (ranges or mentions)[0].period.key if mentions else ""
    return Section(0, period, rules.scenario_word(t) or "")


def _is_title(line: str) -> bool:
    """A heading that names neither period nor scenario still ends the section above ("Consolidated Balance Sheets")."""
    t = " ".join(strip_markup(line).split())
    return len(t.split()) >= 2 and t[:1].isupper()


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
    top = _Group(start, end, 0)
    groups = [top]
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


def _clean_label(raw: str, ctx: DocumentContext) -> tuple[str, list[PeriodMention]]:
    """A label as the label rules see it, and the periods it names ("Total revenues of 1H FY2012")."""
    text = without_announcement_dates(raw)
    mentions = list(ctx.periods.find(text))
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
    """The text before a figure without the words that join a label to it ("Revenues were", "revenues of", "Revenues:")."""
    connector = rules.sentence_word("connector")
    previous = None
    text = lead.rstrip()
    while previous != text:
        previous = text
        text = text.rstrip(" :-–—")
        m = re.search(rf"(?<![A-Za-z])(?:{connector.pattern})\s*$", text, re.IGNORECASE)
        if m:
            text = text[: m.start()].rstrip()
    return text


class _Sentence:
    """A sentence of a line, its parentheses, and its yen figures in order."""

    def __init__(self, text: str, start: int, end: int, amounts: list[_Amount], first: bool = True):
        self.text = text
        self.start = start
        self.end = end
        self.amounts = amounts
        self.first = first  # the line's first sentence
        self.labelled: set[int] = set()  # figures read by their labels: an enumeration may continue after them
        self.groups, self.owner = _groups(text, start, end)
        self.group_of = [self.owner[a.start - start] for a in amounts]
        # parentheses that hold digits (a translation, a change, a comparison's figure) are not part of the words around them;
        # "(benefit)" and "(loss)" are
        self.blanked = {g for g, group in enumerate(self.groups) if g and _DIGIT_RE.search(text[group.start : group.end])}
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


class _SentenceReader:
    def __init__(self, ctx: DocumentContext, lines: Sequence[str], excluded: set[int]):
        self.ctx = ctx
        self.lines = lines
        self.excluded = excluded
        self.facts: list[RawFact] = []
        self.findings: list[Finding] = []
        self.section = Section(0, "", "")

    def report(self, line: int, message: str) -> None:
        self.findings.append(Finding("uncertain_figure", message, (SourceRef(self.ctx.document, line),)))

    # -- a document ------------------------------------------------------------------
    def read(self) -> None:
        for number, line in enumerate(self.lines, start=1):
            if number in self.excluded or is_table_line(line) or not line.strip():
                continue
            heading = heading_of(line, self.ctx)
            if heading is not None:
                if heading.period or heading.scenario or _is_title(line):
                    self.section = replace(heading, line=number)
                continue
            if AMOUNT_RE.search(line):
                self.read_line(number, line)

    def _fragment(self, number: int) -> str:
        """A wrapped label's other part: a short line of words only, next to `number`; "" if none."""
        if not 1 <= number <= len(self.lines) or number in self.excluded:
            return ""
        t = " ".join(strip_markup(self.lines[number - 1]).split())
        if not t or is_table_line(self.lines[number - 1]) or _DIGIT_RE.search(t) or len(t.split()) > FRAGMENT_MAX_WORDS:
            return ""
        return "" if t.endswith((".", ":", ";")) or _BULLET_RE.match(t) else t

    # -- a line ------------------------------------------------------------------------
    def read_line(self, number: int, line: str) -> None:
        if len(line) > SENTENCE_LINE_MAX_CHARS:
            self.report(number, f"a line of {len(line):,} characters is too long for a sentence; its figures not read")
            return
        text = strip_markup(line)
        bullet = _BULLET_RE.match(text)
        offset = bullet.end() if bullet else 0
        for k, (a, b) in enumerate(_sentences(text[offset:])):
            self.read_sentence(number, text, a + offset, b + offset, first=k == 0)

    def read_sentence(self, number: int, text: str, start: int, end: int, first: bool = True) -> None:
        """The figures of one sentence.  Only a line's first sentence names its subject for sure: "Cost of
        equipment sales was JPY123 million. Gross margin was JPY12 million" is the equipment's gross margin.
        A later sentence gives only dividends, which say what they are."""
        amounts = [a for a in (self._amount(m) for m in AMOUNT_RE.finditer(text, start, end)) if a is not None]
        if not amounts:
            return
        if len(amounts) > SENTENCE_MAX_FIGURES:
            self.report(number, f"a sentence of {len(amounts)} figures is no sentence of a release; its figures not read")
            return
        sentence = _Sentence(text, start, end, amounts, first)
        needed: set[int] = set()
        for g in set(sentence.group_of):  # the groups with figures, and the groups around them
            group: _Group | None = sentence.groups[g]
            while group is not None:
                needed.add(group.index)
                group = group.parent
        for g, group in enumerate(sentence.groups):
            if g not in needed:
                continue
            own = sentence.own(group.start, group.end, g)
            first = next((a.start for a, k in zip(amounts, sentence.group_of) if k == g), group.end)
            group.period = self._introduced_period(own)
            group.scenario = rules.scenario_word(sentence.own(group.start, first, g)) or ""
            if group.parent is not None:
                group.period = group.period or group.parent.period
                group.scenario = group.scenario or group.parent.scenario
        done: set[int] = set()
        for i in range(len(amounts)):
            if i in done:
                continue
            pair = self._pair(sentence, i)
            if pair is not None:
                done.add(pair[0] if pair[1] == i else pair[1])
            self.read_figure(number, sentence, i, pair)

    def _amount(self, m: re.Match[str]) -> _Amount | None:
        fig = parse_number(m["number"])
        if fig is None:
            return None
        scale = _SCALES[m["scale"].lower()] if m["scale"] else None
        return _Amount(m.start(), m.end(), fig.value, fig.places, scale)

    def _introduced_period(self, own: str) -> Period | None:
        """The period a group names for its figures ("for FY2010", "as FY2017 year-end dividend"); not a comparison's."""
        introducer = rules.sentence_word("period")
        found = {}
        for m in self.ctx.periods.find(without_announcement_dates(own)):
            if introducer.search(own[max(0, m.start - 30) : m.start]):
                found[m.period.key] = m.period
        return next(iter(found.values())) if len(found) == 1 else None

    def _pair(self, sentence: "_Sentence", i: int) -> tuple[int, int] | None:
        """A revision stated as two figures: (the earlier target, the new one), indices into the sentence's amounts; or None.

        "revised from JPY111 to JPY222"; "JPY2,222, up from JPY1,111 as previously planned".
        """
        following = sentence.following(i)
        if following is None:
            return None
        amounts = sentence.amounts
        between = sentence.own(amounts[i].end, amounts[following].start, sentence.group_of[i])
        if rules.sentence_word("revision_to").search(between) and rules.sentence_word("revision_from").search(sentence.lead(i)):
            return (i, following)
        if rules.sentence_word("revision_up_from").search(between):
            after = sentence.text[amounts[following].end : amounts[following].end + 60]
            if rules.sentence_word("revision_previously").search(after):
                return (following, i)
        return None

    # -- a figure ------------------------------------------------------------------------
    def read_figure(self, number: int, sentence: "_Sentence", i: int, pair: tuple[int, int] | None) -> None:
        lead = sentence.lead(i)
        trail = sentence.trail(pair[1] if pair is not None else i)
        if rules.sentence_word("estimate").search(lead):
            return
        amount = sentence.amounts[i]
        group = sentence.groups[sentence.group_of[i]]
        readings: list[_Reading]
        previous = sentence.previous(i)
        if amount.scale is None and rules.sentence_word("dividend").search(lead + " " + trail):
            readings = self._dividend(number, lead, trail)
        elif not sentence.first:
            return
        elif previous is not None and previous not in sentence.labelled:
            # "... the acquisition of a subsidiary for JPY1,234 million and the purchase of property and equipment of JPY2,345 million":
            # an enumeration continues only after a figure read by its label
            readings = self._labelled(number, lead, trail, None, amount, enumeration=False)
        else:
            readings = self._labelled(number, lead, trail, previous is None and group.depth == 0, amount)
        if readings:
            sentence.labelled.add(i)
        for r in readings:
            if pair is not None:
                r.values = [(sentence.amounts[pair[0]], rules.TARGET_PREVIOUS), (sentence.amounts[pair[1]], "revised_target")]
            else:
                r.values = [(amount, "")]
            self._emit(number, sentence.text, group, r)

    def _labelled(
        self, number: int, lead: str, trail: str, sentence_start: bool | None, amount: _Amount, enumeration: bool = True
    ) -> list[_Reading]:
        label, mentions = self._label(number, lead, sentence_start, amount.scale is None, enumeration)
        if label is None:
            return []
        concept, printed = label
        r = _Reading(concept, printed)
        r.period = self._subject_period(concept, mentions)
        r.scenario = rules.scenario_word(lead) or ""
        r.announced = announced_on(lead + " " + trail)
        return [r]

    def _dividend(self, number: int, lead: str, trail: str) -> list[_Reading]:
        """A per-share figure among words about a dividend: which dividend the nearest words say (interim, year-end, annual)."""
        base = dividend_concept()
        cut = re.split(r"[,;]", lead)[-1]
        near = re.split(r"[,;]", trail)[0]
        kinds = rules.qualified(base.id, near) or rules.qualified(base.id, cut) or rules.qualified(base.id, lead)
        if len(kinds) > 1 and not rules.sentence_word("respectively").search(trail):
            self.report(number, f"a dividend of which kind cannot be told ({', '.join(kinds)}); not read")
            return []
        _, mentions = _clean_label(cut, self.ctx)
        said = near if rules.qualified(base.id, near) or not cut.strip() else cut  # the words that name the dividend
        printed = " ".join(said.split()).strip(" ,;()") or " ".join(trail.split())
        out = []
        for concept in [catalog()[k] for k in kinds] or [base]:
            r = _Reading(concept, printed)
            r.period = self._subject_period(concept, mentions)
            r.scenario = rules.scenario_word(cut) or rules.scenario_word(trail) or ""
            r.announced = announced_on(lead + " " + trail)
            out.append(r)
        return out

    def _label(self, number: int, lead: str, sentence_start: bool | None, per_share: bool, enumeration: bool = True):
        """The concept the text before a figure names, its label as printed, and the periods in it; (None, []) if none."""
        text = _strip_connector(lead)
        starts = self._label_starts(text, bool(sentence_start), enumeration)
        if sentence_start and not text.strip():
            return None, []
        for s in starts:
            raw = text[s:].strip()
            for candidate in self._with_fragments(number, raw, s == starts[0] and sentence_start):
                label, mentions = _clean_label(candidate, self.ctx)
                if not label:
                    continue
                for concept, rule in rules.concepts_for(label, "", "", self.ctx.tags):
                    if (concept.unit == "JPY/share") == per_share and concept.unit in ("JPY", "JPY/share"):
                        return (concept, candidate), mentions
        return None, []

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

    def _label_starts(self, text: str, sentence_start: bool, enumeration: bool = True) -> list[int]:
        """Where a label may start in the text before a figure, earliest first.

        At the start of the sentence; after an introductory phrase that names no
        subject ("As a result of the above, net income was", "In 1H FY2012,
        revenues were"; not "As for systems operation, its revenues were"); after
        the figure before it in an enumeration ("revenues of JPY78.5 billion,
        operating income of JPY5.2 billion"); after a word that announces
        figures ("IIJ targets revenues of").
        """
        starts = []
        if sentence_start:
            starts.append(0)
            comma = text.find(", ")
            if comma > 0 and self._introduction(text[:comma]):
                starts.append(comma + 2)
        elif enumeration:
            sep = _SEPARATORS_RE.match(text)
            starts.append(sep.end() if sep else 0)
        lead = rules.sentence_word("lead")
        for m in _WORD_START_RE.finditer(text):
            if lead.search(text[: m.start()]):
                starts.append(m.start())
        return sorted(set(starts))

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
    def _fits(concept: Concept, period: Period | None) -> Period | None:
        """The period as the concept takes it: a dividend's fiscal year; None if the concept cannot have it."""
        if period is None:
            return None
        if concept.unit == "JPY/share" and concept.period_type == "duration" and (
            rules.qualifiable(concept.id) or concept.id in {q.concept for q in rules.qualifiers()}
        ):
            return parse_key(f"FY{period.fiscal_year}")  # a dividend belongs to its fiscal year
        if concept.is_instant != period.is_instant:
            return None
        return period

    # -- placing and emitting -------------------------------------------------------------
    def _period(self, r: _Reading, group: _Group, scenario: str, number: int, text: str) -> Period | None:
        if r.period is not None:
            return r.period
        found = self._fits(r.concept, group.period)
        if found is not None:
            return found
        section = self.section
        if section.period:
            return self._fits(r.concept, parse_key(section.period))
        if scenario == "actual" and self.ctx.reported_period:
            return self._fits(r.concept, parse_key(self.ctx.reported_period))
        if scenario == "actual":
            return self._fits(r.concept, self._compared(text))
        return None

    def _compared(self, text: str) -> Period | None:
        """The period a year after the one a change is measured from ("an increase of 19.2% from 1Q07")."""
        comparison = rules.sentence_word("comparison")
        change = rules.sentence_word("change")
        if not change.search(text):
            return None
        found = set()
        for m in self.ctx.periods.find(text):
            if not m.period.is_instant and comparison.search(text[max(0, m.start - 20) : m.start]):
                part = m.period.key.split("-", 1)[1] if "-" in m.period.key else None
                found.add(f"FY{m.period.fiscal_year + 1}" + (f"-{part}" if part else ""))
        return parse_key(found.pop()) if len(found) == 1 else None

    def _emit(self, number: int, text: str, group: _Group, r: _Reading) -> None:
        for amount, word in r.values:
            said = word or r.scenario or group.scenario or self.section.scenario or "actual"
            restated = said in (rules.TARGET_PREVIOUS, rules.TARGET_LATEST)
            contract = "target" if restated else said
            period = self._period(r, group, contract, number, text)
            if period is None:
                self.report(
                    number,
                    f"{r.label!r} JPY{amount.value}: no period can be told (the sentence, its heading and the document name none); not read",
                )
                continue
            scenario: str | None = contract
            if restated and r.announced:
                scenario = restated_scenario(said, r.announced, period)
                if scenario is None:
                    self.report(number, f"{r.label!r} JPY{amount.value}: an earlier revision of the target, superseded; not read")
                    continue
            elif not restated and scenario == "target" and self.ctx.is_revision:
                scenario = "revised_target"  # an announcement of a revision states the revised targets
            self.facts.append(self._fact(number, r, amount, period, scenario))

    def _fact(self, number: int, r: _Reading, amount: _Amount, period: Period, scenario: str) -> RawFact:
        concept = r.concept
        multiplier = amount.scale if concept.unit == "JPY" and amount.scale else 1
        value = amount.value * multiplier
        key = normalize_label(r.label)
        if rules.sentence_word("negative").search(key):
            value = -value
        return RawFact(
            concept=concept.id,
            period=period.key,
            scenario=scenario,
            value=value + Decimal(0),
            unit=concept.unit,
            decimals=amount.places - (len(str(multiplier)) - 1),
            source=SourceRef(self.ctx.document, number),
            label=" ".join(r.label.split()),
            text=self.lines[number - 1].strip(),
            table_line=self.section.line or number,
            announced=r.announced if scenario != "actual" else "",
        )


def dividend_concept() -> Concept:
    """The annual dividend per share: what a dividend is when no word says which (the base of its qualifiers)."""
    return catalog()[next(q.base for q in rules.qualifiers() if catalog()[q.base].unit == "JPY/share")]


def read_sentences(
    ctx: DocumentContext, lines: Sequence[str], excluded: set[int] = frozenset()
) -> tuple[list[RawFact], list[Finding]]:
    """The figures a document states in its sentences and aligned lines, and what could not be placed."""
    reader = _SentenceReader(ctx, lines, set(excluded))
    reader.read()
    return reader.facts, reader.findings
