"""Right after the unlock, while the background check of every page runs (``KotoApp._verify``): the UI loop's
longest stall, how long the export screen's preview takes to show its first rows when opened at once, and
the keystroke latency of a search typed in the client list meanwhile.

Driven headless with Pilot on a copy of ``bench.corpus.database(size)``, through the real unlock screen. An
interval timer of 10 ms runs in the app from the moment the unlock screen hands over to the client register
(its first frame drawn) until both the check and the measures are done: the stall is the longest gap
between two of its ticks, less 10 ms. Then F6's export screen is pushed (its preview starts as it opens;
first rows timed from the push), closed once its first rows are shown, and a name is typed into the client
search one key at a time (each key timed until its result is in the table, as bench/search.py does).

The comparator, in the same run on the same copy, interleaved run by run: the same unlock and measures with
the background check left out (``_verify`` a no-op for that run). Each run says whether the check was
still running when the preview showed its first rows and when the last key's result was shown.

Run: ``python -m bench.after_unlock [size …]`` (default 10000; 100000 takes a minute or two a run).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.corpus import CHEAP_KDF, copy_of, database

TICK_S = 0.01
TARGET_STALL_MS = 50.0
TARGET_FIRST_ROWS_S = 2.0
#: What is typed into the client search, one key at a time.
TYPED = "Mäkelä"
#: Runs with the check and without it, interleaved.
RUNS = 2
BUDGET_S = 600.0
#: The check alone on an idle app is measured over at least this long (the same without it).
IDLE_WINDOW_S = 3.0


@dataclass(frozen=True)
class AfterUnlock:
    """One unlock: the UI loop's gaps (seconds after the unlock, stall in ms), the preview's first rows (s),
    the keystrokes (ms), the background workers' windows (name: seconds after the unlock, start and end; a
    worker that started before the register was shown starts below 0) and whether the check still ran at
    the first rows / the last key."""

    checked: bool
    gaps: list[tuple[float, float]]
    first_rows_s: float
    keystroke_ms: list[float]
    windows: dict[str, tuple[float, float]]
    check_running_at_rows: bool
    check_running_at_keys: bool
    idle_stall_ms: float = 0.0
    idle_keystroke_ms: list[float] = field(default_factory=list)
    opened_s: float = 0.0
    """When F6's export screen had drawn its first frame (seconds after the unlock): the stalls that began
    before it are its opening (composing and laying out the screen: 65-120 ms at 1,000 clients as at
    100,000), told apart from the stalls while the long jobs run."""

    @property
    def opening_ms(self) -> float:
        """The longest stall while F6's screen opened (until its first frame)."""
        return max((ms for at, ms in self.gaps if at < self.opened_s), default=0.0)

    @property
    def working_stall_ms(self) -> float:
        """The longest stall after F6's screen was open: while the worklist, the preview, the search and the
        check ran."""
        return max((ms for at, ms in self.gaps if at >= self.opened_s), default=0.0)

    @property
    def stall_ms(self) -> float:
        """The longest stall from the unlock until the check and the measures were done."""
        return max((ms for _at, ms in self.gaps), default=0.0)

    def stall_within(self, window: tuple[float, float]) -> float:
        """The longest stall that overlapped *window* (seconds after the unlock)."""
        return max((ms for at, ms in self.gaps if at <= window[1] and at + ms / 1000 >= window[0]),
                   default=0.0)

    @property
    def check_s(self) -> float | None:
        start, end = self.windows.get("check", (0.0, 0.0))
        return end - start if self.checked else None


@dataclass(frozen=True)
class AfterUnlockBench:
    """Every run of one size, with the check and without it."""

    clients: int
    checked: list[AfterUnlock]
    unchecked: list[AfterUnlock]


