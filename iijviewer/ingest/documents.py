"""Documents: a text file of an IIJ release or presentation, decoded, split into lines, with its metadata.

A document's id is its file name without `.txt`; a fact's `line` is a 1-based
index into `Document.lines`.  The metadata (title, publication date, kind,
reported period, exchange rate) is read from the text by the patterns in
`resources/document_patterns.csv`; nothing here knows one document.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from iijviewer.base.paths import bundled_documents_dir
from iijviewer.base.safefile import read_regular
from iijviewer.ingest.context import (
    PRESENTATION,
    PRESS_RELEASE,
    announcement,
    head_text,
    read_kind,
    read_reported_period,
    read_title,
    stated_date,
    unmarked,
)
from iijviewer.ingest.rules import document_pattern

__all__ = ["PRESENTATION", "PRESS_RELEASE", "Document", "DocumentError", "load_document", "bundled_documents"]

# IIJ's releases are a few hundred KiB; a file this large is something else (a PDF's text is far smaller still).
MAX_DOCUMENT_BYTES = 20_000_000

_NEWLINES = re.compile(r"\r\n|\r|\n")


class DocumentError(Exception):
    """A file that cannot be read as a document; prints as `name: problem`."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem


@dataclass(frozen=True)
class Document:
    id: str
    path: Path
    sha256: str
    title: str
    publication_date: str  # "2010-11-15", or "2013-12" when only month and year are given; "" if none
    kind: str  # PRESS_RELEASE or PRESENTATION
    reported_period: str  # a contract period key; "" if none found
    exchange_rate: Decimal | None  # JPY per US$1.00
    lines: tuple[str, ...]
    bundled: bool = False
    stock_splits: tuple["StockSplit", ...] = ()  # the splits the text states (`read_stock_splits`)
    original: str = ""  # the PDF or web page the text was read from, beside it in the folder ("" for a text)

    @cached_property
    def text_sha256(self) -> str:
        """The document's content: its text's hash, whatever its encoding, byte-order mark or line endings."""
        return hashlib.sha256("\n".join(self.lines).encode("utf-8")).hexdigest()

    @cached_property
    def content_key(self) -> str:
        """Its words and figures, whatever the form: the same release as text, PDF or web page has the same key."""
        return content_key(self.lines)

    @property
    def original_path(self) -> Path | None:
        """The PDF or web page the text was read from, kept beside it; None for a text."""
        return self.path.with_name(self.original) if self.original else None

    @property
    def source_kind(self) -> str:
        """"PDF", "web page" or "text": what the user gave the library."""
        suffix = Path(self.original).suffix.lower()
        return "PDF" if suffix == ".pdf" else "web page" if suffix in (".html", ".htm") else "text"

    @property
    def sort_date(self) -> str:
        """The publication date padded so that a month sorts before its days ("2013-12" -> "2013-12-00")."""
        return self.publication_date + "-00" if len(self.publication_date) == 7 else self.publication_date


_NOT_CONTENT = re.compile(r"[^0-9a-z]+")


def content_key(lines: Sequence[str]) -> str:
    """A hash of a text's letters and digits only (compatibility forms folded): its words, not its layout or markup."""
    text = unicodedata.normalize("NFKC", "\n".join(lines)).lower()
    return hashlib.sha256(_NOT_CONTENT.sub("", text).encode("ascii")).hexdigest()


class Metadata(NamedTuple):
    title: str
    publication_date: str
    kind: str
    reported_period: str
    exchange_rate: Decimal | None


def decode_text(data: bytes, name: str) -> str:
    """The text of a file: UTF-8 (with or without BOM), UTF-16 (with BOM, or without one when it is plain), or Shift-JIS (cp932)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            problem = f"starts with a UTF-16 byte-order mark but is not valid UTF-16 ({e.reason} at byte {e.start})"
            raise DocumentError(name, problem) from None
    elif b"\x00" in data and (encoding := _utf16_without_mark(data)):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as e:
            raise DocumentError(name, f"looks like UTF-16 without a byte-order mark but is not valid UTF-16 ({e.reason})") from None
    elif b"\x00" in data:
        raise DocumentError(name, "is a binary file (it contains NUL bytes), not a text document")
    elif data.startswith(b"\xef\xbb\xbf"):
        try:
            text = _decode_utf8(data[3:])
        except UnicodeDecodeError as e:
            problem = f"starts with a UTF-8 byte-order mark but is not valid UTF-8 ({e.reason} at byte {e.start})"
            raise DocumentError(name, problem) from None
    else:
        # Strict UTF-8 first: cp932 accepts many byte sequences that are really UTF-8.
        try:
            text = _decode_utf8(data)
        except UnicodeDecodeError as utf8_error:
            try:
                text = data.decode("cp932")
            except UnicodeDecodeError:
                raise DocumentError(
                    name,
                    f"cannot be decoded as UTF-8, UTF-16 or Shift-JIS (cp932); "
                    f"first invalid UTF-8 byte at offset {utf8_error.start}",
                ) from None
    if "\x00" in text:
        raise DocumentError(name, "is a binary file (it contains NUL characters), not a text document")
    return text


def _utf16_without_mark(data: bytes) -> str:
    """"utf-16-le" or "utf-16-be" for text saved as UTF-16 without a byte-order mark, else "".

    Such a text has NUL bytes on one side of its pairs only (the high byte of
    each ASCII letter), and decodes to printable text.
    """
    if len(data) < 4 or len(data) % 2:
        return ""
    head = data[:8192]
    even, odd = head[0::2], head[1::2]
    for encoding, nul, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if other.count(0) == 0 and nul.count(0) >= 0.2 * len(nul):
            try:
                sample = head.decode(encoding)
            except UnicodeDecodeError:
                continue
            if sum(c.isprintable() or c in "\t\r\n" for c in sample) >= 0.95 * len(sample):
                return encoding
    return ""


def _decode_utf8(data: bytes) -> str:
    """UTF-8; a file cut inside its last character keeps the text before it, the cut character as U+FFFD.

    Read as Shift-JIS instead, such a file would lose every other non-ASCII character.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.reason != "unexpected end of data":
            raise
        return data[: e.start].decode("utf-8") + "\ufffd"


