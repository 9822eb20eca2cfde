"""Fuzz benchmark: the reader's time per byte over the damaged corpus and the huge inputs.

Each input is read whole (`decode_text`, `read_document`, which reads the
metadata too) and timed against splitting the same text into lines, measured
in the same run; the ratio is what `tests/test_fuzz_reader.py` bounds.  Caches
are cleared before each reading, so every one is cold.
Run: `.venv/bin/python bench/bench_fuzz.py [variants per document]`.
"""

from __future__ import annotations

import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fuzz_corpus import (  # noqa: E402
    LONG_LINE_UNITS,
    MEGABYTE,
    RepeatedLines,
    in_table,
    long_line,
    variants,
    wide_table,
)

from iijviewer.ingest import clear_caches  # noqa: E402
from iijviewer.ingest.documents import DocumentError, decode_text, split_lines  # noqa: E402
from iijviewer.ingest.reader import read_document  # noqa: E402


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def read_and_baseline(name: str, text: str, lines=None) -> tuple[float, float]:
    """(seconds to read, seconds to split into lines) for one text."""
    split = min(timed(lambda: split_lines(text)) for _ in range(3))
    clear_caches()
    read = timed(lambda: read_document(name, lines if lines is not None else split_lines(text)))
    return read, split


def line(label: str, size: int, read: float, split: float) -> str:
    return f"{label:34} {size / 1024:9.0f} KiB  read {read * 1000:9.1f} ms  {read / size * 1e6:7.2f} us/byte  {read / split:6.0f}x split"


def main() -> None:
    per_document = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    by_fault: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
    refused = defaultdict(int)
    for v in variants(per_document):
        data = v.data()
        try:
            text = decode_text(data, v.document)
        except DocumentError:
            refused[v.fault] += 1
            continue
        read, split = read_and_baseline(v.document, text)
        by_fault[v.fault].append((len(data), read, split))
    print(f"damaged seeds ({per_document} per document and fault; cold caches)")
    for fault, runs in by_fault.items():
        size = sum(r[0] for r in runs)
        read = sum(r[1] for r in runs)
        split = sum(r[2] for r in runs)
        worst = max(r[1] / r[0] for r in runs)
        print(line(f"  {fault} ({len(runs)}, {refused[fault]} refused)", size, read, split) + f"  worst {worst * 1e6:.2f} us/byte")

    print("long lines (1 MB: as a line of prose and as a table cell)")
    for unit in LONG_LINE_UNITS:
        text = "\n".join(["Results", long_line(unit)] + in_table(long_line(unit, MEGABYTE // 4)))
        read, split = read_and_baseline("long", text)
        print(line(f"  {unit!r}", len(text), read, split))

    text = "\n".join(wide_table(10_000, random.Random(0)))
    read, split = read_and_baseline("wide", text)
    print(line("10,000 cells a row", len(text), read, split))

    unit = ["Revenues by quarter", "Unit: JPY millions", "\t1Q10\t2Q10", "Total Revenues\t8,012\t8,177"] + [""] * 96
    for count in (100_000, 1_000_000):
        lines = RepeatedLines(unit, count)
        text = lines.text()
        read, split = read_and_baseline("lines", text, lines)
        print(line(f"{count:,} lines", len(text), read, split))


if __name__ == "__main__":
    main()
