"""Writing files that hold client data: atomically, and readable by the owner only."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


def ensure_private_dir(path: Path) -> Path:
    """Create *path* (and parents) with owner-only permissions when missing."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def write_private(data: bytes, path: Path) -> Path:
    """Write *data* to *path* via a temporary sibling and a rename; the file ends up mode 0600."""
    path = Path(path).expanduser().resolve()
    ensure_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)
    return path


def write_private_text(path: Path, text: str) -> Path:
    """Write UTF-8 *text* to *path* like :func:`write_private`."""
    return write_private(text.encode("utf-8"), path)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
