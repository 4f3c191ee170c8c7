"""Failures explained to the user in their language, in one sentence, never with client data."""

from __future__ import annotations

import errno
from datetime import datetime

from koto_tui import __version__
from koto_tui.i18n import _, format_short_date
from koto_tui.store.errors import (
    AlreadyInitialised,
    AlreadyOpen,
    FormVersionConflict,
    KeyFileError,
    KeyFileOutdated,
    KeyFileTooNew,
    MissingDatabase,
    MissingKeyFile,
    NewerDatabase,
    NotWritable,
    UnreadableDatabase,
    WrongPassphrase,
)
from koto_tui.store.paths import DataPaths

# Exit statuses of the command line, one per way the data directory can be unusable (README lists them).
EXIT_ERROR = 1
EXIT_DATABASE_MISSING = 10
EXIT_DATABASE_DAMAGED = 11
EXIT_KEYFILE_MISSING = 12
EXIT_KEYFILE_DAMAGED = 13
EXIT_TOO_NEW = 14  # the key file or the database was written by a newer koto
EXIT_NOT_WRITABLE = 15
_STATUSES: list[tuple[type[BaseException], int]] = [
    (MissingDatabase, EXIT_DATABASE_MISSING), (NewerDatabase, EXIT_TOO_NEW),
    (UnreadableDatabase, EXIT_DATABASE_DAMAGED),
    (MissingKeyFile, EXIT_KEYFILE_MISSING), (KeyFileTooNew, EXIT_TOO_NEW),
    (KeyFileError, EXIT_KEYFILE_DAMAGED), (NotWritable, EXIT_NOT_WRITABLE),
]


# The ways opening the store can fail that store_error_message explains (anything else is a bug).
OPEN_FAILURES = (AlreadyOpen, WrongPassphrase, KeyFileError, MissingKeyFile, UnreadableDatabase, NotWritable,
                 AlreadyInitialised, OSError)


def exit_status(exc: BaseException) -> int:
    """The command line's exit status for a failure to open the store (1 when no specific one)."""
    return next((status for kind, status in _STATUSES if isinstance(exc, kind)), EXIT_ERROR)


def store_error_message(exc: BaseException, paths: DataPaths) -> str:
    """What happened and what to do, in the user's language, for each way opening the store can fail."""
    if isinstance(exc, AlreadyOpen):
        return _("another koto is already using {path}: close it first.").format(path=paths.root)
    if isinstance(exc, WrongPassphrase):
        return _("wrong passphrase.") + " " + passphrase_doubt(paths)
    if isinstance(exc, AlreadyInitialised):
        return _("{path} already holds a koto database or key file: koto does not create a new one over "
                 "it. Start koto again to open it.").format(path=paths.root)
    if isinstance(exc, KeyFileError | MissingKeyFile):
        return _key_file_message(exc, paths)
    if isinstance(exc, NewerDatabase):
        return _("the database {path} was written by a newer koto (schema {unknown}; this is koto "
                 "{version}): update koto.").format(path=paths.database, unknown=", ".join(exc.unknown),
                                                    version=__version__)
    if isinstance(exc, UnreadableDatabase):
        return _database_message(exc, paths)
    if isinstance(exc, NotWritable):
        return _("these cannot be written: {files}. Saving would fail. They belong to another user account "
                 "or the disk is read-only. Ask IT support to give your account write permission to them "
                 "(or to copy the data folder to a writable disk), then start koto again.").format(
            files=", ".join(exc.paths))
    return describe_error(exc)


def passphrase_doubt(paths: DataPaths) -> str:
    """The other explanation of a refused passphrase, which no check can rule out: a rewritten entry."""
    return _("If you are sure it is right, the key file {keys} may have been changed: then restore it "
             "from the backup (or ask IT support to).").format(keys=paths.keyfile)


