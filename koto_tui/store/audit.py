"""The audit trail: events koto logs itself (unlock, lock, a client opened), and reading it back.

Only a coordinator reads the trail; the store refuses anyone else, whatever the caller. Rows never hold
answer values or clients' names: who (user id), when, what (action), which record (entity and id).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from koto_tui.i18n import _
from koto_tui.plans import Role
from koto_tui.store import failed_unlocks
from koto_tui.store.audit_chain import Break, ChainReport
from koto_tui.store.connection import DatabaseError
from koto_tui.store.errors import UserRefused
from koto_tui.store.paths import DataPaths
from koto_tui.store.session import Session

#: The action of the row that records a broken chain (its entity id is the first broken row).
CHAIN_BROKEN = "chain_broken"


class AuditRefused(UserRefused):
    """Someone other than a coordinator asked to read the audit trail."""


@dataclass(frozen=True)
class AuditFilter:
    """Which rows to show: every field optional (None: all)."""

    client_id: int | None = None
    user_id: str | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class AuditRow:
    """One row of the trail, with the user's name (koto users are staff, not clients)."""

    id: int
    at: str
    user_id: str
    user_name: str
    action: str
    entity: str
    entity_id: str
    detail: str
    prev_hash: str
    hash: str


_CLIENT_ROWS = """(
    (a.entity IN ('client', 'meeting') AND a.entity_id = :client)
    OR (a.entity = 'interview'
        AND a.entity_id IN (SELECT CAST(id AS TEXT) FROM interviews WHERE client_id = :cid))
    OR (a.entity = 'plan' AND a.entity_id IN (SELECT CAST(id AS TEXT) FROM plans WHERE client_id = :cid))
)"""


