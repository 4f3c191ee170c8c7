"""Opening koto's data directory: first-run creation, unlocking, and the repositories."""

from __future__ import annotations

import contextlib
import json
import secrets
import threading
from typing import TYPE_CHECKING

from koto_tui import clock
from koto_tui.files import ensure_private_dir
from koto_tui.i18n import _
from koto_tui.model import Profile, User
from koto_tui.rules.plan_lifecycle import ALLOW_SELF_APPROVAL
from koto_tui.store import failed_unlocks, keys, rotation, writes
from koto_tui.store.audit import AuditTrail
from koto_tui.store.clients import Clients
from koto_tui.store.connection import DatabaseError, connect, pages_intact, probe_write, raise_failure
from koto_tui.store.errors import (
    AlreadyInitialised,
    KeyFileError,
    MissingKeyFile,
    UnreadableDatabase,
    UserRefused,
)
from koto_tui.store.interviews import Interviews
from koto_tui.store.migrations import apply
from koto_tui.store.paths import DataPaths, check_files
from koto_tui.store.plans import Plans
from koto_tui.store.record import Record
from koto_tui.store.rows import rows_where
from koto_tui.store.senders import RECEIVER_SETTING
from koto_tui.store.session import Session
from koto_tui.store.setting_values import decoded
from koto_tui.store.users import Users
from koto_tui.store.worklist import Worklist

if TYPE_CHECKING:
    from sqlite_utils import Database


