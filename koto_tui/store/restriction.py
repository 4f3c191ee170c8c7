"""Restriction of processing (GDPR art. 18): a coordinator sets it with a reason and lifts it.

A restricted client is hidden from lists and search unless asked for, is not exported, is printed only
as the access report, and every opening of their record is logged with the reason given for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from koto_tui import clock
from koto_tui.i18n import _
from koto_tui.plans import Role
from koto_tui.store import writes
from koto_tui.store.errors import UserRefused
from koto_tui.store.session import Session
from koto_tui.text import clean_text

REASON_MAX = 500
"""The longest reason kept (characters)."""


class RestrictionRefused(UserRefused):
    """The restriction cannot be set or lifted as asked; the message says why (never with client data)."""


@dataclass(frozen=True)
class Restriction:
    """A restriction in force: since when, by whom and why."""

    client_id: int
    reason: str
    restricted_at: str
    restricted_by: str


class Restrictions:
    """Setting, lifting and reading restrictions; a coordinator only for the changes."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def _require_coordinator(self) -> None:
        if self._s.role() != Role.COORDINATOR:
            raise RestrictionRefused(_("Only an integration coordinator restricts a client or lifts it."))

    def restrict(self, client_id: int, reason: str) -> None:
        """Restrict the client's record (art. 18) with *reason*; refused when it is restricted already."""
        self._require_coordinator()
        why = _reason(reason)
        with self._s.transaction() as db:
            _exists(db, client_id)
            if self.current(client_id) is not None:
                raise RestrictionRefused(_("The client is restricted already."))
            row = {"client_id": client_id, "reason": why, "restricted_at": clock.stamp(),
                   "restricted_by": self._s.user_id}
            writes.insert(db, "restrictions", row)
            db.execute("UPDATE clients SET restricted = 1 WHERE id = ?", [client_id])
            self._s.audit("restrict", "client", client_id, why)

    def lift(self, client_id: int, reason: str) -> None:
        """Lift the client's restriction with *reason*; refused when none is in force."""
        self._require_coordinator()
        why = _reason(reason)
        with self._s.transaction() as db:
            if self.current(client_id) is None:
                raise RestrictionRefused(_("The client is not restricted."))
            db.execute("UPDATE restrictions SET lifted_at = ?, lifted_by = ?, lift_reason = ? "
                       "WHERE client_id = ? AND lifted_at IS NULL",
                       [clock.stamp(), self._s.user_id, why, client_id])
            db.execute("UPDATE clients SET restricted = 0 WHERE id = ?", [client_id])
            self._s.audit("lift_restriction", "client", client_id, why)

    def current(self, client_id: int) -> Restriction | None:
        """The restriction in force on the client, or None."""
        with self._s.reading() as db:
            row = db.execute("SELECT reason, restricted_at, restricted_by FROM restrictions "
                             "WHERE client_id = ? AND lifted_at IS NULL", [client_id]).fetchone()
        return None if row is None else Restriction(client_id, str(row[0]), str(row[1]), str(row[2] or ""))

    def restricted_ids(self) -> set[int]:
        """The ids of every client whose processing is restricted now (for marking them in a list)."""
        with self._s.reading() as db:
            return {int(r[0]) for r in db.execute("SELECT id FROM clients WHERE restricted")}

    def opened(self, client_id: int, reason: str) -> None:
        """A restricted client's record was opened: the reason given is logged with the opening."""
        why = _reason(reason)
        with self._s.transaction():
            self._s.audit("view_restricted", "client", client_id, why)


def _reason(text: str) -> str:
    """The reason as stored: cleaned, cut to REASON_MAX; refused when empty."""
    why = clean_text(text)[:REASON_MAX]
    if not why:
        raise RestrictionRefused(_("Give a reason."))
    return why


def _exists(db: Database, client_id: int) -> None:
    """KeyError when there is no such client."""
    row = db.execute("SELECT 1 FROM clients WHERE id = ?", [client_id]).fetchone()
    if row is None:
        raise KeyError(client_id)
