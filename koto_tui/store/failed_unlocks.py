"""Failed unlocks, noted while the database is closed and folded into the audit trail at the next unlock.

The database cannot record a wrong passphrase (it is not open then), so each failure appends its time to a
small owner-only file in the data directory: the time and one of the fixed reasons below (a wrong
passphrase; a key file older than the database, e.g. a removed user's copy put back), nothing secret.
Whoever can delete files in the data directory can delete this one too; the audit rows it becomes
cannot be quietly removed.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from koto_tui import clock
from koto_tui.files import write_private_text
from koto_tui.store.errors import KeyFileOutdated, WrongPassphrase
from koto_tui.store.paths import DataPaths

FILE_NAME = "failed-unlocks"
#: At most this many times are kept (a flood of failures cannot fill the disk); the count says the rest.
KEEP = 1000

F = TypeVar("F", bound=Callable[..., Any])

WRONG_PASSPHRASE = "wrong passphrase"  # noqa: S105 (a reason in the log, not a password)
OUTDATED_KEY_FILE = "outdated key file"
#: The reasons a line may carry (anything else in the file is left out); a bare time is a wrong passphrase.
REASONS = (WRONG_PASSPHRASE, OUTDATED_KEY_FILE)


def path_of(paths: DataPaths) -> Path:
    """The file of failed attempts in *paths*' data directory."""
    return paths.root / FILE_NAME


def note(paths: DataPaths, reason: str = WRONG_PASSPHRASE) -> None:
    """Append the time and reason of a failed unlock (never fails the caller: a full disk only loses it)."""
    try:
        lines = [f"{at} {why}" for at, why in read_reasons(paths)]
        write_private_text(path_of(paths), "\n".join([*lines, f"{clock.stamp()} {reason}"][-KEEP:]) + "\n")
    except OSError:
        pass


def read(paths: DataPaths) -> list[str]:
    """The noted times, oldest first (lines that are not a time and a known reason are left out)."""
    return [at for at, _why in read_reasons(paths)]


def read_reasons(paths: DataPaths) -> list[tuple[str, str]]:
    """The noted (time, reason) pairs, oldest first."""
    try:
        text = path_of(paths).read_text(encoding="ascii", errors="replace")
    except OSError:
        return []
    found = []
    for line in text.splitlines():
        at, _sep, why = line.strip().partition(" ")
        why = why or WRONG_PASSPHRASE
        if _is_stamp(at) and why in REASONS:
            found.append((at, why))
    return found


def clear(paths: DataPaths) -> None:
    """Forget the noted times (they are in the audit trail now)."""
    with contextlib.suppress(OSError):
        path_of(paths).unlink(missing_ok=True)


def _is_stamp(text: str) -> bool:
    return len(text) == len("2026-11-27T10:30:00") and text[4] == "-" and text[10] == "T"


def counted(unlock: F) -> F:
    """Wrap ``Store.unlock(cls, paths, ...)``: a wrong passphrase or an outdated key file is noted before it
    is raised."""

    @functools.wraps(unlock)
    def wrapper(cls: Any, paths: DataPaths, *args: Any, **kwargs: Any) -> Any:
        try:
            return unlock(cls, paths, *args, **kwargs)
        except WrongPassphrase:
            note(paths)
            raise
        except KeyFileOutdated:
            note(paths, OUTDATED_KEY_FILE)
            raise

    return wrapper  # type: ignore[return-value]
