"""Export and import bookkeeping: stable record ids, the export log, KOTO-AJ entries, imported records.

A record keeps one *uid* wherever it travels: made here, it gets a fresh random uid the first time it is
exported; imported, it keeps the uid it came with. The export log says what left the laptop, when, by whom
and with which content hash, so that an unchanged record is not exported again.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from koto_tui import clock
from koto_tui.model import InterviewStatus
from koto_tui.store import writes
from koto_tui.store.erasure import CLIENT_CHILDREN
from koto_tui.store.rows import rows_where
from koto_tui.store.session import Session


@dataclass(frozen=True)
class LoggedRecord:
    """One record written to an export file."""

    entity: str
    uid: str
    client_uid: str
    content_hash: str


#: What an unsealed export's receiver fingerprint says: anyone who has the file can read it.
UNSEALED = "unsealed"


@dataclass(frozen=True)
class Receiver:
    """To whom an export file was disclosed (GDPR art. 15(1)(c))."""

    fingerprint: str
    """The receiving key's 128-bit fingerprint as the settings show it, or UNSEALED."""
    name: str | None = None
    """The receiving office's name from the municipality's data (None when it has none)."""

    @property
    def sealed(self) -> bool:
        """Whether the file was sealed for a receiving key."""
        return self.fingerprint != UNSEALED


@dataclass(frozen=True)
class ImportedInterview:
    """An assessment as it arrives from another laptop (finalised, with its rules' result)."""

    client_id: int
    form_id: str
    form_version: str
    interview_date: date
    counsellor_name: str
    counsellor_title: str
    answers: dict[str, object]
    result: dict[str, object] | None
    amendments: tuple[dict[str, Any], ...]
    sessions: tuple[dict[str, Any], ...]
    participants: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class ImportedPlan:
    """A plan as it arrives from another laptop: its locked versions, their events and the reviews."""

    client_id: int
    interview_id: int | None
    first_plan: bool
    earlier_months: int
    created_at: str
    ended_on: date | None
    end_reason: str
    versions: tuple[dict[str, Any], ...]
    """Each: number, content (JSON text), reason, created_at, created_by_name, events (list of dicts)."""
    reviews: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class ImportConflict:
    """One record an import left as it was: the local client it concerns, the record and why (a code)."""

    client_id: int
    entity: str
    """client, assessment or plan."""
    document_id: str
    """The export's document id of the record (the client's local id for the client details)."""
    reason: str
    """A code of ``exchange.conflicts.Reason``: shown in the reader's language."""


@dataclass(frozen=True)
class ConflictLine:
    """An import's conflict as its list shows it: the conflict and its client's name (empty when the client
    is restricted, GDPR art. 18, or no longer here)."""

    conflict: ImportConflict
    name: str
    restricted: bool


class Uids(Protocol):
    """Where a record's uid and its key row come from: ``Exchange`` (made durable at once) or ``UidBook``."""

    def uid(self, entity: str, local_id: int) -> str:
        """The record's uid."""

    def key(self, entity: str, local_id: int) -> dict[str, Any] | None:
        """The record's key row (uid, imported_hash, link_uid, document_id, routing), or None."""


_KEY_COLUMNS = ("uid", "imported_hash", "link_uid", "document_id", "routing")


