"""The scale benchmark's generated documents: read by the real reader, consistent, nothing left unread."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from generate_library import generate  # noqa: E402

from iijviewer.ingest.documents import bundled_documents  # noqa: E402
from iijviewer.library.store import DOCUMENTS_FOLDER, Library  # noqa: E402


def test_a_generated_year_is_read_whole_and_agrees_with_itself(tmp_path: Path) -> None:
    paths = generate(tmp_path / DOCUMENTS_FOLDER, documents=8)
    assert len(paths) == 8
    library = Library.load(tmp_path)
    bundled = {d.id for d in bundled_documents()}
    generated = [d for d in library.documents if d.id not in bundled]
    assert len(generated) == 8
    assert {d.kind for d in generated} == {"press_release", "presentation"}
    assert [f for f in library.report if any(s.document not in bundled for s in f.sources)] == []
    facts = [f for f in library.raw if f.source.document not in bundled]
    assert len(facts) > 1_800  # about 240 a document: 200 documents give the 50,000 facts the benchmark wants
    # every quarter of the generated year is known, reported or derived
    keys = {(f.concept, f.period) for f in library.facts}
    for q in ("Q1", "Q2", "Q3", "Q4"):
        assert ("revenue_total", f"FY2016-{q}") in keys
    involved = [f for f in library.findings if any(s.document not in bundled for s in f.sources)]
    assert involved == []
