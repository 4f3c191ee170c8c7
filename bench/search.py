"""Search as the counsellor types: per keystroke through the real client list (Pilot), and the default list.

Each keystroke is timed from the moment the list asks for the search of the whole text typed (its
Input.Changed) to the moment the result's first screenful is in the table (the store's query, the worker
thread, the hand-over to the UI thread and the table fill). The comparator, in the same run on the same
database, is a bare ``SELECT … LIMIT 200`` of the same columns: the floor of reading one screenful of
clients, alone and in place of the search on the same UI path (each word typed twice, interleaved).
Also ``koto clients`` (every client, printed to /dev/null) as a subprocess, interleaved with its comparator:
a process that opens the same store and prints a bare ``SELECT`` of the same columns, one line per client.
Run: ``python -m bench.search 1000 10000`` (sizes; the databases are made once, see bench/corpus.py).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.corpus import CHEAP_KDF, copy_of, database
from bench.gcwatch import Collections

#: What is typed, one key at a time (names in several scripts and a code's start).
TYPED = ("Mäkelä", "Коваленко", "Nguyễn", "احمدی", "0101", "Ali")
TARGET_P90_MS = 30.0
TARGET_EMPTY_MS = 10.0
TARGET_CLIENTS_S = 1.0
RUNS = 30
CLI_RUNS = 5
#: The comparator of ``koto clients``: the same store opened (without the page check), the same columns
#: read with a bare SELECT and printed, one line per client.
_BARE_LISTING = """
import sys
from pathlib import Path
from koto_tui.store import DataPaths, Store
store = Store.unlock(DataPaths(Path(sys.argv[1])), Path(sys.argv[2]).read_text().strip(), verify=False)
for row in store.session.db.execute("SELECT id, family_name, given_names, birth_date FROM clients"):
    print(*row)
store.close()
"""


@dataclass(frozen=True)
class SearchResult:
    """Milliseconds per keystroke (Pilot) and per query (store), with the comparator's."""

    size: int
    keystroke_ms: list[float]
    bare_keystroke_ms: list[float]
    store_ms: list[float]
    empty_ms: list[float]
    bare_ms: list[float]
    clients_s: list[float] = field(default_factory=list)
    bare_clients_s: list[float] = field(default_factory=list)
    collections: str = ""


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


async def _keystrokes(root: Path, passphrase: str, gcs: Collections) -> tuple[list[float], list[float]]:
    """Type each word into the real client list and time every key until its result is shown; each word
    is typed twice, the second time with a bare ``SELECT … LIMIT 200`` in place of the search."""
    from textual.widgets import Input

    from koto_tui.app import KotoApp
    from koto_tui.screens.clients import ClientsScreen
    from koto_tui.store import DataPaths

    KotoApp.START_WITH_WORKLIST = False
    app = KotoApp(DataPaths(root))
    times: dict[bool, list[float]] = {False: [], True: []}
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, lambda: app.screen.query("#passphrase").first(Input) is not None)
        app.screen.query_one("#passphrase", Input).value = passphrase
        await pilot.press("enter")
        await _until(pilot, lambda: isinstance(app.screen, ClientsScreen))
        screen = app.screen
        await _until(pilot, lambda: bool(screen.query("#client-search")) and screen.is_mounted)
        watch = _Watch(screen)
        box = screen.query_one("#client-search", Input)
        with gcs:
            await _type_all(pilot, screen, box, watch, times)
        gcs.left_garbage()
    return times[False], times[True]


async def _type_all(pilot: Any, screen: Any, box: Any, watch: _Watch, times: dict[bool, list[float]]) -> None:
    """Type every word twice (the search, then the bare comparator), timing each key."""
    for word in TYPED:
        for bare in (False, True):
            watch.bare = bare
            box.value = ""
            screen.refresh_list()
            await _until(pilot, lambda: watch.shown_for("") is not None)
            for ch in word:
                await pilot.press(ch)
                wanted = box.value
                await _until(pilot, lambda wanted=wanted: watch.shown_for(wanted) is not None)
                times[bare].append(watch.shown_for(wanted) or 0.0)


class _Watch:
    """Times each search from the moment the list asks for it to the moment its rows are in the table."""

    def __init__(self, screen: Any) -> None:
        self.bare = False
        self._started: dict[str, float] = {}
        self._shown: dict[str, float] = {}
        self._text_of: dict[int, str] = {}
        clients = screen.app.store.clients
        search, ask, show, db = clients.search, screen._search, screen._show, screen.app.store.session.db

        def searching(text: str = "", *args: Any, **kwargs: Any) -> Any:
            rows = _bare(db, len(text)) if self.bare and text else search(text, *args, **kwargs)
            self._text_of[id(rows)] = text
            return rows

        def asking(text: str) -> Any:
            self._started[text], self._shown = time.perf_counter(), {}
            return ask(text)

        def showing(rows: Any, *args: Any) -> Any:
            result = show(rows, *args)
            text = self._text_of.pop(id(rows), None)
            if text is not None and text in self._started:
                self._shown[text] = (time.perf_counter() - self._started[text]) * 1000
            return result

        clients.search, screen._search, screen._show = searching, asking, showing

    def shown_for(self, text: str) -> float | None:
        """Milliseconds from asking to showing the result of *text* (None until it is shown)."""
        return self._shown.get(text)