class Exchange:
    """Uids, the export log, KOTO-AJ entries and the writes of an import (the only SQL of the exchange)."""

    def __init__(self, session: Session) -> None:
        self._s = session

    # --- uids ----------------------------------------------------------------------------------------

    def uid(self, entity: str, local_id: int) -> str:
        """The record's uid, made (random) and kept the first time it is asked for."""
        with self._s.transaction() as db:
            row = db.execute("SELECT uid FROM exchange_keys WHERE entity = ? AND local_id = ?",
                             [entity, local_id]).fetchone()
            if row is not None:
                return str(row[0])
            new = uuid.uuid4().hex
            writes.insert(db, "exchange_keys", {"entity": entity, "local_id": local_id, "uid": new,
                                                "imported_hash": None, "link_uid": None, "document_id": None,
                                                "routing": None})
            return new

    def keys(self) -> dict[tuple[str, int], tuple[Any, ...]]:
        """Every record's key row (the values of ``_KEY_COLUMNS``) by (entity, local id), in one query."""
        with self._s.reading() as db:
            rows = db.execute(f"SELECT entity, local_id, {', '.join(_KEY_COLUMNS)} "  # noqa: S608
                              "FROM exchange_keys").fetchall()
        return {(str(r[0]), int(r[1])): tuple(r[2:]) for r in rows}

    def keep_uids(self, made: dict[tuple[str, int], str]) -> None:
        """Make the uids *made* for an export durable, all in one transaction."""
        with self._s.transaction() as db:
            writes.insert_many(db, "exchange_keys", (
                {"entity": entity, "local_id": local_id, "uid": uid, "imported_hash": None, "link_uid": None,
                 "document_id": None, "routing": None} for (entity, local_id), uid in made.items()))

    def export_candidates(self, client_id: int | None = None) -> Iterator[tuple[int, bool, bool]]:
        """Each client (or the one) in id order: whether they have an assessment or a plan, and whether
        their address is under non-disclosure (one query, instead of building every client). A restricted
        client (GDPR art. 18) is never one: the export leaves them out."""
        where, params = ("AND c.id = ?", [client_id]) if client_id is not None else ("", [])
        with self._s.reading() as db:
            rows = db.execute(
                "SELECT c.id, EXISTS (SELECT 1 FROM interviews i WHERE i.client_id = c.id) OR "  # noqa: S608
                f"EXISTS (SELECT 1 FROM plans p WHERE p.client_id = c.id), c.address_nondisclosure "
                f"FROM clients c WHERE NOT c.restricted {where} ORDER BY c.id", params).fetchall()
        return ((int(cid), bool(records), bool(hidden)) for cid, records, hidden in rows)

    def local_id(self, entity: str, uid: str) -> int | None:
        """The local id of the record with *uid*, or None when it is not here."""
        with self._s.reading() as db:
            row = db.execute("SELECT local_id FROM exchange_keys WHERE entity = ? AND uid = ?",
                             [entity, uid]).fetchone()
        return None if row is None else int(row[0])

    def local_ids(self) -> dict[tuple[str, str], int]:
        """Every record's local id by (entity, uid), in one query (an import's look-ups)."""
        with self._s.reading() as db:
            rows = db.execute("SELECT entity, uid, local_id FROM exchange_keys").fetchall()
        return {(str(r[0]), str(r[1])): int(r[2]) for r in rows}

    def interview_client(self, interview_id: int) -> int | None:
        """The client of the assessment *interview_id*, or None when it is not here."""
        with self._s.reading() as db:
            row = db.execute("SELECT client_id FROM interviews WHERE id = ?", [interview_id]).fetchone()
        return None if row is None else int(row[0])

    def key(self, entity: str, local_id: int) -> dict[str, Any] | None:
        """The uid row of a record (uid, imported_hash, link_uid, document_id), or None."""
        with self._s.reading() as db:
            rows = list(rows_where(db, "exchange_keys", "entity = ? AND local_id = ?",
                                                             [entity, local_id]))
        return rows[0] if rows else None

    def remember(self, entity: str, local_id: int, uid: str, imported_hash: str | None,
                 link_uid: str | None = None, document_id: str | None = None,
                 routing: dict[str, str] | None = None, batch: writes.Batch | None = None) -> None:
        """Keep an imported record's uid, the hash it arrived with, its link, document id and routing (in
        *batch*, for a record new here whose uid is not here either)."""
        with self._s.transaction() as db:
            if batch is None:
                db.execute("DELETE FROM exchange_keys WHERE entity = ? AND (local_id = ? OR uid = ?)",
                           [entity, local_id, uid])
            rows = writes.Rows(db) if batch is None else batch
            rows.insert_many("exchange_keys", [{
                "entity": entity, "local_id": local_id, "uid": uid, "imported_hash": imported_hash,
                "link_uid": link_uid, "document_id": document_id,
                "routing": json.dumps(routing) if routing else None}])

    # --- the export log ------------------------------------------------------------------------------

    def link(self, entity: str, local_id: int, link_uid: str | None, routing: dict[str, str]) -> None:
        """Remember the record this one refers to, and its routing, before that record is purged here."""
        self.uid(entity, local_id)
        with self._s.transaction() as db:
            db.execute("UPDATE exchange_keys SET link_uid = COALESCE(?, link_uid), routing = ? "
                       "WHERE entity = ? AND local_id = ?",
                       [link_uid, json.dumps(routing), entity, local_id])

    def last_exports(self) -> dict[str, tuple[str, str]]:
        """(content hash, time) of each record's last export, by uid."""
        with self._s.reading() as db:
            rows = db.execute("SELECT l.uid, l.content_hash, e.at FROM export_log l "
                              "JOIN exports e ON e.id = l.export_id ORDER BY l.id").fetchall()
        return {uid: (digest, at) for uid, digest, at in rows}

    def record_export(self, file_name: str, file_sha256: str, receiver: Receiver, documents: int,
                      records: Sequence[LoggedRecord]) -> int:
        """Log an export file, to whom it went and every record in it (one transaction, with an audit
        entry)."""
        with self._s.transaction() as db:
            user = db.table("users").get(self._s.user_id)
            export_id = writes.insert(db, "exports", {
                "at": clock.stamp(), "user_id": self._s.user_id, "user_name": user["name"],
                "file_name": file_name, "file_sha256": file_sha256, "sealed": int(receiver.sealed),
                "documents": documents, "records": len(records),
                "receiver_fingerprint": receiver.fingerprint, "receiver_name": receiver.name})
            writes.insert_many(
                db, "export_log",
                [{"export_id": export_id, "entity": r.entity, "uid": r.uid, "client_uid": r.client_uid,
                  "content_hash": r.content_hash} for r in records])
            self._s.audit("export", "export", export_id, f"{documents} documents, {len(records)} records")
        return export_id

    def exports(self, limit: int = 50) -> list[dict[str, Any]]:
        """The newest exports: when, by whom, the file name and hash, how many records."""
        with self._s.reading() as db:
            return list(rows_where(db, "exports", order_by="id desc", limit=limit))

    def logged(self, uid: str) -> list[dict[str, Any]]:
        """Every export of the record *uid*, oldest first, with the export's time and user."""
        with self._s.reading() as db:
            rows = db.execute(
                """SELECT e.id, e.at, e.user_name, e.file_name, l.content_hash FROM export_log l
                   JOIN exports e ON e.id = l.export_id WHERE l.uid = ? ORDER BY l.id""", [uid]).fetchall()
        return [dict(zip(("export_id", "at", "user_name", "file_name", "content_hash"), r, strict=True))
                for r in rows]

    # --- KOTO-AJ -------------------------------------------------------------------------------------

    def mark_entered(self, entity: str, uid: str, content_hash: str, entered_on: date) -> None:
        """Record that *uid* was entered into KOTO-AJ on *entered_on* (with an audit entry)."""
        with self._s.transaction() as db:
            db.table("koto_aj_entries").upsert(
                {"uid": uid, "entity": entity, "content_hash": content_hash,
                 "entered_on": entered_on.isoformat(), "marked_at": clock.stamp(),
                 "marked_by": self._s.user_id, "purged_at": None}, pk="uid")
            self._s.audit("entered", entity, uid, "KOTO-AJ")

    def entries(self) -> dict[str, dict[str, Any]]:
        """Records marked as entered into KOTO-AJ, by uid."""
        with self._s.reading() as db:
            return {r["uid"]: r for r in rows_where(db, "koto_aj_entries")}

    def purge_interview(self, interview_id: int) -> None:
        """Delete an assessment and everything recorded with it (after its entry into KOTO-AJ)."""
        with self._s.transaction() as db:
            for table in ("answers", "amendments", "interview_results", "interpreter_sessions",
                          "participants", "prints"):
                db.execute(f"DELETE FROM {table} WHERE interview_id = ?", [interview_id])  # noqa: S608
            db.execute("UPDATE plans SET interview_id = NULL WHERE interview_id = ?", [interview_id])
            db.execute("DELETE FROM interviews WHERE id = ?", [interview_id])
            self._purged(db, "interview", interview_id)

    def purge_plan(self, plan_id: int) -> None:
        """Delete a plan with its versions, events, reviews and print log (after its entry into KOTO-AJ)."""
        with self._s.transaction() as db:
            self._delete_plan_children(plan_id)
            db.execute("DELETE FROM plans WHERE id = ?", [plan_id])
            self._purged(db, "plan", plan_id)

    def purge_client_if_empty(self, client_id: int) -> bool:
        """Delete the client and their consents when no assessment or plan of theirs is left."""
        with self._s.transaction() as db:
            left = db.execute("SELECT (SELECT count(*) FROM interviews WHERE client_id = ?) + "
                              "(SELECT count(*) FROM plans WHERE client_id = ?)",
                              [client_id, client_id]).fetchone()[0]
            if left:
                return False
            for table in CLIENT_CHILDREN:
                db.execute(f"DELETE FROM {table} WHERE client_id = ?", [client_id])  # noqa: S608 (fixed names)
            db.execute("DELETE FROM clients WHERE id = ?", [client_id])
            self._purged(db, "client", client_id)
        return True

    def _purged(self, db: Any, entity: str, local_id: int) -> None:
        row = db.execute("SELECT uid FROM exchange_keys WHERE entity = ? AND local_id = ?",
                         [entity, local_id]).fetchone()
        if row is not None:
            db.execute("UPDATE koto_aj_entries SET purged_at = ? WHERE uid = ?", [clock.stamp(), row[0]])
        db.execute("DELETE FROM exchange_keys WHERE entity = ? AND local_id = ?", [entity, local_id])
        self._s.audit("purge", entity, local_id, "entered into KOTO-AJ")

    def _delete_plan_children(self, plan_id: int) -> None:
        for table in ("plan_events", "plan_reviews", "plan_prints", "plan_versions"):
            self._s.db.execute(f"DELETE FROM {table} WHERE plan_id = ?", [plan_id])  # noqa: S608

    # --- writes of an import -------------------------------------------------------------------------

    def delete_consents(self, client_id: int) -> None:
        """Remove the client's consents before the imported ones replace them."""
        with self._s.transaction() as db:
            db.execute("DELETE FROM consents WHERE client_id = ?", [client_id])

    def write_interview(self, record: ImportedInterview, replace_id: int | None = None,
                        batch: writes.Batch | None = None) -> int:
        """Store an imported, finalised assessment (or replace the one with *replace_id*); returns its id.
        A new one's rows may wait in *batch*."""
        stamp = clock.stamp()
        row = {"client_id": record.client_id, "form_id": record.form_id, "form_version": record.form_version,
               "status": str(InterviewStatus.COMPLETED), "interview_date": record.interview_date.isoformat(),
               "counsellor_id": None, "counsellor_name": record.counsellor_name,
               "counsellor_title": record.counsellor_title, "current_question": None,
               "updated_at": stamp, "completed_at": stamp}
        with self._s.transaction() as db:
            rows = batch if batch is not None and replace_id is None else writes.Rows(db)
            if replace_id is None:
                interview_id = rows.insert("interviews", {**row, "created_at": stamp})
            else:
                interview_id = replace_id
                for name in ("answers", "amendments", "interview_results", "interpreter_sessions",
                             "participants"):
                    db.execute(f"DELETE FROM {name} WHERE interview_id = ?", [interview_id])  # noqa: S608
                db.table("interviews").update(interview_id, row)
            self._interview_children(rows, interview_id, record, stamp)
            self._s.audit("import", "interview", interview_id)
        return interview_id

    def _interview_children(self, rows: writes.Rows, interview_id: int, record: ImportedInterview,
                            stamp: str) -> None:
        rows.insert_values("answers", _ANSWER_COLUMNS, [(interview_id, qid, _answer_json(value), stamp, None)
                                                        for qid, value in record.answers.items()])
        if record.result is not None:
            rows.insert_many("interview_results", [{
                "interview_id": interview_id, "result": _ANSWER_ENCODER(record.result),
                "computed_at": stamp}])
        _insert_all(rows, "amendments", interview_id, [
            {**a, "changed": json.dumps(list(a["changed"])), "opened_by": None} for a in record.amendments])
        _insert_all(rows, "interpreter_sessions", interview_id, [
            {**s, "fee_informed": None if s["fee_informed"] is None else int(s["fee_informed"]),
             "created_at": stamp} for s in record.sessions])
        _insert_all(rows, "participants", interview_id,
                    [{**p, "created_at": stamp} for p in record.participants])

    def write_plan(self, record: ImportedPlan, replace_id: int | None = None,
                   batch: writes.Batch | None = None) -> int:
        """Store an imported plan with its versions, events and reviews (or replace *replace_id*); a new
        one's rows may wait in *batch*."""
        row = {"client_id": record.client_id, "interview_id": record.interview_id,
               "first_plan": int(record.first_plan), "earlier_months": record.earlier_months,
               "created_at": record.created_at, "created_by": None,
               "ended_on": record.ended_on.isoformat() if record.ended_on else None,
               "end_reason": record.end_reason, "ended_by": None}
        with self._s.transaction() as db:
            rows = batch if batch is not None and replace_id is None else writes.Rows(db)
            if replace_id is None:
                plan_id = rows.insert("plans", row)
            else:
                plan_id = replace_id
                self._delete_plan_children(plan_id)
                db.table("plans").update(plan_id, row)
            for version in record.versions:
                rows.insert_many("plan_versions", [{
                    "plan_id": plan_id, "number": version["number"], "content": version["content"],
                    "reason": version["reason"], "created_at": version["created_at"], "created_by": None,
                    "created_by_name": version["created_by_name"], "updated_at": version["created_at"]}])
                _insert_all(rows, "plan_events", plan_id, [
                    {**event, "version": version["number"], "user_id": None} for event in version["events"]],
                    key="plan_id")
            _insert_all(rows, "plan_reviews", plan_id, [{**r, "recorded_by": None} for r in record.reviews],
                        key="plan_id")
            self._s.audit("import", "plan", plan_id)
        return plan_id

    def record_import(self, file_sha256: str, created: int, updated: int, unchanged: int,
                      conflicts: Sequence[ImportConflict] = (), sender: tuple[str, str] | None = None) -> int:
        """Log an import (the counts, and the sender's name and fingerprint) with its conflicts, one row each,
        and an audit entry; the count of conflicts is the number of rows."""
        name, fingerprint = sender or (None, None)
        with self._s.transaction() as db:
            import_id = writes.insert(db, "imports", {
                "at": clock.stamp(), "user_id": self._s.user_id, "file_sha256": file_sha256,
                "created": created, "updated": updated, "unchanged": unchanged, "conflicts": len(conflicts),
                "sender_name": name, "sender_fingerprint": fingerprint})
            writes.insert_many(db, "import_conflicts", (
                {"import_id": import_id, "client_id": c.client_id, "entity": c.entity,
                 "document_id": c.document_id, "reason": c.reason} for c in conflicts))
            self._s.audit("import", "import", import_id, f"created {created}, updated {updated}, "
                          f"unchanged {unchanged}, conflicts {len(conflicts)}; sender {fingerprint or '-'}")
        return import_id

    def conflicts_counted(self, import_id: int) -> int:
        """How many conflicts the import counted (0 when there is no such import)."""
        with self._s.reading() as db:
            row = db.execute("SELECT conflicts FROM imports WHERE id = ?", [import_id]).fetchone()
        return 0 if row is None else int(row[0])

    def conflicts(self, import_id: int) -> list[ConflictLine]:
        """The conflicts of one import in the order they were met, with their clients' names."""
        with self._s.reading() as db:
            rows = db.execute(
                "SELECT k.client_id, k.entity, k.document_id, k.reason, c.family_name, c.given_names, "
                "c.restricted FROM import_conflicts k LEFT JOIN clients c ON c.id = k.client_id "
                "WHERE k.import_id = ? ORDER BY k.id", [import_id]).fetchall()
        return [ConflictLine(ImportConflict(int(r[0]), str(r[1]), str(r[2]), str(r[3])),
                             "" if r[6] else " ".join(p for p in (r[4], r[5]) if p), bool(r[6]))
                for r in rows]

    def mark_events_via(self, plan_ids: Sequence[int], sender: str) -> None:
        """Mark the imported events (no local user) of these plans as taken at *sender*'s laptop."""
        with self._s.transaction() as db:
            for plan_id in plan_ids:
                db.execute("UPDATE plan_events SET via = ? WHERE plan_id = ? AND user_id IS NULL",
                           [sender, plan_id])

    def files_holding(self, uids: Sequence[str]) -> list[str]:
        """The names of the export files that held any record (or client) with one of *uids*."""
        wanted = json.dumps(list(uids))
        with self._s.reading() as db:
            rows = db.execute(
                "SELECT DISTINCT e.file_name FROM export_log l JOIN exports e ON e.id = l.export_id "
                "WHERE l.uid IN (SELECT value FROM json_each(?)) OR l.client_uid IN (SELECT value FROM "
                "json_each(?)) ORDER BY e.id", [wanted, wanted]).fetchall()
        return [str(r[0]) for r in rows]

    def export_file_names(self) -> set[str]:
        """The names of every export file this database wrote."""
        with self._s.reading() as db:
            return {str(r[0]) for r in db.execute("SELECT file_name FROM exports").fetchall()}

    def imports(self, limit: int = 50) -> list[dict[str, Any]]:
        """The newest imports."""
        with self._s.reading() as db:
            return list(rows_where(db, "imports", order_by="id desc", limit=limit))


