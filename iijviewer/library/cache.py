"""The parse cache: a document's raw facts and ingest findings, kept so that the next start does not read it again.

One JSON file per document content, `<data_dir>/cache/<sha256>.json`.  An
entry is used only when it was written by the same reader: its fingerprint
(the cache format, the package version, the reading rules in `resources/*.csv`
and the reader's own source) must match.  A file that is damaged, of another
shape or outdated is ignored and written again; a data folder that is missing
or cannot be written, or whose lock another process holds, just means no cache.  The cache never changes what is
read, only how often.

Decimal values are stored as strings (exact), a source as `[document, line]`.
The document id in an entry is the one it was read under; a hit gives the
facts the id of the document being loaded.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import secrets
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from iijviewer import __version__
from iijviewer.base import codestamp, safefile
from iijviewer.base.facts import Finding, RawFact, SourceRef
from iijviewer.base.paths import resources_dir
from iijviewer.base.safefile import read_regular
from iijviewer.ingest.documents import Document
from iijviewer.library import locking

# Raise when the layout of an entry changes in a way the fields below do not show.
CACHE_FORMAT = 1
CACHE_FOLDER = "cache"
MAX_ENTRY_BYTES = 100_000_000  # far beyond what the largest document yields; more is not an entry of ours

Reader = Callable[[str, Sequence[str]], tuple[list[RawFact], list[Finding]]]

_RAW_FIELDS = tuple(f.name for f in dataclasses.fields(RawFact))
_FINDING_FIELDS = tuple(f.name for f in dataclasses.fields(Finding))


class _Damaged(Exception):
    """An entry that is not what this version writes."""


def _reader_sources() -> list[Path]:
    """The reader's own source files, where they exist (a frozen build has only bytecode)."""
    from iijviewer import ingest
    from iijviewer.base import concepts, facts, periods, vocabulary

    files = sorted(Path(ingest.__file__).parent.glob("*.py"))
    files += [Path(m.__file__) for m in (periods, concepts, facts, vocabulary) if m.__file__]
    return [f for f in files if f.is_file()]


@lru_cache(maxsize=1)
def reader_fingerprint() -> str:
    """What an entry must have been written by: format, version, rules and reader code."""
    h = hashlib.sha256()
    h.update(f"format {CACHE_FORMAT}\nversion {__version__}\n".encode())
    h.update(("raw " + " ".join(_RAW_FIELDS) + "\nfinding " + " ".join(_FINDING_FIELDS) + "\n").encode())
    for path in sorted(resources_dir().glob("*.csv")):
        h.update(f"resource {path.name}\n".encode())
        h.update(path.read_bytes())
    sources = _reader_sources()
    for path in sources:
        h.update(f"source {path.name}\n".encode())
        h.update(path.read_bytes())
    if not sources:  # a frozen build: the code as stamped when it was built, else entries of this process only
        h.update(f"code {codestamp.code_stamp() or secrets.token_hex(32)}\n".encode())
    return h.hexdigest()


def cache_path(data_dir: Path, sha256: str) -> Path:
    return data_dir / CACHE_FOLDER / f"{sha256}.json"


# -- encoding ------------------------------------------------------------------


def _encode_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, SourceRef):
        return [value.document, value.line]
    if isinstance(value, tuple):
        return [_encode_value(v) for v in value]
    return value


def _encode(obj: RawFact | Finding, names: Sequence[str]) -> dict[str, Any]:
    return {name: _encode_value(getattr(obj, name)) for name in names}


def _text(value: Any, document: str) -> str:
    if not isinstance(value, str):
        raise _Damaged
    return value


def _int(value: Any, document: str) -> int:
    if type(value) is not int:
        raise _Damaged
    return value


def _decimal(value: Any, document: str) -> Decimal:
    try:
        d = Decimal(_text(value, document))
    except InvalidOperation:
        raise _Damaged from None
    if not d.is_finite():
        raise _Damaged
    return d


def _source(value: Any, document: str) -> SourceRef:
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)):
        raise _Damaged
    # Everything an entry holds was read from its own document, now known under `document`.
    return SourceRef(document, _int(value[1], document))


def _sources(value: Any, document: str) -> tuple[SourceRef, ...]:
    if not isinstance(value, list):
        raise _Damaged
    return tuple(_source(v, document) for v in value)


# Field types (as annotated) of RawFact and Finding, and how an entry's value becomes one.
_DECODERS: dict[str, Callable[[Any, str], Any]] = {
    "str": _text,
    "int": _int,
    "Decimal": _decimal,
    "SourceRef": _source,
    "tuple[SourceRef, ...]": _sources,
}


def _decoder(cls: type) -> Callable[[Any, str], Any]:
    fields = []
    for f in dataclasses.fields(cls):
        if str(f.type) not in _DECODERS:  # a field of a new type: teach the cache to store it
            raise TypeError(f"iijviewer.library.cache cannot store {cls.__name__}.{f.name} of type {f.type}")
        fields.append((f.name, _DECODERS[str(f.type)]))
    names = {name for name, _ in fields}
    # A start decodes every cached fact: plain strings and integers are checked here, not in a call each.
    plain: dict[Callable[[Any, str], Any], type] = {_text: str, _int: int}
    steps = [(name, plain.get(decode_field), decode_field) for name, decode_field in fields]

    def decode(item: Any, document: str) -> Any:
        if type(item) is not dict or item.keys() != names:
            raise _Damaged
        values = {}
        for name, kind, decode_field in steps:
            value = item[name]
            if kind is None:
                value = decode_field(value, document)
            elif type(value) is not kind:
                raise _Damaged
            values[name] = value
        return cls(**values)

    return decode


_raw_fact = _decoder(RawFact)
_finding = _decoder(Finding)


