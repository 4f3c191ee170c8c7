"""The people who can unlock the database on this laptop, each with their own passphrase and role.

The database key is wrapped once per user (``koto_tui.store.keys``): adding a user wraps the same key
with the new user's passphrase, typed by that user, so no passphrase is ever shared. Removing a user
deletes their entry and replaces the database key (``koto_tui.store.rotation``), so that an old copy of the
key file opens nothing; their name stays on the approvals and signatures they recorded.
"""

from __future__ import annotations

import secrets

from koto_tui import clock
from koto_tui.i18n import _
from koto_tui.model import User
from koto_tui.plans import Role
from koto_tui.rules.passphrase import MIN_PASSPHRASE
from koto_tui.store import keys, rotation
from koto_tui.store.errors import RotationPending, UserRefused, WrongPassphrase
from koto_tui.store.paths import DataPaths
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
            rows = db.table("users").rows_where(
                None if include_removed else "removed_at IS NULL", order_by="created_at")
            return [User(id=r["id"], name=r["name"], title=r["title"], role=r["role"],
                         removed_at=r["removed_at"]) for r in rows]

    def add(self, name: str, title: str, role: str, passphrase: str) -> str:
        """Add a user who unlocks with *passphrase*; returns the new user's id."""
        if not name.strip():
            raise UserRefused(_("Write the user's name."))
        if role not in set(Role):
            raise UserRefused(_("Choose the role: counsellor or coordinator."))
        if len(passphrase) < MIN_PASSPHRASE:
            raise UserRefused(_("The passphrase must have at least {n} characters.").format(n=MIN_PASSPHRASE))
        if any(u.name.strip().casefold() == name.strip().casefold() for u in self.all()):
            raise UserRefused(_("There is already a user called {name}.").format(name=name.strip()))
        try:
            keys.unlock(self._paths.keyfile, passphrase)
        except WrongPassphrase:
            pass
        else:
            raise UserRefused(_("Another user already has this passphrase: choose a different one."))
        user_id = secrets.token_hex(8)
        with self._s.transaction() as db:
            db.table("users").insert({"id": user_id, "name": name.strip(), "title": title.strip(),
                                      "role": role, "created_at": clock.stamp(), "removed_at": None})
            # The key file is written inside the transaction: if it fails, the user row is rolled back.
            keys.add_user(self._paths.keyfile, user_id, passphrase, self._key)
            self._s.audit("create", "user", user_id, role)
        return user_id

    def remove(self, user_id: str) -> None:
        """Remove a user's passphrase entry; they can no longer unlock this database."""
        if user_id == self._s.user_id:
            raise UserRefused(_("You cannot remove yourself; another user can."))
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
        if self._role_of(self._s.user_id) != Role.COORDINATOR:
            raise UserRefused(_("Only an integration coordinator can rotate the database key."))
        try:
            self._key = rotation.rotate(self._s, self._paths, self._key)
        except RotationPending as exc:
            names = [u.name for u in self.all() if u.id in exc.user_ids]
            raise UserRefused(_("The key can be rotated once these users have unlocked koto: {names}.")
                              .format(names=", ".join(names))) from exc

    def _role_of(self, user_id: str) -> str:
        """The role of *user_id* as stored."""
        with self._s.reading() as db:
            return str(db.table("users").get(user_id)["role"])

    def change_passphrase(self, current: str, new: str) -> None:
        """Change the signed-in user's own passphrase (the old one must be given)."""
        try:
            unlocked = keys.unlock(self._paths.keyfile, current)
        except WrongPassphrase as exc:
            raise UserRefused(_("The current passphrase is wrong.")) from exc
        if unlocked.user_id != self._s.user_id:
            raise UserRefused(_("The current passphrase is wrong."))
        if len(new) < MIN_PASSPHRASE:
            raise UserRefused(_("The passphrase must have at least {n} characters.").format(n=MIN_PASSPHRASE))
        with self._s.transaction():
            keys.add_user(self._paths.keyfile, self._s.user_id, new, self._key)
            self._s.audit("change", "user", self._s.user_id, "passphrase")
