"""Clients: create, change, read and search (name or identity code, as you type)."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from dataclasses import fields
from datetime import date
from typing import Any

from koto_tui import clock
from koto_tui.model import Client, ClientData, ClientSummary, IdentityKind
from koto_tui.store import writes
from koto_tui.store.errors import DuplicateCode
from koto_tui.store.rows import rows_where
from koto_tui.store.session import Session
from koto_tui.text import clean_text

_FIELDS = [f.name for f in fields(ClientData)]
_TOKEN = re.compile(r"\w+", re.UNICODE)
#: The kinds of identifier that name one person: two clients with one of them are a duplicate.
_PERSONAL_CODES = (str(IdentityKind.HETU), str(IdentityKind.TEMPORARY))
_COUNTS = """SELECT c.id, c.family_name, c.given_names, c.birth_date, c.identity_code,
               (SELECT count(*) FROM interviews i WHERE i.client_id = c.id) AS n,
               (SELECT count(*) FROM interviews i WHERE i.client_id = c.id
                  AND i.status = 'in_progress') AS n_open
             FROM {source} c"""
_SUMMARY = _COUNTS.format(source="clients")
#: The list's order: the index clients_name_nocase (m010) holds it, the id breaks ties the same way each time.
_ORDER = " ORDER BY c.family_name COLLATE NOCASE, c.given_names COLLATE NOCASE, c.id"
#: Where each way of searching finds its clients: (FROM, WHERE), the order and the columns come from below.
#: The matching clients in list order, read from the name index (m010, which holds every column of the list):
#: walked in order, each entry tested against the full-text index's matches (which hold the identity code
#: too), until the LIMIT; the unary + keeps SQLite from sorting the matches instead (reading each row's page
#: is what made a search slow). The interview counts are made after the LIMIT, for the rows shown.
#: ``{shown}`` is where restricted clients (GDPR art. 18, m011) are left out unless asked for: the name
#: index holds the flag too, so leaving them out reads no row of the table.
_EVERYONE = ("clients c", "{shown}")
_WORDS = ("clients c", "+c.id IN (SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?) AND {shown}")
#: When the words typed match fewer clients than FEW, their rows are read and sorted instead: cheaper than
#: walking the name index past everyone before them (a rare code, a name late in the alphabet).
FEW = 500
_HOW_MANY = "SELECT count(*) FROM (SELECT rowid FROM clients_fts WHERE clients_fts MATCH ? LIMIT ?)"
_FEW_WORDS = ("clients_fts f CROSS JOIN clients c ON c.id = f.rowid", "clients_fts MATCH ? AND {shown}")
#: Text with no letter or digit (say "-") has no words to look up: only the code's start can match it.
_CODE_START = ("clients c", "upper(c.identity_code) LIKE ? ESCAPE '\\' AND {shown}")


def _found(where: tuple[str, str]) -> str:
    """The list's rows of the clients *where* finds, in list order, up to a LIMIT."""
    source, condition = where
    return (f"SELECT c.id, c.family_name, c.given_names, c.birth_date, c.identity_code FROM {source}"  # noqa: S608 (constants)
            f" WHERE {condition}{_ORDER} LIMIT ?")


def _listed(where: tuple[str, str]) -> str:
    """`koto clients`: the clients *where* finds, each with their interviews newest first and each
    interview's answer count, in one query with no LIMIT (``ListingRow``). From the name index (the words'
    few: sorted), each client's interviews from ``interviews(client_id)`` read backwards, so nothing is
    sorted; the answers are counted once, by interview, before the first row."""
    source, condition = where
    return (f"SELECT c.id, c.family_name, c.given_names, c.birth_date, i.id, i.form_id, i.form_version,"  # noqa: S608
            f" i.status, i.interview_date, coalesce(a.n, 0) FROM {source}"
            " LEFT JOIN interviews i ON i.client_id = c.id LEFT JOIN (SELECT interview_id, count(*) AS n"
            " FROM answers GROUP BY interview_id) a ON a.interview_id = i.id"
            f" WHERE {condition}{_ORDER}, i.id DESC")


_FIRST, _MATCHING, _FEW_SORTED, _CODE_ONLY = (_found(w) for w in (_EVERYONE, _WORDS, _FEW_WORDS, _CODE_START))
#: The listing of each search above.
_LISTINGS = {_found(w): _listed(w) for w in (_EVERYONE, _WORDS, _FEW_WORDS, _CODE_START)}
#: One row of the listing: client id, family name, given names, birth date (ISO); then the interview's id,
#: form id, form version, status, date (ISO) and answer count (None, and 0 answers, for a client without any).
ListingRow = tuple[int, str, str, "str | None", "int | None", "str | None", "str | None", "str | None",
                   "str | None", int]


