"""Where the bundled resources live and where the user's library goes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "iijviewer"
DATA_DIR_ENV = "IIJVIEWER_DATA_DIR"


def resources_dir() -> Path:
    """The bundled `resources/` folder.

    An installed package carries it inside (`iijviewer/resources/`, package
    data); in a source checkout (and an editable install) it sits beside the
    package; a frozen build has it in its application folder (`sys._MEIPASS`).
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    package = Path(__file__).resolve().parent.parent  # iijviewer/, this module being in iijviewer/base/
    inside = package / "resources"
    return inside if (inside / "concepts.csv").is_file() else package.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def bundled_documents_dir() -> Path:
    return resource_path("documents")


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The user's library folder: `--data-dir`, else the environment, else the platform's."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
