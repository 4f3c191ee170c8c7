"""Replacing the database key (``PRAGMA rekey``) and wrapping the new one for every remaining user.

Removing a user must leave nothing that still opens the database: an old copy of the key file holds the
old key, so the key itself is replaced. Each step leaves files that one of the key files opens:

1. ``koto.keys.next`` is written beside the key file: the new key wrapped to every remaining user's public
   key, with the next generation number (no passphrase needed).
2. ``koto.generation`` (plain, not secret) records the new generation and when; it lets unlock recognise an
   old key file whose key no longer opens anything.
3. The WAL is checkpointed, ``PRAGMA rekey`` rewrites every page under the new key in one transaction (in
   the WAL, so a crash before its commit leaves the old key), and the WAL is checkpointed again.
4. The generation is stored in the database (settings ``key_generation``), with an audit row.
5. ``koto.keys.next`` replaces ``koto.keys`` (an atomic rename).

Unlock (``open_store``) tries ``koto.keys`` and, when its key does not open the database, ``koto.keys.next``;
then it finishes what a crash interrupted (steps 2–5) and refuses a key file older than the database.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from koto_tui import clock
from koto_tui.files import write_private_text
from koto_tui.store import keyfile, keys
from koto_tui.store.connection import DatabaseError
from koto_tui.store.errors import (
    KeyFileError,
    KeyFileOutdated,
    MissingKeyFile,
    RotationPending,
    UnreadableDatabase,
)
from koto_tui.store.paths import DataPaths
from koto_tui.store.rows import rows_where
from koto_tui.store.session import Session

SETTING = "key_generation"
OWED = "key_rotation_owed"
"""Set when a user was removed while a rotation could not run yet (a format 1 entry was left)."""
MARKER = "koto.generation"
StoreT = TypeVar("StoreT")


def reached(step: str) -> None:
    """A point between two steps of a rotation (tests inject a crash here)."""


def next_path(paths: DataPaths) -> Path:
    """Where the key file of a rotation in progress is written."""
    return paths.keyfile.with_name(paths.keyfile.name + ".next")


def marker_path(paths: DataPaths) -> Path:
    """The plain record of the database's key generation, beside the key file."""
    return paths.keyfile.with_name(MARKER)


def database_generation(session: Session) -> tuple[int, str]:
    """The database's key generation and when it began ("" before the first rotation)."""
    with session.reading() as db:
        rows = list(rows_where(db, "settings", "key = ?", [SETTING]))
    if not rows:
        return 0, ""
    value = json.loads(rows[0]["value"])
    return int(value["generation"]), str(value["rotated_at"])


def rotate(session: Session, paths: DataPaths, key: bytes) -> bytes:
    """Re-encrypt the database under a new random key wrapped for every user in the key file; return it."""
    with session.lock:
        document = keyfile.read(paths.keyfile)
        waiting = [e["user_id"] for e in document.entries if not keyfile.is_paired(e)]
        if waiting:
            raise RotationPending(waiting)
        generation = max(document.generation, database_generation(session)[0]) + 1
        new_key = keys.new_database_key()
        entries = [keys.wrap_database_key(e, new_key, generation) for e in document.entries]
        keyfile.write(next_path(paths), entries, generation)
        reached("next-written")
        _complete(session, paths, new_key, generation)
    return new_key


def rotate_or_defer(session: Session, paths: DataPaths, key: bytes) -> bytes:
    """Rotate now, or record that one is owed while some users have no key pair yet; the key in force."""
    try:
        new_key = rotate(session, paths, key)
    except (RotationPending, OSError):  # format 1 entries, or a full disk before the rekey: old key kept
        with contextlib.suppress(OSError, DatabaseError), session.transaction() as db:
            db.table("settings").upsert({"key": OWED, "value": "true"}, pk="key")
        return key
    with session.transaction() as db:
        db.execute("DELETE FROM settings WHERE key = ?", [OWED])
    return new_key


def owed(session: Session) -> bool:
    """Whether a removal is still waiting for its rotation."""
    with session.reading() as db:
        return bool(list(rows_where(db, "settings", "key = ?", [OWED])))


def _complete(session: Session, paths: DataPaths, key: bytes, generation: int) -> None:
    """Steps 2–5: marker, rekey, generation in the database, the new key file in place."""
    stamp = clock.stamp()
    _write_marker(paths, generation, stamp)
    reached("marker-written")
    db = session.db
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    db.execute(f"PRAGMA rekey = \"x'{key.hex()}'\"")
    reached("rekeyed")
    # From here the database is under the new key: a failure (a full disk) must not make the caller keep
    # the old one. What is left undone is finished at the next unlock, which finds koto.keys.next.
    with contextlib.suppress(OSError, DatabaseError):
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        reached("checkpointed")
        _store_generation(session, generation, stamp)
        reached("generation-stored")
        os.replace(next_path(paths), paths.keyfile)
        _fsync_dir(paths.keyfile.parent)
        reached("swapped")


