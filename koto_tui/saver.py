"""Durable answer saving off the UI thread, in the order the answers were given."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class Writer:
    """One background thread that runs database writes one after another (order is kept)."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="koto-writer")

    def submit(self, job: Callable[[], T], done: Callable[[T | None, BaseException | None], None]) -> None:
        """Run *job* on the writer thread; *done* gets (result, None) or (None, error) there."""
        def finished(future: Future[T]) -> None:
            error = future.exception()
            done(None if error else future.result(), error)

        self._pool.submit(job).add_done_callback(finished)

    def drain(self) -> None:
        """Wait for every submitted write (before the database is closed)."""
        self._pool.shutdown(wait=True)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="koto-writer")
