"""One koto at a time on a database: an exclusive lock on a file beside it, on every operating system.

portalocker takes ``flock`` on Linux and macOS and ``msvcrt.locking`` on Windows; either way the operating
system drops the lock when the process ends, so a crashed koto never leaves a stale lock behind.
"""

from __future__ import annotations

import os
from pathlib import Path

import portalocker

from koto_tui.store.errors import AlreadyOpen

_FLAGS = portalocker.LockFlags.EXCLUSIVE | portalocker.LockFlags.NON_BLOCKING


class InstanceLock:
    """Holds an exclusive, non-blocking lock on *path* for as long as the process keeps it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None  # a raw descriptor: unlike a file object, never closed by the GC

    def acquire(self) -> None:
        """Take the lock or raise :class:`AlreadyOpen`; the OS drops it if the process dies."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        try:
            portalocker.lock(fd, _FLAGS)
        except portalocker.LockException as exc:
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
            portalocker.unlock(self._fd)
            os.close(self._fd)
            self._fd = None
