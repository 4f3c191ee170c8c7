"""Durable save latency: one `save_answer` per answer, 1,000 answers, p50/p99/max."""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ANSWERS = 1_000
TARGET_P99_MS = 5.0


@dataclass(frozen=True)
class SaveResult:
    """Latencies of durable per-answer saves, in milliseconds."""

    count: int
    p50_ms: float
    p99_ms: float
    max_ms: float

    @property
    def met(self) -> bool:
        return self.p99_ms <= TARGET_P99_MS


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    rank = max(1, round(fraction * len(sorted_values) + 0.5 - 1e-9))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def run(answers: int = ANSWERS) -> SaveResult:
    """Create a fresh store in a temporary directory and time each answer save."""
    from koto_tui.model import ClientData, Profile
    from koto_tui.store import DataPaths, Store

    tmp = tempfile.mkdtemp(prefix="koto-bench-saves-")
    try:
        paths = DataPaths(Path(tmp))
        profile = Profile("Bench", "ohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut", "Mikkeli")
        store = Store.create(paths, profile, "bench-passphrase")
        try:
            cid = store.clients.add(ClientData("Testi", "Asiakas", date(1990, 1, 1)))
            store.interviews.register_form("bench", "1", "id: bench")
            interview = store.interviews.start(cid, "bench", "1", store.profile())
            timings_ns: list[int] = []
            for i in range(answers):
                value = f"some answer text {i}"
                started = time.perf_counter_ns()
                store.interviews.save_answer(interview.id, f"q{i % 40}", value)
                timings_ns.append(time.perf_counter_ns() - started)
        finally:
            store.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    millis = sorted(ns / 1e6 for ns in timings_ns)
    return SaveResult(len(millis), percentile(millis, 0.50), percentile(millis, 0.99), millis[-1])


if __name__ == "__main__":
    print(run())
