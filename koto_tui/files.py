"""Writing files that hold client data (printouts, key files, exports): atomically, owner-only."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

FILE_MODE = 0o600
DIR_MODE = 0o700


class Writer(Protocol):
    """What a file written by :func:`write_private_with` offers: write (all of the bytes) and flush."""

    def write(self, data: bytes, /) -> int:
        """Write all of *data*; how many bytes."""

    def flush(self) -> None:
        """Flush what is buffered."""


def write_private(data: bytes, path: Path) -> Path:
    """Atomically write *data* to *path* with mode 0o600 and return the resolved path.

    The bytes go to a temporary sibling (created exclusively with mode 0o600), are fsynced and renamed
    over *path*; the directory is fsynced too. Missing parent directories are created with mode 0o700.
    Any OSError (e.g. ENOSPC) propagates with its errno after the temporary file has been removed.
    """
    return write_private_with(path, lambda stream: stream.write(data))


def write_private_with(path: Path, fill: Callable[[Writer], object]) -> Path:
    """Atomically write to *path* what *fill* writes to the file it is given, as :func:`write_private`
    does (for a file written as it is made, never held whole in memory)."""
    target = Path(path).expanduser().absolute()
    _make_dirs(target.parent)
    temp = target.with_name(f".{target.name}.{os.urandom(6).hex()}.tmp")
    try:
        _write_new(temp, fill)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    _fsync_dir(target.parent)
    return target.resolve()


def _make_dirs(directory: Path) -> None:
    """Create *directory* and its missing parents, each with mode 0o700 (pathlib's parents ignore mode)."""
    missing: list[Path] = []
    while not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=DIR_MODE)


def _write_new(path: Path, fill: Callable[[Writer], object]) -> None:
    """Create *path* exclusively with mode 0o600, let *fill* write to it, and fsync it."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, FILE_MODE)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, FILE_MODE)  # exactly 0o600 whatever the umask
        fill(_Raw(fd))
        os.fsync(fd)
    finally:
        os.close(fd)


class _Raw:
    """Writes to a file descriptor, each call in full (``os.write`` may write only a part)."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def write(self, data: bytes) -> int:
        """Write all of *data*."""
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        return len(data)

    def flush(self) -> None:
        """Nothing is buffered."""


def _fsync_dir(directory: Path) -> None:
    """Flush the directory entry of the rename to disk (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on directories; the rename itself has happened
    finally:
        os.close(fd)


def write_private_text(path: Path, text: str) -> Path:
    """Write UTF-8 *text* to *path* like :func:`write_private`."""
    return write_private(text.encode("utf-8"), path)


def ensure_private_dir(path: Path) -> Path:
    """Create *path* (and missing parents) with owner-only permissions."""
    _make_dirs(Path(path).expanduser().absolute())
    return path


def read_at_most(path: Path, max_bytes: int) -> bytes | None:
    """The bytes of the file at *path*, or None when it is larger than *max_bytes* (checked before
    reading it, and again while reading: the file may grow between the two)."""
    if path.stat().st_size > max_bytes:
        return None
    with path.open("rb") as stream:
        data = stream.read(max_bytes + 1)
    return None if len(data) > max_bytes else data
