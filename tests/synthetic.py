"""A synthetic IIJ release with invented figures, for tests that import a document."""

from __future__ import annotations

from pathlib import Path


def write_release(folder: Path, *extra_lines: str) -> Path:
    """A first-quarter FY2030 release (invented figures) with `extra_lines` after its dateline; its path."""
    path = folder / "release.txt"
    lines = [
        "Internet Initiative Japan Inc. Announces First Quarter FY2030 Results",
        "Tokyo, August 10, 2030 - Internet Initiative Japan Inc. (IIJ) announced results.",
        *extra_lines,
        "(Thousands of JPY)\t1Q29\t1Q30",
        "Total revenues\t1,000,000\t1,100,000",
        "OPERATING INCOME\t100,000\t120,000",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
