"""How the reader stands on IIJ's real announcements: accepted files, figures right, figures misplaced.

    .venv/bin/python bench/bench_realworld.py [FOLDER]

FOLDER (default ../shared/realworld beside the checkout) holds announcements as
text and `truth.csv` (document, concept, period, scenario, printed, scale,
where: every figure each states for seven concepts).  Each file is imported on
its own into one fresh library, in name order, as a user would, one
`import_documents` each; then the chosen facts are compared with truth.csv (the
latest document's figure of each key; keys printed on two share bases are left
out) and every occurrence of a watched concept from an imported file must be a
figure that file states.  The time per document is measured against reading
the file, in the same run.
"""

from __future__ import annotations

import csv
import math
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from iijviewer.library import importer  # noqa: E402
from iijviewer.library.store import Library  # noqa: E402

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "realworld"


def value_of(printed: str, scale: str) -> tuple[float, float]:
    text = printed.strip()
    negative = text.startswith("(") and text.endswith(")")
    digits = text.strip("()").replace(",", "")
    places = (len(digits.split(".")[1]) if "." in digits else 0) - round(math.log10(float(scale)))
    value = float(digits) * float(scale)
    return (-value if negative else value), 0.5 * 10 ** (-places) + 1e-9 * abs(value)


def main(folder: Path) -> int:
    files = sorted(folder.glob("*.txt"))
    with open(folder / "truth.csv", newline="", encoding="utf-8") as f:
        truth = list(csv.DictReader(f))
    ids: dict[str, str] = {}
    refused: dict[str, str] = {}
    read = imported = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            start = time.perf_counter()
            path.read_bytes()
            read += time.perf_counter() - start
            start = time.perf_counter()
            outcome = importer.import_documents([path], tmp)
            imported += time.perf_counter() - start
            for r in outcome.files:
                ids[path.name] = r.document
            for r in outcome.refused:
                refused[path.name] = r.problem
        library = Library.load(tmp)
        chosen = {f.key: f for f in library.facts}
        occurrences = list(library.occurrences)

    by_key: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for t in truth:
        by_key[(t["concept"], t["period"], t["scenario"])].append(t)
    right = total = 0
    wrong = []
    for key, rows in sorted(by_key.items()):
        if len({round(value_of(r["printed"], r["scale"])[0], 6) for r in rows}) > 1 and key[0].startswith("dividend"):
            continue
        total += 1
        latest = max(rows, key=lambda r: r["document"])
        expected, tolerance = value_of(latest["printed"], latest["scale"])
        fact = chosen.get(key)
        if fact is not None and abs(float(fact.value) - expected) <= tolerance:
            right += 1
        else:
            wrong.append(f"  {'missing' if fact is None else 'wrong'} {' '.join(key)}: expected {expected:,.2f} ({latest['document']})")
    states: dict[tuple[str, str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for t in truth:
        states[(ids.get(t["document"], ""), t["concept"], t["period"], t["scenario"])].append(value_of(t["printed"], t["scale"]))
    watched = {t["concept"] for t in truth} | {"net_income"}
    mine = set(ids.values())
    misplaced = [
        f"  misplaced {o.fact.concept} {o.fact.period} {o.fact.scenario} = {o.fact.value} from {o.fact.source}"
        for o in occurrences
        if o.fact.source.document in mine
        and o.fact.concept in watched
        and not any(
            abs(float(o.fact.value) - v) <= tol for v, tol in states.get((o.fact.source.document, *o.fact.key), [])
        )
    ]
    print("\n".join(wrong + misplaced + [f"  refused {n}: {p}" for n, p in sorted(refused.items())]))
    print(
        f"{folder}: {len(ids)}/{len(files)} accepted, figures {right}/{total} right ({100 * right / max(total, 1):.1f}%), "
        f"{len(misplaced)} misplaced; import {1000 * imported / len(files):.0f} ms/document "
        f"(reading the file {1000 * read / len(files):.2f} ms, {imported / max(read, 1e-9):,.0f}x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT))
