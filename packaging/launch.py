"""The frozen program's entry point: the same `main` as the `iijviewer` command."""

import sys

from iijviewer.cli import main

if __name__ == "__main__":
    sys.exit(main())
