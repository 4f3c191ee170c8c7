"""Erasure of a client (GDPR art. 17): every row about them, the audit values naming them, their files.

Everything is deleted in one transaction with ``PRAGMA secure_delete`` on (freed cells and pages are
overwritten with zeros), the full-text index is rebuilt (its old segments held the name's tokens), the WAL
is checkpointed and truncated and the database vacuumed, so no page of the file holds the values any more.

The audit trail keeps that the erasure happened, by whom and why. The rows about the client lose their
values (``entity_id`` and ``detail`` become empty) but keep their ``hash``, so the next row still links to
them; a ``redact`` row, chained like any other, records for each redacted row the hash of its remaining
content (``audit_chain.redacted_hashes``), and the verification checks a redacted row against it. A row
cannot be redacted, nor a redaction widened, without the chain's secret: the ``redact`` row is sealed too.

Files: printouts in prints/ named with the client's document ids are deleted; export files in exports/
that held any of the client's records are deleted whole, with the other clients' records in them (the
export log still says those were exported, and ``koto export --all`` writes them again).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from koto_tui import document_ids
from koto_tui.rules.retention import ClientFacts
from koto_tui.store import audit_chain
from koto_tui.store.paths import DataPaths
from koto_tui.store.session import Session

#: The action of the audit row that records an erasure (its detail is the reason).
ERASE = "erase"
#: The action of the audit row, next to the erasure's, that says what it could not reach (``Unreached``).
UNREACHED = "erase_unreached"
#: The action of the audit row that lists the rows whose values were erased (``entity`` is "audit").
REDACT = audit_chain.REDACT
_INTERVIEW_CHILDREN = ("answers", "amendments", "interview_results", "interpreter_sessions", "participants",
                       "prints")
_PLAN_CHILDREN = ("plan_events", "plan_reviews", "plan_prints", "plan_versions")
#: Tables of rows that belong to the client alone (by client_id): deleted with the client, by an erasure and
#: by the purge after the entry into KOTO-AJ (``Exchange.purge_client_if_empty``).
CLIENT_CHILDREN = ("consents", "next_meetings", "restrictions", "import_conflicts")


@dataclass(frozen=True)
class Held:
    """What one client's erasure reaches: local ids, exchange uids and document ids."""

    interviews: list[int]
    plans: list[int]
    uids: list[str]
    documents: list[str]


@dataclass(frozen=True)
class Unreached:
    """What an erasure cannot reach, and what it takes with it: the backups made before it (they keep the
    client until the backup retention removes them) and the other clients' copies in the export files it
    deletes whole."""

    automatic_backups: int = 0
    """Backups taken before schema changes (``backups/before-update-*.zip``), removed by retention."""
    backups_until: str | None = None
    """The day the last of them falls due under the backup retention (ISO date); None: none, or kept."""
    taken_backups: int = 0
    """Backups taken with ``koto backup`` since the client was added (the audit trail): never removed by
    koto, wherever they were written."""
    export_files: int = 0
    """Export files in exports/ that held the client: deleted whole."""
    other_clients: int = 0
    """Other clients whose copies are in those files (already delivered; ``koto export --all`` again)."""

    def audit_detail(self) -> str:
        """The audit row's detail: the counts and the day (no client data)."""
        return json.dumps(self.__dict__, separators=(",", ":"), sort_keys=True)


@dataclass
class Erased:
    """What an erasure removed: rows per table, audit rows redacted, files deleted (names only), and what it
    could not reach."""

    rows: dict[str, int] = field(default_factory=dict)
    audit_rows: int = 0
    files: list[str] = field(default_factory=list)
    unreached: Unreached = field(default_factory=Unreached)


