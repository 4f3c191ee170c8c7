"""The single long-lived connection, shared by the repositories under one lock."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlite_utils import Database

from koto_tui import clock
from koto_tui.memory import collection_paused
from koto_tui.store.audit_chain import Chain


class Session:
    """The open database, the user who unlocked it and a lock that serialises access across threads."""

    def __init__(self, db: Database, user_id: str) -> None:
        self.db = db
        self.user_id = user_id
        self.lock = threading.RLock()
        self.chain = Chain(db)
        self._batch: list[dict[str, Any]] | None = None
        #: Opens a connection of the store's own to the same database (``Store`` sets it), or returns None
        #: once the store is closed; ``snapshot`` reads through it.
        self.opener: Callable[[], Database | None] | None = None

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """One durable transaction (committed with synchronous=FULL when the block ends); inside ``bulk``,
        a part of the bulk's one transaction."""
        with self.lock:
            if self._batch is not None:
                yield self.db
                return
            with self.db.atomic():
                yield self.db

    @contextmanager
    def bulk(self) -> Iterator[Database]:
        """One transaction for thousands of writes (an import): the transactions opened inside it are parts
        of it, without a savepoint each, and its audit rows are chained together when it ends.

        Any error inside rolls the whole of it back (no part is kept, as a savepoint would keep the rest).
        The audit rows are the same, in the same order, as one by one; the anchor is read and sealed once.
        Python's cyclic collector is off meanwhile (``memory.collection_paused``): an import's checks and rows
        make millions of short-lived dicts and lists and no cycles, and its young and full collections took
        0.6 s of a 10,000-client import's CPU (7 full ones walking the whole heap).
        """
        with self.lock:
            if self._batch is not None:  # already inside one: the outer block writes them
                yield self.db
                return
            with self.db.atomic(), collection_paused():
                self._batch = []
                try:
                    yield self.db
                    rows, self._batch = self._batch, None
                    self.chain.append_many(rows)
                finally:
                    self._batch = None

    def role(self) -> str | None:
        """The signed-in user's role as stored, or None once they are removed."""
        with self.lock:
            row = self.db.execute("SELECT role FROM users WHERE id = ? AND removed_at IS NULL",
                                  [self.user_id]).fetchone()
        return None if row is None else str(row[0])

    @contextmanager
    def reading(self) -> Iterator[Database]:
        """Serialised read access."""
        with self.lock:
            yield self.db

    @contextmanager
    def snapshot(self) -> Iterator[Database]:
        """A long read (the worklist's facts, the retention scan) on a connection of its own, never holding
        the session's lock: the client search and the saves go on meanwhile, and the read sees what was
        committed when it began (one read transaction for the whole block; WAL keeps that snapshot while
        saves are written). Read-only (``query_only``). Without an opener, or once the store is closed, the
        session's own connection under its lock (which then fails as any read of a closed store fails)."""
        db = self.opener() if self.opener is not None else None
        if db is None:
            with self.reading() as shared:
                yield shared
            return
        try:
            db.execute("PRAGMA query_only = ON")
            db.execute("BEGIN")  # (a read transaction: every statement of the block reads one snapshot)
            yield db
        finally:
            with contextlib.suppress(Exception):  # nothing was written; a failed read has said why
                db.execute("ROLLBACK")
            db.conn.close()

    def audit(self, action: str, entity: str, entity_id: object, detail: str = "") -> None:
        """Record who did what and when; never pass answer values or client data in *detail*.

        The row is chained to the one before it (``audit_chain``) in the caller's transaction.
        """
        self.audit_as(self.user_id, clock.stamp(), action, entity, entity_id, detail)

    def audit_as(self, user_id: str | None, at: str, action: str, entity: str, entity_id: object,
                 detail: str = "") -> None:
        """Record an event with its own time and user (a failed unlock, noted before the database opened)."""
        row: dict[str, Any] = {"at": at, "user_id": user_id, "action": action, "entity": entity,
                               "entity_id": str(entity_id), "detail": detail}
        with self.lock:
            if self._batch is not None:  # inside bulk (which holds the lock): chained at its end
                self._batch.append(row)
                return
            with self.db.atomic():
                self.chain.append(row)
