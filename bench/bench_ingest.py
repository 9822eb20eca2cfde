"""Ingest benchmark: parse the five bundled documents, against reading the same files.

The baseline is measured in the same run (reading and decoding the files), so
the ratio is meaningful on a noisy machine.  Run: `.venv/bin/python bench/bench_ingest.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import alternate  # noqa: E402

from iijviewer.base.paths import bundled_documents_dir  # noqa: E402
from iijviewer.ingest import clear_caches  # noqa: E402
from iijviewer.ingest.documents import bundled_documents, decode_text, split_lines  # noqa: E402
from iijviewer.ingest.reader import read_document  # noqa: E402


def main() -> None:
    paths = sorted(bundled_documents_dir().glob("*.txt"))
    docs = bundled_documents()
    size = sum(p.stat().st_size for p in paths)

    def read_files() -> None:
        for p in paths:
            split_lines(decode_text(p.read_bytes(), p.name))

    def parse_all() -> None:
        clear_caches()  # a cold parse: the memoized readings of cells and labels start empty
        for d in docs:
            read_document(d.id, d.lines)

    def load_and_parse() -> None:
        clear_caches()
        for d in bundled_documents():
            read_document(d.id, d.lines)

    t = alternate({"read": read_files, "parse": parse_all, "load+parse": load_and_parse}, repeat=9)
    facts = sum(len(read_document(d.id, d.lines)[0]) for d in docs)
    print(f"documents: {len(paths)}, {size / 1024:.0f} KiB, {facts} raw facts")
    print(f"read files (baseline): {t['read'] * 1000:8.2f} ms")
    print(f"parse (tables, facts): {t['parse'] * 1000:8.2f} ms   ratio {t['parse'] / t['read']:.0f}x")
    print(f"load + parse         : {t['load+parse'] * 1000:8.2f} ms   ratio {t['load+parse'] / t['read']:.0f}x")
    print(f"parse throughput     : {size / 1024 / t['parse']:8.0f} KiB/s")


if __name__ == "__main__":
    main()
