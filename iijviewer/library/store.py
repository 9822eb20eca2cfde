"""The library: the documents a user has (bundled and imported) and the facts read from them.

`Library.load()` reads every document once and keeps the raw facts (every
reported occurrence, with provenance), the normalized facts (one per key) and
the ingest report.  It is the single source the command line, the Excel
export and the Qt models read from.  What a document yields is cached in the
data folder (`iijviewer.library.cache`), so that a second start does not parse again,
and the whole library once normalized and checked (`iijviewer.library.snapshot`), so
that a start with the same documents does neither again.

An import adds its documents under a journal (`import.journal`: the names it
is adding), removed once the last one is in place.  A journal that outlives
its import (the process was killed) is undone by the next load or import that
can take the library's lock; while a live import holds the lock, the documents
its journal names are not part of the library yet.  Temporary files of killed
writers are never read, and are removed the same way.
"""

from __future__ import annotations

import copy
import gc
import hashlib
import json
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from iijviewer.analysis.normalize import Fact, Normalized, Occurrence, build
from iijviewer.analysis.sharebasis import OnBasis, ShareBasis, on_basis
from iijviewer.base.facts import Finding, RawFact, SourceRef
from iijviewer.base.paths import data_dir as default_data_dir
from iijviewer.base.safefile import read_regular
from iijviewer.base.vocabulary import FindingKind, PerShareBasis
from iijviewer.ingest.documents import Document, DocumentError, bundled_documents, load_document
from iijviewer.library import cache, locking, snapshot

DOCUMENTS_FOLDER = "documents"
JOURNAL_NAME = "import.journal"
MAX_JOURNAL_BYTES = 1_000_000  # the names of one import's files
MAX_JOURNALED_FILE_BYTES = 250_000_000  # a document, its PDF or its layout


def read_document(
    document: str, lines: Sequence[str], reported_period: str | None = None
) -> tuple[list[RawFact], list[Finding]]:
    """The reader, imported when a document must be read: a start with a valid cache reads none (and skips its import)."""
    from iijviewer.ingest import reader

    return reader.read_document(document, lines, reported_period)


def unavailable_reason(folder: Path | None) -> str | None:
    """Why documents cannot be imported into this data folder (for people), or None when they can.

    A missing folder is fine when the first import can create it.
    """
    if folder is None:
        return "this library has no data folder"
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if existing == folder and not folder.is_dir():
        return f"the data folder {folder} is a file, not a folder"
    if not existing.is_dir():
        return f"the data folder {folder} cannot be created: {existing} is a file, not a folder"
    for path in (existing, existing / DOCUMENTS_FOLDER) if existing == folder else (existing,):
        if path.is_dir() and not os.access(path, os.W_OK | os.X_OK):
            return f"the data folder {path} is read-only"
    return None


JOURNAL_VERSION = 2


