"""What an import reports per file, worked out without re-reading the whole library for every file.

The report of each file is what the library as it stood before that file
lacked (periods) and what the file made disagree (conflicts).  The importer
looks only at the keys and fiscal years a file reports; these tests hold it to
the definition (the whole library's facts and findings before and after each
file) and check that the work per file does not grow with the library.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from iijviewer.analysis import normalize
from iijviewer.base.facts import YOY
from iijviewer.base.periods import sort_key
from iijviewer.library import importer
from iijviewer.library.store import Library

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from generate_library import generate  # noqa: E402
from test_import import FY2012_TARGETS, first_quarter_release, full_year_release, nine_month_release, write  # noqa: E402

from iijviewer.base.vocabulary import FindingKind

pytestmark = pytest.mark.slow  # generated libraries of many documents, each imported and reloaded


def expected_reports(data_dir: Path, added: Sequence[str]) -> list[tuple[tuple[str, ...], tuple]]:
    """Per added document, in import order: (new periods, new conflicts) by recomputing the whole library."""
    final = Library.load(data_dir)

    def library(ids: set[str]) -> Library:
        documents = [d for d in final.documents if d.id in ids]
        return Library(documents, [f for f in final.raw if f.source.document in ids], [])

    def conflict_keys(lib: Library) -> set[tuple[str, str, str]]:
        return {(f.concept, f.period, f.scenario) for f in lib.findings if f.kind == FindingKind.CONFLICT}

    present = {d.id for d in final.documents} - set(added)
    out = []
    for doc_id in added:
        before = library(present)
        present.add(doc_id)
        after = library(present)
        figures = [f for f in after.raw if f.source.document == doc_id and f.classification != YOY]
        known = {f.period for f in before.raw} | {f.period for f in before.facts}
        periods = tuple(sorted({f.period for f in figures} - known, key=sort_key))
        old = conflict_keys(before)
        new = tuple(f for f in after.findings if f.kind == FindingKind.CONFLICT and (f.concept, f.period, f.scenario) not in old)
        out.append((periods, new))
    return out


def test_reports_are_what_the_whole_library_says_before_and_after_each_file(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    generated = generate(tmp_path / "generated", documents=8)
    releases = [
        write(inbox, "fy.txt", full_year_release(targets=FY2012_TARGETS | {"revenues": 108_000})),  # a conflict
        write(inbox, "9m.txt", nine_month_release()),
        write(inbox, "q1.txt", first_quarter_release()),
        write(inbox, "fy-again.txt", full_year_release(targets=FY2012_TARGETS | {"revenues": 107_040})),  # the same key again
    ]
    data_dir = tmp_path / "library"
    first = importer.import_documents(generated[:3] + releases[:1], data_dir)
    second = importer.import_documents(releases[1:] + generated[3:], data_dir)

    files = first.files + second.files
    assert all(f.added for f in files)
    got = [(f.new_periods, f.conflicts) for f in files]
    assert got == expected_reports(data_dir, [f.document for f in files])
    assert sum(len(f.conflicts) for f in files) == 1
    assert any(f.new_periods for f in files[4:])


class ChooseCount:
    """How many reported facts `normalize.choose` is handed, however it is reached."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.facts = 0
        original = normalize.choose

        def counted(raw, document_dates, basis=None):
            raw = list(raw)
            self.facts += len(raw)
            return original(raw, document_dates, basis)

        monkeypatch.setattr(normalize, "choose", counted)
        monkeypatch.setattr(importer, "choose", counted)


def test_the_work_per_file_does_not_grow_with_the_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = generate(tmp_path / "generated", documents=32)
    earlier, later = paths[:8], paths[24:]  # FY2016 and FY2019: no period or fiscal year in common
    small, large = tmp_path / "small", tmp_path / "large"
    importer.import_documents(earlier, large)
    count = ChooseCount(monkeypatch)

    work = {}
    for folder in (small, large):
        library = Library.load(folder).raw  # the bundled documents, and for the large one FY2016
        count.facts = 0
        assert importer.import_documents(later, folder).ok
        # one look at the library as it was, then only what the files themselves touch
        work[folder] = count.facts - len(library)

    assert work[large] == work[small]
