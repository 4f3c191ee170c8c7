"""Unlock time with 1, 3 and 10 users, the right passphrase being the last user's (median of a few runs).

The comparator, in the same run, is one bare Argon2id derivation with the same (calibrated) parameters:
the ratio unlock / derivation shows what unlocking costs beyond the one derivation it must make.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

USERS = (1, 3, 10)
RUNS = 3
TARGET_S = 1.2


@dataclass(frozen=True)
class UnlockResult:
    """Median unlock seconds per number of users, and one bare derivation's."""

    params: dict[str, int]
    bare_s: float
    unlock_s: dict[int, float]

    def met(self, users: int) -> bool:
        return self.unlock_s[users] <= TARGET_S


def _prepared(root: Path, users: int) -> str:
    """A database whose key file has *users* entries; returns the last user's passphrase."""
    from koto_tui.model import Profile
    from koto_tui.store import DataPaths, Store, keys

    paths = DataPaths(root)
    profile = Profile("Bench", "ohjaaja", "Mikkelin kaupunki", "Kotoutumispalvelut", "Mikkeli")
    store = Store.create(paths, profile, "bench-passphrase-0", role="coordinator")
    key = store.users._key
    store.close()
    for n in range(1, users):  # the key file alone: unlocking does not read the users' rows
        keys.add_user(paths.keyfile, f"bench-user-{n}", f"bench-passphrase-{n}", key)
    return f"bench-passphrase-{users - 1}"


def _median_unlock(root: Path, passphrase: str) -> float:
    from koto_tui.store import DataPaths, Store

    times = []
    for _run in range(RUNS):
        started = time.perf_counter()
        Store.unlock(DataPaths(root), passphrase).close()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run() -> UnlockResult:
    """Calibrate once (as a first run does), then time unlocking for each number of users."""
    from koto_tui.store import kdf

    params = kdf.calibrated()
    tmp = Path(tempfile.mkdtemp(prefix="koto-bench-unlock-"))
    try:
        bare = statistics.median(kdf.timed_derive("bench", b"bench-salt-16byt", params)[1]
                                 for _run in range(RUNS))
        unlock: dict[int, float] = {}
        with kdf.using(params):
            for users in USERS:
                passphrase = _prepared(tmp / f"users-{users}", users)
                unlock[users] = _median_unlock(tmp / f"users-{users}", passphrase)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return UnlockResult(params, bare, unlock)


if __name__ == "__main__":
    print(run())


#: What the app's unlock may cost beyond its one key derivation, at any size (issue 16).
TARGET_OVER_S = 0.3


@dataclass(frozen=True)
class SizeResult:
    """The app's unlock on a benchmark database (median of RUNS, interleaved with the comparator)."""

    clients: int
    unlock_s: float
    derivation_s: float
    verify_s: float

    @property
    def over_s(self) -> float:
        return self.unlock_s - self.derivation_s

    @property
    def met(self) -> bool:
        return self.over_s <= TARGET_OVER_S


def by_size(clients: int, runs: int = 5) -> SizeResult:
    """The app's unlock (``Store.unlock(verify=False)`` and the shipped forms registered, as the unlock
    screen's worker does) on the corpus database of *clients* clients; comparator interleaved with it:
    the one Argon2id derivation with the database's parameters. Also the background ``verify``."""
    from bench import corpus
    from koto_tui.store import DataPaths, Store, kdf
    from koto_tui.workflow import register_shipped_forms

    built = corpus.database(clients)
    tmp = Path(tempfile.mkdtemp(prefix="unlock-", dir=corpus.cache_dir()))
    unlocks, derivations, checks = [], [], []
    try:
        paths = DataPaths(corpus.copy_of(built, tmp))
        kdf.fix(corpus.CHEAP_KDF)
        for _run in range(runs):
            started = time.perf_counter()
            store = Store.unlock(paths, built.passphrase, verify=False)
            register_shipped_forms(store)
            unlocks.append(time.perf_counter() - started)
            started = time.perf_counter()
            store.verify()
            checks.append(time.perf_counter() - started)
            store.close()
            started = time.perf_counter()
            kdf.derive(built.passphrase, b"0" * 16, corpus.CHEAP_KDF)
            derivations.append(time.perf_counter() - started)
    finally:
        kdf.fix(None)
        shutil.rmtree(tmp, ignore_errors=True)
    return SizeResult(clients, statistics.median(unlocks), statistics.median(derivations),
                      statistics.median(checks))
