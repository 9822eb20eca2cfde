"""Damaged versions of the bundled documents, made on demand from a seed, for fuzzing the reader.

Every fault is a pure function of the file's bytes and a `random.Random`; the
random generator is seeded by the fault, the document and a number, so that a
variant is the same on every machine and in every run, and a failure names
the variant that reproduces it (`fault:document#n`).  Nothing is written to
disk: the corpus is these functions, not files.

Faults a PDF-to-text conversion, a mail client or an editor does to a file:
truncation (also in the middle of a UTF-8 sequence), lines shuffled or
swapped, tables doubled, tabs turned into spaces and spaces into tabs, figures
garbled, a Shift-JIS or Latin-1 fragment spliced into the UTF-8, line endings
mixed.  Inputs too large for a file of their own are made lazily: a 1 MB line,
a row of 10,000 cells, a million lines.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import cycle, islice

from iijviewer.base.paths import bundled_documents_dir

Fault = Callable[[bytes, random.Random], bytes]

# Text in the encodings that end up spliced into a UTF-8 file: a Japanese
# heading saved by a Japanese editor, a Western name saved by an old one.
SHIFT_JIS_FRAGMENT = "株式会社インターネットイニシアティブ　連結業績（単位：百万円）売上高　営業利益".encode("shift_jis")
LATIN_1_FRAGMENT = "Café déjà vu ± ½ µ « Société Générale » ©".encode("latin-1")

# Characters a figure is printed with; a garbled figure swaps one for another.
FIGURE_CHARS = "0123456789,.()%-"
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def seeds() -> dict[str, bytes]:
    """The bundled documents, by id, as the bytes of their files."""
    return {p.stem: p.read_bytes() for p in sorted(bundled_documents_dir().glob("*.txt"))}


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8").split("\n")


def _join(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-8")


def _table_runs(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last + 1) of each run of lines with a tab or a leading pipe: the tables, 0-based."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, line in enumerate(lines + [""]):
        is_row = "\t" in line or line.lstrip().startswith("|")
        if is_row and start is None:
            start = i
        elif not is_row and start is not None:
            runs.append((start, i))
            start = None
    return runs


# -- byte faults ---------------------------------------------------------------
def truncated(data: bytes, rng: random.Random) -> bytes:
    """The file cut at a random byte."""
    return data[: rng.randrange(len(data) + 1)]


def truncated_mid_utf8(data: bytes, rng: random.Random) -> bytes:
    """The file cut inside a multi-byte UTF-8 sequence (after a lead byte or a continuation byte)."""
    inside = [i for i in range(1, len(data)) if 0x80 <= data[i] <= 0xBF]
    return data[: rng.choice(inside)] if inside else truncated(data, rng)


def encoding_spliced(data: bytes, rng: random.Random) -> bytes:
    """One to five Shift-JIS or Latin-1 fragments spliced in at random bytes (perhaps inside a UTF-8 sequence)."""
    out = data
    for _ in range(rng.randint(1, 5)):
        fragment = rng.choice((SHIFT_JIS_FRAGMENT, LATIN_1_FRAGMENT))
        fragment = fragment[: rng.randint(1, len(fragment))]
        at = rng.randrange(len(out) + 1)
        out = out[:at] + fragment + out[at:]
    return out


def line_endings_mixed(data: bytes, rng: random.Random) -> bytes:
    """Each line ending turned at random into CRLF, CR or LF (two files pasted together on three systems)."""
    return b"".join(line + rng.choice((b"\r\n", b"\r", b"\n")) for line in data.split(b"\n"))


# -- line faults ---------------------------------------------------------------
def lines_shuffled(data: bytes, rng: random.Random) -> bytes:
    """All lines in random order."""
    lines = _lines(data)
    rng.shuffle(lines)
    return _join(lines)


def rows_swapped(data: bytes, rng: random.Random) -> bytes:
    """A few lines of tables swapped with other lines of the same table, or with a line anywhere."""
    lines = _lines(data)
    runs = _table_runs(lines)
    for _ in range(rng.randint(1, 10)):
        first, end = rng.choice(runs) if runs else (0, len(lines))
        i = rng.randrange(first, end)
        j = rng.randrange(first, end) if rng.random() < 0.7 else rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return _join(lines)


def tables_doubled(data: bytes, rng: random.Random) -> bytes:
    """Some tables printed twice: right after themselves (one table of twice the rows) or after a blank line."""
    lines = _lines(data)
    for first, end in reversed(_table_runs(lines)):
        if rng.random() < 0.5:
            gap = [""] if rng.random() < 0.5 else []
            lines[end:end] = gap + lines[first:end]
    return _join(lines)


def tabs_to_spaces(data: bytes, rng: random.Random) -> bytes:
    """Tabs turned into one to four spaces, each with a probability drawn per variant."""
    p = rng.choice((0.1, 0.5, 1.0))
    text = data.decode("utf-8")
    return "".join(" " * rng.randint(1, 4) if c == "\t" and rng.random() < p else c for c in text).encode("utf-8")


def spaces_to_tabs(data: bytes, rng: random.Random) -> bytes:
    """Spaces turned into tabs, each with a probability drawn per variant."""
    p = rng.choice((0.02, 0.1, 0.5))
    text = data.decode("utf-8")
    return "".join("\t" if c == " " and rng.random() < p else c for c in text).encode("utf-8")


def digits_garbled(data: bytes, rng: random.Random) -> bytes:
    """Characters of figures (digits, commas, points, parentheses, percent, minus) replaced, dropped or doubled."""
    p = rng.choice((0.005, 0.02, 0.1))
    out = []
    for c in data.decode("utf-8"):
        if c in FIGURE_CHARS and rng.random() < p:
            action = rng.random()
            if action < 0.7:
                out.append(rng.choice(FIGURE_CHARS))
            elif action < 0.85:
                out.append(c + rng.choice(FIGURE_CHARS))
            # else: dropped
        else:
            out.append(c)
    return "".join(out).encode("utf-8")


FAULTS: dict[str, Fault] = {
    "truncated": truncated,
    "truncated_mid_utf8": truncated_mid_utf8,
    "encoding_spliced": encoding_spliced,
    "line_endings_mixed": line_endings_mixed,
    "lines_shuffled": lines_shuffled,
    "rows_swapped": rows_swapped,
    "tables_doubled": tables_doubled,
    "tabs_to_spaces": tabs_to_spaces,
    "spaces_to_tabs": spaces_to_tabs,
    "digits_garbled": digits_garbled,
}

# Faults after which line n of the damaged file is still line n of the seed (or gone).
LINE_PRESERVING = frozenset({"truncated", "truncated_mid_utf8", "tabs_to_spaces", "spaces_to_tabs", "digits_garbled"})


@dataclass(frozen=True)
class Variant:
    """One damaged file: which fault, on which seed, with which random number."""

    fault: str
    document: str
    number: int

    @property
    def name(self) -> str:
        return f"{self.fault}:{self.document}#{self.number}"

    def data(self) -> bytes:
        rng = random.Random(self.name)  # a str seed: the same sequence on every machine and run
        return FAULTS[self.fault](seeds()[self.document], rng)


def variants(per_document: int, faults: Sequence[str] = tuple(FAULTS)) -> Iterator[Variant]:
    """`per_document` variants of each seed for each fault."""
    for fault in faults:
        for document in seeds():
            for number in range(per_document):
                yield Variant(fault, document, number)


# -- inputs too large for a file of their own ------------------------------------
# Repeated units a long line is made of: the characters the reader's patterns
# repeat on (blanks, markup openers, figure characters, period words).
LONG_LINE_UNITS = (
    "a",
    " ",
    "1",
    "1 ",
    "1,",
    "(",
    "<",
    "^{",
    "^{ ",
    "*1",
    "- ",
    "|",
    "FY",
    "1H10 ",
    "six months ended ",
    "JPY1",
    "as of March 31, 2010 ",
    "Total Revenues 1,234 ",
)
MEGABYTE = 1_000_000


def long_line(unit: str, size: int = MEGABYTE) -> str:
    """A line of about `size` characters: `unit` repeated, between two words so that it is not stripped."""
    return "x" + unit * (size // len(unit)) + "x"


def in_table(cell: str) -> list[str]:
    """A small table with `cell` as a header cell, as a label and as a figure."""
    return [
        "Unit: JPY millions",
        f"\t1H09\t1H10\t{cell}",
        "Total Revenues\t32,275\t34,272\t6.2",
        f"{cell}\t1,234\t2,345\t1",
        f"Operating Income\t{cell}\t2,345\t1",
    ]


def wide_table(cells: int, rng: random.Random) -> list[str]:
    """A table of `cells` figure columns under a header of fiscal periods, with a figure in each cell."""
    header = "\t" + "\t".join(f"{rng.choice('12')}H{rng.randint(0, 99):02d}" for _ in range(cells))
    rows = [
        label + "\t" + "\t".join(f"{rng.randint(0, 99_999):,}" for _ in range(cells))
        for label in ("Total Revenues", "Operating Income", "Net Income")
    ]
    return ["Unit: JPY millions", header] + rows


class RepeatedLines(Sequence[str]):
    """`count` lines that repeat `unit` over and over, made when asked for: a million lines in no memory."""

    def __init__(self, unit: Sequence[str], count: int) -> None:
        self.unit = tuple(unit)
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.count))]
        if index < 0:
            index += self.count
        if not 0 <= index < self.count:
            raise IndexError(index)
        return self.unit[index % len(self.unit)]

    def __iter__(self) -> Iterator[str]:
        return islice(cycle(self.unit), self.count)

    def text(self) -> str:
        return "\n".join(self)


def digits_of(text: str) -> str:
    """Only the digits of a text (for messages: how much of a figure survived)."""
    return "".join(_DIGIT.findall(text))
