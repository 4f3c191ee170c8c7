"""Durable saving off the UI thread, in the order given; a save that fails stays pending and is retried."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
Done = Callable[[Any, BaseException | None], None]

RETRY_SECONDS = 5.0  # how often screens retry failed saves while any is pending


@dataclass(frozen=True)
class SaveState:
    """What is not on disk yet: saves being written, saves that failed (and the last failure)."""

    writing: int
    failed: int
    error: BaseException | None

    @property
    def unsaved(self) -> int:
        """Every save that is not known to be on disk."""
        return self.writing + self.failed


class Writer:
    """One background thread that runs database writes one after another (order is kept).

    Keyed saves (:meth:`save`) are tracked: the newest save of a key replaces an older one, and a save
    that raised is kept and written again by :meth:`retry` until it succeeds. Nothing is dropped
    silently: :meth:`state` says how many saves are not on disk.
    """

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="koto-writer")
        self._lock = threading.Lock()
        self._sequence = 0
        self._latest: dict[str, int] = {}
        self._writing: set[str] = set()
        self._failed: dict[str, tuple[Callable[[], Any], Done]] = {}
        self._error: BaseException | None = None

    def submit(self, job: Callable[[], T], done: Callable[[T | None, BaseException | None], None]) -> None:
        """Run *job* on the writer thread; *done* gets (result, None) or (None, error) there."""
        def finished(future: Future[T]) -> None:
            error = future.exception()
            done(None if error else future.result(), error)

        self._pool.submit(job).add_done_callback(finished)

    def save(self, key: str, job: Callable[[], Any], done: Done) -> None:
        """Write *job* as the newest save of *key*; if it fails it stays pending for :meth:`retry`."""
        with self._lock:
            self._sequence += 1
            number = self._sequence
            self._latest[key] = number
            self._writing.add(key)
            self._failed.pop(key, None)

        def finished(result: Any, error: BaseException | None) -> None:
            with self._lock:
                if self._latest.get(key) == number:
                    self._writing.discard(key)
                    if error is not None:
                        self._failed[key] = (job, done)
                        self._error = error
                    elif not self._failed:
                        self._error = None
            done(result, error)

        self.submit(job, finished)

    def retry(self) -> int:
        """Write every failed save again; returns how many were resubmitted."""
        with self._lock:
            failed = list(self._failed.items())
        for key, (job, done) in failed:
            self.save(key, job, done)
        return len(failed)

    def state(self) -> SaveState:
        """How many saves are being written or have failed, and the last failure."""
        with self._lock:
            return SaveState(len(self._writing), len(self._failed), self._error if self._failed else None)

    def failed_keys(self) -> list[str]:
        """The keys whose newest save failed."""
        with self._lock:
            return list(self._failed)

    def drain(self, timeout: float | None = None) -> bool:
        """Wait for every submitted write (e.g. before the database is closed); False on time-out."""
        try:
            self._pool.submit(lambda: None).result(timeout=timeout)
        except FutureTimeout:
            return False
        return True
