"""A consistent, still encrypted copy of the open database, taken while it stays in use.

SQLite's online backup API copies every page under the same key in one step while the session lock keeps
this process's writers out (the instance lock keeps other processes out), so the copy is one moment's state.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from koto_tui.store.connection import connect
from koto_tui.store.driver import dbapi2
from koto_tui.store.errors import UnreadableDatabase
from koto_tui.store.migrations import migrations

if TYPE_CHECKING:
    from koto_tui.store.database import Store


def copy_database(store: Store, target: Path) -> list[str]:
    """Write the open database to the new file *target* (same key), verified; return its migrations."""
    key: bytes = store.users._key  # the key never leaves the store package
    copy: Any = dbapi2.connect(str(target))
    try:
        copy.execute("PRAGMA cipher_log_level = NONE")
        copy.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        with store.session.lock:
            store.session.db.conn.backup(copy)
            applied = [migration.name for migration in migrations.applied(store.session.db)]
    finally:
        copy.close()
    verify_database(target, key)
    return applied


def verify_database(path: Path, key: bytes) -> None:
    """Open *path* with *key* and check every page's HMAC; raises UnreadableDatabase when any fails."""
    db = connect(path, key)
    try:
        if db.execute("PRAGMA cipher_integrity_check").fetchall():
            raise UnreadableDatabase(str(path))
    finally:
        db.conn.close()


def known_migrations() -> list[str]:
    """The schema changes this koto knows, oldest first (a backup with others was made by a newer koto)."""
    return [migration.name for migration in migrations._migrations]
