"""The library snapshot: a start with the same documents neither parses, normalizes nor checks again.

And a snapshot is never trusted beyond what it was made from: other documents,
other code, a damaged or foreign file all mean the library is built as before
(and the snapshot written again), and no file in the data folder can run code.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import random
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

import iijviewer.library.store
from iijviewer.analysis import checks, normalize
from iijviewer.base import codestamp
from iijviewer.base.paths import resources_dir
from iijviewer.ingest.documents import bundled_documents
from iijviewer.library import cache, snapshot
from iijviewer.library.cache import CACHE_FOLDER
from iijviewer.library.store import DOCUMENTS_FOLDER, Library


@pytest.fixture(scope="module")
def reference() -> Library:
    """The library built without any cache or snapshot."""
    return Library.load(use_user_library=False)


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What Library.load and its properties compute: 'parse', 'normalize', 'check' (spied on)."""
    calls: list[str] = []
    parse, build, run_checks = iijviewer.library.store.read_document, iijviewer.library.store.build, checks.run_checks
    monkeypatch.setattr(iijviewer.library.store, "read_document", lambda *a, **k: calls.append("parse") or parse(*a, **k))
    monkeypatch.setattr(iijviewer.library.store, "build", lambda *a, **k: calls.append("normalize") or build(*a, **k))
    monkeypatch.setattr(checks, "run_checks", lambda *a, **k: calls.append("check") or run_checks(*a, **k))
    return calls


def start(folder: Path) -> Library:
    """What the window does when it opens: load, normalize, check, keep the snapshot."""
    library = Library.load(folder)
    _ = library.facts, library.findings
    library.save_snapshot()
    return library


def assert_same_library(library: Library, reference: Library) -> None:
    assert library.raw == reference.raw
    assert library.report == reference.report
    assert library.facts == reference.facts
    assert library.occurrences == reference.occurrences
    assert library.normalized.mismatches == reference.normalized.mismatches
    assert library.normalized.unreliable == reference.normalized.unreliable
    assert [str(f) for f in library.findings] == [str(f) for f in reference.findings]
    assert len(library.facts) > 1000 and len(library.findings) > 20


def test_a_second_start_takes_the_library_from_the_snapshot(tmp_path: Path, builds: list[str], reference: Library) -> None:
    start(tmp_path)
    assert builds.count("parse") == len(bundled_documents()) and "normalize" in builds and "check" in builds
    assert snapshot.snapshot_path(tmp_path).is_file()

    builds.clear()
    second = start(tmp_path)

    assert builds == []
    assert_same_library(second, reference)
    # a derived fact still names its inputs, a conflicting one its sources
    derived = next(f for f in second.facts if f.derived)
    assert derived.derivation is not None and derived.derivation.terms
    reported = next(f for f in second.facts if f.reported is not None)
    assert reported.reported in second.raw  # the winning report is one of the library's raw facts


def test_a_snapshot_is_written_only_when_asked_and_checks_the_library_first(tmp_path: Path) -> None:
    library = Library.load(tmp_path)
    _ = library.facts, library.findings
    assert not snapshot.snapshot_path(tmp_path).exists()  # no property writes a file
    assert library.save_snapshot() is True and snapshot.snapshot_path(tmp_path).is_file()
    assert library.save_snapshot() is False  # once
    again = Library.load(tmp_path)
    assert again.save_snapshot() is False  # taken from the snapshot: nothing to keep


def test_saving_says_false_when_nothing_was_written(tmp_path: Path) -> None:
    """A data folder that does not exist (yet) takes no snapshot, and saving says so rather than claiming it did."""
    library = Library.load(tmp_path / "not-made")
    _ = library.facts, library.findings
    assert library.save_snapshot() is False and not (tmp_path / "not-made").exists()


