"""The library snapshot: the whole library's facts, normalized and checked, kept for the next start.

The parse cache (`iijviewer.cache`) spares a start the reading of each
document; a large library still spends most of its start normalizing and
checking the facts (for 200 documents about 0.6 s each way, beside 0.6 s of
decoding 200 cache entries).  Those results depend only on the documents and
the code, so one file keeps them: `<data_dir>/cache/library.snapshot`.

It is used only when it was made from the same documents (their ids, dates
and contents, in order) by the same code (the reader's fingerprint and the
sources of the package's headless modules), which the first line of the file
names; otherwise, or when it is damaged, the library is built as before and
the snapshot written again.  There is one snapshot per data folder: an import
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
import pickle
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from iijviewer import __version__, cache, locking
from iijviewer.documents import Document
from iijviewer.facts import Finding, RawFact
from iijviewer.normalize import Normalized

SNAPSHOT_NAME = "library.snapshot"
_MAGIC = b"iijviewer library snapshot 1\n"
_PROTOCOL = 5


@dataclass
class Snapshot:
    raw: list[RawFact]
    report: list[Finding]
    normalized: Normalized
    findings: list[Finding]


def _package_sources() -> list[Path]:
    """The headless modules whose code decides the library's facts and findings (not the viewer's)."""
    package = Path(__file__).resolve().parent
    return sorted(p for p in package.glob("*.py") if p.is_file())


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The reader's fingerprint (rules, reader code, version) and the sources of normalize, derive, checks..."""
    h = hashlib.sha256()
    h.update(f"{_MAGIC!r} {__version__} {cache.reader_fingerprint()}\n".encode())
    for path in _package_sources():
        h.update(f"source {path.name}\n".encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def key(documents: list[Document]) -> str:
    """What a snapshot must have been made from: these documents, in this order, and this code."""
    h = hashlib.sha256(code_fingerprint().encode())
    for d in documents:
        h.update(f"\n{d.id}\t{d.sort_date}\t{d.sha256}".encode())
    return h.hexdigest()


def snapshot_path(data_dir: Path) -> Path:
    return data_dir / cache.CACHE_FOLDER / SNAPSHOT_NAME


# -- reading safely ----------------------------------------------------------------


# The modules whose data classes a snapshot holds; importing them runs nothing but definitions.
_DATA_MODULES = frozenset(f"iijviewer.{m}" for m in ("facts", "normalize", "derive", "checks", "snapshot"))


def _allowed(module: str, name: str) -> Any:
    if (module, name) == ("decimal", "Decimal"):
        return Decimal
    if module in _DATA_MODULES:
        found = getattr(importlib.import_module(module), name, None)
        if isinstance(found, type) and dataclasses.is_dataclass(found):
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
        with open(snapshot_path(data_dir), "rb") as f:
            if f.readline() != _MAGIC or f.readline().rstrip(b"\n").decode("ascii", "replace") != expected:
                return None
            body = f.read()
    except OSError:
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


def store(data_dir: Path, made_for: str, snapshot: Snapshot) -> bool:
    """Write the snapshot atomically; False (and nothing written) when the folder cannot take it now.

    The data folder is never created here, and a writer never waits: while
    another process holds the library's lock, this load does without.
    """
    if not data_dir.is_dir():
        return False
    data = _MAGIC + made_for.encode("ascii") + b"\n" + pickle.dumps(snapshot, protocol=_PROTOCOL)
    target = snapshot_path(data_dir)
    try:
        target.parent.mkdir(exist_ok=True)
        with locking.library_lock(data_dir, timeout=0):
            cache.write_atomic(target, data)
    except (OSError, locking.LibraryBusy, pickle.PicklingError):
        return False
    return True
