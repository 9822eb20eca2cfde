"""`python -m iijviewer`: the same `main` as the `iijviewer` command."""

import sys

from iijviewer.cli import main

sys.exit(main())