def _bare(db: Any, typed: int) -> list[Any]:
    """The comparator: 200 clients, bare, as summaries (no order, no match, no counts); other clients for
    each length typed, so that the table is filled anew as it is for a search's result."""
    from koto_tui.model import ClientSummary

    rows = db.execute("SELECT id, family_name, given_names, identity_code FROM clients LIMIT 200 OFFSET ?",
                      [typed * 7]).fetchall()
    return [ClientSummary(id=r[0], full_name=f"{r[1]} {r[2]}", birth_date=None, identity_code=r[3] or "",
                          interviews=0, open_interviews=0) for r in rows]


async def _until(pilot: Any, condition: Callable[[], bool], budget: float = 60.0) -> None:
    deadline = time.monotonic() + budget
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the client list did not show the search result")
        await pilot.pause(0.001)


def _listings(root: Path, passphrase: str) -> tuple[list[float], list[float]]:
    """Seconds of ``koto clients`` and of its comparator, each a fresh process, interleaved (the first pair
    is a warm-up), both as on a user's machine: koto's bytecode compiled, as pip does on install (with
    PYTHONDONTWRITEBYTECODE every run compiled every module again), and stdout buffered (PYTHONUNBUFFERED
    made each of the comparator's 100,000 ``print`` calls a write of its own: 0.2 s of its time; koto writes
    1,000 lines at a time)."""
    import compileall

    import koto_tui

    compileall.compile_dir(Path(koto_tui.__file__).parent, quiet=1)
    secret = root.parent / "passphrase"
    secret.write_text(passphrase + "\n", encoding="utf-8")
    secret.chmod(0o600)
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}, "KOTO_LANG": "fi"}
    koto = [sys.executable, "-m", "koto_tui", "clients", "--data-dir", str(root),
            "--passphrase-file", str(secret)]
    bare = [sys.executable, "-c", _BARE_LISTING, str(root), str(secret)]
    times: dict[bool, list[float]] = {False: [], True: []}
    for run in range(CLI_RUNS + 1):
        for is_bare, command in ((False, koto), (True, bare)):
            started = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, env=env, check=True)
            if run:
                times[is_bare].append(time.perf_counter() - started)
    return times[False], times[True]


def run(size: int, listings: bool = True) -> SearchResult:
    """Measure one size on a copy of its cached database (the copy gets the migrations, not the cache)."""
    from koto_tui.store import DataPaths, Store, kdf

    corpus = database(size)
    kdf.fix(CHEAP_KDF)
    try:
        with tempfile.TemporaryDirectory(prefix="koto-bench-search-") as tmp:
            root = copy_of(corpus, Path(tmp))
            store = Store.unlock(DataPaths(root), corpus.passphrase)
            try:
                typed, empty, bare = _store_side(store)
            finally:
                store.close()
            gcs = Collections()
            keystrokes, bare_keystrokes = asyncio.run(_keystrokes(root, corpus.passphrase, gcs))
            listing, bare_listing = _listings(root, corpus.passphrase) if listings else ([0.0], [0.0])
    finally:
        kdf.fix(None)
    return SearchResult(size, keystrokes, bare_keystrokes, typed, empty, bare, listing, bare_listing,
                        gcs.summary())


def main(sizes: list[int], listings: bool = True) -> None:
    """Print one block of figures per size."""
    for size in sizes:
        load = os.getloadavg()[0]
        r = run(size, listings)
        print(f"{size:>7} clients: keystroke (Pilot) {_median_p90(r.keystroke_ms)} "
              f"[target p90 <= {TARGET_P90_MS:g} ms], with a bare SELECT instead "
              f"{_median_p90(r.bare_keystroke_ms)}; search(text) {_median_p90(r.store_ms)}; "
              f"search('') {_median_p90(r.empty_ms)} [target <= {TARGET_EMPTY_MS:g} ms]; "
              f"bare SELECT LIMIT 200 {_median_p90(r.bare_ms)}; koto clients {_seconds(r.clients_s)} "
              f"[target <= {TARGET_CLIENTS_S:g} s], bare SELECT printed {_seconds(r.bare_clients_s)}; "
              f"while typing {r.collections}; load average {load:.1f}-{os.getloadavg()[0]:.1f}", flush=True)


def _seconds(values: list[float]) -> str:
    """Min and median of a few runs, in seconds."""
    return f"{min(values):.2f} / {statistics.median(values):.2f} s (min / median)"


if __name__ == "__main__":
    # --no-cli: the keystrokes and the store only, without ``koto clients``
    main([int(arg) for arg in sys.argv[1:] if arg != "--no-cli"] or [1000], "--no-cli" not in sys.argv)
