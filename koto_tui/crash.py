"""What koto does when it fails unexpectedly: one line for the user, a details file with no data in it.

A crash report may hold only what cannot carry client data: the exception's type and, for each frame,
the file name, line number and function name. Never local variables, argument values or exception
messages (an exception message can quote a client's name, an answer or a key). Headless: the TUI and
the command line both use it.
"""

from __future__ import annotations

import contextlib
import errno
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from types import TracebackType

from koto_tui.files import write_private_text
from koto_tui.i18n import _

EXIT_CRASH = 70  # EX_SOFTWARE (sysexits.h): an internal error
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl+C
EXIT_PIPE_CLOSED = 141  # 128 + SIGPIPE, as `cat` reports `| head` having read enough
KEEP_FILES = 10  # the newest details files kept in the crash folder
CRASH_DIR = "crashes"
_PREFIX = "crash-"


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and the ones it was raised from or during, innermost last (cycles cut)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        wrapped = getattr(current, "error", None)  # Textual's WorkerFailed carries the worker's error
        current = wrapped if isinstance(wrapped, BaseException) else current.__cause__ or current.__context__


# Errors of the machine, not of koto: the disk is full, read-only or failing, or a file is not writable.
_STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EACCES, errno.EPERM})
_STORAGE_MESSAGES = ("disk is full", "readonly database", "disk i/o error")


def storage_failure(exc: BaseException) -> BaseException | None:
    """The write failure behind *exc* (full disk, read-only file), or None when koto itself failed.

    Such a failure is told to the user and the work goes on; nothing was written, nothing typed is lost.
    """
    for link in _chain(exc):
        if isinstance(link, OSError) and link.errno in _STORAGE_ERRNOS:
            return link
        if type(link).__module__.startswith(("sqlite3", "sqlcipher3")) and any(
                text in str(link).lower() for text in _STORAGE_MESSAGES):
            return link
    return None


def damaged_database(exc: BaseException) -> bool:
    """Whether *exc* is a read that met a damaged page of the database (SQLite's CORRUPT or NOTADB, or
    koto's UnreadableDatabase): the file's fault, found by whichever worker read it first."""
    from koto_tui.store.connection import failure
    from koto_tui.store.errors import UnreadableDatabase

    for link in _chain(exc):
        if isinstance(link, UnreadableDatabase):
            return True
        if type(link).__module__.startswith(("sqlite3", "sqlcipher3")) and isinstance(link, Exception) and (
                isinstance(failure(link, Path()), UnreadableDatabase)):
            return True
    return False


def _type_name(exc: BaseException) -> str:
    kind = type(exc)
    return f"{kind.__module__}.{kind.__qualname__}"


def _frames(tb: TracebackType | None) -> list[str]:
    """File, line and function of each frame; the source line and the locals are left out."""
    return [f"  {frame.filename}:{frame.lineno} in {frame.name}"
            for frame in traceback.extract_tb(tb, limit=200)]


def details(exc: BaseException, when: datetime, version: str) -> str:
    """The text of a details file: the exception types and stacks, nothing the user typed."""
    lines = [f"koto {version} internal error at {when.isoformat(timespec='seconds')}",
             f"python {sys.version.split()[0]} on {sys.platform}", ""]
    for index, link in enumerate(_chain(exc)):
        if index:
            lines.append("during or because of:")
        lines.append(_type_name(link))
        lines.extend(_frames(link.__traceback__))
    lines.append("")
    lines.append("(exception messages and variable values are never recorded: they may hold client data)")
    return "\n".join(lines) + "\n"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("koto-tui")
    except PackageNotFoundError:
        return "unknown"


def write_details(root: Path | None, exc: BaseException) -> Path | None:
    """Write the details file into *root*/crashes (0600), keep the newest few; None when impossible."""
    if root is None:
        return None
    now = datetime.now()
    folder = Path(root) / CRASH_DIR
    path = folder / f"{_PREFIX}{now:%Y%m%d-%H%M%S-%f}.txt"
    try:
        write_private_text(path, details(exc, now, _version()))
    except OSError:
        return None
    _prune(folder)
    return path


def _prune(folder: Path) -> None:
    """Delete all but the newest KEEP_FILES details files."""
    with contextlib.suppress(OSError):
        files = sorted(p for p in folder.iterdir() if p.name.startswith(_PREFIX) and p.suffix == ".txt")
        for old in files[:-KEEP_FILES]:
            with contextlib.suppress(OSError):
                old.unlink()


def user_line(details_file: Path | None) -> str:
    """The one line the user sees, in their language."""
    if details_file is None:
        return _("koto stopped because of an internal error; nothing saved was lost.")
    return _("koto stopped because of an internal error; nothing saved was lost; details: {path}").format(
        path=details_file)


def report(root: Path | None, exc: BaseException) -> str:
    """Write the details file and return the line to show."""
    return user_line(write_details(root, exc))


# The errors a write to or read from a terminal that has gone away gives (window closed, SSH dropped).
_TERMINAL_GONE = frozenset({errno.EIO, errno.ENXIO, errno.EBADF, errno.EPIPE})
_terminal_gone: list[Callable[[], None]] = []


def on_terminal_gone(callback: Callable[[], None]) -> None:
    """Have *callback* called, not an internal error reported, when the terminal goes from under Textual."""
    _terminal_gone[:] = [callback]


def terminal_gone(exc: BaseException | None, tb: TracebackType | None) -> bool:
    """Whether *exc* is the terminal having gone away under Textual's driver threads (not a koto bug)."""
    if not isinstance(exc, OSError) or exc.errno not in _TERMINAL_GONE:
        return False
    files = (Path(frame.f_code.co_filename) for frame, _line in traceback.walk_tb(tb))
    return any(path.parent.name == "drivers" and "textual" in path.parts for path in files)


def install_hooks(root: Callable[[], Path | None]) -> None:
    """Replace Python's own traceback printing (main thread and other threads) with :func:`report`."""

    def excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            print(_("Interrupted."), file=sys.stderr)
            return
        print(report(root(), exc), file=sys.stderr)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if terminal_gone(args.exc_value, args.exc_traceback):
            for callback in _terminal_gone:
                callback()
            return
        if args.exc_value is not None:
            print(report(root(), args.exc_value), file=sys.stderr)

    sys.excepthook = excepthook
    threading.excepthook = thread_hook
