"""The export screen's preview of every client of the bench corpus: how long until it is all shown, and the
UI loop's longest stall meanwhile (an interval timer of 10 ms in the app, started once the screen's first
frame is drawn: the longest gap between two of its ticks, less 10 ms; also from the first rows on, and the
screen's layouts counted). Driven headless with Pilot on a copy
of ``bench.corpus.database(size)``. What is measured is the preview the screen runs when it opens (times
from the push of the screen), so each size goes through its clients once (before 2026-12-03 the bench
waited for that preview, then measured a second one: twice the run time, 100k was never measured).

Run: ``python -m bench.export_preview [size …]`` (default 10000).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpus import CHEAP_KDF, copy_of, database
from bench.gcwatch import Collections

TICK_S = 0.01
TARGET_STALL_MS = 50.0
TARGET_SHOWN_S = 2.0
#: The longest one preview may take before the bench gives up on it.
BUDGET_S = 900.0


@dataclass(frozen=True)
class PreviewBench:
    """Seconds until the preview's summary is shown, rows shown, and the longest stall of the UI loop."""

    clients: int
    shown_s: float
    rows: int
    stall_ms: float
    first_rows_s: float
    collections: str = ""
    layouts: int = 0
    """Layouts of the screen from its first frame to the preview's end (each reflows every widget)."""
    rows_stall_ms: float = 0.0
    """The longest stall from the first rows on (the stall that ends with the first rows included)."""
    rows_layouts: int = 0
    """Layouts from the first rows on (the screen's opening, its footer's keys, comes before)."""


async def _measure(root: Path, passphrase: str, clients: int) -> PreviewBench:
    from textual.widgets import DataTable, Input

    from koto_tui.app import KotoApp
    from koto_tui.screens.export import ExportScreen
    from koto_tui.store import DataPaths

    app = KotoApp(DataPaths(root))
    async with app.run_test(size=(130, 50)) as pilot:
        await _until(pilot, lambda: bool(app.screen.query("#passphrase")))
        app.screen.query_one("#passphrase", Input).value = passphrase
        await pilot.press("enter")
        await _until(pilot, lambda: not app.screen.query("#passphrase") and app.screen.is_active)
        # The unlock's background check (every page's HMAC) holds the store while it reads: at 100k the
        # preview's first query waited 10-20 s for it, and its thread took the GIL from the UI meanwhile.
        await _until(pilot, lambda: all(w.is_finished for w in app.workers), budget=BUDGET_S)
        started = time.perf_counter()
        with Collections() as gcs:
            await app.push_screen(ExportScreen())  # what F6 opens from the client register: it previews
            screen = app.screen
            assert isinstance(screen, ExportScreen)
            # The ticks start with the screen's first frame (its opening is not the preview's stall). Before
            # task 16p they started after a Pilot pause, which under load returned only once the first
            # handovers (and the layouts they caused) were through: the preview's first stalls went unseen.
            watch = _Watch(screen)
            screen.call_after_refresh(watch.start)
            first = None
            held = screen.query_one("#export-held", DataTable)
            records = screen.query_one("#export-records", DataTable)
            deadline = time.monotonic() + BUDGET_S
            while _running(screen):
                if first is None and (held.row_count or records.row_count):
                    first = time.perf_counter() - started
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the preview of {clients:,} clients took over {BUDGET_S:g} s")
                # Not Pilot.pause: it queues a callback on every widget of the screen and then forces a
                # screen update, each time (before task 16p, 50 times a second: UI-thread work the app
                # does not do, measured with the preview).
                await asyncio.sleep(0.02)
            await pilot.pause()
        shown = time.perf_counter() - started
        rows = held.row_count + records.row_count
    gaps = [(b - a, with_rows) for (a, _), (b, with_rows) in itertools.pairwise(watch.ticks)]
    return PreviewBench(clients, shown, rows, _stall([gap for gap, _ in gaps]),
                        first if first is not None else shown, gcs.summary(), watch.layouts,
                        _stall([gap for gap, with_rows in gaps if with_rows]), watch.rows_layouts)


def _stall(gaps: list[float]) -> float:
    """The longest of *gaps* between ticks, less the timer's interval, in ms."""
    return max(0.0, (max(gaps, default=0.0) - TICK_S) * 1000)


class _Watch:
    """From the screen's first frame on: a tick of the UI loop every 10 ms, and the screen's layouts counted
    (each one reflows every widget of the screen)."""

    def __init__(self, screen: Any) -> None:
        self.screen = screen
        self.ticks: list[tuple[float, bool]] = []
        """When each tick ran, and whether rows had been shown by then."""
        self.layouts = self.rows_layouts = 0
        self._reflow = screen._refresh_layout
        self._tables = [screen.query_one(f"#export-{name}") for name in ("records", "held")]

    def start(self) -> None:
        """Start ticking and counting."""
        self.screen.app.set_interval(TICK_S, lambda: self.ticks.append((time.perf_counter(), self._rows())))
        self.screen._refresh_layout = self._counted

    def _rows(self) -> bool:
        return any(table.row_count for table in self._tables)

    def _counted(self, *args: Any, **kwargs: Any) -> None:
        self.layouts += 1
        self.rows_layouts += self._rows()
        self._reflow(*args, **kwargs)


def _running(screen: object) -> bool:
    """Whether the screen's export worker is still at work."""
    return any(w.node is screen and w.group == "export" and not w.is_finished
               for w in screen.app.workers)  # type: ignore[attr-defined]


async def _until(pilot: object, check: object, budget: float = 30.0) -> None:
    deadline = time.monotonic() + budget
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError(f"the app did not get there in time: {type(pilot.app.screen).__name__}")  # type: ignore[attr-defined]
        await pilot.pause(0.05)  # type: ignore[attr-defined]


def run(size: int) -> PreviewBench:
    """Copy the corpus of *size* clients and measure its preview."""
    from koto_tui.store import kdf

    corpus = database(size)
    tmp = Path(tempfile.mkdtemp(prefix="koto-bench-preview-"))
    kdf.fix(CHEAP_KDF)
    try:
        return asyncio.run(_measure(copy_of(corpus, tmp), corpus.passphrase, size))
    finally:
        kdf.fix(None)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    for wanted in [int(a) for a in sys.argv[1:]] or [10_000]:
        load = os.getloadavg()[0]
        r = run(wanted)
        print(f"{r.clients:>7} clients: preview shown in {r.shown_s:.2f} s "
              f"(first rows {r.first_rows_s:.2f} s), "
              f"{r.rows} rows; longest UI stall {r.stall_ms:.0f} ms (target {TARGET_STALL_MS:g} ms), "
              f"from the first rows on {r.rows_stall_ms:.0f} ms; {r.layouts} layouts "
              f"({r.rows_layouts} from the first rows on); "
              f"{r.collections}; "
              f"load average {load:.1f}-{os.getloadavg()[0]:.1f}", flush=True)
