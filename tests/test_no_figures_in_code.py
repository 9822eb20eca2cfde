"""No figure from a document is ever written in the package's code.

Every number the bundled documents (and IIJ's real announcements of the
development set, where they are beside the checkout) print with four or more
digits or with a thousands separator is collected; none may appear in a number or a string
literal of a `.py` file under `iijviewer/`.  Year-like numbers (2000-2040),
version strings and round numbers with one significant digit (unit
multipliers, a 5000 ms status-bar timeout) are not taken for figures.
Comments and docstrings are checked separately: examples quoted there are
prose, not code, but still tie the code's text to one document.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from functools import lru_cache
from pathlib import Path

import pytest

from iijviewer.base.paths import bundled_documents_dir

PACKAGE = Path(__file__).resolve().parent.parent / "iijviewer"
SOURCES = sorted(PACKAGE.rglob("*.py"))

# a number not glued to other digits, separators or dots (so "6.170.15" and "1,23" are not read)
_FIGURE_RE = re.compile(r"(?<![\d,.])(?:\d{1,3}(?:,\d{3})+|\d{4,})(?:\.\d+)?(?![\d,]*\d|\.\d)")
_VERSION_RE = re.compile(r"\d+(?:\.\d+){2,}")
_YEAR_RE = re.compile(r"20[0-3]\d|2040|(?:19|20|21)00")  # years, and centuries (the years a date may name)
_ROUND_RE = re.compile(r"[1-9]0*")


def _figures_in(text: str) -> set[str]:
    """The figures printed in `text`, without separators ("34,272" -> "34272")."""
    text = _VERSION_RE.sub(" ", text)
    out = set()
    for m in _FIGURE_RE.finditer(text):
        figure = m.group().replace(",", "")
        if _YEAR_RE.fullmatch(figure) or _ROUND_RE.fullmatch(figure):
            continue
        out.add(figure)
    return out


# IIJ's real announcements beside the checkout (../shared/realworld), when present: the reader's development set
REALWORLD = Path(__file__).resolve().parent.parent.parent / "shared" / "realworld"


@lru_cache(maxsize=1)
def document_figures() -> frozenset[str]:
    figures: set[str] = set()
    paths = list(bundled_documents_dir().glob("*.txt")) + (sorted(REALWORLD.glob("*.txt")) if REALWORLD.is_dir() else [])
    for path in paths:
        figures |= _figures_in(path.read_text(encoding="utf-8"))
    return frozenset(figures)


def _docstring_lines(tree: ast.AST) -> set[int]:
    """Lines of bare string statements: docstrings and the like."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def _split(path: Path) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(code, prose): literals of the code, and its comments and docstrings, with their lines."""
    source = path.read_text(encoding="utf-8")
    prose_lines = _docstring_lines(ast.parse(source))
    code: list[tuple[int, str]] = []
    prose: list[tuple[int, str]] = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        line = tok.start[0]
        if tok.type == tokenize.COMMENT:
            prose.append((line, tok.string))
        elif tok.type == tokenize.STRING:
            (prose if line in prose_lines else code).append((line, tok.string))
        elif tok.type == tokenize.NUMBER:
            code.append((line, tok.string.replace("_", "")))
    return code, prose


def _hits(pieces: list[tuple[int, str]]) -> list[tuple[int, str]]:
    figures = document_figures()
    return sorted((line, f) for line, text in pieces for f in _figures_in(text) if f in figures)


def test_documents_print_many_figures() -> None:
    figures = document_figures()
    assert len(figures) > 1000
    # the yardsticks of the contract, as the documents print them
    assert {"34272", "34272080", "47207", "4241.14", "175436"} <= figures
    assert not {"2010", "1000", "5000"} & figures


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("Total revenues\t32,275,024\t100.0\t410,297", {"32275024", "410297"}),
        ("JPY34,272 million (\\$410.3 million)", {"34272"}),
        ("4,241.14 and 702.5 Gbps", {"4241.14"}),
        ("FY2010, 2040, 1,000 and 5000", set()),
        ("hypothesis 6.170.15", set()),
        ("ratio 12345 and 1,23", {"12345"}),
    ],
)
def test_figure_collection(text: str, figures: set[str]) -> None:
    assert _figures_in(text) == figures


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_document_figure_in_code(path: Path) -> None:
    code, _ = _split(path)
    assert _hits(code) == []


def test_no_document_figure_in_comments_or_docstrings() -> None:
    hits = {str(path.relative_to(PACKAGE)): _hits(_split(path)[1]) for path in SOURCES}
    assert {name: h for name, h in hits.items() if h} == {}
