"""One backup file per laptop: the encrypted database copy, the key file and a manifest, in a zip archive.

Nothing in the archive is readable without a passphrase that unlocked the database when the backup was made:
the database stays encrypted under its key and the key file holds that key only wrapped per user.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from koto_tui import __version__, clock
from koto_tui.i18n import _

if TYPE_CHECKING:
    from koto_tui.store import DataPaths, Store


class BackupError(Exception):
    """A backup could not be made, read or put back; the message says why (never with client data)."""


@dataclass(frozen=True)
class Manifest:
    """What a backup file says about itself."""

    koto: str
    created_at: str
    migrations: tuple[str, ...]
    sha256: dict[str, str]


def default_name() -> str:
    """``koto-backup-20261127-1030.zip``: sortable, with no client data."""
    return f"koto-backup-{clock.now():%Y%m%d-%H%M%S}.zip"


@contextlib.contextmanager
def private_temp_dir(near: Path) -> Iterator[Path]:
    """A private (0o700) temporary folder inside *near* (so renames out of it are atomic), removed after."""
    near.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".koto-backup-", dir=near))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_backup(store: Store, out: Path) -> Manifest:
    """Copy the open database and its key file into the archive *out*, verified by opening the copy."""
    from koto_tui.store.backup import DATABASE, KEYS, copy_database, pack

    out = out.expanduser().absolute()
    with private_temp_dir(out.parent) as work:
        with store.session.lock:  # a key rotation (which holds it) cannot come between the two copies
            applied = copy_database(store, work / DATABASE)
            shutil.copyfile(store.paths.keyfile, work / KEYS)
        raw = pack(work, out, applied)
    return Manifest(raw["koto"], raw["created_at"], tuple(raw["migrations"]), raw["sha256"])


def verify_copy(folder: Path, passphrase: str) -> None:
    """Open the database in *folder* with *passphrase* (every page's HMAC is checked) or raise BackupError."""
    from koto_tui.store import DataPaths, Store, WrongPassphrase

    try:
        Store.unlock(DataPaths(folder), passphrase).close()
    except WrongPassphrase:
        raise BackupError(_("the passphrase does not open this backup (it needs a passphrase that "
                            "opened the database when the backup was made).")) from None
    except Exception as exc:  # any other failure to open means the copy cannot be used
        raise BackupError(_("the backup could not be opened ({kind}); nothing was changed.").format(
            kind=type(exc).__name__)) from None


def read_manifest(path: Path) -> Manifest:
    """The manifest of the backup file *path*; BackupError when it is not a koto backup."""
    from koto_tui.store.backup import DATABASE, KEYS, MANIFEST

    try:
        with zipfile.ZipFile(path) as zipped:
            raw: dict[str, Any] = json.loads(zipped.read(MANIFEST))
            names = set(zipped.namelist())
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise BackupError(_("{path} is not a koto backup ({reason}).").format(
            path=path, reason=type(exc).__name__)) from None
    if not {DATABASE, KEYS} <= names or not {"koto", "created_at", "migrations", "sha256"} <= raw.keys():
        raise BackupError(_("{path} is not a koto backup (files are missing).").format(path=path))
    return Manifest(str(raw["koto"]), str(raw["created_at"]), tuple(raw["migrations"]), dict(raw["sha256"]))


def unpack(path: Path, manifest: Manifest, folder: Path) -> None:
    """Extract the database and key file into *folder*, checking each against the manifest."""
    from koto_tui.store.backup import DATABASE, KEYS, sha256

    with zipfile.ZipFile(path) as zipped:
        for name in (DATABASE, KEYS):
            target = folder / name
            with zipped.open(name) as source, target.open("wb") as copy:
                shutil.copyfileobj(source, copy)
            if sha256(target) != manifest.sha256.get(name):
                raise BackupError(_("{path} is damaged: {name} does not match its checksum.").format(
                    path=path, name=name))


def check_not_newer(manifest: Manifest, known: list[str]) -> None:
    """Refuse a backup whose database has schema changes this koto does not know (made by a newer koto)."""
    unknown = [name for name in manifest.migrations if name not in known]
    if unknown:
        raise BackupError(_("the backup was made by koto {theirs}, which is newer than this koto {ours}: "
                            "update koto first.").format(theirs=manifest.koto, ours=__version__))


def put_back(paths: DataPaths, restored: Path) -> Path | None:
    """Move the current files aside into ``before-restore-<time>/`` and the restored ones in their place."""
    current = [p for p in (paths.database, paths.keyfile, paths.database.with_name("koto.db-wal"),
                           paths.database.with_name("koto.db-shm"),
                           paths.keyfile.with_name("koto.keys.next")) if p.exists()]  # a key replacement's
    aside = None
    if current:
        aside = paths.root / f"before-restore-{clock.now():%Y%m%d-%H%M%S}"
        aside.mkdir(mode=0o700)
        for path in current:
            os.replace(path, aside / path.name)
    os.replace(restored / "koto.keys", paths.keyfile)
    os.replace(restored / "koto.db", paths.database)
    return aside
