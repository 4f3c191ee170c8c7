"""The store and `koto clients` import the light parts of the engine only (its names load on first use)."""

from __future__ import annotations

import subprocess
import sys

_LOADED = """
import sys
import koto_tui.commands, koto_tui.store.database, koto_tui.engine.titles
print(sorted(m for m in sys.modules if m in ("koto_tui.engine.loader", "koto_tui.engine.models",
                                             "koto_tui.engine.answers", "koto_tui.engine.translations")))
from koto_tui.engine import Form, load_form_text
print(Form.__module__, load_form_text.__module__)
"""


def test_unlocking_and_listing_do_not_import_the_form_loader() -> None:
    """Every unlock imported the whole engine through the rules (50 ms); a name asked of the package
    still comes from where it is defined."""
    done = subprocess.run([sys.executable, "-c", _LOADED], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.splitlines() == ["[]", "koto_tui.engine.models koto_tui.engine.loader"]
