"""Interviews and their answers: every answer is its own durable transaction."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from koto_tui import clock
from koto_tui.model import Interview, InterviewStatus, Profile
from koto_tui.store import writes
from koto_tui.store.amendments import Finalising
from koto_tui.store.errors import FormVersionConflict
from koto_tui.store.rows import rows_where
from koto_tui.store.session import Session

_SELECT = """SELECT i.id, i.client_id, i.form_id, i.form_version, i.status, i.interview_date,
               i.counsellor_name, i.counsellor_title, i.current_question, i.created_at, i.updated_at,
               (SELECT count(*) FROM answers a WHERE a.interview_id = i.id) AS answered
             FROM interviews i"""


def _interview(row: tuple[Any, ...]) -> Interview:
    (iid, cid, form_id, version, status, day, name, title, current, created, updated, answered) = row
    return Interview(
        id=iid, client_id=cid, form_id=form_id, form_version=version,
        status=InterviewStatus(status), interview_date=date.fromisoformat(day),
        counsellor_name=name, counsellor_title=title, current_question=current,
        answered=answered, created_at=created, updated_at=updated,
    )


class Interviews:
    """Assessment interviews, the form versions they were taken with, and their answers."""

    def __init__(self, session: Session) -> None:
        self._s = session
        self.lifecycle = Finalising(session)

    def register_form(self, form_id: str, version: str, source: str) -> None:
        """Keep the text of a form version so interviews taken with it always open as asked."""
        digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
        with self._s.transaction() as db:
            existing = list(rows_where(db, "form_versions", "form_id = ? AND version = ?",
                                       [form_id, version]))
            if existing and existing[0]["sha256"] == digest:
                return
            if existing:
                raise FormVersionConflict(form_id, version)
            writes.insert(db, "form_versions", {"form_id": form_id, "version": version, "source": source,
                                                "sha256": digest, "registered_at": clock.stamp()})

    def form_source(self, form_id: str, version: str) -> str:
        """The stored text of a form version (KeyError when never registered)."""
        with self._s.reading() as db:
            rows = list(rows_where(db, "form_versions", "form_id = ? AND version = ?", [form_id, version]))
        if not rows:
            raise KeyError((form_id, version))
        return str(rows[0]["source"])

    def start(self, client_id: int, form_id: str, version: str, profile: Profile) -> Interview:
        """Begin a new interview for a client with a registered form version, dated today."""
        stamp = clock.stamp()
        with self._s.transaction() as db:
            interview_id = writes.insert(db, "interviews", {
                "client_id": client_id, "form_id": form_id, "form_version": version,
                "status": str(InterviewStatus.IN_PROGRESS), "interview_date": clock.today().isoformat(),
                "counsellor_id": self._s.user_id, "counsellor_name": profile.name,
                "counsellor_title": profile.title, "current_question": None,
                "created_at": stamp, "updated_at": stamp,
            })
            self._s.audit("create", "interview", interview_id, f"{form_id} v{version}")
        return self.get(interview_id)

    def get(self, interview_id: int) -> Interview:
        """One interview (KeyError when there is none)."""
        with self._s.reading() as db:
            row = db.execute(_SELECT + " WHERE i.id = ?", [interview_id]).fetchone()
        if row is None:
            raise KeyError(interview_id)
        return _interview(row)

    def for_client(self, client_id: int) -> list[Interview]:
        """A client's interviews, newest first."""
        with self._s.reading() as db:
            rows = db.execute(_SELECT + " WHERE i.client_id = ? ORDER BY i.id DESC", [client_id])
            return [_interview(r) for r in rows.fetchall()]

    def answers(self, interview_id: int) -> dict[str, object]:
        """Every stored answer of an interview, by question id."""
        with self._s.reading() as db:
            rows = db.execute("SELECT question_id, value FROM answers WHERE interview_id = ?",
                              [interview_id]).fetchall()
        return {qid: json.loads(value) for qid, value in rows}

    def save_answer(self, interview_id: int, question_id: str, value: object) -> str:
        """Store one answer durably (None removes it) and return the time it was saved."""
        stamp = clock.stamp()
        with self._s.transaction() as db:
            self.lifecycle.note_change(interview_id, question_id)
            if value is None:
                db.execute("DELETE FROM answers WHERE interview_id = ? AND question_id = ?",
                           [interview_id, question_id])
            else:
                db.execute(
                    """INSERT INTO answers (interview_id, question_id, value, updated_at, updated_by)
                       VALUES (?, ?, ?, ?, ?)
                       ON CONFLICT (interview_id, question_id) DO UPDATE SET
                       value = excluded.value, updated_at = excluded.updated_at,
                       updated_by = excluded.updated_by""",
                    [interview_id, question_id, json.dumps(value, ensure_ascii=False), stamp,
                     self._s.user_id])
            db.execute("UPDATE interviews SET current_question = ?, updated_at = ? WHERE id = ?",
                       [question_id, stamp, interview_id])
            self._s.audit("answer", "interview", interview_id, question_id)
        return stamp

    def set_current(self, interview_id: int, question_id: str) -> None:
        """Remember where the counsellor is, so that reopening resumes at the same question."""
        with self._s.transaction() as db:
            db.execute("UPDATE interviews SET current_question = ? WHERE id = ?",
                       [question_id, interview_id])

    def set_status(self, interview_id: int, status: InterviewStatus) -> None:
        """Mark an interview completed or reopen it."""
        stamp = clock.stamp()
        completed = stamp if status is InterviewStatus.COMPLETED else None
        with self._s.transaction() as db:
            db.execute("UPDATE interviews SET status = ?, completed_at = ?, updated_at = ? WHERE id = ?",
                       [str(status), completed, stamp, interview_id])
            self._s.audit("change", "interview", interview_id, f"status={status}")

    def print_count(self, interview_id: int) -> int:
        """How many times the interview has been printed."""
        with self._s.reading() as db:
            return int(db.execute("SELECT count(*) FROM prints WHERE interview_id = ?",
                                  [interview_id]).fetchone()[0])

    def record_printout(self, interview_id: int, document_id: str) -> int:
        """Log a print in the audit table; returns how many times it was printed before."""
        with self._s.transaction() as db:
            before = db.execute("SELECT count(*) FROM prints WHERE interview_id = ?",
                                [interview_id]).fetchone()[0]
            writes.insert(db, "prints", {"interview_id": interview_id, "document_id": document_id,
                                         "printed_at": clock.stamp(), "printed_by": self._s.user_id})
            self._s.audit("print", "interview", interview_id, document_id)
        return int(before)