async def _measure(root: Path, passphrase: str, checked: bool) -> AfterUnlock:
    from textual.widgets import DataTable, Input

    from koto_tui.app import KotoApp
    from koto_tui.screens.clients import ClientsScreen
    from koto_tui.screens.export import ExportScreen
    from koto_tui.screens.worklist import WorklistScreen
    from koto_tui.store import DataPaths

    app = KotoApp(DataPaths(root))
    windows: dict[str, list[float]] = {}

    def timed(name: str, work: Callable[[], None]) -> Callable[[], None]:
        def timing() -> None:
            key = name if name not in windows else f"{name} again"
            windows[key] = [time.perf_counter()]
            try:
                work()
            finally:
                windows[key].append(time.perf_counter())
        return timing

    app._verify = timed("check", app._verify if checked else lambda: None)  # type: ignore[method-assign]
    app._purge_printouts = timed("retention", app._purge_printouts)  # type: ignore[method-assign]
    ticks: list[float] = []
    async with app.run_test(size=(130, 50)) as pilot:
        await _until(pilot, lambda: bool(app.screen.query("#passphrase")))
        app.screen.query_one("#passphrase", Input).value = passphrase
        await pilot.press("enter")
        await _until(pilot, lambda: isinstance(app.screen, WorklistScreen) and app.screen.is_active)
        register = app.screen_stack[1]
        assert isinstance(register, ClientsScreen)
        unlocked = time.perf_counter()

        def check_running() -> bool:
            return any(w.group == "integrity" and not w.is_finished for w in app.workers)

        def tick() -> None:
            now = time.perf_counter()
            ticks.append(now)
            for worker in app.workers:  # the other workers' windows, as seen from the UI loop
                if not worker.is_finished and worker.group not in ("check", "retention"):
                    windows.setdefault(worker.group, [now])[1:] = [now]

        app.set_interval(TICK_S, tick)
        pushed = time.perf_counter()
        await app.push_screen(ExportScreen())
        await _until(pilot, lambda: isinstance(app.screen, ExportScreen))
        screen = app.screen
        await pilot.pause()  # (its first frame: the screen's opening ends here)
        opened = time.perf_counter() - unlocked
        held = screen.query_one("#export-held", DataTable)
        records = screen.query_one("#export-records", DataTable)
        await _until(pilot, lambda: bool(held.row_count or records.row_count), BUDGET_S)
        first_rows = time.perf_counter() - pushed
        at_rows = check_running()
        screen.action_back()  # cancels the preview
        await _until(pilot, lambda: not _exporting(app))
        if app.screen is screen:
            screen.action_back()  # closes the screen
        await _until(pilot, lambda: isinstance(app.screen, WorklistScreen))
        await pilot.press("escape")  # from the worklist to the client register
        await _until(pilot, lambda: app.screen is register)
        keys = await _type(pilot, register)
        at_keys = check_running()
        await _until(pilot, lambda: not any(w.is_running for w in app.workers), BUDGET_S)
        # The check alone on an idle app (started again, as the unlock starts it; a no-op without it):
        # the UI loop's stall and a search typed while it runs, over at least IDLE_WINDOW_S.
        idle_from = time.perf_counter()
        app.run_worker(app._verify, thread=True, group="integrity")
        idle_keys = await _type(pilot, register, again=True)
        await _until(pilot, lambda: not check_running() and time.perf_counter() - idle_from >= IDLE_WINDOW_S,
                     BUDGET_S)
        idle_to = time.perf_counter()
    gaps = [(a - unlocked, max(0.0, (b - a - TICK_S) * 1000)) for a, b in itertools.pairwise(ticks)]
    spans = {name: (times[0] - unlocked, times[-1] - unlocked) for name, times in windows.items()}
    idle_stall = max((ms for at, ms in gaps if idle_from - unlocked <= at <= idle_to - unlocked), default=0.0)
    return AfterUnlock(checked, gaps, first_rows, keys, spans, at_rows, at_keys, idle_stall, idle_keys,
                       opened)


async def _type(pilot: Any, screen: Any, again: bool = False) -> list[float]:
    """Type TYPED into the client search, timing each key until its result is in the table (*again*: the
    box emptied first)."""
    from textual.widgets import Input

    from bench.search import _Watch

    watch = _Watch(screen)
    box = screen.query_one("#client-search", Input)
    box.focus()
    if again and box.value:
        box.value = ""
        await _until(pilot, lambda: watch.shown_for("") is not None, BUDGET_S, 0.001)
    times = []
    for ch in TYPED:
        await pilot.press(ch)
        wanted = box.value
        await _until(pilot, lambda wanted=wanted: watch.shown_for(wanted) is not None, BUDGET_S, 0.001)
        times.append(watch.shown_for(wanted) or 0.0)
    return times