def journal_names(folder: Path) -> list[str]:
    """The document files an unfinished import is adding, or an unfinished removal taking out.

    The journal proves what it names: each file with the hash of the content
    the operation wrote (or found, for a removal).  A name whose file has other
    content now (a document committed by another import), a plain file name
    that is not one, or a journal of another form, names nothing: recovery
    never removes what it cannot prove it was about.
    """
    try:
        entry = json.loads(read_regular(folder / JOURNAL_NAME, MAX_JOURNAL_BYTES).decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    if not isinstance(entry, dict) or entry.get("version") != JOURNAL_VERSION or not isinstance(entry.get("files"), dict):
        return []
    names = []
    for name, digest in entry["files"].items():
        # only plain file names: a damaged journal must not point outside the documents folder
        if not (isinstance(name, str) and isinstance(digest, str) and name == Path(name).name and name not in ("", ".", "..")):
            continue
        path = folder / DOCUMENTS_FOLDER / name
        try:
            if hashlib.sha256(read_regular(path, MAX_JOURNALED_FILE_BYTES)).hexdigest() != digest:
                continue  # another content: not this operation's file
        except FileNotFoundError:
            pass  # not renamed into place yet, or already removed: nothing to prove, nothing to remove
        except OSError:
            continue
        names.append(name)
    return names


def write_journal(folder: Path, files: dict[str, str]) -> None:
    """Say which files an import is adding or a removal taking out: their names and the hashes of their contents."""
    entry = {"version": JOURNAL_VERSION, "files": files}
    cache.write_atomic(folder / JOURNAL_NAME, json.dumps(entry).encode("utf-8"))


def roll_back(folder: Path) -> None:
    """Undo a killed import and remove killed writers' temporary files; the caller holds the lock."""
    documents = folder / DOCUMENTS_FOLDER
    for name in journal_names(folder):
        (documents / name).unlink(missing_ok=True)
    (folder / JOURNAL_NAME).unlink(missing_ok=True)
    for sub in (documents, folder / cache.CACHE_FOLDER, folder):
        if sub.is_dir():
            for tmp in sub.glob(cache.TEMPORARY_GLOB):
                tmp.unlink(missing_ok=True)


def _debris(folder: Path) -> bool:
    if (folder / JOURNAL_NAME).exists():
        return True
    return any(next(sub.glob(cache.TEMPORARY_GLOB), None) for sub in (folder / DOCUMENTS_FOLDER, folder / cache.CACHE_FOLDER, folder))




def _changed_in_place(doc: Document, earlier: int, facts: int) -> Finding:
    """A document whose content is not what was read from it before (its earlier entry says): what was lost."""
    return Finding(
        FindingKind.DOCUMENT_CHANGED,
        f"{doc.path.name} has changed since it was read ({'it is empty now' if not doc.lines else 'its text differs'}): "
        f"it gave {earlier:,} figures then, {facts:,} now; import the release again or remove it",
        (SourceRef(doc.id, 1),),
    )


def _listing(folder: Path) -> list[Path]:
    """The library's document texts, none of an import or removal under way (or killed, when that can be repaired).

    With the lock (waited for a moment), what a killed one left is undone
    first; without it, an operation is under way: the files its journal names,
    read before and after the folder is listed (it may write its journal in
    between, or finish), are left out.
    """
    imported = folder / DOCUMENTS_FOLDER
    before = settle(folder)
    paths = sorted(imported.glob("*.txt"))
    if before or _debris(folder):
        unfinished = before | set(journal_names(folder))
        paths = [p for p in paths if p.name not in unfinished]
    return paths


def settle(folder: Path) -> set[str]:
    """Repair what a killed import left, when the lock can be had; the names to leave out of the library."""
    if not _debris(folder):
        return set()
    try:
        with locking.library_lock(folder, timeout=0):
            roll_back(folder)
            return set()
    except locking.LibraryBusy:  # a live import: its documents are not in the library until it finishes
        return set(journal_names(folder))
    except OSError:  # a read-only library cannot be repaired, but a half import is still left out
        return set(journal_names(folder))


class _CollectorPause:
    """Make a great many small objects without the cyclic garbage collector looking at them meanwhile.

    A large library is tens of thousands of facts, none of them in a reference
    cycle; while they are made, the collector would walk the new ones every few
    hundred allocations, and all of them again and again as they pile up, to
    find nothing (a third of the start of a library of 200 documents).
    Reference counting still frees what is dropped; the collector resumes when
    the last user is done: it is the process's, and a library loaded on an
    import's worker thread must not switch it back on under the window's.

    `freeze=True` (the application's start, on its main thread, before any
    other thread exists) also freezes what exists when the collector resumes
    (`gc.freeze`): the collector would otherwise walk every new object at its
    first allocation after the pause (a quarter of a second for a library of
    200 documents) and again at each full collection, for a library and a
    window that live as long as the session.  Frozen objects are still freed by
    reference counting; a cycle among them that is dropped waits for
    `gc.unfreeze`, which the window calls when it replaces its library (and,
    once the new library is shown, collects and freezes again).  No other
    pause freezes: an import's worker would freeze the window's passing
    objects with its own.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._resume = True
        self._freeze = False

    @contextmanager
    def __call__(self, *, freeze: bool = False) -> Iterator[None]:
        with self._lock:
            if self._users == 0:
                self._resume = gc.isenabled()
                gc.disable()
            self._users += 1
            self._freeze |= freeze
        try:
            yield
        finally:
            with self._lock:
                self._users -= 1
                if self._users == 0:
                    if self._freeze and self._resume:
                        gc.freeze()
                    self._freeze = False
                    if self._resume:
                        gc.enable()


many_objects = _CollectorPause()


@dataclass
class Library:
    documents: list[Document]
    raw: list[RawFact]
    report: list[Finding]
    data_dir: Path | None = None
    problems: list[str] = field(default_factory=list)  # library files that could not be read
    # the basis `facts` puts per-share figures on (sharebasis.REPORTED: as printed; ADJUSTED: per today's share)
    per_share: str = PerShareBasis.REPORTED
    # what normalizing and checking made, computed when first asked for (or taken from the snapshot by `load`)
    _normalized: Normalized | None = field(default=None, repr=False, compare=False)
    _findings: list[Finding] | None = field(default=None, repr=False, compare=False)
    _on_basis: OnBasis | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def load(cls, data_dir: str | os.PathLike[str] | None = None, *, use_user_library: bool = True) -> "Library":
        """The bundled documents plus those imported into the data folder."""
        documents = bundled_documents()
        folder = default_data_dir(data_dir) if use_user_library else None
        problems: list[str] = []
        if folder is not None:
            imported = folder / DOCUMENTS_FOLDER
            known = {d.text_sha256 for d in documents}
            if imported.is_dir():
                for path in _listing(folder):
                    try:
                        doc = load_document(path)
                    except DocumentError as e:
                        problems.append(str(e))
                        continue
                    if doc.text_sha256 not in known:
                        known.add(doc.text_sha256)
                        documents.append(doc)
        documents.sort(key=lambda d: (d.sort_date, d.id))
        made_for = snapshot.key(documents) if folder is not None else None
        if folder is not None and made_for is not None:
            with many_objects():
                kept = snapshot.load(folder, made_for)
            if kept is not None and not snapshot.verify(kept, documents):
                kept = None  # forged or damaged: rebuilt below, and the file replaced then
            if kept is not None:
                return cls(documents, kept.raw, kept.report, folder, problems, _normalized=kept.normalized, _findings=kept.findings)
        raw: list[RawFact] = []
        report: list[Finding] = []
        with many_objects():
            for doc in documents:
                # no entry for this content: new, or changed in place since it was read (then said at every
                # start, its new content never cached, until it is imported again or removed)
                earlier = None
                if folder is not None and not doc.bundled and not cache.cache_path(folder, doc.sha256).is_file():
                    earlier = cache.earlier_entry(folder, doc)
                facts, findings = cache.read_cached(doc, None if earlier else folder, read_document)
                raw.extend(facts)
                report.extend(findings)
                if earlier is not None:
                    report.append(_changed_in_place(doc, earlier[1], len(facts)))
        library = cls(documents, raw, report, folder, problems)
        library._snapshot_key = made_for
        return library

    # set by `load` when this library was built, not taken from a snapshot: the
    # snapshot to write once its facts are normalized and checked
    _snapshot_key: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def normalized(self) -> Normalized:
        """One value per key (`normalize.build`), built when first asked for."""
        if self._normalized is None:
            dates = {d.id: d.sort_date for d in self.documents}
            with many_objects():
                self._normalized = build(self.raw, dates, self.share_basis)
        return self._normalized

    @property
    def facts(self) -> list[Fact]:
        """One value per (concept, period, scenario): reported, or derived where nothing reports it.

        Per-share figures are on the basis `per_share` names (`on_basis`)."""
        return self.normalized.facts if self.per_share == PerShareBasis.REPORTED else self.on_basis.facts

    @property
    def on_basis(self) -> OnBasis:
        """The facts with per-share figures on the basis `per_share` names, and the basis of each."""
        if self._on_basis is None or self._on_basis.mode != self.per_share:
            self._on_basis = on_basis(self.normalized.facts, self.share_basis, self.per_share)
        return self._on_basis

    def with_per_share(self, mode: str) -> "Library":
        """This library with per-share figures on another basis: a shallow copy that keeps what was computed."""
        if mode == self.per_share:
            return self
        other = copy.copy(self)
        other.per_share = mode
        return other

    @cached_property
    def share_basis(self) -> ShareBasis:
        """The stock splits the documents state, and when each document was published."""
        return ShareBasis.from_documents(self.documents)

    @property
    def occurrences(self) -> list[Occurrence]:
        """Every reported occurrence with its status (history, agreement, conflicts)."""
        return self.normalized.occurrences

    @property
    def findings(self) -> list[Finding]:
        """Conflicts between documents and statements that do not add up, checked when first asked for (no file written)."""
        if self._findings is None:
            from iijviewer.analysis.checks import run_checks

            normalized = self.normalized
            with many_objects():
                self._findings = run_checks(normalized, self.raw, documents=self.documents)
        return self._findings

    def save_snapshot(self) -> bool:
        """Keep what was read, normalized and checked for the next start (`snapshot`), if this library was built
        rather than taken from one; whether it wrote one.  Checks the library first where it was not yet."""
        if self._snapshot_key is None or self.data_dir is None:
            return False
        written = snapshot.store(self.data_dir, self._snapshot_key, snapshot.Snapshot(self.raw, self.report, self.normalized, self.findings))
        self._snapshot_key = None
        return written

    def plus(self, documents: Sequence[Document], raw: Sequence[RawFact], report: Sequence[Finding]) -> "Library":
        """This library with more documents and their facts, in memory (what an import would make of it)."""
        merged = sorted([*self.documents, *documents], key=lambda d: (d.sort_date, d.id))
        return Library(merged, [*self.raw, *raw], [*self.report, *report], self.data_dir, list(self.problems), self.per_share)

    def without(self, doc_ids: Iterable[str]) -> "Library":
        """This library without some documents and their facts, in memory (what a removal would make of it)."""
        gone = set(doc_ids)
        return Library(
            [d for d in self.documents if d.id not in gone],
            [f for f in self.raw if f.source.document not in gone],
            [f for f in self.report if not any(s.document in gone for s in f.sources)],
            self.data_dir,
            list(self.problems),
            self.per_share,
        )

    def document(self, doc_id: str) -> Document:
        for d in self.documents:
            if d.id == doc_id:
                return d
        raise KeyError(doc_id)

    def source_line(self, ref: SourceRef) -> str:
        return self.document(ref.document).lines[ref.line - 1]
