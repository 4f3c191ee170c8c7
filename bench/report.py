"""`koto report` at city scale: the follow-up report of a year, gathered from the store and built as tables.

Comparators in the same run on the same database: one bare pass over what the report must read (finalised
assessments with their answers, and every plan's rows) as the floor, and, up to ``OLD_UP_TO`` clients, the
gathering as it was before (client by client, every plan scanned for every client), interleaved.
Run: ``python -m bench.report 1000 10000`` (sizes; the databases are made once, see bench/corpus.py).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bench.corpus import CHEAP_KDF, copy_of, database

TARGET_S = 3.0
RUNS = 3
OLD_UP_TO = 10_000
YEAR = (date(2026, 1, 1), date(2026, 12, 31))
_FLOOR = ("SELECT i.id, a.value FROM interviews i JOIN answers a ON a.interview_id = i.id",
          "SELECT * FROM plans", "SELECT * FROM plan_versions", "SELECT * FROM plan_events",
          "SELECT * FROM plan_reviews")


def _seconds(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def _old(store: Any) -> object:
    """The report gathered as before this change (kept with its agreement test)."""
    from koto_tui import report
    from tests.unit.exchange.test_report_agreement import _OldGathered

    saved = report._Gathered
    report._Gathered = _OldGathered  # type: ignore[misc]
    try:
        return report.build_report(store, *YEAR, date(2026, 11, 27))
    finally:
        report._Gathered = saved  # type: ignore[misc]


def run(size: int) -> dict[str, list[float]]:
    """Seconds per run: the report, the floor, and (small sizes) the old gathering, interleaved."""
    from koto_tui.report import build_report
    from koto_tui.store import DataPaths, Store, kdf

    times: dict[str, list[float]] = {"report": [], "floor": [], "old": []}
    corpus = database(size)
    with tempfile.TemporaryDirectory(prefix="koto-bench-report-") as tmp, kdf.using(CHEAP_KDF):
        store = Store.unlock(DataPaths(copy_of(corpus, Path(tmp))), corpus.passphrase)
        try:
            for _run in range(RUNS):
                times["report"].append(_seconds(lambda: build_report(store, *YEAR, date(2026, 11, 27))))
                times["floor"].append(_seconds(
                    lambda: [store.session.db.execute(sql).fetchall() for sql in _FLOOR]))
                if size <= OLD_UP_TO:
                    times["old"].append(_seconds(lambda: _old(store)))
        finally:
            store.close()
    return times


def main(sizes: list[int]) -> None:
    """Print the median and the slowest of each, per size."""
    for size in sizes:
        times = run(size)
        parts = [f"{name} {statistics.median(values):.2f} s (max {max(values):.2f})"
                 for name, values in times.items() if values]
        print(f"{size:>7} clients: " + "; ".join(parts) + f" [target report <= {TARGET_S:g} s]", flush=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000])
