"""Small helpers shared by the benchmarks: timing by median of alternated runs, counting a widget's paints."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(fn: Callable[[], object], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def alternate(fns: dict[str, Callable[[], object]], repeat: int = 7) -> dict[str, float]:
    """Median seconds of each function, runs interleaved so that machine noise hits all alike."""
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(s) for name, s in samples.items()}


def paint_counter(widget):
    """An object whose `count` is the number of paint events `widget` has had since (Qt imported only here).

    A measure that painted nothing measured nothing.
    """
    from PySide6.QtCore import QEvent, QObject

    class Paints(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.count = 0
            widget.installEventFilter(self)

        def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    return Paints()
