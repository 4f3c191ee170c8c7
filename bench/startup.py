"""Start-up: process start to the first frame of koto's unlock screen vs a bare Textual app with one Label.

Each run is a fresh Python process started the way the user starts koto (``koto --data-dir DIR``: the
command line, the data directory's lock, the app) and a bare app in the same interpreter. Both run
headless; when their first frame has been drawn (the first ``call_after_refresh`` callback, registered on
mount before anything of the app's own) each prints the wall-clock time and ends itself, so what is
measured is exec to the first frame, in the process, without polling a terminal and without what the app
does after that frame (koto's heap freeze, the exit). koto's bytecode is compiled first, as an install
does. Runs alternate koto, bare, koto, bare; the first pair is a warm-up (the OS's file cache). Reported:
the median of each and the pairwise ratios koto / bare (min and median).
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

RUNS = 9
TARGET_RATIO = 1.2
TIMEOUT_S = 60.0

#: koto as `koto --data-dir DIR`, its app told to end after the first frame (and run headless).
KOTO_CHILD = """
import sys
import time
from textual.app import App
import koto_tui.app as app_module

first_mount = app_module.KotoApp.on_mount


def on_mount(self):
    self.call_after_refresh(lambda: print(time.time(), file=sys.__stdout__, flush=True))
    first_mount(self)
    self.call_after_refresh(lambda: self.exit(return_code=0))


app_module.KotoApp.on_mount = on_mount
plain_run = App.run
App.run = lambda self, **kw: plain_run(self, headless=True)
from koto_tui.cli import main
sys.exit(main(["--data-dir", sys.argv[1]]))
"""

BARE_CHILD = """
import sys
import time
from textual.app import App, ComposeResult
from textual.widgets import Label


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("Avaa tietokanta")

    def on_mount(self) -> None:
        self.call_after_refresh(lambda: print(time.time(), file=sys.__stdout__, flush=True))
        self.call_after_refresh(lambda: self.exit(return_code=0))


Bare().run(headless=True)
"""


@dataclass(frozen=True)
class StartupResult:
    """Seconds from exec to the first frame (medians) and the pairwise ratios, or why not measured."""

    koto_s: float | None = None
    bare_s: float | None = None
    ratio_min: float | None = None
    ratio_median: float | None = None
    reason: str = ""

    @property
    def ratio(self) -> float | None:
        return self.ratio_median

    @property
    def met(self) -> bool | None:
        return None if self.ratio_median is None else self.ratio_median <= TARGET_RATIO


def _timed(code: str, *args: str) -> float:
    """Seconds from starting the child to the first frame it reports."""
    env = {**os.environ, "KOTO_LANG": "fi", "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.time()
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=TIMEOUT_S, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1:]}")
    return float(done.stdout.split()[0]) - started


def run(runs: int = RUNS) -> StartupResult:
    """Alternate koto and the bare app *runs* times each (the first pair is a warm-up)."""
    import koto_tui
    from koto_tui.model import Profile
    from koto_tui.store import DataPaths, Store

    compileall.compile_dir(Path(koto_tui.__file__).parent, quiet=1)  # as pip does on install
    tmp = Path(tempfile.mkdtemp(prefix="koto-bench-startup-"))
    try:
        data = tmp / "data"
        profile = Profile("Bench", "ohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut", "Mikkeli")
        Store.create(DataPaths(data), profile, "bench-passphrase").close()
        pairs = [(_timed(KOTO_CHILD, str(data)), _timed(BARE_CHILD)) for _run in range(runs)][1:]
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        return StartupResult(reason=str(exc)[:80])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    ratios = [koto / bare for koto, bare in pairs]
    return StartupResult(statistics.median(k for k, _b in pairs), statistics.median(b for _k, b in pairs),
                         min(ratios), statistics.median(ratios))


if __name__ == "__main__":
    print(run())
