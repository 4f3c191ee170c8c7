"""Every stored row about one client, read for the access report (GDPR art. 15 and 20), and its audit row.

The rows are returned as stored (column name → value), table by table, so that the report can show all of
them; the caller decides how to present them. Rows derived from others (the full-text index) are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from koto_tui.store.audit import AuditFilter, _conditions
from koto_tui.store.session import Session

Row = dict[str, Any]

#: Tables of rows that belong to one interview (by interview_id), in the order the report lists them; a
#: table added later with an interview_id column is found by its column and listed after these.
INTERVIEW_TABLES = ("answers", "interview_results", "amendments", "interpreter_sessions", "participants",
                    "prints")
#: Tables of rows that belong to one plan (by plan_id), found the same way.
PLAN_TABLES = ("plan_versions", "plan_events", "plan_reviews", "plan_prints")
#: Tables with a client_id column read on their own (the records above, and the client's own tables).
OWN_TABLES = ("interviews", "plans", "consents", "next_meetings")
#: Columns of the audit trail that protect the trail itself and say nothing about the client.
AUDIT_INTEGRITY = ("prev_hash", "hash")


@dataclass
class ClientRows:
    """The rows about one client: the client, their records with their parts, and what was logged."""

    client: Row
    interviews: list[Row] = field(default_factory=list)
    interview_parts: dict[int, dict[str, list[Row]]] = field(default_factory=dict)
    plans: list[Row] = field(default_factory=list)
    plan_parts: dict[int, dict[str, list[Row]]] = field(default_factory=dict)
    consents: list[Row] = field(default_factory=list)
    next_meetings: list[Row] = field(default_factory=list)
    other: dict[str, list[Row]] = field(default_factory=dict)
    """Rows of any other table with a client_id column (added by a later schema change)."""
    record_ids: list[Row] = field(default_factory=list)
    exports: list[Row] = field(default_factory=list)
    koto_aj_entries: list[Row] = field(default_factory=list)
    audit: list[Row] = field(default_factory=list)
    users: dict[str, Row] = field(default_factory=dict)


class AccessReading:
    """Reading one client's rows, and logging that an access report was made."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def rows(self, client_id: int) -> ClientRows:
        """Every row about *client_id* (KeyError when there is no such client)."""
        with self._s.reading() as db:
            found = list(db.query("SELECT * FROM clients WHERE id = ?", [client_id]))
            if not found:
                raise KeyError(client_id)
            rows = ClientRows(client=found[0])
            rows.interviews = _all(db, "SELECT * FROM interviews WHERE client_id = ? ORDER BY id", client_id)
            interview_tables = _tables_with(db, "interview_id", INTERVIEW_TABLES, {"interviews"})
            rows.interview_parts = {i["id"]: _parts(db, interview_tables, "interview_id", i["id"])
                                    for i in rows.interviews}
            rows.plans = _all(db, "SELECT * FROM plans WHERE client_id = ? ORDER BY id", client_id)
            plan_tables = _tables_with(db, "plan_id", PLAN_TABLES, {"plans"})
            rows.plan_parts = {p["id"]: _parts(db, plan_tables, "plan_id", p["id"]) for p in rows.plans}
            rows.consents = _all(db, "SELECT * FROM consents WHERE client_id = ? ORDER BY id", client_id)
            rows.next_meetings = _all(db, "SELECT * FROM next_meetings WHERE client_id = ?", client_id)
            others = _tables_with(db, "client_id", (), set(OWN_TABLES))
            rows.other = {t: r for t, r in _parts(db, others, "client_id", client_id).items() if r}
            rows.record_ids = _record_ids(db, rows)
            uids = [r["uid"] for r in rows.record_ids]
            rows.exports = _exports(db, uids)
            rows.koto_aj_entries = _in(db, "SELECT * FROM koto_aj_entries WHERE uid IN ({}) ORDER BY uid",
                                       uids)
            rows.audit = _audit(db, client_id)
            rows.users = {u["id"]: u for u in db.query("SELECT id, name, title, role FROM users")}
        return rows

    def log_report(self, client_id: int, kind: str) -> None:
        """Log that an access report of *client_id* was made (who and when; *kind*: pdf, json)."""
        with self._s.transaction():
            self._s.audit("access_report", "client", client_id, kind)


def _all(db: Any, sql: str, *params: Any) -> list[Row]:
    return [dict(r) for r in db.query(sql, list(params))]


def _tables_with(db: Any, column: str, first: tuple[str, ...], skip: set[str]) -> tuple[str, ...]:
    """*first*, then every other table that has *column* (but those in *skip*), by name."""
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    found = [n for n in names if n not in skip and n not in first
             and any(c[1] == column for c in db.execute(f"PRAGMA table_info({_quoted(n)})"))]
    return (*first, *found)


def _quoted(name: str) -> str:
    """A table name as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _parts(db: Any, tables: tuple[str, ...], column: str, owner: int) -> dict[str, list[Row]]:
    """The rows of each of *tables* whose *column* is *owner* (fixed table names only)."""
    return {table: _all(db, f"SELECT * FROM {_quoted(table)} WHERE {column} = ? ORDER BY rowid", owner)  # noqa: S608
            for table in tables}


def _in(db: Any, sql: str, values: list[Any]) -> list[Row]:
    """*sql* with its ``IN ({})`` filled with one parameter per value (no rows for no values)."""
    if not values:
        return []
    return _all(db, sql.format(", ".join("?" * len(values))), *values)


def _record_ids(db: Any, rows: ClientRows) -> list[Row]:
    """The client's and their records' ids on other laptops (exchange keys)."""
    wanted = [("client", rows.client["id"])] + [("interview", i["id"]) for i in rows.interviews] + [
        ("plan", p["id"]) for p in rows.plans]
    found: list[Row] = []
    for entity, local_id in wanted:
        found += _all(db, "SELECT * FROM exchange_keys WHERE entity = ? AND local_id = ?", entity, local_id)
    return found


def _exports(db: Any, uids: list[str]) -> list[Row]:
    """Each export that held one of *uids*, with the records of this client it held."""
    logged = _in(db, "SELECT * FROM export_log WHERE uid IN ({}) ORDER BY id", uids)
    exports: dict[int, Row] = {}
    for entry in logged:
        export = exports.get(entry["export_id"])
        if export is None:
            export = _all(db, "SELECT * FROM exports WHERE id = ?", entry["export_id"])[0]
            export["records_of_client"] = []
            exports[entry["export_id"]] = export
        export["records_of_client"].append(entry)
    return list(exports.values())


def _audit(db: Any, client_id: int) -> list[Row]:
    """The audit rows about the client and their records, oldest first, without the chain's hashes."""
    clauses, params = _conditions(AuditFilter(client_id=client_id))
    sql = "SELECT a.* FROM audit a WHERE " + " AND ".join(clauses) + " ORDER BY a.id"  # noqa: S608
    return [{k: v for k, v in dict(r).items() if k not in AUDIT_INTEGRITY} for r in db.query(sql, params)]