def _exporting(app: Any) -> bool:
    return any(w.group == "export" and not w.is_finished for w in app.workers)


async def _until(pilot: Any, check: Callable[[], bool], budget: float = 60.0, step: float = 0.02) -> None:
    deadline = time.monotonic() + budget
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the app did not get there in time: {type(pilot.app.screen).__name__}")
        await pilot.pause(step)


def run(size: int, runs: int = RUNS) -> AfterUnlockBench:
    """Copy the corpus of *size* clients once and unlock it *runs* times with the check and as many without,
    interleaved (with first, then without)."""
    from koto_tui.store import kdf

    corpus = database(size)
    tmp = Path(tempfile.mkdtemp(prefix="koto-bench-after-unlock-"))
    kdf.fix(CHEAP_KDF)
    results: dict[bool, list[AfterUnlock]] = {True: [], False: []}
    try:
        root = copy_of(corpus, tmp)
        for _run in range(runs):
            for checked in (True, False):
                results[checked].append(asyncio.run(_measure(root, corpus.passphrase, checked)))
    finally:
        kdf.fix(None)
        shutil.rmtree(tmp, ignore_errors=True)
    return AfterUnlockBench(size, results[True], results[False])


def summary(runs: list[AfterUnlock], windows: list[tuple[float, float]]) -> str:
    """One line of figures over *runs*: the worst stall (overall, and while the check ran: in *windows*,
    one per run), the slowest first rows, the keys' median / max."""
    keys = [ms for r in runs for ms in r.keystroke_ms]
    line = (f"longest UI stall {max(r.working_stall_ms for r in runs):.0f} ms once F6's screen was open "
            f"(opening it: {max(r.opening_ms for r in runs):.0f} ms; "
            f"{max(r.stall_within(w) for r, w in zip(runs, windows, strict=True)):.0f} ms while the check "
            f"ran), preview's first rows {max(r.first_rows_s for r in runs):.2f} s, search keystroke "
            f"median / max {statistics.median(keys):.0f} / {max(keys):.0f} ms")
    idle = [ms for r in runs for ms in r.idle_keystroke_ms]
    line += (f"; on an idle app: longest stall {max(r.idle_stall_ms for r in runs):.0f} ms, keystroke "
             f"median / max {statistics.median(idle):.0f} / {max(idle):.0f} ms")
    checks = [r.check_s for r in runs if r.check_s is not None]
    if checks:
        line += (f"; check {min(checks):.1f}-{max(checks):.1f} s, still running at the first rows "
                 f"{sum(r.check_running_at_rows for r in runs)}/{len(runs)}, at the last key "
                 f"{sum(r.check_running_at_keys for r in runs)}/{len(runs)}")
    return line


def check_windows(result: AfterUnlockBench) -> list[tuple[float, float]]:
    """The check's window of each run with it; the run without it after each is measured over the same."""
    return [r.windows.get("check", (0.0, 0.0)) for r in result.checked]


def _spans(one: AfterUnlock) -> str:
    return ", ".join(f"{name} {a:.1f}-{b:.1f} s" for name, (a, b) in sorted(one.windows.items()))


if __name__ == "__main__":
    for wanted in [int(a) for a in sys.argv[1:] if a.isdigit()] or [10_000]:
        load = os.getloadavg()[0]
        r = run(wanted)
        windows = check_windows(r)
        print(f"{r.clients:>7} clients, with the check: {summary(r.checked, windows)}", flush=True)
        print(f"{r.clients:>7} clients, without it:     {summary(r.unchecked, windows)}", flush=True)
        for one in itertools.chain(*zip(r.checked, r.unchecked, strict=True)):
            print(f"    {'with' if one.checked else 'without'}: stall {one.working_stall_ms:.0f} ms (opening "
                  f"F6's screen {one.opening_ms:.0f} ms), first rows "
                  f"{one.first_rows_s:.2f} s, keys {[round(k) for k in one.keystroke_ms]} ms; idle: stall "
                  f"{one.idle_stall_ms:.0f} ms, keys {[round(k) for k in one.idle_keystroke_ms]} ms; "
                  f"{_spans(one)} after the unlock", flush=True)
        print(f"    load average {load:.1f}-{os.getloadavg()[0]:.1f}", flush=True)