class UidBook:
    """The uids of one export: those kept already, read in one query; new ones made in memory and made
    durable together (``keep``) only when an export file is written, so a dry run or a preview writes
    nothing. Only the uids of the documents that are written are kept (``mark``/``forget``)."""

    def __init__(self, exchange: Exchange) -> None:
        self._ex = exchange
        self._rows = exchange.keys()
        self._made: dict[tuple[str, int], str] = {}

    def uid(self, entity: str, local_id: int) -> str:
        """The record's kept uid, or a new one (made once per export)."""
        row = self._rows.get((entity, local_id))
        if row is not None:
            return str(row[0])
        return self._made.setdefault((entity, local_id), uuid.uuid4().hex)

    def key(self, entity: str, local_id: int) -> dict[str, Any] | None:
        """The record's kept key row, or None."""
        row = self._rows.get((entity, local_id))
        return None if row is None else dict(zip(_KEY_COLUMNS, row, strict=True))

    def mark(self) -> int:
        """How many uids have been made so far (to ``forget`` those made after)."""
        return len(self._made)

    def forget(self, mark: int) -> None:
        """Drop the uids made after *mark* (a client whose document is not written)."""
        for made in list(self._made)[mark:]:
            del self._made[made]

    def keep(self) -> int:
        """Make the new uids durable (one transaction); how many there were."""
        if self._made:
            self._ex.keep_uids(self._made)
            self._rows.update({k: (uid, None, None, None, None) for k, uid in self._made.items()})
        count, self._made = len(self._made), {}
        return count


