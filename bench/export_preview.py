"""The export screen's preview of every client of the bench corpus: how long until it is all shown, and the
UI loop's longest stall meanwhile (an interval timer of 10 ms in the app, started once the screen's first
frame is drawn: the longest gap between two of its ticks, less 10 ms). Driven headless with Pilot on a copy
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


async def _measure(root: Path, passphrase: str, clients: int) -> PreviewBench:
    from textual.widgets import DataTable, Input

    from koto_tui.app import KotoApp
    from koto_tui.screens.export import ExportScreen
    from koto_tui.store import DataPaths

    app = KotoApp(DataPaths(root))
    ticks: list[float] = []
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
            await _until(pilot, lambda: isinstance(app.screen, ExportScreen))
            screen = app.screen
            assert isinstance(screen, ExportScreen)
            await pilot.pause()  # the screen's first frame (its opening is not the preview's stall)
            app.set_interval(TICK_S, lambda: ticks.append(time.perf_counter()))
            first = None
            held = screen.query_one("#export-held", DataTable)
            records = screen.query_one("#export-records", DataTable)
            deadline = time.monotonic() + BUDGET_S
            while _running(screen):
                if first is None and (held.row_count or records.row_count):
                    first = time.perf_counter() - started
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the preview of {clients:,} clients took over {BUDGET_S:g} s")
                await pilot.pause(0.02)
            await pilot.pause()
        shown = time.perf_counter() - started
        rows = held.row_count + records.row_count
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    return PreviewBench(clients, shown, rows, max(0.0, (max(gaps, default=0.0) - TICK_S) * 1000),
                        first if first is not None else shown, gcs.summary())


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
              f"{r.rows} rows; longest UI stall {r.stall_ms:.0f} ms (target {TARGET_STALL_MS:g} ms); "
              f"{r.collections}; "
              f"load average {load:.1f}-{os.getloadavg()[0]:.1f}", flush=True)
