"""The people who can unlock the database on this laptop, each with their own passphrase and role.

The database key is wrapped once per user (``koto_tui.store.keys``): adding a user wraps the same key
with the new user's passphrase, typed by that user, so no passphrase is ever shared. Removing a user
deletes their entry and replaces the database key (``koto_tui.store.rotation``), so that an old copy of the
key file opens nothing; their name stays on the approvals and signatures they recorded.

Only an integration coordinator adds, removes or changes users and roles, and only after typing their own
passphrase again: the store refuses anyone else, whichever screen or script calls it. Adding a user says
nothing about other users' passphrases. Should two users choose the same passphrase, unlocking signs in the
first of them in the key file; a re-typed passphrase is checked against the signed-in user's own entry only.
"""

from __future__ import annotations

import json
import secrets

from koto_tui import clock
from koto_tui.i18n import _
from koto_tui.model import User
from koto_tui.plans import Role
from koto_tui.rules.passphrase import passphrase_weakness
from koto_tui.store import keys, rotation, writes
from koto_tui.store.errors import RotationPending, UserRefused
from koto_tui.store.paths import DataPaths
from koto_tui.store.rows import rows_where
from koto_tui.store.session import Session


class Users:
    """Users and roles; only an unlocked store (which holds the database key) can add one."""

    def __init__(self, session: Session, paths: DataPaths, key: bytes) -> None:
        self._s = session
        self._paths = paths
        self._key = key

    def all(self, include_removed: bool = False) -> list[User]:
        """The users, in the order they were added."""
        with self._s.reading() as db:
            rows = rows_where(db, "users", None if include_removed else "removed_at IS NULL",
                              order_by="created_at")
            return [User(id=r["id"], name=r["name"], title=r["title"], role=r["role"],
                         removed_at=r["removed_at"]) for r in rows]

    def may_manage(self) -> bool:
        """Whether the signed-in user may add, remove and change users (an integration coordinator)."""
        return self._s.role() == Role.COORDINATOR

    def _require_coordinator(self, confirm_passphrase: str) -> None:
        """Refuse anyone but a coordinator who has just typed their own passphrase again."""
        if not self.may_manage():
            raise UserRefused(_("Only an integration coordinator adds, removes or changes users; you are "
                                "signed in as a counsellor."))
        if not keys.verify(self._paths.keyfile, self._s.user_id, confirm_passphrase):
            raise UserRefused(_("That is not your passphrase: type the passphrase you unlocked koto with "
                                "to confirm the change."))

    def _known_words(self, name: str) -> list[str]:
        """The user's name and the municipality: a passphrase built on them is easy to guess."""
        with self._s.reading() as db:
            rows = list(rows_where(db, "settings", "key = ?", ["profile"]))
        profile = json.loads(rows[0]["value"]) if rows else {}
        return [name, str(profile.get("municipality", "")), str(profile.get("place", ""))]

    def add(self, name: str, title: str, role: str, passphrase: str, *, confirm_passphrase: str) -> str:
        """Add a user who unlocks with *passphrase*; returns the new user's id (a coordinator only)."""
        self._require_coordinator(confirm_passphrase)
        if not name.strip():
            raise UserRefused(_("Write the user's name."))
        if role not in set(Role):
            raise UserRefused(_("Choose the role: counsellor or coordinator."))
        weakness = passphrase_weakness(passphrase, self._known_words(name))
        if weakness is not None:
            raise UserRefused(weakness)
        if any(u.name.strip().casefold() == name.strip().casefold() for u in self.all()):
            raise UserRefused(_("There is already a user called {name}.").format(name=name.strip()))
        user_id = secrets.token_hex(8)
        with self._s.transaction() as db:
            writes.insert(db, "users", {"id": user_id, "name": name.strip(), "title": title.strip(),
                                        "role": role, "created_at": clock.stamp(), "removed_at": None})
            # The key file is written inside the transaction: if it fails, the user row is rolled back.
            keys.add_user(self._paths.keyfile, user_id, passphrase, self._key)
            self._s.audit("create", "user", user_id, role)
        return user_id

    def _coordinators(self) -> list[str]:
        """The ids of the active coordinators."""
        return [u.id for u in self.all() if u.role == Role.COORDINATOR]

    def change_role(self, user_id: str, role: str, *, confirm_passphrase: str) -> None:
        """Make a user a counsellor or a coordinator (a coordinator only; never leaving none)."""
        self._require_coordinator(confirm_passphrase)
        if role not in set(Role):
            raise UserRefused(_("Choose the role: counsellor or coordinator."))
        if not any(u.id == user_id for u in self.all()):
            raise UserRefused(_("That user is removed: a removed user has no role to change."))
        if role != Role.COORDINATOR and self._coordinators() == [user_id]:
            raise UserRefused(_("You are the only coordinator: without one nobody could add or remove users "
                                "or change roles. Make another user a coordinator first."))
        with self._s.transaction() as db:
            db.table("users").update(user_id, {"role": role})
            self._s.audit("change", "user", user_id, f"role {role}")

    def remove(self, user_id: str, *, confirm_passphrase: str) -> None:
        """Remove a user's passphrase entry; they can no longer unlock this database (a coordinator only)."""
        self._require_coordinator(confirm_passphrase)
        if user_id == self._s.user_id:
            raise UserRefused(_self_removal(self._coordinators()))
        active = [u for u in self.all() if u.id == user_id]
        if not active:
            raise UserRefused(_("That user is already removed."))
        with self._s.transaction() as db:
            db.table("users").update(user_id, {"removed_at": clock.stamp()})
            keys.remove_user(self._paths.keyfile, user_id)
            self._s.audit("remove", "user", user_id)
        # An old copy of the key file still holds their entry: the database key itself is replaced.
        self._key = rotation.rotate_or_defer(self._s, self._paths, self._key)

    def rotate_key(self) -> None:
        """Re-encrypt the database under a new random key, wrapped for every user (no passphrase needed)."""
        if not self.may_manage():
            raise UserRefused(_("Only an integration coordinator can rotate the database key."))
        try:
            self._key = rotation.rotate(self._s, self._paths, self._key)
        except RotationPending as exc:
            names = [u.name for u in self.all() if u.id in exc.user_ids]
            raise UserRefused(_("The key can be rotated once these users have unlocked koto: {names}.")
                              .format(names=", ".join(names))) from exc


    def change_passphrase(self, current: str, new: str) -> None:
        """Change the signed-in user's own passphrase (the old one must be given)."""
        if not keys.verify(self._paths.keyfile, self._s.user_id, current):
            raise UserRefused(_("The current passphrase is wrong."))
        me = next((u for u in self.all() if u.id == self._s.user_id), None)
        weakness = passphrase_weakness(new, self._known_words(me.name if me else ""))
        if weakness is not None:
            raise UserRefused(weakness)
        with self._s.transaction():
            keys.add_user(self._paths.keyfile, self._s.user_id, new, self._key)
            self._s.audit("change", "user", self._s.user_id, "passphrase")


def _self_removal(coordinators: list[str]) -> str:
    """Why a coordinator cannot remove themselves, and who can."""
    if len(coordinators) <= 1:
        return _("You cannot remove yourself: you are the only coordinator, and without one nobody could add "
                 "or remove users. Make another user a coordinator first; they can then remove you.")
    return _("You cannot remove yourself while signed in; another coordinator can.")
