"""The one place that opens the encrypted SQLite database (SQLCipher through sqlcipher3)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlite_utils

from koto_tui.store.driver import dbapi2
from koto_tui.store.errors import UnreadableDatabase

DatabaseError: type[Exception] = dbapi2.DatabaseError
KEY_BYTES = 32


def connect(path: Path, key: bytes) -> sqlite_utils.Database:
    """Open *path* with the raw 32-byte *key*: WAL, synchronous=FULL, foreign keys on."""
    if len(key) != KEY_BYTES:
        raise ValueError("database key must be 32 bytes")
    # The -wal and -shm files SQLite creates beside the database must be owner-only too.
    os.umask(0o077)
    conn: Any = dbapi2.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        # SQLCipher logs to stderr unless told not to; inside a TUI that would corrupt the screen.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except dbapi2.DatabaseError as exc:
        conn.close()
        raise UnreadableDatabase(str(path)) from exc
    return sqlite_utils.Database(conn)
