"""Consistent, still encrypted copies of the database, and the one-file archive they are kept in.

SQLite's online backup API copies every page under the same key in one step while the session lock keeps
this process's writers out (the instance lock keeps other processes out), so the copy is one moment's state.
The archive (a zip: the database, the key file and a manifest with checksums) is what `koto backup` writes,
what is kept before every schema change, and what `koto restore` takes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from koto_tui import __version__, clock
from koto_tui.files import ensure_private_dir
from koto_tui.store.connection import connect, pages_intact
from koto_tui.store.driver import dbapi2
from koto_tui.store.errors import UnreadableDatabase

if TYPE_CHECKING:
    from koto_tui.store.database import Store

MANIFEST = "manifest.json"
DATABASE = "koto.db"
KEYS = "koto.keys"
KEEP_BEFORE_UPDATE = 3
"""How many automatic backups taken before schema changes are kept (the oldest go first)."""


def copy_database(store: Store, target: Path) -> list[str]:
    """Write the open database to the new file *target* (same key), verified; return its migrations."""
    from koto_tui.store.migrations import migrations

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
        if not pages_intact(db):
            raise UnreadableDatabase(str(path))
    finally:
        db.conn.close()


def sha256(path: Path) -> str:
    """The SHA-256 of the file at *path*, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pack(folder: Path, out: Path, applied: list[str]) -> dict[str, Any]:
    """Write *folder*'s database and key file into the archive *out* (owner-only); return its manifest."""
    manifest = {"koto": __version__, "created_at": clock.stamp(), "migrations": applied,
                "sha256": {name: sha256(folder / name) for name in (DATABASE, KEYS)}}
    archive = folder / "archive.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zipped:  # encrypted pages do not compress
        zipped.writestr(MANIFEST, json.dumps(manifest, indent=2))
        for name in (DATABASE, KEYS):
            zipped.write(folder / name, name)
    if os.name == "posix":
        archive.chmod(0o600)
    os.replace(archive, out)
    return manifest


def backup_before_migration(db: Database, applied: list[str]) -> Path | None:
    """Archive the database as it is, before a schema change, into backups/ beside it; keep the newest few."""
    main = Path(db.execute("PRAGMA database_list").fetchall()[0][2] or "")
    if not main.name or not (main.parent / KEYS).exists():
        return None
    folder = ensure_private_dir(main.parent / "backups")
    work = Path(tempfile.mkdtemp(prefix=".koto-backup-", dir=folder))
    try:
        db.conn.execute("ATTACH DATABASE ? AS koto_before_update", [str(work / DATABASE)])  # same key
        try:
            db.conn.execute("SELECT sqlcipher_export('koto_before_update')").fetchall()
        finally:
            db.conn.execute("DETACH DATABASE koto_before_update")
        shutil.copyfile(main.parent / KEYS, work / KEYS)
        out = folder / f"before-update-{clock.now():%Y%m%d-%H%M%S}.zip"
        pack(work, out, applied)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for old in sorted(folder.glob("before-update-*.zip"))[:-KEEP_BEFORE_UPDATE]:
        old.unlink()
    return out
