"""Clients: create, change, read and search (name or identity code, as you type)."""

from __future__ import annotations

import re
from dataclasses import asdict, fields
from datetime import date
from typing import Any

from koto_tui import clock
from koto_tui.model import Client, ClientData, ClientSummary, IdentityKind
from koto_tui.store.session import Session

_FIELDS = [f.name for f in fields(ClientData)]
_TOKEN = re.compile(r"\w+", re.UNICODE)


def _to_row(data: ClientData) -> dict[str, Any]:
    row = asdict(data)
    row["birth_date"] = data.birth_date.isoformat() if data.birth_date else None
    row["id_kind"] = str(data.id_kind)
    row["interpreter_needed"] = int(data.interpreter_needed)
    row["address_nondisclosure"] = int(data.address_nondisclosure)
    return row


def _from_row(row: dict[str, Any]) -> ClientData:
    values: dict[str, Any] = {name: row[name] if row[name] is not None else "" for name in _FIELDS}
    values["birth_date"] = date.fromisoformat(row["birth_date"]) if row["birth_date"] else None
    values["id_kind"] = IdentityKind(row["id_kind"])
    values["interpreter_needed"] = bool(row["interpreter_needed"])
    values["address_nondisclosure"] = bool(row["address_nondisclosure"])
    return ClientData(**values)


def _fts_query(text: str) -> str:
    """Prefix-match every word typed, quoted so that nothing typed is FTS syntax."""
    return " ".join(f'"{token}"*' for token in _TOKEN.findall(text))


class Clients:
    """The client register."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, data: ClientData) -> int:
        """Store a new client and return its id."""
        stamp = clock.stamp()
        with self._s.transaction() as db:
            table = db.table("clients")
            table.insert({**_to_row(data), "created_at": stamp, "updated_at": stamp})
            client_id = int(str(table.last_pk))
            self._s.audit("create", "client", client_id)
        return client_id

    def update(self, client_id: int, data: ClientData) -> None:
        """Replace a client's details; records which fields changed (names only, not values)."""
        with self._s.transaction() as db:
            old = _to_row(self.get(client_id).data)
            new = _to_row(data)
            changed = sorted(k for k in new if new[k] != old[k])
            db.table("clients").update(client_id, {**new, "updated_at": clock.stamp()})
            self._s.audit("change", "client", client_id, ",".join(changed))

    def get(self, client_id: int) -> Client:
        """One client by id (KeyError when there is none)."""
        with self._s.reading() as db:
            rows = list(db.table("clients").rows_where("id = ?", [client_id]))
        if not rows:
            raise KeyError(client_id)
        row = rows[0]
        return Client(id=row["id"], data=_from_row(row), created_at=row["created_at"],
                      updated_at=row["updated_at"])

    def search(self, text: str = "", limit: int = 200) -> list[ClientSummary]:
        """Clients whose name or identity code starts with what was typed (all when empty)."""
        sql = """SELECT c.id, c.family_name, c.given_names, c.birth_date, c.identity_code,
                   (SELECT count(*) FROM interviews i WHERE i.client_id = c.id) AS n,
                   (SELECT count(*) FROM interviews i WHERE i.client_id = c.id
                      AND i.status = 'in_progress') AS n_open
                 FROM clients c"""
        params: list[Any] = []
        query = _fts_query(text)
        if text.strip():
            sql += " WHERE upper(c.identity_code) LIKE ? ESCAPE '\\'"
            params.append(_like_prefix(text.strip().upper()))
            if query:
                sql += " OR c.id IN (SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?)"
                params.append(query)
        sql += " ORDER BY c.family_name COLLATE NOCASE, c.given_names COLLATE NOCASE LIMIT ?"
        params.append(limit)
        with self._s.reading() as db:
            rows = db.execute(sql, params).fetchall()
        return [_summary(row) for row in rows]


def _like_prefix(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _summary(row: tuple[Any, ...]) -> ClientSummary:
    cid, family, given, birth, code, n, n_open = row
    return ClientSummary(
        id=cid,
        full_name=" ".join(p for p in (family, given) if p),
        birth_date=date.fromisoformat(birth) if birth else None,
        identity_code=code or "",
        interviews=n,
        open_interviews=n_open,
    )
