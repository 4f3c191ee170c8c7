"""Search as the counsellor types: per keystroke through the real client list (Pilot), and the default list.

Each keystroke is timed from the key press to the client table showing the result of the whole text typed
(the store's query, the worker and the table fill). The comparator, in the same run on the same database,
is a bare ``SELECT … LIMIT 200`` of the same columns: the floor of reading one screenful of clients.
Run: ``python -m bench.search 1000 10000`` (sizes; the databases are made once, see bench/clientbase.py).
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.clientbase import PASSPHRASE, database

#: What is typed, one key at a time (names in several scripts and a code's start).
TYPED = ("Mäkelä", "Коваленко", "Nguyễn", "احمدی", "0101", "Ali")
TARGET_P90_MS = 30.0
TARGET_EMPTY_MS = 10.0
RUNS = 30


@dataclass(frozen=True)
class SearchResult:
    """Milliseconds per keystroke (Pilot) and per query (store), with the comparator's."""

    size: int
    keystroke_ms: list[float]
    store_ms: list[float]
    empty_ms: list[float]
    bare_ms: list[float]


def _median_p90(values: list[float]) -> str:
    ordered = sorted(values)
    return f"{statistics.median(ordered):.1f} / {ordered[int(0.9 * (len(ordered) - 1))]:.1f} ms"


def _timed(call: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _store_side(store: Any) -> tuple[list[float], list[float], list[float]]:
    """Each prefix through ``Clients.search``, the empty search, and the bare comparator, interleaved."""
    typed, empty, bare = [], [], []
    sql = "SELECT id, family_name, given_names, birth_date, identity_code FROM clients LIMIT 200"
    for word in TYPED:
        for end in range(1, len(word) + 1):
            typed += _timed(lambda text=word[:end]: store.clients.search(text), 1)
            empty += _timed(lambda: store.clients.search(""), 1)
            bare += _timed(lambda: store.session.db.execute(sql).fetchall(), 1)
    return typed, empty, bare


async def _keystrokes(root: Path) -> list[float]:
    """Type each word into the real client list and time every key until its result is shown."""
    from textual.widgets import Input

    from koto_tui.app import KotoApp
    from koto_tui.screens.clients import ClientsScreen
    from koto_tui.store import DataPaths

    KotoApp.START_WITH_WORKLIST = False
    app = KotoApp(DataPaths(root))
    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, lambda: app.screen.query("#passphrase").first(Input) is not None)
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await _until(pilot, lambda: isinstance(app.screen, ClientsScreen))
        screen = app.screen
        await _until(pilot, lambda: bool(screen.query("#client-search")) and screen.is_mounted)
        shown = _watch(screen)
        screen.refresh_list()
        await _until(pilot, lambda: bool(shown) and shown[-1][0] == "")
        box = screen.query_one("#client-search", Input)
        for word in TYPED:
            box.value = ""
            await _until(pilot, lambda: bool(shown) and shown[-1][0] == "")
            for ch in word:
                started = time.perf_counter()
                await pilot.press(ch)
                wanted = box.value
                await _until(pilot, lambda wanted=wanted: bool(shown) and shown[-1][0] == wanted)
                times.append((shown[-1][1] - started) * 1000)
    return times


def _watch(screen: Any) -> list[tuple[str, float]]:
    """Record (the text searched, when its rows were shown) for every fill of the client table."""
    shown: list[tuple[str, float]] = []
    searched: list[str] = [""]
    clients = screen.app.store.clients
    search, show = clients.search, screen._show

    def searching(text: str = "", *args: Any, **kwargs: Any) -> Any:
        rows = search(text, *args, **kwargs)
        searched.append(text)
        return rows

    def showing(rows: Any, *args: Any, **kwargs: Any) -> Any:
        result = show(rows, *args, **kwargs)
        shown.append((searched[-1], time.perf_counter()))
        return result

    clients.search, screen._show = searching, showing
    return shown


async def _until(pilot: Any, condition: Callable[[], bool], budget: float = 60.0) -> None:
    deadline = time.monotonic() + budget
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the client list did not show the search result")
        await pilot.pause(0.001)


def run(size: int) -> SearchResult:
    """Measure one size on a copy of its cached database (the copy gets the migrations, not the cache)."""
    from koto_tui.store import DataPaths, Store

    with tempfile.TemporaryDirectory(prefix="koto-bench-search-") as tmp:
        root = Path(tmp) / "data"
        shutil.copytree(database(size), root)
        store = Store.unlock(DataPaths(root), PASSPHRASE)
        try:
            typed, empty, bare = _store_side(store)
        finally:
            store.close()
        keystrokes = asyncio.run(_keystrokes(root))
    return SearchResult(size, keystrokes, typed, empty, bare)


def main(sizes: list[int]) -> None:
    """Print one block of figures per size."""
    for size in sizes:
        r = run(size)
        print(f"{size:>7} clients: keystroke (Pilot) {_median_p90(r.keystroke_ms)} "
              f"[target p90 <= {TARGET_P90_MS:g} ms]; search(text) {_median_p90(r.store_ms)}; "
              f"search('') {_median_p90(r.empty_ms)} [target <= {TARGET_EMPTY_MS:g} ms]; "
              f"bare SELECT LIMIT 200 {_median_p90(r.bare_ms)}", flush=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000])