#: An answer's stored JSON (one encoder for all: ``json.dumps`` with options builds a new one per call,
#: seven times the cost for the 300,000 answers of a large import).
_ANSWER_ENCODER = json.JSONEncoder(ensure_ascii=False).encode


def _answer_json(value: object) -> str:
    """An answer's stored JSON; a text, yes/no, whole number or list of choice codes (nearly every answer)
    written as the encoder writes it, without its per-call setup (a C encoder made for every value that is
    not a text)."""
    kind = type(value)
    if kind is str and isinstance(value, str):  # (exact types: a subclass goes through the encoder)
        return _ENCODE_TEXT(value)  # (what the encoder's encode does with a text)
    if kind is bool:
        return "true" if value else "false"
    if kind is int and isinstance(value, int):
        return int.__repr__(value)
    if kind is list and isinstance(value, list) and all(type(item) is str for item in value):
        return "[" + ", ".join(map(_ENCODE_TEXT, value)) + "]"
    return _ANSWER_ENCODER(value)


_ENCODE_TEXT = json.encoder.encode_basestring
#: The columns of an imported answer's row.
_ANSWER_COLUMNS = ("interview_id", "question_id", "value", "updated_at", "updated_by")


def _insert_all(into: writes.Rows, table: str, owner_id: int, rows: Iterable[dict[str, Any]],
                key: str = "interview_id") -> None:
    into.insert_many(table, ({**row, key: owner_id} for row in rows))
