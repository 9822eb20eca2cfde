"""The start-up benchmark's baseline: import PySide6 and pandas, show an empty window, save a picture of it.

What any PySide6 and pandas program pays before it shows anything; run by
`bench_startup.py` as `python bench/startup_baseline.py FILE`, the same way
(offscreen, the same window size) that `iijviewer --screenshot FILE` runs.
"""

from __future__ import annotations

import sys

import pandas  # noqa: F401  (the cost of importing it is the point)
from PySide6.QtWidgets import QApplication, QMainWindow


def main(path: str) -> int:
    app = QApplication(["baseline", "-platform", "offscreen"])
    window = QMainWindow()
    window.setWindowTitle("baseline")
    window.resize(1440, 880)
    window.show()
    for _ in range(3):
        app.processEvents()
    ok = window.grab().save(path, "PNG")
    window.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