def _key_file_message(exc: BaseException, paths: DataPaths) -> str:
    """Missing, unreadable, too new, changed or not a key file."""
    keys, db = paths.keyfile, paths.database
    if isinstance(exc, MissingKeyFile):
        return _("the key file {keys} is missing: the database {db} cannot be opened without it, and koto "
                 "does not make a new one. Restore koto.keys from the backup (or ask IT support to), then "
                 "start koto again.").format(keys=keys, db=db)
    if isinstance(exc, KeyFileTooNew):
        return _("the key file {keys} was written by a newer koto (key file format {found}; this koto reads "
                 "format {supported}). Nothing was changed. Update koto to the newest version (ask IT "
                 "support), then start it again.").format(keys=keys, found=exc.found,
                                                          supported=exc.supported)
    if isinstance(exc, KeyFileOutdated):
        return _outdated_message(exc, paths)
    reason = exc.reason if isinstance(exc, KeyFileError) else KeyFileError.NOT_A_KEY_FILE
    if reason == KeyFileError.NOT_READABLE:
        return _("the key file {keys} cannot be read (no permission, or a disk error). Ask IT support to "
                 "check the file and its permissions, then start koto again.").format(keys=keys)
    if reason == KeyFileError.CHANGED:
        return _("the key file {keys} was changed outside koto or damaged on disk: its contents no longer "
                 "match its checksum. The database has not been changed. Restore koto.keys from the backup "
                 "(or ask IT support to), then start koto again.").format(keys=keys)
    return _("the key file {keys} is damaged: it is not a readable koto key file. The database has not "
             "been changed. Restore koto.keys from the backup (or ask IT support to), then start koto "
             "again.").format(keys=keys)


def _outdated_message(exc: KeyFileOutdated, paths: DataPaths) -> str:
    """An old copy of the key file: from before a user was removed or the key was rotated."""
    if not exc.rotated_at:
        return _("the key file {keys} is an old copy from before a user was removed: it no longer opens "
                 "this database for that user. Nothing was changed. Use the current koto.keys (or a backup "
                 "made after the removal).").format(keys=paths.keyfile)
    when = format_short_date(datetime.fromisoformat(exc.rotated_at).date())
    return _("the key file {keys} is an old copy: the database key was replaced on {date} (a user was "
             "removed or the key was rotated), and this copy holds the old key. Nothing was changed. Use "
             "the current koto.keys, or restore a whole backup (database and key file together) made after "
             "{date}.").format(keys=paths.keyfile, date=when)


def _database_message(exc: UnreadableDatabase, paths: DataPaths) -> str:
    """Missing, empty, damaged, or unreadable at its start."""
    keys, db = paths.keyfile, paths.database
    if isinstance(exc, MissingDatabase) and exc.empty:
        return _("the database {db} is empty (0 bytes), but its key file {keys} is there: what the database "
                 "held has been lost from this file. koto does not create a new database over it. Restore "
                 "koto.db from the backup (or ask IT support to), then start koto again.").format(
            db=db, keys=keys)
    if isinstance(exc, MissingDatabase):
        return _("the database {db} is missing, but its key file {keys} is there. koto does not create a "
                 "new, empty database over your data. Restore koto.db from the backup (or ask IT support "
                 "to), then start koto again.").format(db=db, keys=keys)
    if exc.at_start:
        return _("the database {db} cannot be read with the key in {keys} (the passphrase is right): either "
                 "the start of the database is damaged, or the key file belongs to another koto database. "
                 "koto has not changed either file. If you copied koto.keys from elsewhere, put back this "
                 "database's own key file; otherwise restore koto.db from the backup (or ask IT support "
                 "to).").format(db=db, keys=keys)
    return _("the database {db} is damaged: the passphrase and the key are right, but parts of the file "
             "fail their checks. koto has not changed it. Keep the damaged file for IT support, restore "
             "koto.db from the backup, then start koto again.").format(db=db)


def describe_error(exc: BaseException) -> str:
    """A failure to write or read, in the user's language (never with client data in it)."""
    from koto_tui.engine import FormError

    if isinstance(exc, FormError):
        return _("a form file has errors (run `koto forms check`): {issue}").format(issue=exc.issues[0])
    if isinstance(exc, FormVersionConflict):
        return _("the form {form} version {version} was changed after interviews were taken with it: "
                 "give the changed form a new version number.").format(form=exc.form_id,
                                                                       version=exc.version)
    text = str(exc).lower()
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "disk is full" in text:
        return _("the disk is full: free some space and try again.")
    if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("no permission to write to {path}.").format(path=exc.filename or "")
    if isinstance(exc, OSError):
        return _("the file system said: {reason}").format(reason=exc.strerror or exc.__class__.__name__)
    if "database" in text or "sql" in text or "locked" in text:
        return _("the database could not be written ({reason}).").format(reason=exc.__class__.__name__)
    return _("unexpected error ({reason}).").format(reason=exc.__class__.__name__)
