"""The worklist, the first screen after the unlock: `worklist.gather` on the bench corpus (1k, 10k, 100k).

What the screen's worker does before it shows anything: every rule's facts read from the store, the due items
made, the clients' names read, the rows filtered ("my items", the screen's default). Comparator in the same
run, interleaved: one bare pass over what the facts must read (the clients without an assessment, the
interviews, the plans) as the floor. Median of ``RUNS``. A city's register is mostly clients with no
assessment yet, each an item ("start the assessment", KotoL 681/2023 § 14), so the list grows with the
register. Run: ``python -m bench.worklist 1000 10000 100000``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.corpus import CHEAP_KDF, copy_of, database

RUNS = 3
_FLOOR = ("SELECT c.id, c.created_at FROM clients c WHERE NOT EXISTS (SELECT 1 FROM interviews i "
          "WHERE i.client_id = c.id)", "SELECT id, family_name, given_names FROM clients",
          "SELECT * FROM interviews", "SELECT * FROM plans")


def _seconds(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def _floor(store: Any) -> None:
    with store.session.reading() as db:
        for sql in _FLOOR:
            db.execute(sql).fetchall()


def run(size: int) -> dict[str, Any]:
    """Seconds per run of the worklist's gathering and of the floor, interleaved, and the items found."""
    from koto_tui import clock
    from koto_tui.store import DataPaths, Store, kdf
    from koto_tui.worklist import Filters, gather

    times: dict[str, Any] = {"worklist": [], "floor": [], "items": 0}
    corpus = database(size)
    with tempfile.TemporaryDirectory(prefix="koto-bench-worklist-") as tmp, kdf.using(CHEAP_KDF):
        store = Store.unlock(DataPaths(copy_of(corpus, Path(tmp))), corpus.passphrase)
        try:
            for _run in range(RUNS):
                times["worklist"].append(_seconds(lambda: gather(store, clock.today(), Filters())))
                times["floor"].append(_seconds(lambda: _floor(store)))
            times["items"] = len(gather(store, clock.today(), Filters()).rows)
        finally:
            store.close()
    return times


if __name__ == "__main__":
    for wanted in [int(a) for a in sys.argv[1:]] or [1000, 10_000]:
        r = run(wanted)
        print(f"{wanted:>7} clients: worklist {statistics.median(r['worklist']):.2f} s median "
              f"({r['items']:,} items), floor {statistics.median(r['floor']):.2f} s", flush=True)
