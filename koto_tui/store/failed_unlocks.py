"""Failed unlocks, noted while the database is closed and folded into the audit trail at the next unlock.

The database cannot record a wrong passphrase (it is not open then), so each failure appends its time to a
small owner-only file in the data directory: times only, nothing else, nothing secret. Whoever can delete
files in the data directory can delete this one too; the audit rows it becomes cannot be quietly removed.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from koto_tui import clock
from koto_tui.files import write_private_text
from koto_tui.store.errors import WrongPassphrase
from koto_tui.store.paths import DataPaths

FILE_NAME = "failed-unlocks"
#: At most this many times are kept (a flood of failures cannot fill the disk); the count says the rest.
KEEP = 1000

F = TypeVar("F", bound=Callable[..., Any])


def path_of(paths: DataPaths) -> Path:
    """The file of failed attempts in *paths*' data directory."""
    return paths.root / FILE_NAME


def note(paths: DataPaths) -> None:
    """Append the time of a failed unlock (never fails the caller: a full disk only loses the note)."""
    try:
        lines = read(paths)
        write_private_text(path_of(paths), "\n".join([*lines, clock.stamp()][-KEEP:]) + "\n")
    except OSError:
        pass


def read(paths: DataPaths) -> list[str]:
    """The noted times, oldest first (lines that are not a time are left out)."""
    try:
        text = path_of(paths).read_text(encoding="ascii", errors="replace")
    except OSError:
        return []
    return [line.strip() for line in text.splitlines() if _is_stamp(line.strip())]


def clear(paths: DataPaths) -> None:
    """Forget the noted times (they are in the audit trail now)."""
    with contextlib.suppress(OSError):
        path_of(paths).unlink(missing_ok=True)


def _is_stamp(text: str) -> bool:
    return len(text) == len("2026-11-27T10:30:00") and text[4] == "-" and text[10] == "T"


def counted(unlock: F) -> F:
    """Wrap ``Store.unlock(cls, paths, ...)``: a wrong passphrase is noted before it is raised."""

    @functools.wraps(unlock)
    def wrapper(cls: Any, paths: DataPaths, *args: Any, **kwargs: Any) -> Any:
        try:
            return unlock(cls, paths, *args, **kwargs)
        except WrongPassphrase:
            note(paths)
            raise

    return wrapper  # type: ignore[return-value]