def test_another_document_means_another_library(tmp_path: Path, builds: list[str], reference: Library) -> None:
    start(tmp_path)
    seed = bundled_documents()[0]
    (tmp_path / DOCUMENTS_FOLDER).mkdir()
    # the same text under another name is the same document (dedupe by content), so change a figure's line
    changed = seed.path.read_text(encoding="utf-8").replace("Revenues", "Revenues (restated)", 1)
    (tmp_path / DOCUMENTS_FOLDER / "2099-01-01_other.txt").write_text(changed, encoding="utf-8")
    builds.clear()

    grown = start(tmp_path)

    assert "normalize" in builds and "check" in builds
    assert len(grown.documents) == len(reference.documents) + 1
    assert len(grown.raw) > len(reference.raw)
    builds.clear()
    assert start(tmp_path).raw == grown.raw
    assert builds == []  # and the new library is the snapshot now


def test_other_code_means_another_snapshot(tmp_path: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    start(tmp_path)
    monkeypatch.setattr(snapshot, "code_fingerprint", lambda: "0" * 64)
    builds.clear()
    start(tmp_path)
    assert "normalize" in builds and "check" in builds


def test_the_code_stamp_covers_the_headless_package_and_not_the_viewer() -> None:
    names = {p.relative_to(Path(codestamp.__file__).parent.parent).as_posix() for p in codestamp.package_sources()}
    assert {"analysis/normalize.py", "analysis/derive.py", "analysis/checks.py", "base/facts.py", "library/store.py", "ingest/reader.py", "ingest/tables.py"} <= names
    assert not {n for n in names if n.startswith(("ui/", "models/"))}  # the viewer's code does not change the library


def _package_copy(tmp_path: Path) -> Path:
    root = tmp_path / "iijviewer"
    shutil.copytree(Path(codestamp.__file__).parent.parent, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


@pytest.mark.parametrize("edit", ["analysis/normalize.py", "ingest/tables.py", "analysis/checks.py"])
def test_the_code_stamp_changes_with_any_headless_source(tmp_path: Path, edit: str) -> None:
    root = _package_copy(tmp_path)
    before = codestamp.digest(codestamp.package_sources(root), root)
    with open(root / edit, "a", encoding="utf-8") as f:
        f.write("\n# changed\n")
    assert codestamp.digest(codestamp.package_sources(root), root) != before


def test_the_code_stamp_ignores_the_viewer(tmp_path: Path) -> None:
    root = _package_copy(tmp_path)
    before = codestamp.digest(codestamp.package_sources(root), root)
    with open(root / "ui" / "main_window.py", "a", encoding="utf-8") as f:
        f.write("\n# changed\n")
    assert codestamp.digest(codestamp.package_sources(root), root) == before


def test_a_reading_rule_changes_the_fingerprint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    resources = tmp_path / "resources"
    shutil.copytree(resources_dir(), resources)
    fingerprint = _fresh(monkeypatch, cache__resources_dir=lambda: resources)
    before = fingerprint()
    with open(resources / "labels.csv", "a", encoding="utf-8") as f:
        f.write("\n")
    assert before is not None and fingerprint() != before


def test_unknown_code_keeps_no_snapshot(tmp_path: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A frozen build without its stamp: nothing says which code made a snapshot, so none is used or written."""
    start(tmp_path)
    monkeypatch.setattr(snapshot, "code_fingerprint", lambda: None)
    snapshot.snapshot_path(tmp_path).unlink()
    builds.clear()
    start(tmp_path)
    start(tmp_path)
    assert builds.count("normalize") == 2
    assert not snapshot.snapshot_path(tmp_path).exists()


def test_a_frozen_build_reads_the_stamp_made_when_it_was_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codestamp, "package_sources", lambda root=None: [])
    monkeypatch.setattr(codestamp, "resources_dir", lambda: tmp_path / "resources")

    def stamp() -> str | None:
        codestamp.code_stamp.cache_clear()
        try:
            return codestamp.code_stamp()
        finally:
            codestamp.code_stamp.cache_clear()

    assert stamp() is None
    (tmp_path / codestamp.STAMP_NAME).write_text("not a hash\n", encoding="ascii")
    assert stamp() is None
    (tmp_path / codestamp.STAMP_NAME).write_text("ab" * 32 + "\n", encoding="ascii")
    assert stamp() == "ab" * 32


def _fresh(monkeypatch: pytest.MonkeyPatch, **patches) -> Callable[[], str | None]:
    """code_fingerprint() computed again under the patches (its caches and the reader's cleared)."""
    for name, value in patches.items():
        module, attribute = name.split("__")
        monkeypatch.setattr({"codestamp": codestamp, "cache": cache}[module], attribute, value)

    def fingerprint() -> str | None:
        cache.reader_fingerprint.cache_clear()
        snapshot.code_fingerprint.cache_clear()
        try:
            return snapshot.code_fingerprint()
        finally:
            cache.reader_fingerprint.cache_clear()
            snapshot.code_fingerprint.cache_clear()

    return fingerprint


def test_the_key_follows_the_code_stamp(monkeypatch: pytest.MonkeyPatch) -> None:
    stamp = {"now": "a" * 64}
    fingerprint = _fresh(monkeypatch, codestamp__code_stamp=lambda: stamp["now"])
    first = fingerprint()
    stamp["now"] = "b" * 64
    assert fingerprint() not in (None, first)
    stamp["now"] = None
    assert fingerprint() is None


def test_a_frozen_reader_fingerprint_follows_the_stamp(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without sources (a frozen build) the parse cache's fingerprint is the stamp's; without a stamp, this process's own."""
    stamp = {"now": "a" * 64}
    _fresh(monkeypatch, cache___reader_sources=lambda: [], codestamp__code_stamp=lambda: stamp["now"])

    def reader() -> str:
        cache.reader_fingerprint.cache_clear()
        try:
            return cache.reader_fingerprint()
        finally:
            cache.reader_fingerprint.cache_clear()

    first = reader()
    assert reader() == first
    stamp["now"] = "b" * 64
    assert reader() != first
    stamp["now"] = None
    assert reader() != reader()  # nothing to know the code by: never the same twice


def test_a_document_changed_in_place_is_another_library(tmp_path: Path, builds: list[str], reference: Library) -> None:
    seed = bundled_documents()[1]
    (tmp_path / DOCUMENTS_FOLDER).mkdir()
    path = tmp_path / DOCUMENTS_FOLDER / "2099-01-01_same-name.txt"
    path.write_text(seed.path.read_text(encoding="utf-8").replace("Revenues", "Revenues (restated)", 1), encoding="utf-8")
    first = start(tmp_path)
    path.write_text(seed.path.read_text(encoding="utf-8").replace("Revenues", "Revenues (as printed)", 1), encoding="utf-8")
    builds.clear()

    second = start(tmp_path)

    assert "normalize" in builds  # same name and date, other content: not the snapshot of the first
    changed = next(d for d in second.documents if d.path == path)
    assert changed.lines != first.document(changed.id).lines
    for f in second.raw:
        if f.source.document == changed.id:
            assert f.text == changed.lines[f.source.line - 1].strip()  # every figure from the text as it is now


def test_the_class_shapes_are_part_of_the_key() -> None:
    classes = {c.__qualname__ for c in snapshot._data_classes()}
    assert {"Fact", "RawFact", "Occurrence", "Normalized", "DerivedFact", "Finding", "SourceRef", "Snapshot"} <= classes


def test_a_new_field_in_a_data_class_means_another_snapshot(monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    fingerprint = _fresh(monkeypatch)
    before = fingerprint()
    grown = dataclasses.make_dataclass("Fact", [("added", int, dataclasses.field(default=0))], bases=(normalize.Fact,), frozen=True)
    grown.__module__ = "iijviewer.analysis.normalize"
    monkeypatch.setattr(normalize, "Fact", grown)
    assert fingerprint() != before


def test_a_stamp_of_no_sources_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codestamp, "package_sources", lambda root=None: [])
    monkeypatch.setattr(codestamp, "resources_dir", lambda: tmp_path / "resources")
    (tmp_path / codestamp.STAMP_NAME).write_text(codestamp.EMPTY + "\n", encoding="ascii")
    codestamp.code_stamp.cache_clear()
    try:
        assert codestamp.code_stamp() is None
    finally:
        codestamp.code_stamp.cache_clear()
    with pytest.raises(ValueError, match="no sources"):
        codestamp.digest([], tmp_path)


def test_a_source_that_cannot_be_read_means_unknown_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codestamp, "package_sources", lambda root=None: [Path(codestamp.__file__).parent.parent / "gone_meanwhile.py"])
    codestamp.code_stamp.cache_clear()
    try:
        assert codestamp.code_stamp() is None
    finally:
        codestamp.code_stamp.cache_clear()


def test_a_library_that_cannot_be_pickled_gets_no_snapshot_and_still_starts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = Library.load(tmp_path)
    broken = snapshot.Snapshot(library.raw, library.report, library.normalized, [lambda: None])  # a lambda: not data
    assert snapshot.store(tmp_path, "0" * 64, broken) is False
    assert not snapshot.snapshot_path(tmp_path).exists()
    assert not [p for p in (tmp_path / CACHE_FOLDER).iterdir() if p.name.startswith(".")]  # no temporary left


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _header(path: Path) -> bytes:
    """The magic, key and checksum lines."""
    return b"".join(line + b"\n" for line in path.read_bytes().split(b"\n", 3)[:3])


def _body(path: Path) -> bytes:
    return path.read_bytes().split(b"\n", 3)[3]


def _garbage_body(path: Path) -> None:
    path.write_bytes(_header(path) + random.Random(7).randbytes(5000))


def _a_flipped_digit(path: Path) -> None:
    """The first figure's leading digit changed inside the pickle: still a valid pickle, a wrong number."""
    body = bytearray(_body(path))
    opcode = b"decimal\x94\x8c\x07Decimal\x94\x93\x94\x8c"  # the class, then a short string: length, text
    at = body.index(opcode) + len(opcode) + 1
    assert chr(body[at]).isdigit()
    body[at] = ord("9") if body[at] != ord("9") else ord("8")
    path.write_bytes(_header(path) + bytes(body))


def _another_key(path: Path) -> None:
    magic, _, rest = path.read_bytes().split(b"\n", 2)
    path.write_bytes(magic + b"\n" + b"f" * 64 + b"\n" + rest)


def _with_body(path: Path, body: bytes) -> None:
    """A body with its own (valid) checksum: what a deliberate writer would plant."""
    magic, key, _ = path.read_bytes().split(b"\n", 2)
    path.write_bytes(b"".join([magic, b"\n", key, b"\n", hashlib.sha256(body).hexdigest().encode(), b"\n", body]))


def _another_shape(path: Path) -> None:
    _with_body(path, pickle.dumps({"facts": [1, 2, 3]}))


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _a_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


@pytest.mark.parametrize(
    "damage",
    [_truncate, _garbage_body, _a_flipped_digit, _another_key, _another_shape, _empty],
    ids=lambda f: f.__name__.strip("_"),
)
def test_a_damaged_snapshot_is_rebuilt_silently(
    tmp_path: Path, builds: list[str], reference: Library, damage: Callable[[Path], None]
) -> None:
    start(tmp_path)
    damage(snapshot.snapshot_path(tmp_path))
    builds.clear()

    rebuilt = start(tmp_path)

    assert "normalize" in builds and "check" in builds and "parse" not in builds  # the parse cache still serves
    assert_same_library(rebuilt, reference)
    builds.clear()
    assert_same_library(start(tmp_path), reference)
    assert builds == []  # written again, and good this time


def test_a_snapshot_that_cannot_be_written_costs_nothing_but_time(tmp_path: Path, reference: Library) -> None:
    start(tmp_path)
    _a_folder(snapshot.snapshot_path(tmp_path))
    assert_same_library(start(tmp_path), reference)
    assert snapshot.snapshot_path(tmp_path).is_dir()
    assert not [p for p in (tmp_path / CACHE_FOLDER).iterdir() if p.name.startswith(".")]  # no temporary left


class _RunsCode:
    """Unpickling this calls `call(*arguments)`: what a planted snapshot would try."""

    def __init__(self, call: Callable, *arguments: object) -> None:
        self.call, self.arguments = call, arguments

    def __reduce__(self):
        return (self.call, self.arguments)


@pytest.mark.parametrize("payload", ["os.system", "builtins.eval", "a function of a data module"])
def test_a_planted_snapshot_runs_no_code(tmp_path: Path, builds: list[str], reference: Library, payload: str) -> None:
    start(tmp_path)
    planted = tmp_path / "planted"
    planted.mkdir()
    if payload == "os.system":
        marker, body = planted / "ran", pickle.dumps(_RunsCode(os.system, f"touch {planted / 'ran'}"))
    elif payload == "builtins.eval":
        marker, body = planted / "ran", pickle.dumps(_RunsCode(eval, f"open({str(planted / 'ran')!r}, 'w')"))
    else:  # snapshot.store is in a module whose data classes a snapshot holds, but is not one
        marker = snapshot.snapshot_path(planted)
        body = pickle.dumps(_RunsCode(snapshot.store, planted, "0" * 64, None))
    _with_body(snapshot.snapshot_path(tmp_path), body)
    builds.clear()

    library = start(tmp_path)

    assert not marker.exists()
    assert "normalize" in builds
    assert_same_library(library, reference)


@pytest.mark.parametrize(
    "module, name",
    [("os", "system"), ("builtins", "eval"), ("iijviewer.__main__", "main"), ("iijviewer.library.store", "Library"),
     ("iijviewer.cli", "main"), ("iijviewer.analysis.normalize", "build"), ("subprocess", "Popen")],
)
def test_the_unpickler_makes_only_data_classes(module: str, name: str) -> None:
    with pytest.raises(pickle.UnpicklingError, match="is not library data"):
        snapshot._DataOnly(__import__("io").BytesIO(b"")).find_class(module, name)


def test_the_unpickler_makes_the_library_data() -> None:
    finder = snapshot._DataOnly(__import__("io").BytesIO(b""))
    assert finder.find_class("iijviewer.analysis.normalize", "Fact") is normalize.Fact
    assert finder.find_class("iijviewer.library.snapshot", "Snapshot") is snapshot.Snapshot


def test_a_missing_data_folder_gets_no_snapshot(tmp_path: Path, reference: Library) -> None:
    folder = tmp_path / "nothing"
    assert_same_library(start(folder), reference)
    assert not folder.exists()


def test_a_load_freezes_nothing(tmp_path: Path) -> None:
    """Only the application's start freezes (on its main thread): an import's load must not freeze the window's objects."""
    start(tmp_path)
    frozen = gc.get_freeze_count()
    kept = [start(tmp_path), Library.load(tmp_path), start(tmp_path / "new")]  # alive while counted
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
    assert all(len(k.raw) > 1000 for k in kept)


def test_the_start_freezes_and_a_new_library_unfreezes(qtbot, tmp_path: Path) -> None:
    from iijviewer import app

    gc.unfreeze()
    try:
        window = app._main_window(tmp_path)
        qtbot.addWidget(window)
        assert gc.get_freeze_count() > 100_000 or gc.get_freeze_count() > 10 * len(window.library.raw)
        window.reload(Library.load(tmp_path))
        assert gc.get_freeze_count() == 0  # the old library's cycles can be collected again
    finally:
        gc.unfreeze()


def test_a_freezing_pause_freezes_once_the_last_user_is_done() -> None:
    from iijviewer.library.store import many_objects

    gc.unfreeze()
    try:
        with many_objects(freeze=True):
            with many_objects():
                kept = [[i] for i in range(1000)]
            assert gc.get_freeze_count() == 0 and not gc.isenabled()
        assert gc.get_freeze_count() >= len(kept) and gc.isenabled()
        with many_objects():
            pass
        assert gc.get_freeze_count() >= len(kept)  # a plain pause after it freezes nothing more, and undoes nothing
    finally:
        gc.unfreeze()


def test_an_import_after_a_snapshot_shows_its_facts(tmp_path: Path) -> None:
    from iijviewer.library.importer import import_documents

    before = start(tmp_path)
    assert snapshot.snapshot_path(tmp_path).is_file()
    seed = bundled_documents()[-1]
    other = tmp_path / "incoming.txt"
    shutil.copy(seed.path, other)
    text = other.read_text(encoding="utf-8").replace("Revenues", "Revenues (restated)", 1)
    other.write_text(text, encoding="utf-8")

    assert import_documents([other], tmp_path).ok
    after = start(tmp_path)

    assert len(after.documents) == len(before.documents) + 1
    assert {f.source.document for f in after.raw} > {f.source.document for f in before.raw}


def _forge(folder: Path, change: Callable[[snapshot.Snapshot], None]) -> None:
    """Rewrite the snapshot with `change` made to it, its header and checksum valid (what anyone could write)."""
    library = start(folder)
    made_for = snapshot.key(library.documents)
    kept = snapshot.load(folder, made_for)
    assert kept is not None
    change(kept)
    assert snapshot.store(folder, made_for, kept)


def _changed_figure(s: snapshot.Snapshot) -> None:
    from dataclasses import replace

    i = next(i for i, f in enumerate(s.normalized.facts) if not f.derived and f.concept == "revenue_total")
    fact = s.normalized.facts[i]
    forged = replace(fact.reported, value=fact.value * 2)
    s.raw[s.raw.index(fact.reported)] = forged
    s.normalized.facts[i] = replace(fact, value=forged.value, reported=forged)


def _wrong_type(s: snapshot.Snapshot) -> None:
    from dataclasses import replace

    s.raw[0] = replace(s.raw[0], value="1,234")  # a string where a Decimal belongs


def _field_dropped(s: snapshot.Snapshot) -> None:
    del s.raw[0].__dict__["announced"]  # an object the unpickler made without one of its fields


def _wrong_type_and_field_dropped(s: snapshot.Snapshot) -> None:
    object.__setattr__(s.raw[0], "concept", 1234)
    _field_dropped(s)


def _signalling_nan(s: snapshot.Snapshot) -> None:
    from dataclasses import replace

    s.raw[0] = replace(s.raw[0], value=Decimal("sNaN"))  # cannot even be hashed


@pytest.mark.parametrize(
    "change",
    [
        _changed_figure,
        _wrong_type,
        _field_dropped,
        _wrong_type_and_field_dropped,
        _signalling_nan,
        lambda s: s.raw.extend(s.raw),
        lambda s: s.normalized.facts.extend(s.normalized.facts),
    ],
    ids=[
        "a figure changed",
        "a value of the wrong type",
        "a field dropped",
        "a wrong type and a field dropped",
        "a signalling NaN",
        "the raw facts doubled",
        "the facts doubled",
    ],
)
def test_a_forged_snapshot_is_not_used_and_is_replaced(
    tmp_path: Path, builds: list[str], reference: Library, change: Callable[[snapshot.Snapshot], None]
) -> None:
    _forge(tmp_path, change)
    builds.clear()

    library = start(tmp_path)

    assert "normalize" in builds  # built again, not taken from the forged file
    assert_same_library(library, reference)
    builds.clear()
    assert_same_library(start(tmp_path), reference)
    assert builds == []  # the snapshot written again, and trusted
