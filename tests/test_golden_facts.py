"""Golden facts: figures checked by hand against the bundled documents.

`golden/golden_facts.csv` was written independently of the reader, by reading
the documents (value, unit, decimals, period, scenario per row of a table,
with the sign rules of the contract).  Each golden fact must come out of the
reader exactly, or, when the reader cannot read its table, the ingest report
must name that table: a figure may be missing, never silently wrong.
"""

from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from iijviewer.ingest.blocks import find_tables
from iijviewer.ingest.documents import bundled_documents
from iijviewer.ingest.reader import read_document

GOLDEN = Path(__file__).parent / "golden" / "golden_facts.csv"

# Golden figures that no table reader is expected to produce, and why.
NOT_IN_A_TABLE = {
    # "Consolidated: 1,602 (approx 70% engineers)": a figure inside a sentence in a profile table
    ("2009-07-08_presentation_nomura-asia-equity-forum", 61),
    ("2013-12_presentation_nomura-investment-forum", 42),
}


def _golden() -> list[dict[str, str]]:
    with open(GOLDEN, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def read_all():
    facts = {}
    findings = {}
    tables = {}
    for doc in bundled_documents():
        raw, report = read_document(doc.id, doc.lines)
        for f in raw:
            facts.setdefault((f.source.document, f.source.line, f.concept, f.period, f.scenario), []).append(f)
        findings[doc.id] = report
        tables[doc.id] = find_tables(list(doc.lines))
    return facts, findings, tables


def test_golden_set_is_large_and_spread() -> None:
    rows = _golden()
    assert len(rows) >= 150
    per_document = Counter(r["document"] for r in rows)
    assert len(per_document) == 5
    assert min(per_document.values()) >= 12
    from iijviewer.base.concepts import catalog

    statements = {catalog()[r["concept"]].statement for r in rows}
    assert {"income", "balance", "cash_flow", "segments", "revenue_detail", "non_gaap", "kpi", "per_share"} <= statements


def test_every_golden_fact_is_read_exactly_or_its_table_is_reported(read_all) -> None:
    facts, findings, tables = read_all
    wrong, silent, read = [], [], 0
    for r in _golden():
        key = (r["document"], int(r["line"]), r["concept"], r["period"], r["scenario"])
        got = facts.get(key)
        if got:
            f = got[0]
            if (f.value, f.unit, f.decimals) != (Decimal(r["value"]), r["unit"], int(r["decimals"])):
                wrong.append(f"{key}: want {r['value']} {r['unit']} {r['decimals']}, got {f.value} {f.unit} {f.decimals}")
            read += 1
            continue
        if (r["document"], int(r["line"])) in NOT_IN_A_TABLE:
            continue
        table = next(t for t in tables[r["document"]] if t.first_line <= int(r["line"]) <= t.last_line)
        reported = any(
            table.first_line <= s.line <= table.last_line for fd in findings[r["document"]] for s in fd.sources
        )
        if not reported:
            silent.append(str(key))
    assert not wrong, "\n".join(wrong)
    assert not silent, "missing without a report:\n" + "\n".join(silent)
    assert read >= 970  # of 989: the rest stand in garbled tables that the report names


def test_golden_rows_name_known_concepts_and_periods() -> None:
    from iijviewer.base.concepts import catalog
    from iijviewer.base.periods import parse_key

    for r in _golden():
        assert r["concept"] in catalog(), r
        parse_key(r["period"])
        assert r["scenario"] in ("actual", "target", "revised_target")