def split_lines(text: str) -> tuple[str, ...]:
    """Lines without their endings; only CR/LF end a line (form feeds and the like stay in it)."""
    lines = _NEWLINES.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(lines)


def read_publication_date(head: str) -> str:
    """The first date a `publication_date` pattern finds, patterns in their order; "" if none."""
    return stated_date("publication_date", head)


class StockSplit(NamedTuple):
    """A stock split a document states: `shares` new shares for each `old` one, from `effective` on."""

    effective: str  # ISO date
    old: int
    shares: int
    document: str
    line: int


def read_stock_splits(doc_id: str, lines: Sequence[str]) -> list[StockSplit]:
    """The stock splits the text states ("a 1:200 stock split ... with an effective date of October 1, 2012")."""
    found = []
    for number, line in enumerate(lines, start=1):
        if "split" not in line.lower():
            continue
        for pattern in document_pattern("stock_split"):
            m = pattern.search(unmarked(line))
            if m is None or int(m["a"]) == 0 or int(m["b"]) <= int(m["a"]):
                continue
            effective = stated_date("stock_split", m.group(0))
            if len(effective) == 10:
                found.append(StockSplit(effective, int(m["a"]), int(m["b"]), doc_id, number))
    return found


def read_exchange_rate(text: str) -> Decimal | None:
    """The yen per U.S. dollar used for the convenience translation, if the document states one."""
    for pattern in document_pattern("exchange_rate"):
        m = pattern.search(text)
        if m:
            return Decimal(m["rate"])
    return None


def read_issuer(lines: Sequence[str]) -> str:
    """The company a document says makes the announcement (its title's "X Announces", its dateline's "X today announced"), or ""."""
    names = []
    for text in (read_title(lines), announcement(lines)[1]):
        for pattern in document_pattern("issuer"):
            m = pattern.search(text)
            if m:
                names.append(m.group("name").strip(" ,"))
                break
    return min(names, key=len) if names else ""


def read_metadata(doc_id: str, text: str) -> Metadata:
    """Title, publication date, kind, reported period and exchange rate, as the text states them (the issuer: `read_issuer`)."""
    lines = split_lines(text)
    head = head_text(lines)
    title = read_title(lines) or doc_id
    kind = read_kind(lines)
    return Metadata(
        title=title,
        publication_date=read_publication_date(head),
        kind=kind,
        reported_period=read_reported_period(lines, title, kind),
        exchange_rate=read_exchange_rate(text),
    )


def make_document(
    doc_id: str, path: Path, data: bytes, lines: tuple[str, ...], meta: Metadata, *, bundled: bool = False, original: str = ""
) -> Document:
    """A document from its bytes, its lines and the metadata read from them (`read_metadata`): everything read once."""
    return Document(
        id=doc_id,
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        title=meta.title,
        publication_date=meta.publication_date,
        kind=meta.kind,
        reported_period=meta.reported_period,
        exchange_rate=meta.exchange_rate,
        lines=lines,
        bundled=bundled,
        stock_splits=tuple(read_stock_splits(doc_id, lines)),
        original=original,
    )


def load_document(path: Path, bundled: bool = False) -> Document:
    """Read one document; DocumentError if the file cannot be read or is not text."""
    path = Path(path)
    try:
        data = read_regular(path, MAX_DOCUMENT_BYTES)
    except OSError as e:
        raise DocumentError(path.name, f"cannot be read ({e.strerror or e})") from None
    text = decode_text(data, path.name)
    original = next((path.with_suffix(s).name for s in (".pdf", ".html", ".htm") if not bundled and path.with_suffix(s).is_file()), "")
    return make_document(path.stem, path, data, split_lines(text), read_metadata(path.stem, text), bundled=bundled, original=original)


def bundled_documents() -> list[Document]:
    """The documents shipped in `resources/documents`, oldest first."""
    docs = [load_document(p, bundled=True) for p in bundled_documents_dir().glob("*.txt")]
    return sorted(docs, key=lambda d: (d.sort_date, d.id))
