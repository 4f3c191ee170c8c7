"""Memory with the client list open: koto unlocked on a copy of each corpus database, headless (Pilot), its
client list shown; the process's resident set (VmRSS) and its peak (VmHWM) from /proc/self/status.

Comparator in the same run: a bare Textual app showing a DataTable of 200 rows (the list's first
screenful), also in a fresh child process; the ratio is koto's RSS over the bare app's.
Run: ``python -m bench.rss 1000 10000`` (sizes; the databases are made once, see bench/corpus.py).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpus import CHEAP_KDF, copy_of, database

#: Where ``python -m bench.rss`` children run from (the project root, so that ``bench`` imports).
ROOT = Path(__file__).resolve().parents[1]
BARE_ROWS = 200
#: How long the child waits for the app's background work (the store's page check) before it reads again.
SETTLE_S = 600.0


@dataclass(frozen=True)
class RssResult:
    """Megabytes of koto with the list open (once its workers are done; its peak; when the first rows were
    shown), and the bare app's."""

    size: int
    rows: int
    rss_mb: float
    hwm_mb: float
    first_rss_mb: float
    bare_rss_mb: float
    bare_hwm_mb: float

    @property
    def ratio(self) -> float:
        return self.rss_mb / self.bare_rss_mb


def memory_mb(status: str) -> dict[str, float]:
    """VmRSS and VmHWM in MB from the text of /proc/<pid>/status (kB lines)."""
    found: dict[str, float] = {}
    for line in status.splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = int(value.split()[0]) / 1024
    return found


def _own_memory() -> dict[str, float]:
    return memory_mb(Path("/proc/self/status").read_text(encoding="ascii"))


async def _until(pilot: Any, condition: Callable[[], bool], budget: float = 300.0) -> bool:
    """Wait for *condition*; False when the budget ran out first."""
    deadline = time.monotonic() + budget
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.02)
    return True


async def _koto(root: Path, passphrase: str) -> dict[str, float]:
    """Unlock koto on *root*, wait for the client list's rows and then for its workers, reading the memory
    at both."""
    from textual.widgets import DataTable, Input

    from koto_tui.app import KotoApp
    from koto_tui.screens.clients import ClientsScreen
    from koto_tui.store import DataPaths

    KotoApp.START_WITH_WORKLIST = False
    app = KotoApp(DataPaths(root))
    async with app.run_test(size=(120, 40)) as pilot:
        if not await _until(pilot, lambda: bool(app.screen.query("#passphrase"))):
            raise TimeoutError("no unlock screen")
        app.screen.query_one("#passphrase", Input).value = passphrase
        await pilot.press("enter")

        def shown() -> bool:
            screen = app.screen
            return isinstance(screen, ClientsScreen) and screen.query_one(DataTable).row_count > 0

        if not await _until(pilot, shown):
            raise TimeoutError("the client list was not shown")
        at_shown = _own_memory()
        await _until(pilot, lambda: all(w.is_finished for w in app.workers), SETTLE_S)
        await pilot.pause(0.2)
        rows = app.screen.query_one(DataTable).row_count
        settled = _own_memory()
    return {"rows": rows, "rss_mb": settled["VmRSS"], "hwm_mb": settled["VmHWM"],
            "first_rss_mb": at_shown["VmRSS"]}


async def _bare() -> dict[str, float]:
    """A bare Textual app with a DataTable of 200 client-like rows; its memory once they are shown."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Name", "Born", "Code", "Assessments")
            table.add_rows((f"Virtanen Aino {n}", "1.1.1980", f"B{n:07d}", str(n % 3))
                           for n in range(BARE_ROWS))

    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        if not await _until(pilot, lambda: app.query_one(DataTable).row_count == BARE_ROWS):
            raise TimeoutError("the bare table was not filled")
        await pilot.pause(0.1)
        memory = _own_memory()
    return {"rss_mb": memory["VmRSS"], "hwm_mb": memory["VmHWM"]}


def _child(*args: str, attempts: int = 3) -> dict[str, float]:
    """Run ``python -m bench.rss child …`` and return the figures it prints (a fresh process each); a child
    that fails (Textual's header can lose a race with the screen switch, headless) is run again."""
    for attempt in range(1, attempts + 1):
        done = subprocess.run([sys.executable, "-m", "bench.rss", "child", *args], cwd=ROOT, check=False,
                              capture_output=True, text=True, timeout=3600)
        if done.returncode == 0:
            figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
            return figures
        last = [line for line in done.stderr.splitlines() if "Error" in line or "Exception" in line][-1:]
        print(f"[bench] the rss child {args[:1]} failed ({attempt}/{attempts}): {last}", file=sys.stderr)
    raise RuntimeError(f"the rss child {args[:1]} failed {attempts} times")


def run(size: int) -> RssResult:
    """koto with the list open on a copy of the corpus of *size* clients, then the bare app."""
    tmp = Path(tempfile.mkdtemp(prefix="koto-bench-rss-"))
    try:
        corpus = database(size)
        koto = _child("koto", str(copy_of(corpus, tmp)), corpus.passphrase)
        bare = _child("bare")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return RssResult(size, int(koto["rows"]), koto["rss_mb"], koto["hwm_mb"], koto["first_rss_mb"],
                     bare["rss_mb"], bare["hwm_mb"])


def _child_main(args: list[str]) -> None:
    """In the child: measure koto (data directory, passphrase) or the bare app, print JSON."""
    if args[0] == "bare":
        print(json.dumps(asyncio.run(_bare())))
        return
    from koto_tui.store import kdf

    kdf.fix(CHEAP_KDF)
    print(json.dumps(asyncio.run(_koto(Path(args[1]), args[2]))))


def report(r: RssResult) -> str:
    """One line per size."""
    return (f"{r.size:>7} clients, {r.rows} rows shown: RSS {r.rss_mb:.0f} MB "
            f"(at the first rows {r.first_rss_mb:.0f}, peak {r.hwm_mb:.0f}); bare Textual + 200 rows "
            f"{r.bare_rss_mb:.0f} MB; ratio {r.ratio:.2f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["child"]:
        _child_main(sys.argv[2:])
    else:
        for wanted in [int(a) for a in sys.argv[1:]] or [1_000]:
            print(report(run(wanted)), flush=True)
