"""Where one koto database and its companions live, and the lock that keeps a second koto away."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from koto_tui.files import ensure_private_dir
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
    def prints(self) -> Path:
        """Default folder for printouts."""
        return self.root / "prints"

    def initialised(self) -> bool:
        """True when a database has been created here."""
        return self.database.exists() or self.keyfile.exists()


def lock_data_dir(paths: DataPaths) -> InstanceLock:
    """Make sure no other koto uses this data directory; raises AlreadyOpen."""
    ensure_private_dir(paths.root)
    lock = InstanceLock(paths.lockfile)
    lock.acquire()
    return lock
