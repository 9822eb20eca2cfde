"""Reading a whole document: every table with the text that explains it.

`read_document` is the ingest boundary: it takes the lines of a document and
returns the raw facts it could read and the findings about what it could not
(the ingest report).  It raises only on programmer errors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from iijviewer.base.facts import Finding, RawFact
from iijviewer.ingest import rules
from iijviewer.ingest.aligned import find_aligned_tables
from iijviewer.ingest.blocks import Table, find_tables
from iijviewer.ingest.cells import strip_markup
from iijviewer.ingest.context import PRESS_RELEASE, DocumentContext, document_context, target_date_above
from iijviewer.ingest.footnotes import read_changed_targets
from iijviewer.ingest.prose import read_prose
from iijviewer.ingest.sentences import read_sentences
from iijviewer.ingest.tables import Layout, TableContext, parenthesized, read_table

_RULE_RE = re.compile(r"^[\s\-–—=_]+$")
# how far above a table a caption or unit line may stand, in lines of text: blank
# lines are not counted, as converters (PDF, web page, newswire) leave more or fewer
LOOKBACK_LINES = 12
CAPTION_LINES = 4
CAPTION_MAX_CHARS = 160
UNIT_LINE_MAX_CHARS = 100


def _is_slide_heading(line: str) -> bool:
    return any(p.search(line) for p in rules.document_pattern("slide_heading"))


def _is_unit_line(line: str) -> bool:
    t = line.strip().lower()
    return len(t) <= UNIT_LINE_MAX_CHARS and (t.startswith("unit") or t.startswith("(") or len(t) <= 40)


def _context(
    doc: DocumentContext,
    lines: Sequence[str],
    table: Table,
    table_lines: set[int],
    previous: tuple[Table, Layout | None, TableContext] | None,
) -> TableContext:
    # Lines above the table, nearest first.  A unit line or a classification marker
    # reaches past a table above only within one slide (a slide heading closes the
    # window), or when nothing but other markers stands between: a caption of its
    # own says this table starts afresh.
    window: list[tuple[int, str, bool]] = []  # (line, text, beyond a table with text between)
    caption_window: list[tuple[int, str]] = []  # stops at the table above
    first = table.first_line
    crossed_table = False
    text_seen = False
    beyond = False
    slide_found = False
    read = 0
    for number in range(first - 1, 0, -1):
        if number in table_lines:
            crossed_table = True
            beyond = beyond or text_seen
            continue
        text = strip_markup(lines[number - 1]).strip()
        if not text:
            continue
        read += 1
        if read > LOOKBACK_LINES:
            break
        window.append((number, text, beyond))
        if not crossed_table:
            caption_window.append((number, text))
        if rules.classification_of(text) is None:
            text_seen = True
        if _is_slide_heading(text):
            slide_found = True
            break
    usable = [(n, t) for n, t, far in window if slide_found or not far]
    captioned = [(n, t) for n, t in caption_window if len(t) <= CAPTION_MAX_CHARS][:CAPTION_LINES]
    captioned.reverse()
    caption = [t for _, t in captioned]
    caption_at = [n for n, _ in captioned]
    unit = None
    for _, text in usable:
        if _is_unit_line(text):
            u = rules.unit_of(text)
            if u is not None and u.kind in ("money", "yen"):
                unit = u
                break
    if unit is None:  # the caption just above states it in parentheses: "Operating Results Summary (JPY in millions)"
        for text in reversed(caption):
            u = rules.unit_of(parenthesized(text))
            if u is not None and u.kind in ("money", "yen"):
                unit = u
                break
    classification = ""
    for _, text in usable:
        c = rules.classification_of(text)
        if c:
            classification = c
            break
    prev_layout = None
    if previous is not None:
        prev_table, layout, prev_ctx = previous
        between = lines[prev_table.last_line : first - 1]
        if all(not line.strip() for line in between):
            prev_layout = layout
            if not caption:
                caption, caption_at = list(prev_ctx.caption_lines), list(prev_ctx.caption_at)
            unit = unit or prev_ctx.unit
            classification = classification or prev_ctx.classification
    return TableContext(
        doc.document,
        caption,
        unit,
        "old" if classification == "old" else "",
        prev_layout,
        caption_at,
        periods=doc.periods,
        tags=doc.tags,
        revision=doc.is_revision,
        revised_periods=doc.revised_periods,
        previous_target_date=doc.previous_target_date,
        announced=target_date_above(lines, table.first_line),
        record_date=doc.record_date,
    )


def read_document(
    document: str, lines: Sequence[str], reported_period: str | None = None
) -> tuple[list[RawFact], list[Finding]]:
    """The raw facts of one document (tables, then sentences) and its ingest report.

    `reported_period` (the period the document reports, for sentences such as "the
    order backlog ... was") is read from the text when not given.
    """
    doc = document_context(document, lines, reported_period)
    tables = find_tables(list(lines))
    taken = {n for t in tables for n in range(t.first_line, t.last_line + 1)}
    tables = sorted(tables + find_aligned_tables(lines, taken, doc.periods), key=lambda t: t.first_line)
    table_lines = {n for t in tables for n in (r.line for r in t.rows)} | {
        n for t in tables for n in range(t.first_line, t.last_line + 1) if not lines[n - 1].strip() or _RULE_RE.match(lines[n - 1])
    }
    facts: list[RawFact] = []
    findings: list[Finding] = []
    previous: tuple[Table, Layout | None, TableContext] | None = None
    for table in tables:
        ctx = _context(doc, lines, table, table_lines, previous)
        table_facts, table_findings, layout = read_table(table, ctx)
        facts.extend(table_facts)
        findings.extend(table_findings)
        previous = (table, layout, ctx)
    if doc.kind == PRESS_RELEASE:
        stated, unplaced = read_sentences(doc, lines, table_lines)
        facts.extend(stated)
        findings.extend(unplaced)
    facts.extend(read_prose(document, lines, doc.reported_period))
    facts, noted = read_changed_targets(document, lines, tables, facts)
    findings.extend(noted)
    return facts, findings
