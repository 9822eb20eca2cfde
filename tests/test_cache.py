"""The parse cache: a second start does not parse, and a bad cache is never trusted nor fatal."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

import iijviewer.library.store
from iijviewer.base.facts import Finding, RawFact, SourceRef
from iijviewer.ingest.documents import bundled_documents
from iijviewer.ingest.reader import read_document
from iijviewer.library import cache
from iijviewer.library.store import Library

BUNDLED = 5


@pytest.fixture(scope="module")
def reference() -> Library:
    """The library read without any cache."""
    return Library.load(use_user_library=False)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the documents Library.load parses (read_document spied on)."""
    calls: list[str] = []

    def spy(document: str, lines):
        calls.append(document)
        return read_document(document, lines)

    monkeypatch.setattr(iijviewer.library.store, "read_document", spy)
    return calls


def cache_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / cache.CACHE_FOLDER).glob("*"))


def assert_same_facts(library: Library, reference: Library) -> None:
    assert library.raw == reference.raw
    assert library.report == reference.report
    assert len(library.raw) > 1000


def test_second_load_reads_the_cache_not_the_documents(tmp_path: Path, parses: list[str], reference: Library) -> None:
    first = Library.load(tmp_path)
    assert len(parses) == BUNDLED
    files = cache_files(tmp_path)
    assert [f.name for f in files] == sorted(f"{d.sha256}.json" for d in first.documents)

    parses.clear()
    second = Library.load(tmp_path)
    assert parses == []
    assert_same_facts(second, reference)
    assert second.facts == reference.facts


def test_an_entry_stores_values_exactly_and_sources_as_document_and_line(tmp_path: Path) -> None:
    Library.load(tmp_path)
    doc = next(d for d in bundled_documents() if d.id == "2010-11-15_press-release_1H-FY2010-results")
    entry = json.loads(cache.cache_path(tmp_path, doc.sha256).read_text(encoding="utf-8"))
    revenue = next(f for f in entry["facts"] if f["concept"] == "revenue_total" and f["period"] == "FY2010-H1" and f["decimals"] == -3)
    assert revenue["value"] == "34272080000"
    assert revenue["source"] == [doc.id, revenue["source"][1]]
    assert entry["sha256"] == doc.sha256
    assert entry["fingerprint"] == cache.reader_fingerprint()


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00\xff not json at all \x81")


def _another_shape(path: Path) -> None:
    path.write_text(json.dumps([{"concept": "revenue_total", "value": 1}]), encoding="utf-8")


def _a_fact_of_another_shape(path: Path) -> None:
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["facts"][0]["value"] = 34272080000  # a number where an exact decimal string belongs
    path.write_text(json.dumps(entry), encoding="utf-8")


def _a_fact_with_a_missing_field(path: Path) -> None:
    entry = json.loads(path.read_text(encoding="utf-8"))
    del entry["facts"][-1]["source"]
    path.write_text(json.dumps(entry), encoding="utf-8")


