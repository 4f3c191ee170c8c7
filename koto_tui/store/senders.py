"""Who this laptop trusts: the receiving office's key and the trusted senders' signing keys.

Both decide whose files are accepted and who can read what leaves, so only an integration coordinator
changes them, after typing their own passphrase again; each change is in the audit trail. The keys are
checked (and written in one form) by ``koto_tui.exchange.trust`` before they reach this module.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from koto_tui import clock
from koto_tui.i18n import _
from koto_tui.plans import Role
from koto_tui.store import keys, writes
from koto_tui.store.errors import UserRefused
from koto_tui.store.paths import DataPaths
from koto_tui.store.session import Session

RECEIVER_SETTING = "export_receiver_key"
"""The receiving office's public key (``age1…``); exports are sealed with it."""


@dataclass(frozen=True)
class TrustedSender:
    """A laptop whose signed exports this one accepts."""

    name: str
    public_key: str
    fingerprint: str
    added_at: str
    added_by: str
    """The name of the coordinator who accepted the key."""


class Trust:
    """The receiving key and the trusted senders; changed by a coordinator who re-typed their passphrase."""

    def __init__(self, session: Session, paths: DataPaths) -> None:
        self._s = session
        self._paths = paths

    def require_coordinator(self, confirm_passphrase: str) -> None:
        """Refuse anyone but a coordinator who has just typed their own passphrase again."""
        if self._s.role() != Role.COORDINATOR:
            raise UserRefused(_("Only an integration coordinator changes the receiving office's key and the "
                                "trusted senders."))
        if not keys.verify(self._paths.keyfile, self._s.user_id, confirm_passphrase):
            raise UserRefused(_("That is not your passphrase: type the passphrase you unlocked koto with "
                                "to confirm the change."))

    def senders(self) -> list[TrustedSender]:
        """The trusted senders, in the order they were added."""
        with self._s.reading() as db:
            rows = db.execute("SELECT name, public_key, fingerprint, added_at, added_by_name "
                              "FROM trusted_senders ORDER BY id").fetchall()
        return [TrustedSender(*row) for row in rows]

    def find(self, public_key: str) -> TrustedSender | None:
        """The trusted sender with *public_key*, or None."""
        return next((s for s in self.senders() if s.public_key == public_key), None)

    def add(self, name: str, public_key: str, fingerprint: str, *, confirm_passphrase: str) -> None:
        """Trust *public_key* as *name*'s (replacing the name when it is trusted already)."""
        self.require_coordinator(confirm_passphrase)
        if not name.strip():
            raise UserRefused(_("Write the sender's name (the office or the person)."))
        with self._s.transaction() as db:
            me = db.table("users").get(self._s.user_id)
            db.execute("DELETE FROM trusted_senders WHERE public_key = ?", [public_key])
            writes.insert(db, "trusted_senders", {
                "name": name.strip(), "public_key": public_key, "fingerprint": fingerprint,
                "added_at": clock.stamp(), "added_by": self._s.user_id, "added_by_name": me["name"]})
            self._s.audit("create", "sender", fingerprint)

    def remove(self, fingerprint: str, *, confirm_passphrase: str) -> bool:
        """Stop trusting the sender with *fingerprint* (spaces ignored); False when there is none."""
        self.require_coordinator(confirm_passphrase)
        wanted = "".join(fingerprint.split()).lower()
        found = [s for s in self.senders() if "".join(s.fingerprint.split()) == wanted]
        if not found:
            return False
        with self._s.transaction() as db:
            db.execute("DELETE FROM trusted_senders WHERE public_key = ?", [found[0].public_key])
            self._s.audit("remove", "sender", found[0].fingerprint)
        return True

    def set_receiver_key(self, public_key: str, fingerprint: str, *, confirm_passphrase: str) -> None:
        """Seal the exports for *public_key* from now on ("" removes it: nothing can then be exported)."""
        self.require_coordinator(confirm_passphrase)
        self.put_receiver_key(public_key, fingerprint)

    def put_receiver_key(self, public_key: str, fingerprint: str) -> None:
        """Store the receiving key without asking (first run of the demo, tests); use set_receiver_key."""
        with self._s.transaction() as db:
            db.table("settings").upsert({"key": f"setting:{RECEIVER_SETTING}",
                                         "value": json.dumps(public_key)}, pk="key")
            self._s.audit("change", "receiver_key", fingerprint or "-")

    def put_sender(self, name: str, public_key: str, fingerprint: str) -> None:
        """Trust a sender without asking (the demo's own key, tests); use add."""
        with self._s.transaction() as db:
            db.execute("DELETE FROM trusted_senders WHERE public_key = ?", [public_key])
            writes.insert(db, "trusted_senders", {
                "name": name, "public_key": public_key, "fingerprint": fingerprint,
                "added_at": clock.stamp(), "added_by": self._s.user_id, "added_by_name": ""})
            self._s.audit("create", "sender", fingerprint)
