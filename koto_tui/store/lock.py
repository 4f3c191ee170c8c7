"""One koto at a time on a database: an exclusive advisory lock on a file beside it."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from koto_tui.store.errors import AlreadyOpen


class InstanceLock:
    """Holds an exclusive, non-blocking flock for as long as the process keeps it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise :class:`AlreadyOpen`; the OS drops it if the process dies."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            os.close(fd)
            raise AlreadyOpen(str(self.path)) from exc
        self._fd = fd

    def release(self) -> None:
        """Let go of the lock."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
