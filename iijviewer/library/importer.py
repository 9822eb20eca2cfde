"""Importing documents into the user's library, and what each one adds.

`import_documents` validates every file first: a file that is not an IIJ
results document (missing, a folder, empty, binary, undecodable, unrelated
text, Japanese-language, absurdly large, or stating no figure the reader can
place) is refused with one line naming it and the problem.  Each file is its
own unit: a refused file leaves the library as it was and does not keep the
others out.  A valid file is copied byte for byte into
`<data_dir>/documents/` under a name built from its date, kind and period
(`2013-05-15_press-release_FY2012.txt`); the same content twice (also a
bundled document's) is recognised and not added again.  The accepted files of
one import arrive together or not at all, also when the process is killed,
and two imports at once take turns (`iijviewer.library.locking`).

For each file the outcome says what it added: facts, periods the library did
not have, conflicts it introduces and tables it could not read.  Formatting
that for people is `report_lines`; nothing here prints.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from iijviewer.analysis.checks import conflicts
from iijviewer.analysis.derive import fiscal_year_of
from iijviewer.analysis.normalize import Normalized, build, choose
from iijviewer.analysis.sharebasis import ShareBasis
from iijviewer.base.facts import YOY, Finding, RawFact
from iijviewer.base.formatting import plural
from iijviewer.base.paths import bundled_documents_dir
from iijviewer.base.paths import data_dir as default_data_dir
from iijviewer.base.periods import sort_key
from iijviewer.base.vocabulary import FindingKind, ReportStatus, Scenario
from iijviewer.ingest import formats
from iijviewer.ingest.documents import MAX_DOCUMENT_BYTES, Document, DocumentError, make_document, read_issuer, read_metadata, split_lines
from iijviewer.ingest.reader import read_document
from iijviewer.library import cache, locking, store
from iijviewer.library.changes import ChosenChanges, chosen_changes
from iijviewer.library.store import DOCUMENTS_FOLDER, Library, unavailable_reason  # noqa: F401 (part of the import API)

# IIJ's releases are a few hundred KiB; a file this large is something else. A PDF
# carries its pictures and fonts: a presentation of slides may run to tens of MB.
MAX_PDF_BYTES = 200_000_000
# IIJ's longest documents are about a thousand lines and six hundred figures; a document far beyond that
# would make every start of the library slow (its facts are read, normalized and checked each time).
MAX_LINES = 50_000
MAX_LINE_CHARS = 100_000
MAX_FACTS = 10_000
HASH_SUFFIX_CHARS = 8

# How a document names the company ("IIJ-GS" and "IIJI" count, "Fiji" does not); matched
# after NFKC, which folds the full-width "ＩＩＪ" of Shift-JIS documents into "IIJ".
_NAMES_IIJ = re.compile(r"(?i:internet\s+initiative\s+japan)|(?<![A-Za-z])IIJ|インターネットイニシアティブ")


@dataclass(frozen=True)
class Refusal:
    """A file that cannot be imported; prints as `file: problem`."""

    path: str  # as the user gave it
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


@dataclass(frozen=True)
class Candidate:
    """A file that passed validation, read under the name it will have in the library."""

    path: str
    data: bytes  # the text the library reads: the file itself, or the text read from a PDF or web page (UTF-8)
    document: Document
    facts: list[RawFact]
    findings: list[Finding]
    notes: tuple[str, ...] = ()
    original: bytes = b""  # a PDF or web page as given, kept beside its text
    original_suffix: str = ""  # ".pdf", ".html"
    layout: bytes = b""  # where each line of a PDF's text stands (formats.layout_json)

    def files(self) -> list[tuple[str, bytes]]:
        """What goes into the documents folder: (name, bytes), the text first."""
        out = [(f"{self.document.id}.txt", self.data)]
        if self.original:
            out.append((f"{self.document.id}{self.original_suffix}", self.original))
        if self.layout:
            out.append((f"{self.document.id}{formats.LAYOUT_SUFFIX}", self.layout))
        return out


@dataclass(frozen=True)
class FileReport:
    """What importing one file did."""

    path: str
    document: str  # its id in the library (for a duplicate: the id of the copy already there)
    added: bool  # False: the same content was already in the library
    facts: int = 0
    new_periods: tuple[str, ...] = ()
    conflicts: tuple[Finding, ...] = ()
    unreadable: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()  # what the user should know about the file ("it never names IIJ")


@dataclass
class ImportOutcome:
    refused: list[Refusal] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No file was refused."""
        return not self.refused

    @property
    def imported(self) -> bool:
        """Some file went into the library (or was already there)."""
        return bool(self.files)