class Erasure:
    """Facts for the retention rules, and the erasure itself (the caller checks the rules and the role)."""

    def __init__(self, session: Session, paths: DataPaths) -> None:
        self._s = session
        self._paths = paths

    def facts(self, client_id: int) -> ClientFacts:
        """The client's facts for the rules (KeyError when there is no such client)."""
        with self._s.reading() as db:
            row = db.execute("SELECT restricted FROM clients WHERE id = ?", [client_id]).fetchone()
            if row is None:
                raise KeyError(client_id)
            return ClientFacts(client_id, bool(row[0]), _last_activity(db, client_id),
                               _not_entered(db, client_id), _in_force(db, client_id))

    def inactive_since(self, before: date) -> list[int]:
        """The clients whose last activity was before *before* (oldest id first)."""
        sql = _ACTIVITY + "SELECT client_id FROM activity GROUP BY client_id HAVING max(t) < ? ORDER BY 1"  # noqa: S608 (fixed text)
        return self._ids(sql, before)

    def erase(self, client_id: int, reason: str, *, action: str = ERASE, tidy: bool = True,
              unreached: Unreached | None = None) -> Erased:
        """Erase the client and everything about them; *reason* is kept in the audit row, and what the
        erasure cannot reach (*unreached*) in the next one.

        *tidy* False leaves the index rebuild, vacuum and WAL truncation to the caller (``tidy_up``), for
        many erasures in a row.
        """
        done = Erased(unreached=unreached or Unreached())
        with self._s.lock, secure_delete(self._s.db):
            with self._s.transaction() as db:
                held = _held(db, client_id)
                exports = _export_files(self._s, held.uids)  # before the export log forgets them
                done.audit_rows = self._redact(db, client_id, held)
                done.rows = _delete(db, client_id, held)
                self._s.audit(action, "client", "", reason)
                if unreached is not None:
                    self._s.audit(UNREACHED, "client", "", unreached.audit_detail())
            done.files = self._delete_files(client_id, held, exports)
            if tidy:
                leave_no_trace(self._s.db)
        return done

    def export_reach(self, client_id: int) -> tuple[int, int]:
        """The export files in exports/ that an erasure of the client deletes, and how many other clients'
        copies they hold."""
        with self._s.reading() as db:
            uids = _held(db, client_id).uids
            names = [n for n in _export_files(self._s, uids) if (self._paths.root / "exports" / n).is_file()]
            if not names:
                return 0, 0
            row = db.execute(
                "SELECT count(DISTINCT l.client_uid) FROM export_log l JOIN exports e ON e.id = l.export_id "
                "WHERE e.file_name IN (SELECT value FROM json_each(?)) AND l.client_uid NOT IN "
                "(SELECT value FROM json_each(?))", [json.dumps(names), json.dumps(uids)]).fetchone()
        return len(names), int(row[0])

    def added_at(self, client_id: int) -> datetime:
        """When the client was added (KeyError when there is no such client)."""
        with self._s.reading() as db:
            row = db.execute("SELECT created_at FROM clients WHERE id = ?", [client_id]).fetchone()
        if row is None:
            raise KeyError(client_id)
        return datetime.fromisoformat(str(row[0]))

    def backups_taken_since_added(self, client_id: int) -> int:
        """Backups taken with ``koto backup`` (the audit's ``backup`` rows) since the client was added."""
        with self._s.reading() as db:
            row = db.execute("SELECT count(*) FROM audit WHERE action = 'backup' AND at >= "
                             "(SELECT created_at FROM clients WHERE id = ?)", [client_id]).fetchone()
        return int(row[0])

    def unfinished_interviews(self, before: date) -> list[int]:
        """Interviews still in progress, unchanged since before *before*, of clients not restricted, that no
        plan is based on."""
        return self._ids("SELECT i.id FROM interviews i JOIN clients c ON c.id = i.client_id "
                         "WHERE i.status = 'in_progress' AND i.updated_at < ? AND NOT c.restricted "
                         "AND NOT EXISTS (SELECT 1 FROM plans p WHERE p.interview_id = i.id) ORDER BY i.id",
                         before)

    def draft_plans(self, before: date) -> list[int]:
        """Plans never submitted (no event at all), unchanged since before *before*, of clients not
        restricted."""
        return self._ids("SELECT p.id FROM plans p JOIN clients c ON c.id = p.client_id "
                         "WHERE NOT c.restricted AND NOT EXISTS (SELECT 1 FROM plan_events e "
                         "WHERE e.plan_id = p.id) AND (SELECT max(v.updated_at) FROM plan_versions v "
                         "WHERE v.plan_id = p.id) < ? ORDER BY p.id", before)

    def handed_over(self, before: date) -> list[tuple[str, int]]:
        """(entity, id) of the records entered into KOTO-AJ before *before* whose laptop copy is still here,
        of clients not restricted."""
        with self._s.snapshot() as db:
            rows = db.execute(
                "SELECT k.entity, k.local_id FROM koto_aj_entries a JOIN exchange_keys k ON k.uid = a.uid "
                "WHERE a.purged_at IS NULL AND a.entered_on < ? AND k.entity IN ('interview', 'plan') "
                "AND NOT EXISTS (SELECT 1 FROM clients c WHERE c.restricted AND c.id = CASE k.entity "
                "WHEN 'interview' THEN (SELECT client_id FROM interviews WHERE id = k.local_id) "
                "ELSE (SELECT client_id FROM plans WHERE id = k.local_id) END) ORDER BY a.entered_on",
                [before.isoformat()]).fetchall()
        return [(str(r[0]), int(r[1])) for r in rows]

    def _ids(self, sql: str, before: date) -> list[int]:
        # A scan of every client (0.2 s at 100,000) on a connection of its own: the search never waits.
        with self._s.snapshot() as db:
            return [int(r[0]) for r in db.execute(sql, [before.isoformat()])]

    def purge_interview(self, interview_id: int) -> None:
        """Delete an unfinished interview with everything recorded with it (retention), audited."""
        with self._s.lock, secure_delete(self._s.db), self._s.transaction() as db:
            for table in _INTERVIEW_CHILDREN:
                db.execute(f"DELETE FROM {table} WHERE interview_id = ?", [interview_id])  # noqa: S608
            db.execute("DELETE FROM interviews WHERE id = ?", [interview_id])
            self._s.audit("purge", "interview", interview_id, "retention")

    def purge_plan(self, plan_id: int) -> None:
        """Delete a draft plan with its versions (retention), audited."""
        with self._s.lock, secure_delete(self._s.db), self._s.transaction() as db:
            for table in _PLAN_CHILDREN:
                db.execute(f"DELETE FROM {table} WHERE plan_id = ?", [plan_id])  # noqa: S608
            db.execute("DELETE FROM plans WHERE id = ?", [plan_id])
            self._s.audit("purge", "plan", plan_id, "retention")

    def tidy_up(self) -> None:
        """After deletions with secure_delete: no page of the file keeps what was deleted."""
        with self._s.lock:
            leave_no_trace(self._s.db)

    def _redact(self, db: Database, client_id: int, held: Held) -> int:
        """Empty the values of the audit rows about the client; one chained ``redact`` row lists them."""
        ids = _audit_rows(db, client_id, held)
        if not ids:
            return 0
        db.execute("UPDATE audit SET entity_id = '', detail = '' "
                   "WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)])
        hashes = self._s.chain.redacted_hashes(ids)
        self._s.audit(REDACT, "audit", len(ids), json.dumps(hashes, separators=(",", ":")))
        return len(ids)

    def _delete_files(self, client_id: int, held: Held, exports: list[str]) -> list[str]:
        """Delete the printouts named with the client's document ids (their access reports too) and the
        export files that held them."""
        targets = list(_printouts(self._paths.prints, held.documents, client_id))
        targets += [self._paths.root / "exports" / name for name in exports]
        deleted = []
        for path in targets:
            if path.is_file() and not path.is_symlink():
                with contextlib.suppress(OSError):
                    path.unlink()
                    deleted.append(path.name)
        if deleted:
            with self._s.transaction():
                self._s.audit("purge", "files", len(deleted), "erasure")
        return deleted


@contextlib.contextmanager
def secure_delete(db: Database) -> Iterator[None]:
    """``PRAGMA secure_delete`` on for the block: freed cells and pages are overwritten with zeros."""
    before = int(db.execute("PRAGMA secure_delete").fetchone()[0])
    db.execute("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        db.execute(f"PRAGMA secure_delete = {before}")


def leave_no_trace(db: Database) -> None:
    """After deleting: rebuild the full-text index, vacuum, and fold the WAL in and truncate it."""
    db.execute("INSERT INTO clients_fts(clients_fts) VALUES ('rebuild')")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    db.execute("VACUUM")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def _held(db: Database, client_id: int) -> Held:
    """The client's interviews, plans, exchange uids and printed document ids."""
    interviews = db.execute("SELECT id, interview_date FROM interviews WHERE client_id = ?",
                            [client_id]).fetchall()
    plans = db.execute("SELECT id, created_at FROM plans WHERE client_id = ?", [client_id]).fetchall()
    keys = [("client", client_id), *(("interview", r[0]) for r in interviews),
            *(("plan", r[0]) for r in plans)]
    uids = [str(r[0]) for entity, local_id in keys for r in db.execute(
        "SELECT uid FROM exchange_keys WHERE entity = ? AND local_id = ?", [entity, local_id])]
    documents = [document_ids.assessment(str(r[1]), int(r[0])) for r in interviews]
    documents += [document_ids.plan(str(r[1]), int(r[0])) for r in plans]
    return Held([int(r[0]) for r in interviews], [int(r[0]) for r in plans], uids, documents)


def _delete(db: Database, client_id: int, held: Held) -> dict[str, int]:
    """Delete every row about the client; the number of rows per table."""
    counts: dict[str, int] = {}

    def gone(table: str, where: str, params: list[Any]) -> None:
        cursor = db.execute(f"DELETE FROM {table} WHERE {where}", params)  # noqa: S608 (fixed names)
        counts[table] = counts.get(table, 0) + max(cursor.rowcount, 0)

    uids = json.dumps(held.uids)
    gone("export_log", "uid IN (SELECT value FROM json_each(?)) OR client_uid IN (SELECT value FROM "
         "json_each(?))", [uids, uids])
    gone("koto_aj_entries", "uid IN (SELECT value FROM json_each(?))", [uids])
    gone("exchange_keys", "uid IN (SELECT value FROM json_each(?))", [uids])
    for plan_id in held.plans:
        for table in _PLAN_CHILDREN:
            gone(table, "plan_id = ?", [plan_id])
    gone("plans", "client_id = ?", [client_id])
    for interview_id in held.interviews:
        for table in _INTERVIEW_CHILDREN:
            gone(table, "interview_id = ?", [interview_id])
    gone("interviews", "client_id = ?", [client_id])
    for table in CLIENT_CHILDREN:
        gone(table, "client_id = ?", [client_id])
    gone("clients", "id = ?", [client_id])
    return {table: n for table, n in counts.items() if n}


def _audit_rows(db: Database, client_id: int, held: Held) -> list[int]:
    """The audit rows whose values name the client or one of their records (ids, uids, document ids)."""
    about = [["client", str(client_id)], ["meeting", str(client_id)],
             *(["interview", str(i)] for i in held.interviews), *(["plan", str(p)] for p in held.plans)]
    rows = db.execute(
        "SELECT id FROM audit WHERE (entity_id != '' OR detail != '') AND ("
        "EXISTS (SELECT 1 FROM json_each(:about) j WHERE j.value ->> 0 = audit.entity "
        "AND j.value ->> 1 = audit.entity_id) "
        "OR entity_id IN (SELECT value FROM json_each(:uids)) OR detail = :named "
        "OR detail IN (SELECT value FROM json_each(:uids))) ORDER BY id",
        {"about": json.dumps(about), "uids": json.dumps(held.uids), "named": f"client {client_id}"})
    return [int(r[0]) for r in rows]


def _export_files(session: Session, uids: list[str]) -> list[str]:
    """The export files that held any of *uids* (read before the export log loses them)."""
    if not uids:
        return []
    from koto_tui.store.exchange import Exchange

    return Exchange(session).files_holding(uids)


def _printouts(folder: Path, documents: list[str], client_id: int) -> Iterator[Path]:
    """The printouts in *folder* whose names start with one of the client's document ids, and the client's
    access reports (``KOTO-A-<year>-<client id>-<time>.pdf``: every answer, the sensitive ones too)."""
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.suffix == ".pdf" and document_ids.access_report_client("-".join(path.stem.split("-")[:4])) \
                == client_id:
            yield path
            continue
        for document in documents:
            rest = path.name.removeprefix(document + "-")
            if rest != path.name and path.suffix == ".pdf" and (rest[:1].isdigit() or rest.startswith("v")):
                yield path
                break


#: Every change that counts as activity, per client: details, assessments, plans, consents, the next meeting.
_ACTIVITY = """WITH activity(client_id, t) AS (
    SELECT id, updated_at FROM clients
    UNION ALL SELECT client_id, updated_at FROM interviews
    UNION ALL SELECT p.client_id, v.updated_at FROM plan_versions v JOIN plans p ON p.id = v.plan_id
    UNION ALL SELECT p.client_id, e.at FROM plan_events e JOIN plans p ON p.id = e.plan_id
    UNION ALL SELECT client_id, created_at FROM consents
    UNION ALL SELECT client_id, set_at FROM next_meetings) """


def _last_activity(db: Database, client_id: int) -> date | None:
    """The newest change to the client, their assessments, plans, consents and meeting."""
    sql = _ACTIVITY + "SELECT max(t) FROM activity WHERE client_id = ?"  # noqa: S608 (fixed text)
    row = db.execute(sql, [client_id]).fetchone()
    return date.fromisoformat(str(row[0])[:10]) if row and row[0] else None


def _not_entered(db: Database, client_id: int) -> int:
    """Finalised assessments and approved plans of the client not marked as entered into KOTO-AJ."""
    row = db.execute(
        "SELECT count(*) FROM (SELECT 'interview' AS e, id FROM interviews WHERE client_id = :c "
        "AND status != 'in_progress' UNION ALL SELECT 'plan', id FROM plans WHERE client_id = :c "
        "AND EXISTS (SELECT 1 FROM plan_events e WHERE e.plan_id = plans.id AND e.kind = 'approved')) r "
        "WHERE NOT EXISTS (SELECT 1 FROM exchange_keys k JOIN koto_aj_entries a ON a.uid = k.uid "
        "WHERE k.entity = r.e AND k.local_id = r.id)", {"c": client_id}).fetchone()
    return int(row[0])


def _in_force(db: Database, client_id: int) -> int:
    """The client's plans that have not ended."""
    return int(db.execute("SELECT count(*) FROM plans WHERE client_id = ? AND ended_on IS NULL",
                          [client_id]).fetchone()[0])
