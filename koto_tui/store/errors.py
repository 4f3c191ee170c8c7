"""Why opening the store can fail (kept light: imported before the UI paints)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from koto_tui.model import ClientSummary


class AlreadyOpen(Exception):
    """Another koto process has this database open."""


class WrongPassphrase(Exception):
    """No user's wrapped key opens with the given passphrase (or that user's entry was rewritten)."""


class KeyFileError(Exception):
    """The key file is unreadable or not a koto key file; *reason* says which check failed."""

    NOT_READABLE = "not-readable"
    NOT_A_KEY_FILE = "not-a-key-file"
    CHANGED = "changed"

    def __init__(self, path: str, reason: str = NOT_A_KEY_FILE) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason


class KeyFileTooNew(KeyFileError):
    """The key file was written by a newer koto, in a format this one does not read."""

    def __init__(self, path: str, found: int, supported: int) -> None:
        super().__init__(path, "too-new")
        self.found = found
        self.supported = supported


class KeyFileOutdated(KeyFileError):
    """The key file is an old copy: the database key was replaced (a user removed, or rotated) since.

    *found* is the key file's key generation, *current* the database's (as far as it is known), and
    *rotated_at* when the key was last replaced (a timestamp, or "" when unknown).
    """

    def __init__(self, path: str, found: int, current: int, rotated_at: str = "") -> None:
        super().__init__(path, "outdated")
        self.found = found
        self.current = current
        self.rotated_at = rotated_at


class RotationPending(Exception):
    """The key cannot be rotated yet: these users have not unlocked since key pairs came (no public key)."""

    def __init__(self, user_ids: list[str]) -> None:
        super().__init__(*user_ids)
        self.user_ids = user_ids


class MissingKeyFile(Exception):
    """The database exists but the key file beside it does not."""


class UnreadableDatabase(Exception):
    """The database cannot be read with the right key: damaged (or, at its start, not this key's)."""

    def __init__(self, path: str, *, at_start: bool = False) -> None:
        super().__init__(path)
        self.path = path
        self.at_start = at_start


class NewerDatabase(UnreadableDatabase):
    """The database has schema changes this koto does not know: a newer koto wrote it."""

    def __init__(self, unknown: list[str]) -> None:
        super().__init__(", ".join(unknown))
        self.unknown = unknown


class MissingDatabase(UnreadableDatabase):
    """The key file exists but the database beside it is missing or empty: never made anew over it."""

    def __init__(self, path: str, *, empty: bool) -> None:
        super().__init__(path)
        self.empty = empty


class NotWritable(Exception):
    """Files koto must write cannot be written (another owner, read-only disk); *paths* names them."""

    def __init__(self, paths: list[str]) -> None:
        super().__init__(*paths)
        self.paths = paths


class AlreadyInitialised(Exception):
    """A first run was asked for in a directory that already holds a database or a key file."""


class FormVersionConflict(Exception):
    """A form's text changed but its version did not, while interviews may use the stored text."""

    def __init__(self, form_id: str, version: str) -> None:
        super().__init__(f"{form_id} v{version}")
        self.form_id = form_id
        self.version = version


class InterviewLocked(Exception):
    """A finalised interview was about to be changed without an amendment."""


class PlanRefused(Exception):
    """A step the plan's lifecycle or the law does not allow; the message says why, for the user."""


class UserRefused(Exception):
    """A change to the users that is not allowed (the last user, oneself, a name taken); says why."""


class DuplicateCode(Exception):
    """Another client already has this identity code; *existing* is that client (saved only with a reason)."""

    def __init__(self, existing: ClientSummary) -> None:
        super().__init__(f"client {existing.id} has the same identity code")  # no client data in the text
        self.existing = existing
