"""Why opening the store can fail (kept light: imported before the UI paints)."""

from __future__ import annotations


class AlreadyOpen(Exception):
    """Another koto process has this database open."""


class WrongPassphrase(Exception):
    """No user's wrapped key opens with the given passphrase."""


class KeyFileError(Exception):
    """The key file is unreadable or not a koto key file."""


class MissingKeyFile(Exception):
    """The database exists but the key file beside it does not."""


class UnreadableDatabase(Exception):
    """The database file cannot be read with the key: damaged, or not a koto database."""


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
