"""Taking a backup as the signed-in user: the one code path of `koto backup` and of the app, audited.

Any signed-in user may take one: the file holds nothing they cannot already read in koto, it stays
encrypted under the database key, and the audit trail records who wrote it, when and where.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from koto_tui.admin.backup import BackupError, Manifest, default_name, write_backup
from koto_tui.i18n import _

if TYPE_CHECKING:
    from koto_tui.store import DataPaths, Store

AUDIT_ACTION = "backup"
AUDIT_ENTITY = "database"


@dataclass(frozen=True)
class Taken:
    """A backup written and verified: where, how big and what its manifest says."""

    path: Path
    size: int
    manifest: Manifest


def default_path(paths: DataPaths) -> Path:
    """``backups/koto-backup-<time>.zip`` in the data directory."""
    return paths.root / "backups" / default_name()


def target(text: str, paths: DataPaths) -> Path:
    """The file a typed path means: empty is the default, an existing folder gets the default name."""
    if not text.strip():
        return default_path(paths)
    path = Path(text.strip()).expanduser().absolute()
    return path / default_name() if path.is_dir() else path


def take_backup(store: Store, out: Path) -> Taken:
    """Write the verified backup *out* and record it in the audit trail; BackupError says why it failed.

    A backup that cannot be recorded (the database closed meanwhile) is deleted: none goes unrecorded.
    """
    from koto_tui.store.driver import dbapi2

    out = out.expanduser().absolute()
    try:
        manifest = write_backup(store, out)
        size = out.stat().st_size
    except (OSError, dbapi2.Error) as exc:
        raise BackupError(failure_text(exc, out)) from None
    try:
        with store.session.transaction():
            store.session.audit(AUDIT_ACTION, AUDIT_ENTITY, out.name, str(out.parent))
    except dbapi2.Error as exc:
        out.unlink(missing_ok=True)
        raise BackupError(failure_text(exc, out)) from None
    return Taken(out, size, manifest)


def failure_text(exc: BaseException, out: Path) -> str:
    """Why writing *out* failed, in the user's language (never with client data)."""
    from koto_tui.messages import describe_error

    code = getattr(exc, "errno", None)
    if code in (errno.ENOTDIR, errno.EEXIST):
        return _("{path} is not a folder: choose another place for the backup.").format(
            path=_first_file(out.parent))
    if code == errno.ENOENT:
        return _("{path} cannot be reached (is the USB stick or network drive there?).").format(
            path=out.parent)
    return _("could not write the backup: {reason}").format(reason=describe_error(exc))


def _first_file(folder: Path) -> Path:
    """The first part of *folder* that exists but is not a folder (where a backup cannot go)."""
    for part in (*reversed(folder.parents), folder):
        if part.exists() and not part.is_dir():
            return part
    return folder
