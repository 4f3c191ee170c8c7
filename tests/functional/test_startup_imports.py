"""Start-up stays light: what the unlock screen does not need is not imported before its first frame."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from koto_tui.model import Profile
from koto_tui.store import DataPaths, Store
from tests.functional.helpers import until

#: Loaded only after the unlock (or when a screen that needs them opens): each cost start-up time once.
#: (portalocker is not here: the data directory's lock is taken before the first frame, through the
#: cross-platform library rather than fcntl on one platform and msvcrt on another. Its version lookup at
#: import, which loaded importlib.metadata, is not made: see ``koto_tui.store.lock``.)
HEAVY = ("sqlcipher3", "sqlite_utils", "yaml", "babel", "reportlab", "cryptography",
         "argon2", "fastjsonschema", "zxcvbn", "stdnum", "koto_tui.store.database", "koto_tui.engine",
         "koto_tui.model", "koto_tui.demo", "koto_tui.rules.passphrase", "importlib.metadata",
         # Since task 16s: the key file's module (json, hashlib; the unlock screen's check of the files reads
         # it after the first frame), secrets (a temporary file's name is os.urandom's) and json (portalocker
         # imported it for its Redis lock).
         "koto_tui.store.keyfile", "json", "secrets")

#: `koto --data-dir DIR` as the user starts it (headless); at its first frame it prints the heavy modules
#: already loaded, then ends. argv: the data directory, the heavy modules (comma-separated), then the name of
#: a module to import first (or ""). The child itself imports no json (it is one of the heavy ones).
_CHILD = """
import sys, importlib
from textual.app import App
import koto_tui.app as app_module

heavy, first = sys.argv[2].split(","), sys.argv[3]
if first:
    importlib.import_module(first)
first_mount = app_module.KotoApp.on_mount


def on_mount(self):
    loaded = sorted(name for name in sys.modules if name in heavy or name.split(".")[0] in heavy)
    self.call_after_refresh(lambda: print(",".join(loaded), file=sys.__stdout__, flush=True))
    first_mount(self)
    self.call_after_refresh(lambda: self.exit(return_code=0))


app_module.KotoApp.on_mount = on_mount
plain_run = App.run
App.run = lambda self, **kw: plain_run(self, headless=True)
from koto_tui.cli import main
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


def _loaded_at_first_frame(root: Path, first: str = "") -> list[str]:
    Store.create(DataPaths(root), Profile("Testi", "ohjaaja", "Mikkeli", "Kotoutuminen", "Mikkeli"),
                 "salasana-123-pitkä").close()
    done = subprocess.run([sys.executable, "-c", _CHILD, str(root), ",".join(HEAVY), first],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return [name for name in done.stdout.splitlines()[0].split(",") if name]


def test_nothing_heavy_is_imported_before_the_unlock_screen_is_painted(tmp_path: Path) -> None:
    """The store's SQL side, the forms' YAML, babel, printing, the passphrase rules: none before the
    first frame (they cost start-up time that the passphrase screen does not need)."""
    assert _loaded_at_first_frame(tmp_path / "data") == []


def test_the_check_sees_a_heavy_module_that_is_loaded(tmp_path: Path) -> None:
    """The check above can fail: a module loaded before the first frame is listed."""
    loaded = _loaded_at_first_frame(tmp_path / "data", "koto_tui.store.database")
    assert {"sqlcipher3", "sqlite_utils", "koto_tui.store.database"} <= set(loaded)


@pytest.mark.parametrize(("width", "expected"), [(80, "-narrow"), (120, "-wide")])
async def test_the_unlock_screen_is_not_styled_again_for_its_width_before_its_first_frame(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int, expected: str) -> None:
    """The first screen carries its breakpoint class (App.HORIZONTAL_BREAKPOINTS) from the start: when
    Textual set it on the screen's first Resize, every widget was styled again and the screen laid out once
    more before the first frame (about 15 ms of a start-up, bench/README.md)."""
    from textual.screen import Screen

    from koto_tui.app import KotoApp
    from koto_tui.screens.unlock import UnlockScreen

    changed: list[set[str]] = []
    update_classes = Screen.update_classes

    def spy(screen: Screen[None], classes: Any, *args: Any, **kwargs: Any) -> Screen[None]:
        before = set(screen.classes)
        result = update_classes(screen, classes, *args, **kwargs)
        if screen.is_attached and set(screen.classes) != before:
            changed.append(set(screen.classes) ^ before)
        return result

    monkeypatch.setattr(Screen, "update_classes", spy)
    paths = DataPaths(tmp_path / "data")
    Store.create(paths, Profile("Testi", "ohjaaja", "Mikkeli", "Kotoutuminen", "Mikkeli"),
                 "salasana-123-pitkä").close()
    app = KotoApp(paths)
    async with app.run_test(size=(width, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen) and app.screen.is_mounted,
                    "the unlock screen")
        await pilot.pause()
        assert expected in app.screen.classes
        assert changed == []
        await pilot.resize_terminal(200 if width < 100 else 80, 30)
        await until(pilot, lambda: expected not in app.screen.classes, "the class of the new width")
