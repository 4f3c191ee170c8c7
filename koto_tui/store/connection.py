"""The one place that opens the encrypted SQLite database (SQLCipher through sqlcipher3)."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import quote

import sqlite_utils

from koto_tui.store.driver import dbapi2
from koto_tui.store.errors import NotWritable, UnreadableDatabase

DatabaseError: type[Exception] = dbapi2.DatabaseError
KEY_BYTES = 32
# SQLite's primary result codes (the low byte of an extended code).
_PERM, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 3, 8, 10, 11, 13, 14, 26


def connect(path: Path, key: bytes, *, create: bool = False) -> sqlite_utils.Database:
    """Open *path* with the raw 32-byte *key*: WAL, synchronous=FULL, foreign keys on.

    Without *create* a missing file is an error, never a new empty database.
    """
    if len(key) != KEY_BYTES:
        raise ValueError("database key must be 32 bytes")
    # The -wal and -shm files SQLite creates beside the database must be owner-only too.
    os.umask(0o077)
    mode = "rwc" if create else "rw"
    try:
        conn: Any = dbapi2.connect(f"file:{quote(str(path))}?mode={mode}", uri=True,
                                   check_same_thread=False, isolation_level=None)
    except dbapi2.DatabaseError as exc:
        raise_failure(exc, path)
    try:
        # SQLCipher logs to stderr unless told not to; inside a TUI that would corrupt the screen.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi2.DatabaseError as exc:
        conn.close()
        raise_failure(exc, path, at_start=True)
    try:
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except dbapi2.DatabaseError as exc:
        conn.close()
        raise_failure(exc, path)
    # No sqlite-utils plugins: none is koto's, and one would be handed the unlocked connection. Looking
    # for them read every installed package's entry points (importlib.metadata) at each unlock, 70 ms.
    return sqlite_utils.Database(conn, execute_plugins=False)


def pages_intact(db: sqlite_utils.Database) -> bool:
    """True when every page of the database passes its HMAC check (SQLCipher reads the whole file)."""
    return not db.execute("PRAGMA cipher_integrity_check").fetchall()


def probe_write(db: sqlite_utils.Database) -> None:
    """Write one header field back unchanged, so a database that cannot be saved to is found now."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    db.execute(f"PRAGMA user_version = {version}")


def raise_failure(exc: Exception, path: Path, *, at_start: bool = False) -> NoReturn:
    """Raise what a SQLite error on *path* means for the user (damage, permissions, space), or *exc*."""
    mapped = failure(exc, path, at_start=at_start)
    if mapped is None:
        raise exc
    raise mapped from exc


def failure(exc: Exception, path: Path, *, at_start: bool = False) -> Exception | None:
    """koto's exception for a SQLite error on *path*, or None when there is none more telling.

    *at_start*: the very first read failed, where a key of another database fails the same way as damage.
    """
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code == _NOTADB:
        return UnreadableDatabase(str(path), at_start=at_start)
    if code == _CORRUPT:
        return UnreadableDatabase(str(path))
    if code in (_PERM, _READONLY, _CANTOPEN):
        return NotWritable(_unwritable_beside(path) or [str(path)])
    if code == _FULL:
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    if code == _IOERR:
        return OSError(errno.EIO, os.strerror(errno.EIO), str(path))
    return None


def _unwritable_beside(path: Path) -> list[str]:
    """The database's folder and companion files that this process cannot write."""
    candidates = [path.parent, path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    return [str(p) for p in candidates if p.exists() and not os.access(p, os.W_OK)]