class Store:
    """An unlocked koto database: settings, users, clients, interviews and the audit log."""

    def __init__(self, session: Session, paths: DataPaths, key: bytes) -> None:
        self.session = session
        #: Guards the key against ``close`` for the connections of the store's own (``_open_key``); the
        #: session's lock is held for whole reads (the worklist's at 100,000 clients: 10-25 s).
        self._key_lock = threading.Lock()
        self.paths = paths
        self.clients = Clients(session)
        self.interviews = Interviews(session)
        self.record = Record(session)
        self.plans = Plans(session)
        self.users = Users(session, paths, key)
        self.worklist = Worklist(session)
        self.audit = AuditTrail(session, paths)
        session.opener = self._reader

    def _reader(self) -> Database | None:
        """A connection of its own for ``Session.snapshot``, or None once the store is closed."""
        key = self._open_key()
        return None if key is None else connect(self.paths.database, key)

    @classmethod
    def create(cls, paths: DataPaths, profile: Profile, passphrase: str, role: str = "counsellor") -> Store:
        """First run: a new encrypted database under a random key wrapped with *passphrase*."""
        if paths.initialised():
            raise AlreadyInitialised(str(paths.root))
        ensure_private_dir(paths.root)
        user_id = secrets.token_hex(8)
        key = keys.new_database_key()
        try:
            keys.add_user(paths.keyfile, user_id, passphrase, key)
            store = cls._open(paths, keys.Unlocked(user_id, key), create=True)
        except BaseException:
            _discard_first_run(paths)  # else the next start would find a key file without its database
            raise
        try:
            with store.session.transaction() as db:
                writes.insert(db, "users", {"id": user_id, "name": profile.name, "title": profile.title,
                                            "role": role, "created_at": clock.stamp()})
                store.session.audit("create", "user", user_id)
            store.save_profile(profile)
        except BaseException:
            store.close()
            _discard_first_run(paths)
            raise
        return store

    @classmethod
    @failed_unlocks.counted  # a wrong passphrase is noted in the data directory, for the audit trail
    def unlock(cls, paths: DataPaths, passphrase: str, *, verify: bool = True,
               count: bool | None = None) -> Store:
        """Open an existing database; raises what ``check_files`` and ``keys.unlock`` raise, or
        UnreadableDatabase (damaged) or NotWritable (it could not be saved to).

        With *verify* every page is checked before anything is written (0.7 s for 100,000 clients); the app
        passes False and runs ``verify`` in the background once the client list is shown. With *count*
        (default: as *verify*) the audit rows are counted against their sealed anchor (30 ms at 100,000).
        """
        check_files(paths)
        unlocked = keys.unlock(paths.keyfile, passphrase)
        store, unlocked = rotation.open_store(
            paths, unlocked, lambda found: cls._open(paths, found, verify=verify))
        try:
            store.users._key = rotation.settle(store.session, paths, unlocked)
            if unlocked.key == store.users._key:
                store._upgrade_key_file(unlocked, passphrase)
            # verifies the audit chain, logs the unlock and failed attempts
            store.audit.opened(count=verify if count is None else count)
        except BaseException:
            store.close()
            raise
        return store

    def _upgrade_key_file(self, unlocked: keys.Unlocked, passphrase: str) -> None:
        """Give the user a key pair (format 1 entries) and run a rotation a removal still owes."""
        paths = self.paths
        with contextlib.suppress(OSError, KeyFileError, MissingKeyFile):  # tried again at the next unlock
            keys.add_checksum(paths.keyfile)
            keys.migrate(paths.keyfile, unlocked, passphrase)
            if rotation.owed(self.session) and not keys.legacy_users(paths.keyfile):
                self.users._key = rotation.rotate_or_defer(self.session, paths, self.users._key)

    @classmethod
    def _open(cls, paths: DataPaths, unlocked: keys.Unlocked, *, create: bool = False,
              verify: bool = False) -> Store:
        db = connect(paths.database, unlocked.key, create=create)
        try:
            # A WAL left by a crash is folded in first: after an interrupted rekey, pages there are the only
            # ones under the new key. Every page read is checked against its HMAC; with *verify* the whole
            # file is checked before anything is written (the app checks it in the background instead).
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            if verify and not pages_intact(db):
                raise UnreadableDatabase(str(paths.database))
            apply(db)
            probe_write(db)
        except DatabaseError as exc:
            db.conn.close()
            raise_failure(exc, paths.database)
        except BaseException:
            db.conn.close()
            raise
        return cls(Session(db, unlocked.user_id), paths, unlocked.key)

    def verify(self) -> None:
        """Check every page's HMAC and count the audit rows against their sealed anchor, on a connection of
        its own (0.7-2 s for 100,000 clients; SQLite does it without Python's interpreter lock): the store
        stays usable meanwhile, and nothing the store does waits for the check, nor the check for it.
        UnreadableDatabase when any page is damaged, and a count that differs is logged as a break of the
        chain. A closed store is not checked."""
        from koto_tui.store.audit_chain import count_agrees

        key = self._open_key()
        if key is None:
            return
        try:
            db = connect(self.paths.database, key)
            try:
                if not pages_intact(db):
                    raise UnreadableDatabase(str(self.paths.database))
                agrees = count_agrees(db)
            finally:
                db.conn.close()
        except DatabaseError as exc:
            raise_failure(exc, self.paths.database)
        if not agrees:
            self.audit.count_differs()

    def _open_key(self) -> bytes | None:
        """The database key for a connection of the store's own, or None once the store is closed. Under the
        key's own lock, not the session's: the unlock's check and the checkpoints waited behind the
        worklist's and the export preview's reads for as long as those took."""
        with self._key_lock:
            users: Users | None = getattr(self, "users", None)  # gone once the store is closed
            return None if users is None else users._key

    def checkpoint_in_background(self) -> None:
        """Saves stop folding the WAL into the database (SQLite does it in the commit that crosses 1,000
        pages: tens of milliseconds on a large database); the caller runs ``checkpoint`` now and then."""
        with self.session.lock:
            self.session.db.execute("PRAGMA wal_autocheckpoint = 0")

    def checkpoint(self) -> tuple[int, int]:
        """Fold the WAL into the database from a connection of its own, never waiting for a writer (PASSIVE:
        what a save writes meanwhile stays in the WAL for the next time): (frames in the WAL, frames folded
        in). A closed store does nothing.

        Frames are copied as they are (encrypted), so a rekey meanwhile loses nothing; the new connection
        then fails to open under the old key (DatabaseError), and the next call uses the new one.
        """
        key = self._open_key()
        if key is None:
            return 0, 0
        db = connect(self.paths.database, key)
        try:
            _busy, frames, folded = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            return int(frames), int(folded)
        finally:
            db.conn.close()

    def close(self) -> None:
        """Checkpoint and close the connection (the WAL is folded back into the database); the closed store
        then forgets the database key (``_forget_key``)."""
        with self.session.lock:
            self.session.db.conn.close()
        with self._key_lock:
            self._forget_key()

    @property
    def user(self) -> User:
        """The user who unlocked the database."""
        with self.session.reading() as db:
            row = db.table("users").get(self.session.user_id)
        return User(id=row["id"], name=row["name"], title=row["title"], role=row["role"],
                    removed_at=row["removed_at"])

    def profile(self) -> Profile:
        """The counsellor's profile and municipality."""
        with self.session.reading() as db:
            row = db.table("settings").get("profile")
        return Profile(**json.loads(row["value"]))

    def save_profile(self, profile: Profile) -> None:
        """Store the profile (also the current user's name and title)."""
        value = json.dumps(profile.__dict__, ensure_ascii=False)
        with self.session.transaction() as db:
            db.table("settings").upsert({"key": "profile", "value": value}, pk="key")
            db.table("users").update(self.session.user_id, {"name": profile.name, "title": profile.title})
            self.session.audit("change", "settings", "profile")

    def setting(self, key: str, default: object = None) -> object:
        """A stored setting (JSON value), *default* when it was never set, `setting_values.UNREADABLE` when
        the stored text is not JSON (the caller's check of the value gives its default then)."""
        with self.session.reading() as db:
            rows = list(rows_where(db, "settings", "key = ?", [f"setting:{key}"]))
        return decoded(rows[0]["value"]) if rows else default

    def set_setting(self, key: str, value: object) -> None:
        """Store a setting as JSON (never client data), with an audit entry; who approves plans is a
        coordinator's setting."""
        if key == ALLOW_SELF_APPROVAL and not self.users.may_manage():
            raise UserRefused(_("Only an integration coordinator changes who may approve plans."))
        if key == RECEIVER_SETTING:  # a coordinator's change, with their passphrase: store.senders.Trust
            raise UserRefused(_("Only an integration coordinator changes the receiving office's key and the "
                                "trusted senders."))
        with self.session.transaction() as db:
            db.table("settings").upsert({"key": f"setting:{key}", "value": json.dumps(value)}, pk="key")
            self.session.audit("change", "settings", key)

    def audit_entries(self, limit: int = 100) -> list[dict[str, object]]:
        """The newest audit entries."""
        with self.session.reading() as db:
            return list(rows_where(db, "audit", order_by="id desc", limit=limit))

    def _forget_key(self) -> None:
        """Drop every reference this store keeps to the database key: the users repository (which holds
        it to wrap it for new users), the audit chain's secret and any key bytes of its own; ``bytearray``
        copies are overwritten.
        A closed store is unusable anyway; what Python cannot wipe is said in ``koto_tui.memory``."""
        from koto_tui.memory import wipe

        self.session.chain.forget()  # the audit chain's secret
        for name, value in list(vars(self).items()):
            if name == "users" or isinstance(value, bytes | bytearray | memoryview):
                if isinstance(value, bytearray):
                    wipe(value)
                delattr(self, name)


def _discard_first_run(paths: DataPaths) -> None:
    """Remove what a first run that failed half-way wrote (nothing existed before it: it checks)."""
    for path in paths.owned_files:
        if path != paths.lockfile:
            path.unlink(missing_ok=True)
