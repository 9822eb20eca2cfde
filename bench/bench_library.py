"""Library benchmark: a start with the parse cache against one without, and importing a document against its size.

Starts: `Library.load` on a data folder whose cache is valid (warm) and on one
whose cache is empty (cold: every document parsed, memoized readings
cleared, the cache written), interleaved in the same run.

Imports: each bundled document is imported into a fresh data folder whose
cache already holds the bundled library (a copy with one more trailing
newline, so that it is not the bundled document itself: same text, other
content hash).  The time is validation and parsing, loading the library,
writing the copy and its cache entry, and the checks before and after; it is
set against the document's size (ms per KiB), with reading and decoding the
file as the baseline, and beside validation alone (read, decode, parse: the
part that grows with the size).  Run: `.venv/bin/python bench/bench_library.py`.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import alternate  # noqa: E402

from iijviewer.base.paths import bundled_documents_dir  # noqa: E402
from iijviewer.ingest import clear_caches  # noqa: E402
from iijviewer.ingest.documents import decode_text, split_lines  # noqa: E402
from iijviewer.library import (
    cache,
    importer,  # noqa: E402
)
from iijviewer.library.store import Library  # noqa: E402

REPEAT = 7


def starts(work: Path) -> None:
    warm, cold = work / "warm", work / "cold"
    warm.mkdir()
    cold.mkdir()
    library = Library.load(warm)  # fills the warm cache

    def cold_start() -> None:
        shutil.rmtree(cold / cache.CACHE_FOLDER, ignore_errors=True)
        clear_caches()
        Library.load(cold)

    t = alternate({"warm": lambda: Library.load(warm), "cold": cold_start}, repeat=REPEAT)
    normalize = statistics.median(_time(lambda: Library.load(warm).facts) for _ in range(REPEAT)) - t["warm"]
    print(f"library: {len(library.documents)} documents, {len(library.raw)} raw facts")
    print(f"cold start (cache empty) : {t['cold'] * 1000:8.1f} ms")
    print(f"warm start (cache valid) : {t['warm'] * 1000:8.1f} ms   {t['cold'] / t['warm']:.1f}x faster")
    print(f"  (normalizing afterwards, either way: {normalize * 1000:.0f} ms)")


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def imports(work: Path) -> None:
    sources = []
    for p in sorted(bundled_documents_dir().glob("*.txt")):
        copy = work / "inbox" / p.name
        copy.parent.mkdir(exist_ok=True)
        # another document to the library (which knows the bundled one by its text): one more line of prose
        copy.write_bytes(p.read_bytes() + b"\n(a copy for the benchmark)\n")
        sources.append(copy)
    template = work / "template"
    template.mkdir()
    Library.load(template)  # the bundled library, cached
    times: dict[Path, list[float]] = {p: [] for p in sources}
    validating: dict[Path, list[float]] = {p: [] for p in sources}
    reads: dict[Path, list[float]] = {p: [] for p in sources}
    for r in range(REPEAT):
        for p in sources:
            data_dir = work / f"import-{r}-{p.stem}"
            shutil.copytree(template, data_dir)
            reads[p].append(_time(lambda: split_lines(decode_text(p.read_bytes(), p.name))))
            clear_caches()  # a user imports once per process: no memoized readings of this text
            validating[p].append(_time(lambda: importer.validate(p, set())))
            clear_caches()
            start = time.perf_counter()
            outcome = importer.import_documents([p], data_dir)
            times[p].append(time.perf_counter() - start)
            assert outcome.ok and outcome.files[0].added, outcome
    print(f"{'import (fresh data folder, bundled library cached)':<52} {'KiB':>4} {'facts':>5} {'ms':>7} {'ms/KiB':>7}"
          f" {'validate ms/KiB':>15} {'read ms/KiB':>11}")
    ratios, parse_ratios, baselines = [], [], []
    for p in sources:
        kib = p.stat().st_size / 1024
        ms, validate_ms, read_ms = (statistics.median(t[p]) * 1000 for t in (times, validating, reads))
        facts = importer.import_documents([p], work / f"count-{p.stem}").files[0].facts
        ratios.append(ms / kib)
        parse_ratios.append(validate_ms / kib)
        baselines.append(read_ms / kib)
        print(f"{p.stem:<52} {kib:4.0f} {facts:5d} {ms:7.0f} {ms / kib:7.1f} {validate_ms / kib:15.2f} {read_ms / kib:11.4f}")
    print(
        f"import: median {statistics.median(ratios):.1f} ms/KiB, of which validating (read, decode, parse) "
        f"{statistics.median(parse_ratios):.2f} ms/KiB; reading the file alone: {statistics.median(baselines):.4f} ms/KiB"
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="iijviewer-bench-") as tmp:
        work = Path(tmp)
        starts(work)
        print()
        imports(work)


if __name__ == "__main__":
    main()
