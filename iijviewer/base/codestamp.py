"""What code made a cached result: the package's own sources, hashed.

The parse cache and the library snapshot must never outlive the code that made
them.  In a source checkout or an installed package the sources are beside the
modules and are hashed at the first use; a frozen build (PyInstaller) has only
bytecode inside its archive, so `packaging/iijviewer.spec` hashes the same
sources when it builds and ships the result as `code.sha256` beside
`resources/`.  When neither is there, `code_stamp()` is None and callers keep
nothing: a result of unknown code is never reused.

The viewer's own code (`iijviewer/ui/`, `iijviewer/models/`) does not change
what the library holds, and is left out.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from iijviewer.base.paths import resources_dir

STAMP_NAME = "code.sha256"
PACKAGE_ROOT = Path(__file__).resolve().parent.parent  # iijviewer/, this module being in iijviewer/base/
_VIEWER_PACKAGES = ("ui", "models")
_STAMP_RE = re.compile(r"[0-9a-f]{64}")
EMPTY = hashlib.sha256().hexdigest()  # the digest of no sources at all: a build that hashed the wrong folder


def package_sources(package: Path | None = None) -> list[Path]:
    """The package's headless source files, in a fixed order; [] in a frozen build."""
    root = package or PACKAGE_ROOT
    files = [p for p in root.rglob("*.py") if p.is_file() and p.relative_to(root).parts[0] not in _VIEWER_PACKAGES]
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def digest(files: list[Path], root: Path) -> str:
    """The sources' paths (relative to the package) and contents, hashed; refuses an empty list."""
    if not files:
        raise ValueError(f"{root}: no sources to hash")
    h = hashlib.sha256()
    for path in files:
        h.update(f"source {path.relative_to(root).as_posix()}\n".encode())
        h.update(path.read_bytes())
        h.update(b"\n")
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_stamp() -> str | None:
    """The hash of the package's headless sources, here or as stamped at build time; None when unknown."""
    root = PACKAGE_ROOT
    try:
        files = package_sources(root)
        if files:
            return digest(files, root)
        text = (resources_dir().parent / STAMP_NAME).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):  # a source that cannot be read (or vanished): unknown code
        return None
    return text if _STAMP_RE.fullmatch(text) and text != EMPTY else None
