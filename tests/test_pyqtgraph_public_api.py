"""The viewer uses pyqtgraph through its public API only, and never ctypes (issue 17).

pyqtgraph's private internals (the scatter's symbol atlas and pixmap
fragments, its spot-size bookkeeping, the SVG exporter's coordinate
correction) change between its versions: code that overrides or patches
them breaks on the next release.  A source scan of iijviewer/:

- no module imports ctypes;
- no class derived from a pyqtgraph class reads or writes an underscore
  attribute on itself (pyqtgraph's private state, or a name that could
  clobber it);
- no code anywhere reads or writes, on any other object, an underscore
  attribute that pyqtgraph defines, nor names one of the internals with a
  public-looking name (`fragmentAtlas`, `SVGExporter`, ...);
- no pyqtgraph module is patched (an attribute of it assigned, or the
  module fetched by name to be changed).
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "iijviewer"
# pyqtgraph internals with public-looking names, which the Trends page once overrode or patched
INTERNALS = frozenset({"fragmentAtlas", "SymbolAtlas", "PrimitiveArray", "SVGExporter", "correctCoordinates"})


def _modules(root: Path) -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))) for path in sorted(root.rglob("*.py"))]


@lru_cache(maxsize=1)
def _pyqtgraph_private_names() -> frozenset[str]:
    """Every underscore name pyqtgraph's own code uses as an attribute or defines as a method."""
    pyqtgraph = pytest.importorskip("pyqtgraph")
    names: set[str] = set()
    pattern = re.compile(r"(?:\.|\bdef\s+)(_[A-Za-z]\w*)")
    for path in Path(pyqtgraph.__file__).parent.rglob("*.py"):
        names.update(n for n in pattern.findall(path.read_text(encoding="utf-8", errors="replace")) if not n.endswith("__"))
    return frozenset(names)


def _pyqtgraph_aliases(tree: ast.Module) -> set[str]:
    """The names a module binds to pyqtgraph or anything imported from it (`pg`, `exporters`, a class)."""
    aliases = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases |= {a.asname or a.name.split(".")[0] for a in node.names if a.name.split(".")[0] == "pyqtgraph"}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "pyqtgraph":
            aliases |= {a.asname or a.name for a in node.names}
    return aliases


def _root(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _private(attr: str) -> bool:
    return attr.startswith("_") and not attr.endswith("__")


def _is_self(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id in ("self", "cls")


def ctypes_imports(root: Path) -> list[str]:
    found = []
    for path, tree in _modules(root):
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)) and node.args:
                called = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
                if called in ("import_module", "__import__") and isinstance(node.args[0], ast.Constant):
                    names = [str(node.args[0].value)]
            found += [f"{path.name}:{node.lineno}" for n in names if n.split(".")[0] == "ctypes"]
    return found


def pyqtgraph_private_uses(root: Path) -> list[str]:
    """Where iijviewer touches pyqtgraph's privates or patches its modules, as 'file:line what'."""
    private_names = _pyqtgraph_private_names()
    found = []
    for path, tree in _modules(root):
        aliases = _pyqtgraph_aliases(tree)
        if not aliases and "pyqtgraph" not in path.read_text(encoding="utf-8"):
            continue
        where = f"{path.relative_to(root.parent)}"
        # classes derived from pyqtgraph's: no underscore attribute of their own
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            if any(_root(base) in aliases for base in cls.bases):
                for node in ast.walk(cls):
                    if isinstance(node, ast.Attribute) and _is_self(node.value) and _private(node.attr):
                        found.append(f"{where}:{node.lineno} {cls.name} uses self.{node.attr}")
        for node in ast.walk(tree):
            # another object's attribute that pyqtgraph keeps private
            if isinstance(node, ast.Attribute) and not _is_self(node.value) and node.attr in private_names:
                found.append(f"{where}:{node.lineno} .{node.attr}")
            name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
            if name in INTERNALS:
                found.append(f"{where}:{node.lineno} names {name}")
            # a pyqtgraph module patched: an attribute of it assigned, set or deleted
            targets = []
            if isinstance(node, (ast.Assign, ast.Delete)):
                targets = node.targets
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
                targets = [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and _root(target) in aliases:
                    found.append(f"{where}:{node.lineno} assigns {ast.unparse(target)}")
            if isinstance(node, ast.Call) and node.args:
                called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if called in ("setattr", "delattr") and _root(node.args[0]) in aliases:
                    found.append(f"{where}:{node.lineno} {called} on {ast.unparse(node.args[0])}")
                if called in ("import_module", "__import__") and "pyqtgraph" in ast.unparse(node.args[0]):
                    found.append(f"{where}:{node.lineno} fetches {ast.unparse(node.args[0])} by name")
    return found


def test_no_module_imports_ctypes():
    assert ctypes_imports(PACKAGE) == []


def test_pyqtgraph_is_used_through_its_public_api_only():
    assert pyqtgraph_private_uses(PACKAGE) == []


def test_the_scan_finds_what_it_forbids(tmp_path):
    # the scan would have caught the workarounds the Trends page once carried
    package = tmp_path / "iijviewer"
    package.mkdir()
    (package / "bad.py").write_text(
        "import ctypes\n"
        "import importlib\n"
        "import pyqtgraph as pg\n"
        "from pyqtgraph import exporters\n"
        "class Scatter(pg.ScatterPlotItem):\n"
        "    def updateSpots(self, dataSet=None):\n"
        "        self._updateMaxSpotSizes(data=dataSet)\n"
        "        self._mine = 1\n"
        "def paint(item):\n"
        "    return item.fragmentAtlas, item._pixmapFragments\n"
        "module = importlib.import_module('pyqtgraph.exporters.SVGExporter')\n"
        "exporters.SVGExporter.correctCoordinates = None\n"
        "setattr(pg, 'mkPen', None)\n",
        encoding="utf-8",
    )
    (package / "good.py").write_text(
        "import pyqtgraph as pg\n"
        "class Axis(pg.AxisItem):\n"
        "    def __init__(self, *args):\n"
        "        super().__init__(*args)\n"
        "        self.labels = ()\n"
        "class Plain:\n"
        "    def __init__(self):\n"
        "        self._own = 1\n",
        encoding="utf-8",
    )
    assert ctypes_imports(package) == ["bad.py:1"]
    found = pyqtgraph_private_uses(package)
    assert all(f.startswith("iijviewer/bad.py:") for f in found), found
    said = " | ".join(found)
    for expected in ("self._updateMaxSpotSizes", "self._mine", "._pixmapFragments", "fetches 'pyqtgraph.exporters.SVGExporter'", "setattr on pg"):
        assert expected in said, (expected, found)
    assert "assigns exporters.SVGExporter.correctCoordinates" in said
    assert "names fragmentAtlas" in said and "names SVGExporter" in said
