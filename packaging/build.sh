#!/usr/bin/env bash
# Builds the standalone iijviewer (PyInstaller, one folder) into dist/iijviewer/ and checks that it starts.
#
#   packaging/build.sh            # build venv in build/venv, then dist/iijviewer/
#   PYTHON=python3.12 packaging/build.sh
#
# Linux and macOS (bash); on Windows run the same steps from Git Bash, or see packaging/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
VENV="${BUILD_VENV:-$ROOT/build/venv}"

if [[ ! -x "$VENV/bin/python" && ! -x "$VENV/Scripts/python.exe" ]]; then
    "$PYTHON" -m venv "$VENV"
fi
PY="$VENV/bin/python"
[[ -x "$PY" ]] || PY="$VENV/Scripts/python.exe"

# the program as installed (not editable: the build must not depend on this checkout's layout)
"$PY" -m pip install --quiet --upgrade pip
"$PY" -m pip install --quiet . pyinstaller pillow

# icons: PNGs are in the repository; .ico and .icns are made from them
QT_QPA_PLATFORM=offscreen "$PY" packaging/make_icon.py

"$PY" -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/iijviewer.spec

# smoke test: the built program starts, reads its bundled documents and draws the window
APP="dist/iijviewer/iijviewer"
[[ -x "$APP" ]] || APP="dist/iijviewer/iijviewer.exe"
"$APP" --version
SHOT_DIR="$(mktemp -d)"
QT_QPA_PLATFORM=offscreen "$APP" --data-dir "$SHOT_DIR/library" --screenshot "$SHOT_DIR/start.png"
echo "built $(du -sh dist/iijviewer | cut -f1) in dist/iijviewer/; screenshot OK ($SHOT_DIR/start.png)"