def _store_generation(session: Session, generation: int, stamp: str) -> None:
    """Record the key generation in the database, with an audit row."""
    value = json.dumps({"generation": generation, "rotated_at": stamp})
    with session.transaction() as db:
        db.table("settings").upsert({"key": SETTING, "value": value}, pk="key")
        session.audit("rotate", "key", generation)


def _write_marker(paths: DataPaths, generation: int, stamp: str) -> None:
    write_private_text(marker_path(paths), json.dumps({"generation": generation, "rotated_at": stamp}))


def _read_marker(paths: DataPaths) -> tuple[int, str]:
    """The generation the marker records and when (0 and "" when there is none or it is not one koto
    wrote: the file is not encrypted, so whatever it holds is checked before it reaches a message)."""
    try:
        value = json.loads(marker_path(paths).read_text(encoding="utf-8"))
        generation, stamp = value["generation"], value["rotated_at"]
        if type(generation) is not int or not 0 <= generation <= keyfile.MAX_GENERATION:
            return 0, ""
        datetime.fromisoformat(stamp)  # a time koto wrote (clock.stamp), never terminal or markup text
        return generation, stamp
    except (OSError, ValueError, KeyError, TypeError):
        return 0, ""


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def open_store(paths: DataPaths, unlocked: keys.Unlocked,
               opener: Callable[[keys.Unlocked], StoreT]) -> tuple[StoreT, keys.Unlocked]:
    """Open with the key file's key, else with ``koto.keys.next``'s; an old key file is KeyFileOutdated."""
    try:
        return opener(unlocked), unlocked
    except UnreadableDatabase as exc:
        if not exc.at_start:
            raise
        following = _from_next(paths, unlocked)
        if following is None:
            found, stamp = _read_marker(paths)
            if found > unlocked.generation:
                raise KeyFileOutdated(str(paths.keyfile), unlocked.generation, found, stamp) from None
            raise
    return opener(following), following


def _from_next(paths: DataPaths, unlocked: keys.Unlocked) -> keys.Unlocked | None:
    """The database key ``koto.keys.next`` wraps for this user, if that file is there and holds one."""
    if not next_path(paths).exists():
        return None
    try:
        return keys.unlock_with_private(next_path(paths), unlocked)
    except (KeyFileError, MissingKeyFile):
        return None


def settle(session: Session, paths: DataPaths, unlocked: keys.Unlocked) -> bytes:
    """After opening: refuse an old key file, finish an interrupted rotation; return the key now in force."""
    current, stamp = database_generation(session)
    if current > unlocked.generation or _removed(session, unlocked.user_id):
        raise KeyFileOutdated(str(paths.keyfile), unlocked.generation, current, stamp)
    key = _finish_rotation(session, paths, unlocked)
    current, stamp = database_generation(session)
    if _read_marker(paths)[0] != current:  # e.g. a whole backup from before a rotation was restored
        _write_marker(paths, current, stamp)
    return key


def _removed(session: Session, user_id: str) -> bool:
    """Whether *user_id* was removed (only an old copy of the key file still holds their entry)."""
    with session.reading() as db:
        rows = list(rows_where(db, "users", "id = ?", [user_id]))
    return bool(rows and rows[0]["removed_at"])


def _finish_rotation(session: Session, paths: DataPaths, unlocked: keys.Unlocked) -> bytes:
    """Complete a rotation a crash interrupted (or drop a stale ``koto.keys.next``); the key in force."""
    following = next_path(paths)
    if not following.exists():
        return unlocked.key
    try:
        document = keyfile.read(following)
    except (KeyFileError, MissingKeyFile):
        document = None
    target = None if document is None else keys.unlock_with_private(following, unlocked)
    if document is None or document.generation < unlocked.generation:
        following.unlink()
        return unlocked.key
    if target is None:  # the new file does not know this user: another user's unlock completes it
        return unlocked.key
    with session.lock:
        if target.key == unlocked.key:  # opened with the new key: steps 4 and 5 remain
            if database_generation(session)[0] < target.generation:
                _store_generation(session, target.generation, clock.stamp())
            os.replace(following, paths.keyfile)
            _fsync_dir(paths.keyfile.parent)
        elif target.generation > unlocked.generation:  # the crash came before the rekey: redo from step 2
            _complete(session, paths, target.key, target.generation)
        else:
            following.unlink()
            return unlocked.key
    return target.key
