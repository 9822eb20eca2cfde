"""The library snapshot: the whole library's facts, normalized and checked, kept for the next start.

The parse cache (`iijviewer.library.cache`) spares a start the reading of each
document; a large library still spends most of its start normalizing and
checking the facts (for 200 documents about 0.6 s each way, beside 0.6 s of
decoding 200 cache entries).  Those results depend only on the documents and
the code, so one file keeps them: `<data_dir>/cache/library.snapshot`.

It is used only when it was made from the same documents (their ids, dates
and contents, in order) by the same code (the reader's fingerprint, the
package's headless sources or, in a frozen build, their hash stamped at build
time: `iijviewer.base.codestamp`; and the fields of every class it holds), which
its header names, and when its body has the checksum the header gives;
otherwise the library is built as before and the snapshot written again.
Code that cannot be identified gets no snapshot at all.  There is one snapshot per data folder: an import
makes the next load build and write a new one.

The body is a pickle, read by an unpickler that makes nothing but the
package's own data classes, `Decimal` and the built-in containers: a file in
the data folder can never run code, whatever was written there.  Like the
cache, the snapshot never changes what the library holds, only how fast it
is there; a folder that cannot be written, or whose lock another process
holds, just means no snapshot.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import io
import json
import operator
import pickle
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from iijviewer import __version__
from iijviewer.analysis.normalize import Fact, Normalized, Occurrence
from iijviewer.base import codestamp, safefile, vocabulary
from iijviewer.base.facts import Finding, RawFact, SourceRef
from iijviewer.base.safefile import read_regular
from iijviewer.ingest.documents import Document
from iijviewer.library import cache, locking

SNAPSHOT_NAME = "library.snapshot"
_MAGIC = b"iijviewer library snapshot 2\n"
MAX_SNAPSHOT_BYTES = 1_000_000_000  # a library of hundreds of documents is tens of MB
_PROTOCOL = 5

# The modules whose data classes a snapshot holds; importing them runs nothing but definitions.
_DATA_MODULES = frozenset(("iijviewer.base.facts", "iijviewer.analysis.normalize", "iijviewer.analysis.derive", "iijviewer.library.snapshot"))


@dataclass
class Snapshot:
    raw: list[RawFact]
    report: list[Finding]
    normalized: Normalized
    findings: list[Finding]


def _data_classes() -> list[type]:
    """Every class a snapshot may hold (the shape of each is part of the key)."""
    found = []
    for module in sorted(_DATA_MODULES):
        for value in vars(importlib.import_module(module)).values():
            if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module:
                found.append(value)
    return sorted(found, key=lambda c: (c.__module__, c.__qualname__))


@lru_cache(maxsize=1)
def code_fingerprint() -> str | None:
    """The reader's fingerprint, the package's code and the data classes' fields; None when the code is unknown."""
    stamp = codestamp.code_stamp()
    if stamp is None:
        return None
    h = hashlib.sha256()
    h.update(f"{_MAGIC!r} {__version__} {sys.version_info[:2]} {cache.reader_fingerprint()} {stamp}\n".encode())
    for c in _data_classes():
        h.update(f"{c.__module__}.{c.__qualname__} {[f.name for f in dataclasses.fields(c)]}\n".encode())
    return h.hexdigest()


def key(documents: list[Document]) -> str | None:
    """What a snapshot must have been made from: these documents, in this order, and this code (None: keep none)."""
    code = code_fingerprint()
    if code is None:
        return None
    h = hashlib.sha256(code.encode())
    for d in documents:
        h.update(json.dumps([d.id, d.sort_date, d.sha256]).encode() + b"\n")
    return h.hexdigest()


def verify(snapshot: Snapshot, documents: Sequence[Document]) -> bool:
    """The snapshot proves itself against the documents it was made from, deep enough that a forged one is not used.

    An object the unpickler made without a field, or with a value that
    cannot be hashed or compared (a signalling NaN), proves nothing either:
    False, not an error at start.
    """
    try:
        return _verify(snapshot, documents)
    except (AttributeError, KeyError, TypeError, ValueError, ArithmeticError):
        return False


def _verify(snapshot: Snapshot, documents: Sequence[Document]) -> bool:
    """What `verify` checks.

    Every raw fact is a RawFact of the right types, once, whose figure stands
    on the line of the document it cites (as the cache checks an entry); every
    finding a Finding citing lines of those documents; every reported fact
    the value of a raw fact of the snapshot, every key once; every occurrence
    a raw fact's.  (Derived figures are arithmetic on reported ones and are
    not recomputed here.)
    """
    lines = {d.id: d.lines for d in documents}
    numbers: dict[tuple[int, int], set[str]] = {}
    keys: set[tuple] = set()
    for f in snapshot.raw:
        if type(f) is not RawFact or not _typed(f):
            return False
        source = f.source
        # the source as its two fields: a tuple of plain values hashes in C, a dataclass in Python
        key = (source.document, source.line, f.concept, f.period, f.scenario, f.classification, f.value)
        if key in keys:
            return False  # a figure twice (a doubled list; the same object twice has the same key)
        doc = lines.get(source.document)
        if doc is None or not cache.printed_on_its_line(f, doc, numbers):
            return False
        keys.add(key)
    ids = {id(f) for f in snapshot.raw}
    for fd in (*snapshot.report, *snapshot.findings):
        if type(fd) is not Finding or not all(type(s) is SourceRef and s.document in lines for s in fd.sources):
            return False
    chosen: set[tuple[str, str, str]] = set()
    for fact in snapshot.normalized.facts:
        if type(fact) is not Fact or fact.key in chosen or type(fact.value) is not Decimal or not fact.value.is_finite():
            return False
        chosen.add(fact.key)
        if not fact.derived and (fact.reported is None or id(fact.reported) not in ids or fact.reported.value != fact.value):
            return False
    return all(type(o) is Occurrence and id(o.fact) in ids for o in snapshot.normalized.occurrences)