class ImportCancelled(BaseException):
    """The user cancelled an import while its files were read (raised from the progress callback); nothing written.

    A BaseException, so that no reader's handling of damaged files takes it for one.
    """


class LibraryWriteError(Exception):
    """The library folder cannot be written; nothing was imported."""


class ImportedButNotReported(Exception):
    """The documents are in the library (committed), but what they add could not be worked out; the cause is chained."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(f"{plural(len(names), 'document')} imported ({', '.join(names)}), but what they add could not be reported")
        self.names = names


# -- validation ------------------------------------------------------------------


def _mentions_iij(text: str) -> bool:
    return _NAMES_IIJ.search(unicodedata.normalize("NFKC", text)) is not None


def _beyond_any_release(lines: Sequence[str]) -> str:
    """Why a text is too large to be an IIJ document (before it is read), or ""."""
    if len(lines) > MAX_LINES:
        return f"is larger than any IIJ document: {len(lines):,} lines (the most a document may have is {MAX_LINES:,})"
    longest = max((len(line) for line in lines), default=0)
    if longest > MAX_LINE_CHARS:
        return f"is larger than any IIJ document: a line of {longest:,} characters (the longest a line may be is {MAX_LINE_CHARS:,})"
    return ""


# Hiragana, katakana and the CJK ideographs: a release written in Japanese (決算短信), not an English one
# that prints the company's Japanese name
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
_LATIN = re.compile(r"[A-Za-z]")
JAPANESE_SHARE = 0.3  # of the letters


def _japanese(text: str) -> bool:
    japanese = len(_JAPANESE.findall(text))
    return japanese >= 20 and japanese > JAPANESE_SHARE * (japanese + len(_LATIN.findall(text)))


def _read(path: Path, shown: str) -> bytes | Refusal:
    try:
        if not path.exists():
            return Refusal(shown, "does not exist")
        if path.is_dir():
            return Refusal(shown, "is a folder, not a document")
        if not path.is_file():
            return Refusal(shown, "is not a regular file")
        size = path.stat().st_size
        with open(path, "rb") as f:
            limit = MAX_PDF_BYTES if f.read(5) == b"%PDF-" else MAX_DOCUMENT_BYTES
        if size > limit:
            return Refusal(
                shown, f"is too large to be an IIJ results document ({size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB)"
            )
        return path.read_bytes()
    except OSError as e:
        return Refusal(shown, f"cannot be read ({e.strerror or e})")


def library_name(publication_date: str, kind: str, reported_period: str, sha256: str, taken: Iterable[str]) -> str:
    """A file name a user understands: date (when the text gives one), kind and period, with a short hash when that name is taken."""
    parts = [p for p in (publication_date, kind.replace("_", "-"), reported_period) if p]
    stem = "_".join(parts)
    used = {t.lower() for t in taken}
    name = f"{stem}.txt"
    suffixes = (sha256[:length] for length in range(HASH_SUFFIX_CHARS, len(sha256) + 1, 4))
    for n in range(1, len(used) + 2):  # ends: each try is another name, and fewer names are taken than tries
        if name.lower() not in used:
            break
        suffix = next(suffixes, None)
        name = f"{stem}_{suffix}.txt" if suffix else f"{stem}_{sha256[:HASH_SUFFIX_CHARS]}-{n}.txt"
    return name


def _latest_actual_period(facts: Iterable[RawFact]) -> str:
    """The period an undated excerpt reports, as its figures say: the latest period of its results."""
    periods = {f.period for f in facts if f.scenario == Scenario.ACTUAL and f.classification != YOY and not f.period[:1].isdigit()}
    return max(periods, key=sort_key) if periods else ""


def validate(path: str | os.PathLike[str], taken: set[str], progress: formats.Progress | None = None) -> Candidate | Refusal:
    """A file (text, PDF or web page) read as a library document named beside `taken` (names in use), or why it is refused."""
    shown = os.fspath(path)
    data = _read(Path(path), shown)
    if isinstance(data, Refusal):
        return data
    if not data.strip():
        return Refusal(shown, "is empty" if not data else "is empty (only blank space)")
    try:
        converted = formats.convert(data, shown, progress)
    except DocumentError as e:
        return Refusal(shown, e.problem)
    text = converted.text
    original = data if converted.kind != formats.TEXT else b""
    if original:
        data = text.encode("utf-8")
    if not text.strip():
        return Refusal(shown, "is empty (only blank space)")
    if _japanese(text):
        return Refusal(shown, "is a Japanese-language document: Japanese-language documents are not supported yet")
    lines = split_lines(text)
    too_large = _beyond_any_release(lines)
    if too_large:
        return Refusal(shown, too_large)
    names_iij = _mentions_iij(text)
    sha256 = hashlib.sha256(data).hexdigest()
    meta = read_metadata(Path(shown).stem, text)
    facts, findings = read_document(Path(shown).stem, lines, meta.reported_period)
    figures = _figures(facts)
    if len(facts) > MAX_FACTS:
        return Refusal(shown, f"is larger than any IIJ document: {len(facts):,} figures (the most a document may state is {MAX_FACTS:,})")
    if not names_iij and not figures:
        return Refusal(shown, "is not an IIJ results document (it never names Internet Initiative Japan or IIJ)")
    issuer = "" if names_iij else read_issuer(lines)  # asked only of a file that never names IIJ
    if issuer:
        return Refusal(shown, f"is another company's release ({issuer} announces it, and it never names IIJ): only IIJ's documents are read")
    if not figures:
        problem = "is not an IIJ results document: it states no figure the reader can place in a period"
        if findings:
            problem += f" ({len(findings)} tables or figures not understood: see `iijviewer documents --report` after importing a fixed copy)"
        return Refusal(shown, problem)
    period = meta.reported_period or _latest_actual_period(figures)
    name = library_name(meta.publication_date, meta.kind, period, sha256, taken)
    doc_id = name.removesuffix(".txt")
    facts = [replace(f, source=replace(f.source, document=doc_id)) for f in facts]
    findings = [replace(f, sources=tuple(replace(s, document=doc_id) for s in f.sources)) for f in findings]
    notes = () if names_iij else ("it never names IIJ; its figures read as IIJ's statements: remove it if it is not IIJ's",)
    stored_as = f"{doc_id}{formats.SUFFIXES[converted.kind]}" if original else ""
    document = make_document(doc_id, Path(path), data, lines, meta, original=stored_as)
    suffix = formats.SUFFIXES.get(converted.kind, "") if original else ""
    return Candidate(shown, data, document, facts, findings, notes, original, suffix, converted.layout)


def _names_in_use(documents_folder: Path) -> set[str]:
    names = {p.name for p in bundled_documents_dir().glob("*.txt")}
    try:
        names.update(p.name for p in documents_folder.iterdir())
    except OSError:
        pass
    return names


# -- what a file adds ------------------------------------------------------------


def _figures(facts: Iterable[RawFact]) -> list[RawFact]:
    """The facts among what a reader returns (a reported year-over-year percentage is only checked)."""
    return [f for f in facts if f.classification != YOY]


class _Reports:
    """What each document of an import adds to the library as it stood before that document.

    Recomputing the whole library's facts and findings for every file made an
    import quadratic in its documents.  A document changes only the keys it
    reports (so only those can gain or lose a conflict) and the derivations of
    the fiscal years it reports (a derivation reads its own fiscal year), so
    only those are looked at again; the reports are the same.
    """

    def __init__(self, library: Library) -> None:
        self.dates = {d.id: d.sort_date for d in library.documents}
        self.documents = list(library.documents)
        self.basis = ShareBasis.from_documents(self.documents)
        self.periods = {f.period for f in library.raw}  # every normalized fact's period is reported, or derived
        self.by_key: dict[tuple[str, str, str], list[RawFact]] = {}
        self.by_year: dict[int, list[RawFact]] = {}
        self._index(library.raw)
        _, occurrences = choose(library.raw, self.dates, self.basis)
        self.conflicted = {o.fact.key for o in occurrences if o.status == ReportStatus.CONFLICT}

    def _index(self, facts: Iterable[RawFact]) -> None:
        for f in facts:
            if f.classification != YOY:
                self.by_key.setdefault(f.key, []).append(f)
            year = fiscal_year_of(f.period)
            if year is not None:
                self.by_year.setdefault(year, []).append(f)

    def _derived_periods(self, periods: set[str]) -> set[str]:
        """Which of these periods (none of them reported) the library derives facts for."""
        years = {y for p in periods if (y := fiscal_year_of(p)) is not None}
        if not years:
            return set()
        raw = [f for y in sorted(years) for f in self.by_year.get(y, ())]
        return {f.period for f in build(raw, self.dates, self.basis).facts} & periods

    def add(self, candidate: Candidate) -> FileReport:
        figures = _figures(candidate.facts)
        unreported = {f.period for f in figures} - self.periods
        periods = sorted(unreported - self._derived_periods(unreported), key=sort_key)
        self.dates[candidate.document.id] = candidate.document.sort_date
        self.documents.append(candidate.document)
        self.basis = ShareBasis.from_documents(self.documents)
        self.periods.update(f.period for f in candidate.facts)
        self._index(candidate.facts)
        touched = {f.key for f in figures}
        _, occurrences = choose([f for key in touched for f in self.by_key[key]], self.dates, self.basis)
        found = conflicts(Normalized([], occurrences, []))
        new = tuple(f for f in found if (f.concept, f.period, f.scenario) not in self.conflicted)
        self.conflicted = (self.conflicted - touched) | {(f.concept, f.period, f.scenario) for f in found}
        return FileReport(
            candidate.path,
            candidate.document.id,
            True,
            facts=len(figures),
            new_periods=tuple(periods),
            conflicts=new,
            unreadable=tuple(candidate.findings),
            notes=candidate.notes,
        )


# -- importing -------------------------------------------------------------------


# What an import says while it reads: (the file, its pages read, its pages in all; a text file is one page)
ImportProgress = Callable[[str, int, int], None]


def _validate_all(
    paths: Sequence[str | os.PathLike[str]], documents_folder: Path, progress: ImportProgress | None = None
) -> tuple[ImportOutcome, list[Candidate]]:
    taken = _names_in_use(documents_folder)
    outcome = ImportOutcome()
    candidates: list[Candidate] = []
    for path in paths:
        shown = os.fspath(path)
        pages = (lambda done, total, shown=shown: progress(shown, done, total)) if progress is not None else None
        checked = validate(path, taken, pages)
        if progress is not None and (isinstance(checked, Refusal) or not checked.original.startswith(b"%PDF")):
            progress(shown, 1, 1)  # read: a PDF says so page by page
        if isinstance(checked, Refusal):
            outcome.refused.append(checked)
        else:
            candidates.append(checked)
            taken.add(checked.document.id + ".txt")
    return outcome, candidates


# Tests only: "stage" or "stage:seconds" stops an import there (default 600 s), after saying so on
# standard error, so that a test can kill the process at that point. Stages: locked, written, renaming.
PAUSE_ENV = "IIJVIEWER_TEST_PAUSE"


def _checkpoint(stage: str) -> None:
    wanted = os.environ.get(PAUSE_ENV)
    if not wanted or wanted.split(":")[0] != stage:
        return
    sys.stderr.write(f"iijviewer: paused at {stage}\n")
    sys.stderr.flush()
    time.sleep(float(wanted.split(":")[1]) if ":" in wanted else 600)


@dataclass
class PreparedImport:
    """Files read and checked, nothing written yet: what `commit_import` will add (the window asks first)."""

    paths: list[str | os.PathLike[str]]
    folder: Path
    outcome: ImportOutcome  # the refusals so far
    candidates: list[Candidate]


def prepare_import(
    paths: Sequence[str | os.PathLike[str]],
    data_dir: str | os.PathLike[str] | None = None,
    progress: ImportProgress | None = None,
) -> PreparedImport:
    """Read and check every file without touching the library; refused files are in `outcome.refused`."""
    folder = default_data_dir(data_dir)
    outcome, candidates = _validate_all(paths, folder / DOCUMENTS_FOLDER, progress)
    return PreparedImport(list(paths), folder, outcome, candidates)


def import_preview(prepared: PreparedImport, library: Library) -> ChosenChanges:
    """What committing would do to the figures `library` (as loaded now) chose: changed, new, gone."""
    known = {key for d in library.documents for key in (d.text_sha256, d.content_key)}
    documents, raw, report = [], [], []
    for c in prepared.candidates:
        if c.document.text_sha256 in known or c.document.content_key in known:
            continue  # already in the library: it changes nothing
        known.update((c.document.text_sha256, c.document.content_key))
        documents.append(c.document)
        raw.extend(c.facts)
        report.extend(c.findings)
    return chosen_changes(library.facts, library.plus(documents, raw, report).facts)


def import_documents(
    paths: Sequence[str | os.PathLike[str]],
    data_dir: str | os.PathLike[str] | None = None,
    progress: ImportProgress | None = None,
) -> ImportOutcome:
    """Validate all files, then add the accepted new ones to the library, together or not at all.

    Files are read and refused without touching the library; a refused file
    keeps no other out (each is its own unit, `ImportOutcome.refused` says
    which and why).  The writing
    holds the library's lock (another import waits for it), and is a
    transaction: the documents are written as temporary files, a journal names
    them, they are moved into place and the journal is removed.  A process
    killed before that last step leaves a journal that the next load undoes.

    Raises LibraryWriteError when the library folder cannot be written (files
    written by this call are removed again) or another import holds it too long.
    """
    return commit_import(prepare_import(paths, data_dir, progress))


def commit_import(prepared: PreparedImport) -> ImportOutcome:
    """Add the prepared documents to the library (see `import_documents`)."""
    folder, outcome, candidates = prepared.folder, prepared.outcome, prepared.candidates
    documents_folder = folder / DOCUMENTS_FOLDER
    if not candidates:
        return outcome

    if folder.exists() and not folder.is_dir():
        raise LibraryWriteError(f"{folder}: the library folder is a file, not a folder; nothing was imported")
    try:
        # the folder first, so that loading the library caches what it reads
        folder.mkdir(parents=True, exist_ok=True)
        with locking.library_lock(folder):
            _checkpoint("locked")
            store.roll_back(folder)  # what a killed import left; nobody else writes while this holds the lock
            in_use = _names_in_use(documents_folder)
            if any(f"{c.document.id}.txt" in in_use for c in candidates):
                # another import took a name while these files were read: name them again
                outcome, candidates = _validate_all(prepared.paths, documents_folder)
                if not candidates:
                    return outcome
            _commit(folder, candidates, outcome)
    except locking.LibraryBusy:
        raise LibraryWriteError(
            f"{folder}: another iijviewer has been importing into this library for too long; nothing was imported"
        ) from None
    except OSError as e:
        where = Path(e.filename) if e.filename else documents_folder
        if where.name.startswith("."):  # a temporary file of ours: the folder it was to be written in is what the user knows
            where = where.parent
        raise LibraryWriteError(f"{where}: cannot write to the library ({e.strerror or e}); nothing was imported") from None
    return outcome


# -- removing ----------------------------------------------------------------------


class RemovalRefused(Exception):
    """Documents that cannot be removed (unknown, bundled); nothing was removed."""


@dataclass(frozen=True)
class RemovalOutcome:
    removed: tuple[str, ...]  # document ids
    files: tuple[str, ...]  # the files taken out of the documents folder


def document_files(documents_folder: Path, doc_id: str) -> list[Path]:
    """A document's files in the library: its text, the PDF or web page it was read from, a PDF's layout."""
    names = [f"{doc_id}.txt", *(f"{doc_id}{suffix}" for suffix in formats.ORIGINAL_SUFFIXES), f"{doc_id}{formats.LAYOUT_SUFFIX}"]
    return [documents_folder / name for name in names if (documents_folder / name).is_file()]


def remove_documents(doc_ids: Sequence[str], data_dir: str | os.PathLike[str] | None = None) -> RemovalOutcome:
    """Take imported documents out of the library, all of them or none, leaving it as it was before their import.

    The files go under the library's lock and the import journal: once the
    journal names them they are out of the library (a load leaves them out and
    a killed removal is finished by the next one to hold the lock).  Their
    cache entries go too.  RemovalRefused names an unknown or bundled
    document; LibraryWriteError says the folder cannot be written.
    """
    folder = default_data_dir(data_dir)
    documents_folder = folder / DOCUMENTS_FOLDER
    wanted = list(dict.fromkeys(doc_ids))
    if not wanted:
        raise RemovalRefused("no document named: say which (iijviewer documents lists them)")
    bundled = {p.stem for p in bundled_documents_dir().glob("*.txt")}
    try:
        with locking.library_lock(folder) if folder.is_dir() else _no_lock():
            if folder.is_dir():
                store.roll_back(folder)
            problems = []
            for doc_id in wanted:
                if doc_id in bundled:
                    problems.append(f"{doc_id}: bundled with iijviewer; only imported documents can be removed")
                elif not (documents_folder / f"{doc_id}.txt").is_file():
                    problems.append(f"{doc_id}: no such document in the library (iijviewer documents lists them)")
            if problems:
                raise RemovalRefused("; ".join(problems) + "; nothing was removed")
            files = [path for doc_id in wanted for path in document_files(documents_folder, doc_id)]
            digests = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in files}
            hashes = [digest for name, digest in digests.items() if name.endswith(".txt")]
            store.write_journal(folder, digests)  # from here on, they are out
            for path in files:
                path.unlink(missing_ok=True)
            (folder / store.JOURNAL_NAME).unlink()
            for digest in hashes:
                cache.remove_quietly(cache.cache_path(folder, digest))
    except locking.LibraryBusy:
        raise LibraryWriteError(f"{folder}: another iijviewer has been importing into this library for too long; nothing was removed") from None
    except OSError as e:
        raise LibraryWriteError(f"{e.filename or documents_folder}: cannot change the library ({e.strerror or e})") from None
    return RemovalOutcome(tuple(wanted), tuple(path.name for path in files))


@contextlib.contextmanager
def _no_lock():
    yield


def _commit(folder: Path, candidates: list[Candidate], outcome: ImportOutcome) -> None:
    """Write the new documents as one transaction (the caller holds the lock), then cache what they yield."""
    documents_folder = folder / DOCUMENTS_FOLDER
    library = Library.load(folder)
    # by content: the same text in another encoding or with other line endings is the same document, and so is
    # the same release as text, PDF or web page (its words and figures)
    known = {key: d.id for d in library.documents for key in (d.text_sha256, d.content_key)}
    new: list[tuple[Candidate, list[tuple[Path, bytes]]]] = []
    already: dict[int, FileReport] = {}  # by position: the reports keep the order of the files
    for i, candidate in enumerate(candidates):
        doc = candidate.document
        seen = known.get(doc.text_sha256) or known.get(doc.content_key)
        if seen:
            already[i] = FileReport(candidate.path, seen, False)
        else:
            known[doc.text_sha256] = known[doc.content_key] = doc.id
            new.append((candidate, [(documents_folder / name, data) for name, data in candidate.files()]))
    if not new:
        outcome.files.extend(already.values())
        return
    documents_folder.mkdir(exist_ok=True)
    targets = [(target, data) for _, files in new for target, data in files]
    temporary: list[Path] = []
    placed: list[Path] = []
    journal = False
    try:
        for target, data in targets:
            if target.exists():  # the name was free under the lock; never replace a document
                raise FileExistsError(errno.EEXIST, "a document of that name appeared meanwhile", os.fspath(target))
            temporary.append(cache.write_temporary(target, data))
        _checkpoint("written")
        store.write_journal(folder, {target.name: hashlib.sha256(data).hexdigest() for target, data in targets})
        journal = True
        for tmp, (target, _) in zip(temporary, targets):
            os.replace(tmp, target)
            placed.append(target)
            _checkpoint("renaming")
        (folder / store.JOURNAL_NAME).unlink()  # committed
    except BaseException:
        for path in [*temporary, *placed]:
            cache.remove_quietly(path)
        if journal:
            cache.remove_quietly(folder / store.JOURNAL_NAME)
        raise
    try:  # committed: a failure from here on must not be taken for "nothing was imported"
        reports = _Reports(library)
        for i, candidate in enumerate(candidates):
            if i in already:
                outcome.files.append(already[i])
                continue
            cache.store(folder, candidate.document, candidate.facts, candidate.findings)
            outcome.files.append(reports.add(candidate))
    except Exception as e:
        raise ImportedButNotReported([f"{c.document.id}.txt" for c, _ in new]) from e


# -- for people ------------------------------------------------------------------


def report_lines(outcome: ImportOutcome) -> list[str]:
    """What each file added, as the command line prints it."""
    lines: list[str] = []
    for f in outcome.files:
        if not f.added:
            lines.append(f"{f.path}: already in the library (as {f.document}); not added again")
            continue
        lines.append(f"{f.path}: added to the library as {f.document}.txt")
        lines.extend(f"  note: {n}" for n in f.notes)
        lines.append(f"  facts: {f.facts}")
        lines.append(f"  new periods: {', '.join(f.new_periods) or 'none'}")
        lines.append(f"  new conflicts: {len(f.conflicts) or 'none'}")
        for c in f.conflicts:
            lines.append(f"    {c.concept} {c.period} {c.scenario}: {c.message}")
        tables = [u for u in f.unreadable if u.kind not in (FindingKind.UNCERTAIN_FIGURE, FindingKind.UNREAD_ROW)]
        unplaced = [u for u in f.unreadable if u.kind == FindingKind.UNCERTAIN_FIGURE]
        rows = [u for u in f.unreadable if u.kind == FindingKind.UNREAD_ROW]
        lines.append(f"  unreadable tables: {len(tables) or 'none'}")
        lines.extend(f"    {u}" for u in tables)
        if rows:  # rows of tables otherwise read whose figures name nothing the catalog has, each with why
            lines.append(f"  rows not read: {len(rows)}")
            lines.extend(f"    {u}" for u in rows)
        if unplaced:  # figures the text does not place for sure (no period, a superseded target): reported, not guessed
            lines.append(f"  figures not placed: {len(unplaced)}")
            lines.extend(f"    {u}" for u in unplaced)
    return lines


def refusal_lines(outcome: ImportOutcome, count: int) -> list[str]:
    """One line per refused file; with several files, a last line saying what went in."""
    lines = [str(r) for r in outcome.refused]
    if count > 1 and outcome.refused:
        names = ", ".join(r.path for r in outcome.refused)
        if outcome.imported:
            others = count - len(outcome.refused)
            lines.append(f"{len(outcome.refused)} of {plural(count, 'file')} refused ({names}); the other {others} went in")
        else:
            lines.append(f"nothing was imported: {len(outcome.refused)} of {count} files refused ({names})")
    return lines
