"""Where one koto database and its companions live, what can be told about them before the passphrase,
and the lock that keeps a second koto away."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from koto_tui.files import DIR_MODE, FILE_MODE, ensure_private_dir
from koto_tui.store.errors import MissingDatabase, MissingKeyFile, NotWritable
from koto_tui.store.lock import InstanceLock


@dataclass(frozen=True)
class DataPaths:
    """The files of one koto data directory."""

    root: Path

    @property
    def database(self) -> Path:
        """The SQLCipher database."""
        return self.root / "koto.db"

    @property
    def keyfile(self) -> Path:
        """The database key, wrapped per user."""
        return self.root / "koto.keys"

    @property
    def lockfile(self) -> Path:
        """The file whose lock keeps a second koto away."""
        return self.root / "koto.lock"

    @property
    def ui_language(self) -> Path:
        """The UI language last used here, for the lock screen after a fresh start (`i18n.remembered`)."""
        return self.root / "ui-language"

    @property
    def prints(self) -> Path:
        """Default folder for printouts."""
        return self.root / "prints"

    @property
    def owned_files(self) -> tuple[Path, ...]:
        """Every file koto reads and writes here: the database, its WAL companions, the keys, the lock."""
        db = self.database
        return (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"), self.keyfile,
                self.lockfile)

    def initialised(self) -> bool:
        """True when a database has been created here."""
        return self.database.exists() or self.keyfile.exists()


def check_files(paths: DataPaths) -> None:
    """Everything that can be told before the passphrase: raises when a file is missing, empty or damaged.

    koto's own files left without owner write permission (SQLite gives ``-shm`` the database's mode, so a
    read-only episode leaves it 0400) are given it back first; files of another owner are named instead.
    """
    repair_permissions(paths)
    if not paths.keyfile.exists():
        raise MissingKeyFile(str(paths.keyfile))
    if not paths.database.exists():
        raise MissingDatabase(str(paths.database), empty=False)
    if paths.database.stat().st_size == 0:
        raise MissingDatabase(str(paths.database), empty=True)
    from koto_tui.store import keyfile  # json, hashlib: in the unlock screen's worker, after its first frame

    keyfile.read(paths.keyfile)


def repair_permissions(paths: DataPaths) -> list[Path]:
    """Give our own directory and files back owner read-write; returns what was changed.

    Raises NotWritable naming the files that belong to someone else and that we cannot write.
    """
    repaired: list[Path] = []
    refused: list[str] = []
    for path, mode in [(paths.root, DIR_MODE), *((f, FILE_MODE) for f in paths.owned_files)]:
        try:
            info = path.lstat()
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(info.st_mode) or (stat.S_IMODE(info.st_mode) & mode == mode and _usable(path)):
            continue
        if info.st_uid == os.geteuid() and _chmod(path, mode):
            repaired.append(path)
        elif not _usable(path):
            refused.append(str(path))
    if refused:
        raise NotWritable(refused)
    return repaired


def _chmod(path: Path, mode: int) -> bool:
    """Set *path*'s mode; False when the file system refuses (read-only, for instance)."""
    try:
        path.chmod(mode)
    except OSError:
        return False
    return True


def _usable(path: Path) -> bool:
    """True when this process may read and write *path* (and enter it, for a directory)."""
    wanted = os.R_OK | os.W_OK | (os.X_OK if path.is_dir() else 0)
    return os.access(path, wanted)


def lock_data_dir(paths: DataPaths) -> InstanceLock:
    """Make sure no other koto uses this data directory; raises AlreadyOpen (or NotWritable)."""
    ensure_private_dir(paths.root)
    repair_permissions(paths)
    lock = InstanceLock(paths.lockfile)
    lock.acquire()
    return lock
