"""Every figure-bearing table row of the bundled documents that gives no fact, and the finding that says why.

Run: `python bench/unread_rows.py [-v]`.  A row is figure-bearing when a cell
beside its label holds a figure (`ingest.unread.figure_rows`); it is read when
a fact comes from its line, and reported when a finding names its line or a
range of lines that holds it.  With `-v`, each unread row and its reason.
"""

from __future__ import annotations

import sys

from iijviewer.ingest.documents import bundled_documents
from iijviewer.ingest.unread import unread_rows


def main(argv: list[str]) -> int:
    total = silent = 0
    for doc in bundled_documents():
        rows = unread_rows(doc.id, doc.lines)
        total += len(rows)
        silent += sum(1 for r in rows if not r.reason)
        print(f"{doc.id}: {len(rows)} rows with figures gave no fact")
        if "-v" in argv:
            for r in rows:
                print(f"  {r.line}: {r.label[:70]!r}: {r.reason or 'NOT REPORTED'}")
    print(f"total {total} unread rows, {silent} of them not reported")
    return 1 if silent else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
