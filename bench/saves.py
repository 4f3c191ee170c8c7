"""Durable save latency on a benchmark database (bench.corpus): 1,000 `save_answer` calls, p50/p99/max.

The store is set up as the app sets it up (``checkpoint_in_background``, and a thread folding the WAL in
every half second, as the app's worker does every few seconds, more often here so that checkpoints run
during the saves). Comparator in the same run, interleaved save by save: appending the same bytes to a
file in the same directory and fsyncing it, the floor of any durable write on that file system (the
database is copied next to the cache, never onto tmpfs).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from koto_tui.store import Store

ANSWERS = 1_000
TARGET_P99_MS = 5.0
TARGET_MAX_MS = 20.0


@dataclass(frozen=True)
class SaveResult:
    """Latencies of durable per-answer saves and of the append+fsync floor, in milliseconds."""

    clients: int
    count: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    floor_p50_ms: float
    floor_max_ms: float

    @property
    def met(self) -> bool:
        return self.p99_ms <= TARGET_P99_MS and self.max_ms <= TARGET_MAX_MS

    @property
    def ratio_p50(self) -> float:
        return self.p50_ms / self.floor_p50_ms if self.floor_p50_ms else float("inf")


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    rank = max(1, round(fraction * len(sorted_values) + 0.5 - 1e-9))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def run(clients: int = 1_000, answers: int = ANSWERS) -> SaveResult:
    """Copy the benchmark database of *clients* clients and time each answer save beside the floor."""
    from bench import corpus
    from koto_tui.store import DataPaths, Store, kdf

    built = corpus.database(clients)
    tmp = Path(tempfile.mkdtemp(prefix="saves-", dir=corpus.cache_dir()))
    try:
        kdf.fix(corpus.CHEAP_KDF)
        store = Store.unlock(DataPaths(corpus.copy_of(built, tmp)), built.passphrase, verify=False)
        try:
            saves, floor = _timed(store, tmp / "floor.bin", answers)
        finally:
            store.close()
            kdf.fix(None)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    saves, floor = sorted(saves), sorted(floor)
    return SaveResult(clients, len(saves), percentile(saves, 0.50), percentile(saves, 0.99), saves[-1],
                      percentile(floor, 0.50), floor[-1])


def _timed(store: Store, floor_file: Path, answers: int) -> tuple[list[float], list[float]]:
    """(save latencies, append+fsync latencies) in ms, interleaved, with checkpoints running meanwhile."""
    client = store.clients.search("", limit=1)[0].id
    store.interviews.register_form("bench", "1", "id: bench")
    interview = store.interviews.start(client, "bench", "1", store.profile())
    store.checkpoint_in_background()
    stop = threading.Event()

    def checkpoints() -> None:
        while not stop.wait(0.5):
            store.checkpoint()

    folding = threading.Thread(target=checkpoints, daemon=True)
    folding.start()
    saves: list[float] = []
    floor: list[float] = []
    fd = os.open(floor_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for number in range(answers):
            value = f"some answer text {number} " * 8
            started = time.perf_counter_ns()
            store.interviews.save_answer(interview.id, f"q{number % 40}", value)
            saves.append((time.perf_counter_ns() - started) / 1e6)
            started = time.perf_counter_ns()
            os.write(fd, value.encode())
            os.fsync(fd)
            floor.append((time.perf_counter_ns() - started) / 1e6)
    finally:
        os.close(fd)
        stop.set()
        folding.join()
    return saves, floor


if __name__ == "__main__":
    import sys

    for size in [int(a) for a in sys.argv[1:]] or [1_000]:
        print(run(size))