def _decode(data: bytes, document: Document) -> tuple[list[RawFact], list[Finding]]:
    try:
        entry = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _Damaged from None
    if not isinstance(entry, dict):
        raise _Damaged
    if entry.get("fingerprint") != reader_fingerprint() or entry.get("sha256") != document.sha256:
        raise _Damaged
    facts, findings = entry.get("facts"), entry.get("findings")
    if not isinstance(facts, list) or not isinstance(findings, list):
        raise _Damaged
    raw = [_raw_fact(f, document.id) for f in facts]
    numbers: dict[tuple[int, int], set[str]] = {}
    if not all(printed_on_its_line(f, document.lines, numbers) for f in raw):
        raise _Damaged  # a figure that is not on the line it cites: forged or damaged, read the document again
    return raw, [_finding(f, document.id) for f in findings]


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def printed_on_its_line(fact: RawFact, lines: Sequence[str], numbers: dict[tuple[int, int], set[str]] | None = None) -> bool:
    """The figure stands on the line it cites, as printed (in yen, thousands, millions or billions).

    `numbers` keeps each line's numbers between calls (keyed by the lines' id and the line).
    """
    if not 1 <= fact.source.line <= len(lines) or not fact.value.is_finite():
        return False
    key = (id(lines), fact.source.line)
    printed = numbers.get(key) if numbers is not None else None
    if printed is None:
        printed = {t.replace(",", "") for t in _NUMBER.findall(lines[fact.source.line - 1])}
        if numbers is not None:
            numbers[key] = printed
    value = abs(fact.value)
    for scale in _scales_for(fact.decimals):  # printed_forms, without the separators
        if f"{value.scaleb(-scale):.{max(0, fact.decimals + scale)}f}" in printed:
            return True
    return False


_SCALES = (0, 3, 6, 9)  # yen, thousands, millions, billions (formats.printed_forms)


@lru_cache(maxsize=64)
def _scales_for(decimals: int) -> tuple[int, ...]:
    """Every scale, the one a figure of this precision is most likely printed in first (a start checks tens of thousands).

    That is the smallest scale that prints it to whole units or more: a
    figure exact to millions (-6) in millions, to 0.1 billion (-8) in
    billions, a per-share figure (2) in yen.
    """
    likely = next((s for s in _SCALES if s >= -decimals), _SCALES[-1])
    return (likely, *(s for s in _SCALES if s != likely))


# -- the cache -----------------------------------------------------------------


def load(data_dir: Path, document: Document) -> tuple[list[RawFact], list[Finding]] | None:
    """The cached facts and findings of a document, or None when there is no usable entry."""
    try:
        data = read_regular(cache_path(data_dir, document.sha256), MAX_ENTRY_BYTES)
    except OSError:  # none, unreadable, not a file (a FIFO would block for ever), or too large
        return None
    try:
        return _decode(data, document)
    except _Damaged:
        return None


def store(data_dir: Path, document: Document, facts: Sequence[RawFact], findings: Sequence[Finding]) -> bool:
    """Write a document's entry atomically; False (and nothing written) when the data folder is unusable.

    The data folder itself is never created here: a missing one means no cache.
    """
    if not data_dir.is_dir():
        return False
    entry = {
        "format": CACHE_FORMAT,
        "fingerprint": reader_fingerprint(),
        "sha256": document.sha256,
        "document": document.id,
        "facts": [_encode(f, _RAW_FIELDS) for f in facts],
        "findings": [_encode(f, _FINDING_FIELDS) for f in findings],
    }
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    target = cache_path(data_dir, document.sha256)
    try:
        target.parent.mkdir(exist_ok=True)
        # never wait: while another process imports, this start just does without the entry
        with locking.library_lock(data_dir, timeout=0):
            write_atomic(target, text.encode("utf-8"))
    except (OSError, locking.LibraryBusy):
        return False
    return True


def write_atomic(target: Path, data: bytes) -> None:
    """Write a file so that readers see the old content or the new one, never a part (`safefile.write_atomic`)."""
    safefile.write_atomic(target, lambda f: f.write(data), sync=False)


TEMPORARY_GLOB = ".*.tmp"  # what write_temporary names its files; a killed writer may leave one


def temporary_name(target: Path) -> Path:
    """A name beside `target` for a file being written, ignored by whoever reads the folder (TEMPORARY_GLOB)."""
    return target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def write_temporary(target: Path, data: bytes) -> Path:
    """A new file beside `target` holding `data`, named to be ignored by whoever reads the folder."""
    tmp = temporary_name(target)
    try:
        with open(tmp, "xb") as f:
            f.write(data)
    except BaseException:
        remove_quietly(tmp)
        raise
    return tmp


def remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def earlier_entry(data_dir: Path, document: Document) -> tuple[str, int] | None:
    """An entry made for this document with other content (the hash and the number of figures it held), if any."""
    for path in sorted((data_dir / CACHE_FOLDER).glob("*.json")):
        if path.stem == document.sha256:
            continue
        try:
            entry = json.loads(read_regular(path, MAX_ENTRY_BYTES).decode("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            continue
        if isinstance(entry, dict) and entry.get("document") == document.id and isinstance(entry.get("facts"), list):
            return path.stem, len(entry["facts"])
    return None


def read_cached(document: Document, data_dir: Path | None, reader: Reader) -> tuple[list[RawFact], list[Finding]]:
    """A document's raw facts and findings: from the cache when it has them, else read (and cached)."""
    if data_dir is not None:
        hit = load(data_dir, document)
        if hit is not None:
            return hit
    facts, findings = reader(document.id, document.lines)
    if data_dir is not None:
        store(data_dir, document, facts, findings)
    return facts, findings
