"""One koto at a time on a database: an exclusive lock on a file beside it, on every operating system.

``flock`` on Linux and macOS (straight from the standard library: the lock is taken before the first
screen is painted, and importing portalocker cost 25–40 ms of that start-up), ``msvcrt.locking`` through
portalocker on Windows; either way the operating system drops the lock when the process ends, so a
crashed koto never leaves a stale lock behind.
"""

from __future__ import annotations

import os
from pathlib import Path

from koto_tui.store.errors import AlreadyOpen

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def _lock(fd: int) -> None:
    """Take an exclusive lock on *fd* without waiting; raise AlreadyOpen's cause when another holds it."""
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    import portalocker  # pragma: no cover - Windows

    try:  # pragma: no cover - Windows
        portalocker.lock(fd, portalocker.LockFlags.EXCLUSIVE | portalocker.LockFlags.NON_BLOCKING)
    except portalocker.LockException as exc:  # pragma: no cover - Windows
        raise BlockingIOError(str(exc)) from exc


def _unlock(fd: int) -> None:
    """Let go of the lock on *fd*."""
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return
    import portalocker  # pragma: no cover - Windows

    portalocker.unlock(fd)  # pragma: no cover - Windows


class InstanceLock:
    """Holds an exclusive, non-blocking lock on *path* for as long as the process keeps it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None  # a raw descriptor: unlike a file object, never closed by the GC

    def acquire(self) -> None:
        """Take the lock or raise :class:`AlreadyOpen`; the OS drops it if the process dies."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        try:
            _lock(fd)
        except BlockingIOError as exc:
            os.close(fd)
            raise AlreadyOpen(str(self.path)) from exc
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    @property
    def held(self) -> bool:
        """Whether this object holds the lock now."""
        return self._fd is not None

    def release(self) -> None:
        """Let go of the lock."""
        if self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None
