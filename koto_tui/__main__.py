"""`python -m koto_tui`: the same as the `koto` command, for machines without the script on PATH."""

from __future__ import annotations

import sys

from koto_tui.cli import main

if __name__ == "__main__":
    sys.exit(main())