def _empty(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize(
    "damage",
    [_truncate, _garbage, _another_shape, _a_fact_of_another_shape, _a_fact_with_a_missing_field, _empty],
    ids=lambda f: f.__name__.strip("_"),
)
def test_a_damaged_cache_is_rebuilt_silently(
    tmp_path: Path, parses: list[str], reference: Library, damage: Callable[[Path], None]
) -> None:
    Library.load(tmp_path)
    for path in cache_files(tmp_path):
        damage(path)
    parses.clear()

    rebuilt = Library.load(tmp_path)

    assert len(parses) == BUNDLED
    assert_same_facts(rebuilt, reference)
    parses.clear()
    assert_same_facts(Library.load(tmp_path), reference)
    assert parses == []  # written again, and good this time


def test_an_entry_of_another_reader_is_rebuilt(tmp_path: Path, parses: list[str], reference: Library) -> None:
    Library.load(tmp_path)
    outdated = cache_files(tmp_path)[0]
    entry = json.loads(outdated.read_text(encoding="utf-8"))
    entry["fingerprint"] = "0" * 64
    entry["facts"] = entry["facts"][:3]  # what an older reader found
    outdated.write_text(json.dumps(entry), encoding="utf-8")
    parses.clear()

    library = Library.load(tmp_path)

    assert len(parses) == 1
    assert_same_facts(library, reference)
    assert json.loads(outdated.read_text(encoding="utf-8"))["fingerprint"] == cache.reader_fingerprint()


def test_a_new_reader_version_invalidates_every_entry(
    tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    Library.load(tmp_path)
    monkeypatch.setattr(cache, "reader_fingerprint", lambda: "f" * 64)
    parses.clear()
    Library.load(tmp_path)
    assert len(parses) == BUNDLED


def _fingerprint_with(monkeypatch: pytest.MonkeyPatch, **attributes) -> str:
    with monkeypatch.context() as m:
        for name, value in attributes.items():
            m.setattr(cache, name, value)
        cache.reader_fingerprint.cache_clear()
        try:
            return cache.reader_fingerprint()
        finally:
            cache.reader_fingerprint.cache_clear()


def test_the_fingerprint_follows_the_rules_the_version_and_the_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = tmp_path / "resources"
    shutil.copytree(cache.resources_dir(), rules, ignore=shutil.ignore_patterns("documents"))
    current = _fingerprint_with(monkeypatch)
    assert _fingerprint_with(monkeypatch, resources_dir=lambda: rules) == current

    with open(rules / "labels.csv", "a", encoding="utf-8") as f:
        f.write("gross profit,gross_margin,,,,,\n")  # a rule change
    assert _fingerprint_with(monkeypatch, resources_dir=lambda: rules) != current
    assert _fingerprint_with(monkeypatch, __version__="99.0") != current
    assert _fingerprint_with(monkeypatch, CACHE_FORMAT=cache.CACHE_FORMAT + 1) != current


def test_cached_facts_carry_the_id_of_the_document_being_loaded(tmp_path: Path) -> None:
    doc = bundled_documents()[1]
    facts, findings = read_document(doc.id, doc.lines)
    assert cache.store(tmp_path, doc, facts, findings)

    renamed = replace(doc, id="2010-11-15_press-release_FY2010-H1")
    hit = cache.load(tmp_path, renamed)

    assert hit is not None
    cached_facts, cached_findings = hit
    assert [f.source for f in cached_facts] == [SourceRef(renamed.id, f.source.line) for f in facts]
    assert cached_facts == [replace(f, source=SourceRef(renamed.id, f.source.line)) for f in facts]
    assert all(s.document == renamed.id for f in cached_findings for s in f.sources)


def test_an_entry_is_for_one_content_only(tmp_path: Path) -> None:
    doc = bundled_documents()[0]
    cache.store(tmp_path, doc, [], [])
    other = replace(doc, sha256="a" * 64)
    os.replace(cache.cache_path(tmp_path, doc.sha256), cache.cache_path(tmp_path, other.sha256))
    assert cache.load(tmp_path, other) is None


def test_exact_values_round_trip(tmp_path: Path) -> None:
    doc = bundled_documents()[0]
    lines = list(doc.lines)
    lines[6:8] = ["BASIC NET INCOME PER SHARE\t1,234.56", "A TINY ONE\t(0.000000000000000000001)"]  # figures of our own
    doc = replace(doc, lines=tuple(lines))
    fact = RawFact(
        "eps_basic", "FY2010-H1", "actual", Decimal("1234.56"), "JPY/share", 2,
        SourceRef(doc.id, 7), "BASIC NET INCOME PER SHARE", "text\twith tab", 5, "old",
    )
    tiny = replace(fact, value=Decimal("-0.000000000000000000001"), decimals=21, source=SourceRef(doc.id, 8))
    finding = Finding("unreadable_table", "cell '¥' cannot be read", (SourceRef(doc.id, 3), SourceRef(doc.id, 4)), "c", "p", "s")
    cache.store(tmp_path, doc, [fact, tiny], [finding])
    assert cache.load(tmp_path, doc) == ([fact, tiny], [finding])


def test_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    Library.load(tmp_path)
    Library.load(tmp_path)
    assert all(p.suffix == ".json" and not p.name.startswith(".") for p in cache_files(tmp_path))


def test_a_missing_data_folder_loads_and_creates_nothing(tmp_path: Path, parses: list[str], reference: Library) -> None:
    missing = tmp_path / "not" / "there"
    library = Library.load(missing)
    assert_same_facts(library, reference)
    assert not missing.exists()
    assert list(tmp_path.iterdir()) == []


def test_an_unusable_data_folder_loads_without_a_cache(tmp_path: Path, parses: list[str], reference: Library) -> None:
    # a data folder that is really a file: nothing can be created in it, whoever runs the test
    not_a_folder = tmp_path / "library"
    not_a_folder.write_bytes(b"a file")
    assert_same_facts(Library.load(not_a_folder), reference)
    assert_same_facts(Library.load(not_a_folder / "below"), reference)
    assert len(parses) == 2 * BUNDLED
    assert not_a_folder.read_bytes() == b"a file"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_data_folder_loads_without_a_cache(tmp_path: Path, parses: list[str], reference: Library) -> None:
    read_only = tmp_path / "library"
    read_only.mkdir()
    read_only.chmod(0o555)
    try:
        assert_same_facts(Library.load(read_only), reference)
        assert list(read_only.iterdir()) == []
    finally:
        read_only.chmod(0o755)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_cache_folder_is_read_but_not_written(tmp_path: Path, parses: list[str], reference: Library) -> None:
    Library.load(tmp_path)
    folder = tmp_path / cache.CACHE_FOLDER
    _garbage(cache_files(tmp_path)[0])
    folder.chmod(0o555)
    try:
        parses.clear()
        assert_same_facts(Library.load(tmp_path), reference)
        assert len(parses) == 1  # the damaged entry, which cannot be written again
    finally:
        folder.chmod(0o755)


def test_a_figure_not_on_the_line_it_cites_makes_the_entry_read_again(tmp_path: Path, parses: list[str]) -> None:
    library = Library.load(tmp_path)
    doc = library.documents[1]
    facts = [f for f in library.raw if f.source.document == doc.id]
    forged = [replace(facts[0], value=facts[0].value * 2), *facts[1:]]  # one figure changed in the entry
    cache.store(tmp_path, doc, forged, [])
    parses.clear()

    assert cache.load(tmp_path, doc) is None
    again = Library.load(tmp_path)

    assert parses == [doc.id]  # read again from the document
    assert [f for f in again.raw if f.source.document == doc.id] == facts
    assert cache.load(tmp_path, doc) is not None  # and the entry replaced


def test_every_bundled_figure_stands_on_its_line_whatever_scale_it_is_printed_in(reference: Library) -> None:
    # yen per share, thousands, millions and billions: the check tries the likely scale first, then every other
    lines = {d.id: d.lines for d in reference.documents}
    assert all(cache.printed_on_its_line(f, lines[f.source.document]) for f in reference.raw)
    for decimals in range(-12, 5):
        order = cache._scales_for(decimals)
        assert sorted(order) == sorted(cache._SCALES)  # every scale is still tried
    assert cache._scales_for(-6)[0] == 6 and cache._scales_for(-8)[0] == 9 and cache._scales_for(2)[0] == 0


def test_a_figure_printed_at_another_scale_than_its_precision_suggests_is_found() -> None:
    # exact to millions, printed in billions to three places (a summary table) or in yen
    fact = RawFact(
        concept="revenue_total", period="FY2010", scenario="actual", unit="JPY", value=Decimal("98765000000"),
        decimals=-6, label="Revenues", text="", source=SourceRef("doc", 1),
    )
    assert cache.printed_on_its_line(fact, ["Revenues 98.765 billion"])
    assert cache.printed_on_its_line(fact, ["Revenues 98,765,000,000"])
    assert not cache.printed_on_its_line(fact, ["Revenues 98.8 billion"])
