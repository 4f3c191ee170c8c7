"""Failures explained to the user in their language, in one sentence, never with client data."""

from __future__ import annotations

import errno

from koto_tui import __version__
from koto_tui.i18n import _
from koto_tui.store.errors import (
    AlreadyOpen,
    FormVersionConflict,
    KeyFileError,
    MissingKeyFile,
    UnreadableDatabase,
    WrongPassphrase,
)
from koto_tui.store.paths import DataPaths


def store_error_message(exc: BaseException, paths: DataPaths) -> str:
    """One sentence, in the user's language, for each way opening the store can fail."""
    if isinstance(exc, AlreadyOpen):
        return _("another koto is already using {path}: close it first.").format(path=paths.root)
    if isinstance(exc, WrongPassphrase):
        return _("wrong passphrase.")
    if isinstance(exc, MissingKeyFile):
        return _("the key file {path} is missing: the database cannot be opened without it.").format(
            path=paths.keyfile)
    if isinstance(exc, KeyFileError):
        return _("the key file {path} is damaged.").format(path=paths.keyfile)
    from koto_tui.store.migrations import NewerDatabase  # here: the store is loaded by now

    if isinstance(exc, NewerDatabase):
        return _("the database {path} was written by a newer koto (schema {unknown}; this is koto "
                 "{version}): update koto.").format(path=paths.database, unknown=", ".join(exc.unknown),
                                                    version=__version__)
    if isinstance(exc, UnreadableDatabase):
        return _("the database {path} is damaged or not a koto database.").format(path=paths.database)
    return describe_error(exc)


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