# the vocabulary's word types, which facts and findings may hold instead of a plain string
WORDS = frozenset(v for v in vars(vocabulary).values() if isinstance(v, type) and issubclass(v, StrEnum) and v is not StrEnum)
_TEXT_FIELDS = ("concept", "period", "scenario", "unit", "label", "text", "classification", "announced")
_TEXT_TYPES = frozenset({str, *WORDS})
_texts_of = operator.itemgetter(*_TEXT_FIELDS)


def _typed(f: RawFact) -> bool:
    d = f.__dict__
    return (
        _TEXT_TYPES.issuperset(map(type, _texts_of(d)))
        and type(d["value"]) is Decimal
        and d["value"].is_finite()
        and type(d["decimals"]) is int
        and type(d["table_line"]) is int
        and type(d["source"]) is SourceRef
        and type(d["source"].document) is str
        and type(d["source"].line) is int
    )


def snapshot_path(data_dir: Path) -> Path:
    return data_dir / cache.CACHE_FOLDER / SNAPSHOT_NAME


# -- reading safely ----------------------------------------------------------------


def _allowed(module: str, name: str) -> Any:
    if (module, name) == ("decimal", "Decimal"):
        return Decimal
    if module == vocabulary.__name__:  # a word of the vocabulary (a StrEnum member is made by looking its value up)
        found = getattr(vocabulary, name, None)
        return found if found in WORDS else None
    if module in _DATA_MODULES:
        found = getattr(importlib.import_module(module), name, None)
        if isinstance(found, type) and dataclasses.is_dataclass(found) and found.__module__ == module:
            return found
    return None


class _DataOnly(pickle.Unpickler):
    """Makes the package's data classes and Decimal; refuses every other global (functions, os, builtins)."""

    def find_class(self, module: str, name: str) -> Any:
        found = _allowed(module, name)
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not library data")
        return found


def load(data_dir: Path, expected: str) -> Snapshot | None:
    """The snapshot made for `expected` (a `key`), or None when there is none, another, or a damaged one."""
    try:
        f = io.BytesIO(read_regular(snapshot_path(data_dir), MAX_SNAPSHOT_BYTES))
    except OSError:  # none, unreadable, not a file (a FIFO would block for ever), or too large
        return None
    if f.readline() != _MAGIC or f.readline().rstrip(b"\n").decode("ascii", "replace") != expected:
        return None
    checksum = f.readline().rstrip(b"\n")
    body = f.read()
    if hashlib.sha256(body).hexdigest().encode() != checksum:  # a flipped digit would be a wrong figure
        return None
    try:
        snapshot = _DataOnly(io.BytesIO(body)).load()
    except Exception:  # noqa: BLE001 - any damage (truncated, foreign, refused global) means no snapshot
        return None
    if not _well_formed(snapshot):
        return None
    return snapshot


def _well_formed(snapshot: object) -> bool:
    return (
        isinstance(snapshot, Snapshot)
        and isinstance(snapshot.normalized, Normalized)
        and all(isinstance(x, list) for x in (snapshot.raw, snapshot.report, snapshot.findings))
        and isinstance(snapshot.normalized.facts, list)
        and isinstance(snapshot.normalized.occurrences, list)
    )


class _Hashing(io.RawIOBase):
    """A file that hashes what is written through it (the pickler writes in frames of 64 KiB)."""

    def __init__(self, file) -> None:
        self.file = file
        self.hash = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.hash.update(data)
        return self.file.write(data)


def store(data_dir: Path, made_for: str, snapshot: Snapshot) -> bool:
    """Write the snapshot atomically; False (and nothing written) when the folder cannot take it now.

    The data folder is never created here, and a writer never waits: while
    another process holds the library's lock, this load does without (and a
    folder that cannot be written costs no pickling).  The pickle is streamed
    to the file: a worker thread writing it lets the window's thread run
    between frames (one `dumps` of a large library held the interpreter for a
    second), and no second copy of it is made in memory.
    """
    target = snapshot_path(data_dir)
    if not data_dir.is_dir():
        return False
    try:
        target.parent.mkdir(exist_ok=True)
        def write(f) -> None:
            f.write(_MAGIC + made_for.encode("ascii") + b"\n")
            at = f.tell()
            f.write(b"0" * 64 + b"\n")  # the checksum, once the body is written
            body = _Hashing(f)
            pickle.Pickler(body, protocol=_PROTOCOL).dump(snapshot)
            f.seek(at)
            f.write(body.hash.hexdigest().encode("ascii"))

        with locking.library_lock(data_dir, timeout=0):
            safefile.write_atomic(target, write, sync=False)
    except (OSError, locking.LibraryBusy):
        return False
    except Exception:  # noqa: BLE001 - something that cannot be pickled: no snapshot, never a failed start
        return False
    return True