def _to_row(data: ClientData) -> dict[str, Any]:
    row = {name: getattr(data, name) for name in _FIELDS}  # (asdict deep-copies every value: slow in bulk)
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

    def add(self, data: ClientData, duplicate_reason: str = "") -> int:
        """Store a new client and return its id; DuplicateCode when another has the code and no reason."""
        stamp = clock.stamp()
        with self._s.transaction() as db:
            same = self._refuse_duplicate(data, None, duplicate_reason)
            client_id = writes.insert(db, "clients", {**_to_row(data), "created_at": stamp,
                                                      "updated_at": stamp, **_reason(same, duplicate_reason)})
            self._s.audit("create", "client", client_id)
            self._log_duplicate(client_id, same)
        return client_id

    def add_imported(self, data: ClientData, batch: writes.Batch) -> int:
        """Keep a new client's row in *batch* (an import, which has checked the code against every client
        here and in the file already) and return the id it will have."""
        stamp = clock.stamp()
        with self._s.transaction():
            client_id = batch.insert("clients", {**_to_row(data), "created_at": stamp, "updated_at": stamp})
            self._s.audit("create", "client", client_id)
        return client_id

    def update(self, client_id: int, data: ClientData, duplicate_reason: str = "") -> None:
        """Replace a client's details; records which fields changed (names only, not values).

        A code changed to one another client has raises DuplicateCode unless a reason is given.
        """
        with self._s.transaction() as db:
            old = _to_row(self.get(client_id).data)
            new = _to_row(data)
            kept = all(new[k] == old[k] for k in ("id_kind", "identity_code"))
            same = [] if kept else self._refuse_duplicate(data, client_id, duplicate_reason)
            changed = sorted(k for k in new if new[k] != old[k])
            db.table("clients").update(client_id, {**new, "updated_at": clock.stamp(),
                                                   **_reason(same, duplicate_reason)})
            self._s.audit("change", "client", client_id, ",".join(changed))
            self._log_duplicate(client_id, same)

    def with_code(self, code: str, excluding: int | None = None) -> list[ClientSummary]:
        """The clients whose henkilötunnus or temporary code is exactly *code* (indexed), but *excluding*."""
        sql = _SUMMARY + " WHERE c.identity_code = ? AND c.id_kind IN (?, ?)"
        params: list[Any] = [code, *_PERSONAL_CODES]
        if excluding is not None:
            sql += " AND c.id != ?"
            params.append(excluding)
        with self._s.reading() as db:
            rows = db.execute(sql + " ORDER BY c.id", params).fetchall()
        return [_summary(row) for row in rows]

    def _refuse_duplicate(self, data: ClientData, client_id: int | None, reason: str) -> list[ClientSummary]:
        """The other clients with this code; DuplicateCode when there are some and no reason was given."""
        if str(data.id_kind) not in _PERSONAL_CODES or not data.identity_code:
            return []
        same = self.with_code(data.identity_code, excluding=client_id)
        if same and not clean_text(reason):
            raise DuplicateCode(same[0])
        return same

    def _log_duplicate(self, client_id: int, same: list[ClientSummary]) -> None:
        """One audit row per client that keeps the same code (ids only: the reason stays with the client)."""
        for other in same:
            self._s.audit("duplicate", "client", client_id, f"client {other.id}")

    def is_restricted(self, client_id: int) -> bool:
        """True when the client's processing is restricted (GDPR art. 18; ``store.restriction``)."""
        with self._s.reading() as db:
            row = db.execute("SELECT restricted FROM clients WHERE id = ?", [client_id]).fetchone()
        return bool(row and row[0])

    def get(self, client_id: int) -> Client:
        """One client by id (KeyError when there is none)."""
        with self._s.reading() as db:
            rows = list(rows_where(db, "clients", "id = ?", [client_id]))
        if not rows:
            raise KeyError(client_id)
        row = rows[0]
        return Client(id=row["id"], data=_from_row(row), created_at=row["created_at"],
                      updated_at=row["updated_at"])

    def search(self, text: str = "", limit: int = 200, *,
               include_restricted: bool = False) -> list[ClientSummary]:
        """Clients whose name or identity code starts with what was typed (all when empty), in name order;
        restricted clients (GDPR art. 18) only when asked for."""
        with self._s.reading() as db:
            query, params = _chosen(db, text)
            sql = _shown(query, include_restricted)
            rows = db.execute(_COUNTS.format(source=f"({sql})") + _ORDER, [*params, limit]).fetchall()
        return [_summary(row) for row in rows]

    def listing(self, text: str = "", limit: int | None = None, *,
                include_restricted: bool = False) -> Generator[ListingRow]:
        """Every client that *search* would find (the first *limit* of them), in the same order, each with
        their interviews newest first: one row per interview, or one for a client without any (``_LISTING``).

        Rows come as SQLite makes them, nothing is held; the store stays locked for other threads until the
        iteration ends or the iterator is closed.
        """
        with self._s.reading() as db:
            query, params = _chosen(db, text)
            rows = db.execute(_shown(_LISTINGS[query], include_restricted), params)
            yield from rows if limit is None else _first_clients(rows, limit)


def _first_clients(rows: Iterator[ListingRow], limit: int) -> Iterator[ListingRow]:
    """The rows of the first *limit* clients (a client's rows come one after another)."""
    last, left = None, limit
    for row in rows:
        if row[0] != last:
            if not left:
                return
            last, left = row[0], left - 1
        yield row


def _matching(text: str) -> tuple[str, list[Any]]:
    """The query for the clients *text* finds, in list order, and its parameters (the LIMIT comes last)."""
    if not text.strip():
        return _FIRST, []
    query = _fts_query(text)
    if query:
        return _MATCHING, [query]
    return _CODE_ONLY, [_like_prefix(text.strip().upper())]


def _chosen(db: Any, text: str) -> tuple[str, list[Any]]:
    """`_matching`, with the few clients some words match read and sorted instead of walking the index."""
    query, params = _matching(text)
    if query is _MATCHING and db.execute(_HOW_MANY, [params[0], FEW]).fetchone()[0] < FEW:
        return _FEW_SORTED, params
    return query, params


def _shown(query: str, include_restricted: bool) -> str:
    """*query* with restricted clients left out, unless they are asked for (one place for the rule)."""
    return query.format(shown="1" if include_restricted else "NOT c.restricted")


def _reason(same: list[ClientSummary], reason: str) -> dict[str, str]:
    """The column that keeps why a duplicate code was accepted (nothing when there is no duplicate)."""
    return {"duplicate_reason": clean_text(reason)[:500]} if same else {}


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
