"""Interpreter sessions and participants of an interview, and the client's consents."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

from koto_tui import clock
from koto_tui.model import Consent, InterpreterSession, Participant
from koto_tui.store import writes
from koto_tui.store.rows import rows_where
from koto_tui.store.session import Session


def _session(row: dict[str, Any]) -> InterpreterSession:
    fee = row["fee_informed"]
    return InterpreterSession(**{**{k: row[k] for k in row if k != "created_at"},
                                 "fee_informed": None if fee is None else bool(fee)})


def _consent(row: dict[str, Any]) -> Consent:
    return Consent(id=row["id"], client_id=row["client_id"], party=row["party"], given=bool(row["given"]),
                   decided_on=date.fromisoformat(row["decided_on"]), how=row["how"], scope=row["scope"],
                   withdrawn_on=date.fromisoformat(row["withdrawn_on"]) if row["withdrawn_on"] else None)


class Record:
    """Who was there, who interpreted, and what the client agreed to."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def _add(self, table: str, row: dict[str, Any], entity: str, entity_id: int,
             batch: writes.Batch | None = None) -> int:
        with self._s.transaction() as db:
            new_id = (batch or writes.Rows(db)).insert(table, {**row, "created_at": clock.stamp()})
            self._s.audit("create", entity, entity_id, f"{table} {new_id}")
        return new_id

    def add_session(self, session: InterpreterSession) -> int:
        """Store an interpreter session of an interview."""
        row = _fields_of(session)
        row.pop("id")
        row["fee_informed"] = None if session.fee_informed is None else int(session.fee_informed)
        return self._add("interpreter_sessions", row, "interview", session.interview_id)

    def sessions(self, interview_id: int) -> list[InterpreterSession]:
        """The interview's interpreter sessions in the order they were added."""
        with self._s.reading() as db:
            rows = rows_where(db, "interpreter_sessions", "interview_id = ?", [interview_id], order_by="id")
            return [_session(r) for r in rows]

    def add_participant(self, participant: Participant) -> int:
        """Store a participant of an interview."""
        row = _fields_of(participant)
        row.pop("id")
        return self._add("participants", row, "interview", participant.interview_id)

    def participants(self, interview_id: int) -> list[Participant]:
        """The interview's participants."""
        with self._s.reading() as db:
            rows = rows_where(db, "participants", "interview_id = ?", [interview_id], order_by="id")
            return [Participant(**{k: r[k] for k in r if k != "created_at"}) for r in rows]

    def add_consent(self, consent: Consent, batch: writes.Batch | None = None) -> int:
        """Store the client's decision about sharing with one party (its row may wait in *batch*)."""
        row = _fields_of(consent)
        row.pop("id")
        row["given"] = int(consent.given)
        row["decided_on"] = consent.decided_on.isoformat()
        row["withdrawn_on"] = consent.withdrawn_on.isoformat() if consent.withdrawn_on else None
        return self._add("consents", row, "client", consent.client_id, batch)

    def withdraw_consent(self, consent_id: int, on: date) -> None:
        """The client withdrew a consent on *on*."""
        with self._s.transaction() as db:
            row = db.table("consents").get(consent_id)
            db.table("consents").update(consent_id, {"withdrawn_on": on.isoformat()})
            self._s.audit("change", "client", row["client_id"], f"consent {consent_id} withdrawn")

    def consents(self, client_id: int) -> list[Consent]:
        """The client's consent decisions, oldest first."""
        with self._s.reading() as db:
            rows = rows_where(db, "consents", "client_id = ?", [client_id], order_by="id")
            return [_consent(r) for r in rows]


def _fields_of(record: Any) -> dict[str, Any]:
    """A dataclass's fields as a dict, values as they are (``asdict`` deep-copies each: slow in an import)."""
    return {field.name: getattr(record, field.name) for field in fields(record)}