class AuditTrail:
    """Logging koto's own events and, for a coordinator, reading and verifying the trail."""

    def __init__(self, session: Session, paths: DataPaths) -> None:
        self._s = session
        self._paths = paths
        #: What the verification at unlock found (None before ``opened``).
        self.at_unlock: ChainReport | None = None

    def opened(self, *, count: bool = True) -> ChainReport:
        """After an unlock: verify the new rows, log a break, fold in failed unlocks, log the unlock.

        Without *count* the rows are not counted here (the app's unlock: ``Store.verify`` compares the
        count in the background and calls ``count_differs``)."""
        failed = failed_unlocks.read_reasons(self._paths)
        with self._s.transaction():
            report = self._s.chain.verify(full=False, count=count)
            if not report.intact:
                self._s.chain.resync()
                self._log_break(report.breaks[0])
            for at, why in failed:
                self._s.audit_as(None, at, "unlock_failed", "user", "", why)
            self._s.audit("unlock", "user", self._s.user_id)
            self._s.chain.mark_verified()
        failed_unlocks.clear(self._paths)
        self.at_unlock = report
        return report

    def count_differs(self) -> None:
        """The background check found fewer (or more) rows than the sealed anchor says: the break is logged
        once, as at an unlock (naming the first broken row: the whole chain is walked, holding the lock for
        5,000 rows at a time), and the anchor follows the table from now on."""
        found = self._s.chain.verify_in_steps(self._s.lock).first or Break(1, None, "count")
        with self._s.transaction():
            self._s.chain.resync()
            self._log_break(found)
            self._s.chain.mark_verified()

    def _log_break(self, found: Break) -> None:
        """A row saying from which row the chain breaks, why and when that row was written."""
        self._s.audit(CHAIN_BROKEN, "audit", found.row_id, f"{found.reason} {found.at or ''}".strip())

    def locked(self) -> None:
        """The user locked koto (the store is closed next); a failure to log never stops the lock."""
        try:
            with self._s.transaction():
                self._s.audit("lock", "user", self._s.user_id)
        except (DatabaseError, OSError):
            pass  # a full disk or a damaged file: locking matters more than its audit row

    def client_opened(self, client_id: int) -> None:
        """A client's record was opened on screen."""
        with self._s.transaction():
            self._s.audit("view", "client", client_id)

    def exported(self, rows: int, receiver: str = "") -> None:
        """The trail was exported (as CSV) by a coordinator; *receiver* says for whom it was sealed (the keys'
        fingerprints) or that it was not ("unsealed")."""
        with self._s.transaction():
            self._s.audit("export", "audit", rows, receiver)

    def full_check(self) -> ChainReport:
        """For a coordinator after unlock: check the whole chain and log each break not logged before."""
        report = self.verify()
        with self._s.transaction() as db:
            logged = {(r[0], r[1].partition(" ")[0]) for r in db.execute(
                "SELECT entity_id, detail FROM audit WHERE action = ?", [CHAIN_BROKEN])}
            for found in report.breaks:
                if (str(found.row_id), found.reason) not in logged:
                    self._log_break(found)
        return report

    def untold_breaks(self) -> list[Break]:
        """For a coordinator: the breaks logged since a coordinator was last told (then marked told).

        A counsellor gets none: they just work, and the next coordinator to unlock is told.
        """
        if not self.is_coordinator():
            return []
        with self._s.transaction() as db:
            told = db.execute("SELECT told_id FROM audit_chain WHERE id = 1").fetchone()
            rows = list(db.query("SELECT id, entity_id, detail FROM audit WHERE action = ? AND id > ? "
                                 "ORDER BY id", [CHAIN_BROKEN, int(told[0]) if told else 0]))
            if rows:
                db.execute("UPDATE audit_chain SET told_id = ? WHERE id = 1", [rows[-1]["id"]])
        return [_logged_break(r) for r in rows]

    def is_coordinator(self) -> bool:
        """True when the signed-in user is a coordinator (who may read the trail)."""
        return self._s.role() == Role.COORDINATOR

    def _require_coordinator(self) -> None:
        if not self.is_coordinator():
            raise AuditRefused(_("Only an integration coordinator can read the audit trail."))

    def verify(self) -> ChainReport:
        """Check the whole chain from its first row (coordinator only)."""
        self._require_coordinator()
        return self._s.chain.verify_in_steps(self._s.lock)

    def rows(self, where: AuditFilter = AuditFilter(), limit: int | None = None) -> list[AuditRow]:
        """The rows that match *where*, newest first (coordinator only)."""
        self._require_coordinator()
        clauses, params = _conditions(where)
        # Only fixed clauses are joined; every value is a parameter.
        sql = ("SELECT a.*, u.name AS user_name FROM audit a LEFT JOIN users u ON u.id = a.user_id"  # noqa: S608
               + (" WHERE " + " AND ".join(clauses) if clauses else "") + " ORDER BY a.id DESC"
               + (f" LIMIT {int(limit)}" if limit else ""))
        with self._s.reading() as db:
            return [_row(r) for r in db.query(sql, params)]

    def actions(self) -> list[str]:
        """Every action that occurs in the trail, sorted (coordinator only)."""
        self._require_coordinator()
        with self._s.reading() as db:
            return [r[0] for r in db.execute("SELECT DISTINCT action FROM audit ORDER BY action")]

    def users(self) -> list[tuple[str, str]]:
        """(id, name) of every user who ever was, for the filter (coordinator only)."""
        self._require_coordinator()
        with self._s.reading() as db:
            return [(r[0], r[1]) for r in db.execute("SELECT id, name FROM users ORDER BY created_at")]


def _conditions(where: AuditFilter) -> tuple[list[str], dict[str, Any]]:
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if where.client_id is not None:
        clauses.append(_CLIENT_ROWS)
        params.update(client=str(where.client_id), cid=where.client_id)
    if where.user_id:
        clauses.append("a.user_id = :user")
        params["user"] = where.user_id
    if where.action:
        clauses.append("a.action = :action")
        params["action"] = where.action
    if where.since is not None:
        clauses.append("a.at >= :since")
        params["since"] = where.since.isoformat()
    if where.until is not None:
        clauses.append("a.at < :until")
        params["until"] = (where.until + timedelta(days=1)).isoformat()
    return clauses, params


def _logged_break(row: dict[str, Any]) -> Break:
    """The break a ``chain_broken`` row recorded: its entity id is the row, its detail the reason and time."""
    reason, _sep, at = str(row["detail"] or "").partition(" ")
    entity_id = str(row["entity_id"])
    return Break(int(entity_id) if entity_id.isdecimal() else 0, at or None, reason)


def _row(r: dict[str, Any]) -> AuditRow:
    return AuditRow(id=int(r["id"]), at=str(r["at"] or ""), user_id=str(r["user_id"] or ""),
                    user_name=str(r["user_name"] or ""), action=str(r["action"] or ""),
                    entity=str(r["entity"] or ""), entity_id=str(r["entity_id"] or ""),
                    detail=str(r["detail"] or ""), prev_hash=str(r["prev_hash"] or ""),
                    hash=str(r["hash"] or ""))

