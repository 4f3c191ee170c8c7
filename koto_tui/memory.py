"""Secrets in this process's memory: no core dumps, and dropping what koto holds when it locks.

What koto does: core dumps are off from the start (a crash cannot write the database key or a client's
answers to a file); locking closes the database, drops every reference koto keeps to the key and to the
passphrases typed, empties the passphrase fields and overwrites the ``bytearray`` buffers it owns; the
closed screens, the workers that pool threads remembered (``ForgetfulExecutor``) and rich's and Textual's
text caches let go of what was drawn, so no object refers to a client's name any more.

What Python cannot promise: ``str`` and ``bytes`` are immutable, so a passphrase typed into a field or
the key read from the key file may have been copied (by the terminal reader, the Argon2 and AES
bindings, string formatting) into memory that is freed but not overwritten until it is reused. SQLCipher
keeps its own copy of the key in C while the database is open and wipes it when the connection closes.
A process that stays locked therefore holds no reachable object with the key, but a memory image taken
by someone with the user's rights (a debugger, swap without encryption) may still show old fragments.
Full-disk encryption and a locked screen saver remain the municipality's part.
"""

from __future__ import annotations

import contextlib
import contextvars
import gc
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def disable_core_dumps() -> bool:
    """Set the core file size limit to 0 where the platform has one; True when it is now 0."""
    try:
        import resource
    except ImportError:  # Windows: no core files to turn off
        return False
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return resource.getrlimit(resource.RLIMIT_CORE)[0] == 0


def wipe(buffer: bytearray | memoryview | None) -> None:
    """Overwrite a mutable buffer with zeros (immutable copies cannot be reached: see the module text)."""
    if buffer is None:
        return
    view = memoryview(buffer).cast("B")
    view[:] = bytes(len(view))


class Handover:
    """A passphrase handed to a worker thread, dropped once taken (a worker keeps its arguments long after
    it ends, and Textual shows them in its description)."""

    __slots__ = ("_secret",)

    def __init__(self, secret: str) -> None:
        self._secret = secret

    def take(self) -> str:
        """The passphrase, once; afterwards this holds nothing."""
        secret, self._secret = self._secret, ""
        return secret

    def __repr__(self) -> str:
        return "Handover(…)"


class ForgetfulExecutor(ThreadPoolExecutor):
    """A thread pool whose threads forget what a job set in their context vars once the job ends.

    Textual's thread workers set ``active_worker`` in the pool thread's own context, where it stayed until
    the thread ran another worker: a locked koto still held the last worker of each thread, its screen and
    every client name drawn on it. Each job here runs in a copy of the thread's context, dropped afterwards.
    """

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Run *fn* in a throw-away copy of the thread's context."""
        return super().submit(_in_copied_context, fn, *args, **kwargs)


def _in_copied_context(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    return contextvars.copy_context().run(fn, *args, **kwargs)


#: How many blocks hold the collector paused (``collection_paused``), and whether it was on before them.
_pauses = 0
_was_on = False
_pause_lock = threading.Lock()


@contextlib.contextmanager
def collection_paused(freeze: bool = False) -> Iterator[None]:
    """Python's cyclic garbage collector off inside the block (work that makes hundreds of thousands of
    short-lived containers and no reference cycles to speak of: an export's preview, an import, the
    worklist), on again once the last such block in any thread has ended, if it was on before the first.
    With *freeze*, what the block left alive is frozen (``gc.freeze``) rather than walked by the first young
    collection afterwards; frozen garbage then waits for the lock, which unfreezes and collects
    (``koto_tui.app.freeze_heap``)."""
    global _pauses, _was_on
    with _pause_lock:
        if not _pauses:
            _was_on = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            if freeze:
                gc.freeze()
            _pauses -= 1
            if not _pauses and _was_on:
                gc.enable()
