"""The vocabulary (iijviewer/base/vocabulary.py): its words are the strings the files and the contract use.

Changing a member's value would change the facts table, the cache and the workbook; these tests pin them, and
check that every word the catalog, the reader and the checks use is in the vocabulary.
"""

from __future__ import annotations

import csv
import io
import json
import pickle
import re
from pathlib import Path

from iijviewer.base.concepts import catalog
from iijviewer.base.vocabulary import (
    FINDING_LABELS,
    FISCAL_YEAR_START_MONTH,
    PER_SHARE_BASES,
    SCENARIOS,
    CellStatus,
    FindingKind,
    PerShareBasis,
    ReportStatus,
    Scenario,
    Severity,
    Statement,
    Unit,
    finding_label,
)
from iijviewer.export.factsio import FACT_COLUMNS, csv_text, fact_rows
from iijviewer.library.store import Library

ROOT = Path(__file__).resolve().parent.parent


def test_the_contract_words_are_pinned() -> None:
    assert [str(s) for s in SCENARIOS] == ["actual", "target", "revised_target"]
    assert {str(u) for u in Unit} == {"JPY", "JPY/share", "JPY/ADS", "count", "Gbps", "percent", "USD"}
    assert [str(b) for b in PER_SHARE_BASES] == ["reported", "adjusted"]
    assert {str(s) for s in Severity} == {"rounding", "material"}
    assert {str(s) for s in CellStatus} == {"reported", "derived", "conflict", "missing"}
    assert {str(s) for s in ReportStatus} == {"chosen", "agrees", "conflict", "old_classification", "unreliable_row"}
    assert FindingKind.CONFLICT == "conflict" and FindingKind.ARITHMETIC == "arithmetic"
    assert PerShareBasis.ADJUSTED == "adjusted"
    assert FISCAL_YEAR_START_MONTH == 4  # IIJ's fiscal year starts in April (CONTRACT.md)


def test_a_member_is_written_as_its_string() -> None:
    """CSV, JSON, f-strings and pickles see the plain string, so no file format changes."""
    out = io.StringIO()
    csv.writer(out).writerow([Scenario.REVISED_TARGET, Unit.JPY_PER_SHARE])
    assert out.getvalue().strip() == "revised_target,JPY/share"
    assert json.dumps({"scenario": Scenario.ACTUAL}) == '{"scenario": "actual"}'
    assert f"{Unit.JPY} {Statement.MEASURES}" == "JPY measures"
    assert pickle.loads(pickle.dumps(Scenario.TARGET)) is Scenario.TARGET
    assert {("revenue", "FY2010", "actual"): 1}[("revenue", "FY2010", Scenario.ACTUAL)] == 1  # keys mix with strings


def test_the_catalog_speaks_the_vocabulary() -> None:
    assert {c.unit for c in catalog().values()} <= set(Unit)
    assert {c.statement for c in catalog().values()} <= set(Statement)


def test_every_finding_kind_has_a_label_and_an_unknown_one_reads_as_words() -> None:
    assert set(FINDING_LABELS) == set(FindingKind)
    assert finding_label("unknown_periods") == "periods not understood"
    assert finding_label("some_new_kind") == "some new kind"


def test_every_finding_the_bundled_library_gives_is_a_known_kind(tmp_path: Path) -> None:
    library = Library.load(data_dir=tmp_path)
    kinds = {f.kind for f in [*library.report, *library.findings]}
    assert kinds and kinds <= set(FindingKind), kinds - set(FindingKind)


def test_the_facts_table_writes_plain_words(tmp_path: Path) -> None:
    library = Library.load(data_dir=tmp_path)
    rows = list(csv.DictReader(io.StringIO(csv_text(fact_rows(library, include_all=True), FACT_COLUMNS))))
    assert list(rows[0]) == list(FACT_COLUMNS)
    assert {r["scenario"] for r in rows} <= {"actual", "target", "revised_target"}
    assert {r["unit"] for r in rows} <= {str(u) for u in Unit}


def test_no_module_redefines_a_vocabulary_word() -> None:
    """A scenario, status or unit is written once, in the vocabulary; modules import it (issue 17)."""
    words = re.compile(
        r'^(ACTUAL|TARGET|REVISED_TARGET|SCENARIOS|REPORTED|DERIVED|CONFLICT|MISSING|ADJUSTED|CHOSEN|AGREES|JPY|YEN|USD|[A-Z_]*_KIND) = ',
        re.M,
    )
    offenders = [
        f"{p.relative_to(ROOT)}: {m.group(0)}"
        for p in (ROOT / "iijviewer").rglob("*.py")
        if p.name != "vocabulary.py"
        for m in words.finditer(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
